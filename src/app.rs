//! The top component: owns the three reducers (config, flow, token store), reads the
//! browser once at start, persists through effects, and lays out the page.

use serde::Serialize;
use yew::prelude::*;

use crate::components::config_form::ConfigForm;
use crate::components::console::Workbench;
use crate::components::fields::{SecretField, TextField, copy_field};
use crate::components::link_review::link_review;
use crate::components::notices::Notices;
use crate::components::options_form::OptionsForm;
use crate::components::share_link::ShareLink;
use crate::components::step_panel::StepPanel;
use crate::components::token_store::{StorageNoticeProps, TokenStoreProps, storage_notice, token_store_view};
use crate::effects::storage::{self, Area};
use crate::effects::{dom, http, location};
use crate::runner;
use crate::state::config::{CallbackMode, Config, ConfigAction, RelayMode};
use crate::state::flow::{Flow, FlowAction, Pending};
use crate::state::hosting::{self, Hosting};
use crate::state::json::Fields;
use crate::state::keeping::{CHOICE_KEY, Keeping};
use crate::state::presets::{self, PresetId};
use crate::state::steps::{Step, TokenPair};
use crate::state::tokens::{self, SavedToken, StorageIssue, TokenAction, TokenStore};
use crate::state::{link, link_changes};

const SESSION_KEY: &str = "oauth-playground.session";

/// What survives the authorize redirect, in sessionStorage (this tab only).
#[derive(Serialize, Default)]
struct Session {
    config: Option<Config>,
    pending: Pending,
}

impl Session {
    /// What `Serialize` wrote; anything unreadable starts a fresh session.
    fn parse(text: &str) -> Option<Session> {
        let value = serde_json::from_str::<serde_json::Value>(text).ok()?;
        let f = Fields::of(&value, "the session").ok()?;
        let config = match f.object("config").ok()? {
            Some(c) => Some(Config::read(&c).ok()?),
            None => None,
        };
        let pending = match f.object("pending").ok()? {
            Some(p) => Pending::read(&p).ok()?,
            None => Pending::default(),
        };
        Some(Session { config, pending })
    }
}

/// Everything read from the browser once, before the first render.
struct Boot {
    config: Option<Config>,
    /// A `#config=` link's configuration, applied only when the user confirms.
    link: Option<Config>,
    link_error: Option<String>,
    keeping: Keeping,
    pending: Pending,
    returned: Option<engine::oauth1_flow::ProviderReturn>,
    tokens: TokenStore,
    page_url: String,
}

impl Boot {
    fn read() -> Self {
        let session = storage::read(Area::Session, SESSION_KEY)
            .ok()
            .flatten()
            .and_then(|s| Session::parse(&s))
            .unwrap_or_default();
        let (link, link_error) = match link::decode(&location::hash(), &location::origin()) {
            Ok(c) => (c, None),
            Err(e) => (None, Some(e.to_string())),
        };
        let keeping = Keeping::read(storage::read(Area::Local, CHOICE_KEY).ok().flatten().as_deref());
        let tokens = match storage::read(area_of(keeping), tokens::STORAGE_KEY) {
            Ok(raw) => TokenStore::load(raw.as_deref()),
            Err(e) => TokenStore {
                issue: Some(StorageIssue::Unavailable(e)),
                ..TokenStore::default()
            },
        };
        Self {
            config: session.config,
            link,
            link_error,
            keeping,
            pending: session.pending,
            returned: location::callback_params(),
            tokens,
            page_url: location::page_url(),
        }
    }
}

/// Where the token store lives for the user's choice (docs/token-store.md).
fn area_of(keeping: Keeping) -> Area {
    match keeping {
        Keeping::Browser => Area::Local,
        Keeping::Tab => Area::Session,
    }
}

fn saved_token(config: &Config, pair: &TokenPair, extra: &[(String, String)]) -> SavedToken {
    let created = dom::now_iso();
    let provider = presets::info_of(config.provider).label.to_owned();
    let scopes = [&config.request_token_params, &config.authorize_params]
        .iter()
        .flat_map(|p| crate::state::config::parse_params(p))
        .filter(|(n, _)| n == "scope" || n == "perms")
        .map(|(_, v)| v)
        .collect::<Vec<_>>()
        .join(" ");
    SavedToken {
        id: format!(
            "{}-{}",
            js_sys::Date::now() as u64,
            &pair.token.chars().take(6).collect::<String>()
        ),
        name: format!("{provider} token"),
        provider,
        consumer_key: config.consumer_key.clone(),
        token: pair.token.clone(),
        token_secret: pair.secret.clone(),
        signature_method: config.signature_method.as_str().to_owned(),
        scopes,
        created,
        extra: extra.to_vec(),
        realm: Some(config.realm.trim().to_owned()).filter(|r| !r.is_empty()),
        // So the token can sign later (API console, exports) without this configuration.
        consumer_secret: Some(config.consumer_secret.clone()).filter(|s| !s.is_empty()),
        rsa_private_key: Some(config.rsa_private_key.clone())
            .filter(|k| config.signature_method.is_rsa() && !k.trim().is_empty()),
    }
}

#[function_component]
pub fn App() -> Html {
    let boot = use_memo((), |_| Boot::read());
    let config = use_reducer({
        let c = boot.config.clone();
        move || c.unwrap_or_default()
    });
    let flow = use_reducer({
        let p = boot.pending.clone();
        move || Flow {
            pending: p,
            ..Flow::default()
        }
    });
    let store = use_reducer({
        let t = boot.tokens.clone();
        move || t
    });
    let hosting = use_state(|| Hosting {
        probing: true,
        ..Hosting::default()
    });
    // Plain booleans, so these states share yew's code for `use_state::<bool>`.
    let tab_only = use_state(|| boot.keeping == Keeping::Tab);
    let keeping = Keeping::tab_only(*tab_only);
    let link_settled = use_state(|| false);
    let page_url = AttrValue::from(boot.page_url.clone());
    // The console and export panels sit below the three legs: they render one frame after
    // the rest, so the flow is on screen sooner (the first-render budget, BENCHMARKS.md).
    let below_fold = use_state(|| false);

    // Once: continue a returning flow, clean the URL, ask the host what it offers.
    {
        let (boot, flow, config, hosting) = (boot.clone(), flow.clone(), config.clone(), hosting.clone());
        let below_fold = below_fold.clone();
        use_effect_with((), move |_| {
            if let Some(back) = boot.returned.clone() {
                flow.dispatch(FlowAction::Returned(back));
            }
            if boot.returned.is_some() || location::hash().starts_with(link::PREFIX) {
                location::clean_url();
            }
            let user_config = boot.config.is_some();
            wasm_bindgen_futures::spawn_local(async move {
                let found = match http::get_text("playground.json").await {
                    Some((200, body)) => hosting::parse_playground_json(&body),
                    _ => None,
                };
                let mut h = found.unwrap_or_default();
                if let Some(s) = h.sandbox.as_mut() {
                    s.base = hosting::absolute_base(&s.base, &location::origin());
                }
                if h.served() && !user_config {
                    config.dispatch(ConfigAction::Preset(
                        PresetId::Sandbox,
                        h.sandbox.clone(),
                        RelayMode::SameOrigin,
                    ));
                }
                hosting.set(h);
            });
            dom::mark_rendered();
            below_fold.set(true);
        });
    }

    // The one place tokens are written: whenever the store's content changes.
    {
        let s = store.clone();
        use_effect_with(
            (
                store.tokens.clone(),
                store.current.clone(),
                store.writable,
                keeping,
            ),
            move |(_, _, writable, keeping)| {
                if *writable
                    && let Err(e) = storage::write(area_of(*keeping), tokens::STORAGE_KEY, &s.to_json())
                {
                    s.dispatch(TokenAction::WriteFailed(e));
                }
            },
        );
    }
    // "Keep secrets in this tab only": the store moves, and leaves nothing behind once the
    // copy is written. A failed write changes nothing.
    let onkeep = {
        let (store, tab_only) = (store.clone(), tab_only.clone());
        Callback::from(move |on: bool| {
            let (next, now) = (Keeping::tab_only(on), Keeping::tab_only(*tab_only));
            if next == now || !store.writable {
                return;
            }
            if let Err(e) = storage::write(area_of(next), tokens::STORAGE_KEY, &store.to_json()) {
                return store.dispatch(TokenAction::WriteFailed(e));
            }
            let _ = storage::remove(area_of(now), tokens::STORAGE_KEY);
            let _ = match next.stored() {
                Some(v) => storage::write(Area::Local, CHOICE_KEY, v),
                None => storage::remove(Area::Local, CHOICE_KEY),
            };
            tab_only.set(on);
        })
    };
    let review = boot
        .link
        .as_ref()
        .filter(|_| !*link_settled && !hosting.probing)
        .map(|l| {
            (
                link_changes::changes(&config, l),
                link_changes::warnings(&config, l),
            )
        })
        .filter(|(changes, _)| !changes.is_empty());
    let apply_link = {
        let (config, link, settled) = (config.clone(), boot.link.clone(), link_settled.clone());
        Callback::from(move |_| {
            if let Some(l) = link.clone() {
                config.dispatch(ConfigAction::Replace(Box::new(l)));
            }
            settled.set(true);
        })
    };
    let keep_settings = {
        let settled = link_settled.clone();
        Callback::from(move |_| settled.set(true))
    };
    // The pending flow and its configuration survive the authorize round trip.
    use_effect_with(((*config).clone(), flow.pending.clone()), |(config, pending)| {
        let doc = serde_json::to_string(&Session {
            config: Some(config.clone()),
            pending: pending.clone(),
        });
        if let Ok(doc) = doc {
            let _ = storage::write(Area::Session, SESSION_KEY, &doc);
        }
    });
    // A new access token joins the store.
    {
        let (s, c, extra) = (
            store.clone(),
            (*config).clone(),
            flow.pending.access_extra.clone(),
        );
        use_effect_with(flow.pending.access_token.clone(), move |token| {
            if let Some(pair) = token
                && !s
                    .tokens
                    .iter()
                    .any(|t| t.token == pair.token && t.consumer_key == c.consumer_key)
            {
                s.dispatch(TokenAction::Add(Box::new(saved_token(&c, pair, &extra))));
            }
        });
    }

    let current: Option<TokenPair> = store
        .current()
        .map(|t| TokenPair {
            token: t.token.clone(),
            secret: t.token_secret.clone(),
        })
        .or_else(|| flow.pending.access_token.clone());

    let onsend = {
        let (config, flow, hosting, current) =
            (config.clone(), flow.clone(), hosting.clone(), current.clone());
        Callback::from(move |step: Step| match step {
            Step::Authorize => runner::authorize(&config, &flow),
            Step::Resource => runner::send(step, &config, &flow, current.as_ref(), &hosting),
            _ => runner::send(
                step,
                &config,
                &flow,
                flow.pending.request_token.clone().as_ref(),
                &hosting,
            ),
        })
    };
    let start_over = {
        let flow = flow.clone();
        Callback::from(move |_| flow.dispatch(FlowAction::StartOver))
    };
    let forget = {
        let (flow, store) = (flow.clone(), store.clone());
        Callback::from(move |_| {
            store.dispatch(TokenAction::ForgetAll);
            flow.dispatch(FlowAction::StartOver);
            let _ = storage::remove(Area::Session, SESSION_KEY);
            // Wherever the store was kept before, it is gone now.
            for area in [Area::Local, Area::Session] {
                let _ = storage::remove(area, tokens::STORAGE_KEY);
            }
        })
    };
    let set_verifier = {
        let flow = flow.clone();
        Callback::from(move |v: String| flow.dispatch(FlowAction::SetVerifier(v)))
    };

    let c = &*config;
    let f = &*flow;
    let ready_rt = !c.request_token_url.trim().is_empty() && !c.consumer_key.trim().is_empty() && !f.busy();
    let authorize_url = f
        .request_token()
        .and_then(|t| crate::state::steps::authorize_url(c, &t.token).ok());
    html! {
        <>
        <header class="top">
            <h1>{ "OAuth 1.0a Playground" }</h1>
            <p>{ "Get real tokens from an OAuth 1.0a provider and see every step of RFC 5849: what is signed, how, and what comes back. Everything runs in this page." }</p>
        </header>
        <main>
            <p class="status" role="status" aria-live="polite">{ &f.status }</p>
            if let Some(a) = &f.alert { <div class="error" role="alert"><p>{ a }</p></div> }
            if let Some(e) = &boot.link_error { <div class="error" role="alert"><p>{ e }</p></div> }
            if let Some((changes, warnings)) = review {
                { link_review(&changes, &warnings, apply_link, keep_settings) }
            }
            { storage_notice(&StorageNoticeProps { store: store.clone() }) }
            <Notices config={c.clone()} served={hosting.served()} probing={hosting.probing} />
            <ConfigForm config={config.clone()} sandbox={hosting.sandbox.clone()}
                default_relay={if hosting.served() { RelayMode::SameOrigin } else { RelayMode::Direct }} />
            <OptionsForm config={config.clone()} page_url={page_url.clone()}
                served_relay={hosting.relay_template.clone().map(AttrValue::from)} />
            <h2 class="steps-h">{ "The three legs" }</h2>
            <StepPanel step={Step::RequestToken} view={f.step(Step::RequestToken).clone()} enabled={ready_rt}
                waiting_for="Needs a request token URL and a consumer key." onsend={onsend.clone()} />
            <StepPanel step={Step::Authorize} view={f.step(Step::Authorize).clone()} enabled={f.can_authorize()}
                waiting_for="Needs a request token." onsend={onsend.clone()}>
                if let Some(u) = authorize_url { { copy_field("authorize-link", "Authorization link", u.into()) } }
                if c.callback != CallbackMode::ThisPage || !f.pending.verifier.is_empty() {
                    <TextField id="verifier" label="Verifier (PIN)" value={f.pending.verifier.clone()}
                        oninput={set_verifier} hint={"The oauth_verifier the provider showed or sent you (§2.2)."} />
                }
            </StepPanel>
            <StepPanel step={Step::AccessToken} view={f.step(Step::AccessToken).clone()}
                enabled={f.can_get_access_token()} waiting_for="Needs an authorized request token and its verifier."
                onsend={onsend.clone()} />
            <StepPanel step={Step::Resource} view={f.step(Step::Resource).clone()}
                enabled={current.is_some() && !c.resource_url.trim().is_empty() && !f.busy()}
                waiting_for="Needs an access token and a protected resource URL." onsend={onsend.clone()}>
                if let Some(t) = &current {
                    { copy_field("access-token", "Access token", t.token.clone().into()) }
                    <SecretField id="token-secret" label="Token secret" value={t.secret.clone()} />
                }
            </StepPanel>
            <div class="actions">
                <button type="button" onclick={start_over}>{ "Start over" }</button>
                <span class="hint">{ "Clears the pending flow; saved tokens stay." }</span>
            </div>
            { token_store_view(&TokenStoreProps { store: store.clone(), onforget: forget, keeping, onkeep }) }
            if *below_fold {
                <Workbench store={store.clone()} config={c.clone()}
                    relay={runner::relay_template(c, &hosting).map(AttrValue::from)} />
                <ShareLink config={c.clone()} page_url={page_url} />
            }
        </main>
        </>
    }
}

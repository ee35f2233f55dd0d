//! The top component: owns the three reducers (config, flow, token store), starts from
//! what `main` read from the browser (`crate::boot`), persists through effects, and lays
//! out the page. The token store is also shared through a context, for the panels that
//! sit several levels down (the token file's export and import).

use std::rc::Rc;

use yew::prelude::*;

use crate::boot::{Boot, area_of};
use crate::components::config_form::ConfigForm;
use crate::components::console::Workbench;
use crate::components::fields::{FormField, SecretField, copy_field};
use crate::components::link_review::link_review;
use crate::components::notices::{NoticesProps, notices};
use crate::components::options_form::{OptionsFormProps, options_form};
use crate::components::share_link::ShareLink;
use crate::components::step_panel::StepPanel;
use crate::components::token_store::{StorageNoticeProps, TokenStoreProps, storage_notice, token_store_view};
use crate::effects::storage::{self, Area};
use crate::effects::{dom, http, location};
use crate::runner;
use crate::state::config::{CallbackMode, ConfigAction, RelayMode};
use crate::state::flow::{Flow, FlowAction};
use crate::state::hosting::{self, Hosting};
use crate::state::keeping::{CHOICE_KEY, Keeping};
use crate::state::presets::PresetId;
use crate::state::session::{SESSION_KEY, Session};
use crate::state::steps::{Step, TokenPair};
use crate::state::tokens::{self, TokenAction, TokenStore};
use crate::state::{link, link_changes};

/// What `main` read from the browser before the first render.
#[derive(Properties)]
pub struct AppProps {
    pub boot: Rc<Boot>,
}

/// Read once: the same boot is the same props.
impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.boot, &other.boot)
    }
}

#[function_component]
pub fn App(p: &AppProps) -> Html {
    let boot = p.boot.clone();
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
    // Typed into: the configuration stays open once it completes (it folds only when it
    // starts complete, as the sandbox does).
    let editing = use_state(|| false);
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
            (store.doc.clone(), store.writable, keeping),
            move |(_, writable, keeping)| {
                if *writable
                    && let Err(e) = s
                        .to_json()
                        .and_then(|text| storage::write(area_of(*keeping), tokens::STORAGE_KEY, &text))
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
            if let Err(e) = store
                .to_json()
                .and_then(|text| storage::write(area_of(next), tokens::STORAGE_KEY, &text))
            {
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
        let doc = Session {
            config: Some(config.clone()),
            pending: pending.clone(),
        }
        .to_json();
        if let Some(doc) = doc {
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
                && !s.has_oauth1(&c.consumer_key, &pair.token)
            {
                let entry =
                    tokens::finished_token(&c, pair, &extra, &dom::now_iso(), js_sys::Date::now() as u64);
                s.dispatch(TokenAction::Save(Box::new(entry)));
            }
        });
    }

    let current: Option<TokenPair> = store
        .current()
        .and_then(|e| e.oauth1())
        .map(|t| TokenPair {
            token: t.token.clone(),
            secret: t.token_secret.expose().to_owned(),
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
    let edited = |e: &UseStateHandle<bool>| {
        let e = e.clone();
        Callback::from(move |()| {
            if !*e {
                e.set(true)
            }
        })
    };
    let configured = [
        &c.request_token_url,
        &c.authorize_url,
        &c.access_token_url,
        &c.consumer_key,
    ]
    .iter()
    .all(|v| !v.trim().is_empty());
    // A first visit (nothing saved) waits for the host's answer before it shows a form: the
    // served sandbox then starts folded, a static host's Custom form open, and the first
    // frame holds neither the wrong form nor its cost (BENCHMARKS.md, first render).
    let asking = hosting.probing && boot.config.is_none();
    let summary = if asking {
        hosting::ASKING_SUMMARY.to_owned()
    } else if configured {
        format!(
            "Configuration: {}, consumer key {}, {}",
            crate::state::presets::info_of(c.provider).label,
            c.consumer_key.trim(),
            c.signature_method.as_str()
        )
    } else {
        "Configuration (incomplete)".to_owned()
    };
    let authorize_url = f
        .request_token()
        .and_then(|t| crate::state::steps::authorize_url(c, &t.token).ok());
    html! {
        <ContextProvider<UseReducerHandle<TokenStore>> context={store.clone()}>
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
            { notices(&NoticesProps { config: c.clone(), served: hosting.served(), probing: hosting.probing }) }
            // Folded once complete (the sandbox starts so): the three legs are on the first screen.
            <details class="config-fold" open={!asking && (!configured || *editing)}
                oninput={edited(&editing).reform(|_: InputEvent| ())}
                onchange={edited(&editing).reform(|_: Event| ())}>
                <summary>{ summary }</summary>
                if !asking {
                    <ConfigForm config={config.clone()} sandbox={hosting.sandbox.clone()}
                        default_relay={if hosting.served() { RelayMode::SameOrigin } else { RelayMode::Direct }} />
                    { options_form(&OptionsFormProps { config: config.clone(), page_url: page_url.clone(),
                        served_relay: hosting.relay_template.clone().map(AttrValue::from) }) }
                }
            </details>
            <h2 class="steps-h">{ "The three legs" }</h2>
            { crate::components::console::warnings_note(&crate::state::console::flow_warnings(c)) }
            <StepPanel step={Step::RequestToken} view={f.shared_step(Step::RequestToken)} enabled={ready_rt}
                waiting_for="Needs a request token URL and a consumer key." onsend={onsend.clone()} />
            <StepPanel step={Step::Authorize} view={f.shared_step(Step::Authorize)} enabled={f.can_authorize()}
                waiting_for="Needs a request token." onsend={onsend.clone()}>
                if let Some(u) = authorize_url { { copy_field("authorize-link", "Authorization link", u.into()) } }
                if c.callback != CallbackMode::ThisPage || !f.pending.verifier.is_empty() {
                    <FormField id="verifier" label="Verifier (PIN)" value={f.pending.verifier.clone()}
                        oninput={set_verifier} hint={"The oauth_verifier the provider showed or sent you (§2.2)."} />
                }
            </StepPanel>
            <StepPanel step={Step::AccessToken} view={f.shared_step(Step::AccessToken)}
                enabled={f.can_get_access_token()} waiting_for="Needs an authorized request token and its verifier."
                onsend={onsend.clone()} />
            <StepPanel step={Step::Resource} view={f.shared_step(Step::Resource)}
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
                <ShareLink encode={{
                    let c = c.clone();
                    Callback::from(move |include: bool| link::encode(&c, include))
                }} page_url={page_url} secrets="the consumer secret and RSA private key" />
                <crate::components::lti_launch::LtiLaunchPanel sandbox={hosting.sandbox.clone()} />
            }
        </main>
        </ContextProvider<UseReducerHandle<TokenStore>>>
    }
}

//! The OAuth 2.0 / OpenID Connect page (oauth2/index.html, its own wasm): one tab per flow
//! a user signs in to (authorization code + PKCE, device), step by step with the workings
//! of each; the grants with no user present are on the tokens page (`tokens_page`). The steps' rules are in
//! `state::oauth2`; the browser is reached through `effects` only.

mod config_panel;
mod console;
mod device;
mod exchange;
mod export;
mod id_token;
pub mod send;
pub mod shared;
mod steps;
mod tabs;
mod tokens;
pub mod tokens_page;
mod userinfo;

use std::rc::Rc;

use oauth2::discovery::parse_metadata;
use yew::prelude::*;

use crate::boot::area_of;
use crate::effects::http;
use crate::effects::storage::{self, Area};
use crate::effects::{dom, location};
use crate::state::keeping::{CHOICE_KEY, Keeping};
use crate::state::oauth2::config::Config;
use crate::state::oauth2::flow::{self, PENDING_KEY, Pending, Returned, Started};
use crate::state::oauth2::flows::{FLOW_KEY, Flow};
use crate::state::tokens::STORAGE_KEY;

/// What the page read from the browser before the first render.
#[derive(Debug, Clone, PartialEq)]
pub struct Boot {
    pub config: Option<Config>,
    /// The callback's checks, when the page was opened by the provider's redirect.
    pub returned: Option<Returned>,
    pub pending: Option<Pending>,
    /// This page's address without query: the redirect URI to register.
    pub page_url: String,
    pub tokens_area: Area,
    /// The tab chosen last in this browser tab; the code flow's after its callback.
    pub flow: Flow,
    /// A `#oauth2=` link's configuration, to review before it applies, or why it is refused.
    pub link: Option<Result<Config, String>>,
}

impl Boot {
    pub fn read() -> Self {
        let config = stored_config();
        let pending = storage::read(Area::Session, PENDING_KEY)
            .ok()
            .flatten()
            .and_then(|s| Pending::from_form(&s));
        let search = location::search();
        let returned = flow::is_callback(&search).then(|| match &pending {
            Some(p) => flow::callback(p, &location::href()),
            None => Returned {
                checks: vec![],
                code: Err("This tab has no pending authorization request: start at step 1.".into()),
            },
        });
        if returned.is_some() {
            // A reload must not replay the callback, and the code must not stay in history.
            location::clean_url();
        }
        let flow = match returned {
            Some(_) => Flow::Code,
            None => tabs::remembered(FLOW_KEY, &Flow::WITH_USER),
        };
        let hash = location::hash();
        let link = if crate::state::oauth2::link::is_oauth1(&hash) {
            Some(Err(
                "This link is for the OAuth 1.0a page: open it there (OAuth 1.0a, above).".to_owned(),
            ))
        } else {
            crate::state::oauth2::link::decode(&hash).transpose()
        };
        if link.is_some() && returned.is_none() {
            // Read once: a reload asks no more, and the link leaves no trace in history.
            location::clean_url();
        }
        Self {
            config,
            returned,
            pending,
            page_url: location::page_url(),
            tokens_area: tokens_area(),
            flow,
            link,
        }
    }
}

/// Mounts the page on `<body>`.
pub fn run() {
    let props = PageProps {
        boot: Rc::new(Boot::read()),
    };
    dom::mount::<Page>(props);
}

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub boot: Rc<Boot>,
}

/// The configuration the flows page saved (both OAuth 2.0 pages read it).
fn stored_config() -> Option<Config> {
    storage::read(Area::Local, crate::state::oauth2::config::CONFIG_KEY)
        .ok()
        .flatten()
        .and_then(|s| Config::from_form(&s))
}

/// Where the token store is kept, by the user's choice (`state::keeping`).
fn tokens_area() -> Area {
    area_of(Keeping::read(
        storage::read(Area::Local, CHOICE_KEY).ok().flatten().as_deref(),
    ))
}

/// What `serve` says it offers (`../playground.json`); `None` on a static host.
async fn playground() -> Option<serde_json::Value> {
    let (status, body) = http::get_text("../playground.json").await?;
    if status != 200 {
        return None;
    }
    serde_json::from_str(&body).ok()
}

/// The served sandbox, from `../playground.json` and its discovery document: the default
/// configuration when none is saved. `None` on a static host.
async fn sandbox_config() -> Option<(Config, Option<String>)> {
    let v = playground().await?;
    let relay = v["relay"].as_str().map(str::to_owned);
    let issuer = v["sandbox"]["oauth2"]["issuer"].as_str()?.to_owned();
    let url = v["sandbox"]["oauth2"]["discovery_url"].as_str()?.to_owned();
    let metadata = discover(&url, &issuer).await.ok()?;
    Some((Config::sandbox(&metadata), relay))
}

/// Fetches and checks a discovery document (RFC 8414 §3, OIDC Discovery §4).
pub async fn discover(url: &str, issuer: &str) -> Result<oauth2::discovery::Metadata, String> {
    let request = oauth2::HttpRequest {
        method: "GET".into(),
        url: url.to_owned(),
        headers: vec![("Accept".into(), "application/json".into())],
        body: String::new(),
    };
    let r = http::send(&request, None, "").await.map_err(|e| e.explain())?;
    parse_metadata(oauth2::Response::new(r.status, &r.headers, &r.body), issuer).map_err(|e| e.to_string())
}

#[function_component]
pub fn Page(p: &PageProps) -> Html {
    let boot = p.boot.clone();
    let config = use_state(|| boot.config.clone().unwrap_or_default());
    let relay = use_state(|| None::<String>);
    let served = use_state(|| None::<Config>);
    let started = use_state(|| None::<Rc<Started>>);
    let status = use_state(String::new);
    let chosen = use_state(|| boot.flow);
    let onchoose = tabs::chooser(&chosen, FLOW_KEY);
    // A link under review or applied: the served sandbox does not replace the configuration.
    let link_settled = use_state(|| false);
    let link_applied = use_mut_ref(|| false);
    // A first visit (nothing saved) waits for the served sandbox, or its absence, before it
    // shows a form: the sandbox then starts folded, a static host's Custom form open.
    let asking = use_state(|| boot.config.is_none());
    {
        let (config, relay, served, saved, applied, asking) = (
            config.clone(),
            relay.clone(),
            served.clone(),
            boot.config.clone(),
            link_applied.clone(),
            asking.clone(),
        );
        use_effect_with((), move |_| {
            dom::mark_rendered();
            wasm_bindgen_futures::spawn_local(async move {
                let found = sandbox_config().await;
                asking.set(false);
                if let Some((sandbox, template)) = found {
                    relay.set(template);
                    served.set(Some(sandbox.clone()));
                    if let Some(c) = Config::or_served_sandbox(saved.as_ref(), sandbox)
                        && !*applied.borrow()
                    {
                        config.set(c);
                    }
                }
            });
        });
    }
    // Each page keeps its own configuration (the OAuth 1.0a page has another key).
    use_effect_with((*config).clone(), |c| {
        if c.complete() || !c.issuer.is_empty() {
            let _ = storage::write(
                Area::Local,
                crate::state::oauth2::config::CONFIG_KEY,
                &c.to_form(),
            );
        }
    });
    let onstart = {
        let (config, started, status, page_url) = (
            config.clone(),
            started.clone(),
            status.clone(),
            boot.page_url.clone(),
        );
        Callback::from(move |_| {
            let bytes = match dom::random(96) {
                Ok(b) => b,
                Err(e) => return status.set(e),
            };
            let mut at = 0;
            let mut fill = |b: &mut [u8]| {
                for x in b.iter_mut() {
                    *x = bytes.get(at).copied().unwrap_or(0);
                    at += 1;
                }
            };
            match flow::start(&config, &page_url, &mut fill) {
                Ok(s) => {
                    status.set("Step 1 built: read the URL, then go to the provider.".into());
                    started.set(Some(Rc::new(s)));
                }
                Err(e) => status.set(format!("Step 1 failed: {e}")),
            }
        })
    };
    let ongo = {
        let (started, status) = (started.clone(), status.clone());
        Callback::from(move |_| {
            let Some(s) = (*started).clone() else { return };
            if let Err(e) = storage::write(Area::Session, PENDING_KEY, &s.pending.to_form()) {
                return status.set(format!(
                    "The pending request could not be kept in this tab ({e})."
                ));
            }
            // Scheme-checked (http/https only) before the browser leaves.
            if let Err(e) = location::navigate(s.front_url(), false) {
                status.set(e);
            }
        })
    };
    let review = match (&boot.link, *link_settled) {
        (Some(Ok(l)), false) => {
            let changes = crate::state::oauth2::link::changes(&config, l);
            let warnings = crate::state::oauth2::link::warnings(&config, l);
            let onapply = {
                let (config, settled, applied, l) = (
                    config.clone(),
                    link_settled.clone(),
                    link_applied.clone(),
                    l.clone(),
                );
                Callback::from(move |_| {
                    *applied.borrow_mut() = true;
                    config.set(l.clone());
                    settled.set(true);
                })
            };
            let onkeep = {
                let settled = link_settled.clone();
                Callback::from(move |_| settled.set(true))
            };
            if changes.is_empty() {
                Html::default()
            } else {
                crate::components::link_review::link_review(&changes, &warnings, onapply, onkeep)
            }
        }
        (Some(Err(e)), _) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
        _ => Html::default(),
    };
    let share = {
        let c = (*config).clone();
        Callback::from(move |include: bool| crate::state::oauth2::link::encode(&c, include))
    };
    let onpushed = {
        let started = started.clone();
        Callback::from(move |s: Rc<Started>| started.set(Some(s)))
    };
    let shared = shared::Shared {
        config: config.clone(),
        relay: (*relay).clone(),
        page_url: boot.page_url.clone().into(),
        tokens_area: boot.tokens_area,
    };
    html! {
        <ContextProvider<shared::Shared> context={shared}>
        <header class="top">
            <h1>{ "OAuth 2.0 / OpenID Connect Playground" }</h1>
            <p>{ "Each OAuth 2.0 flow step by step: every parameter, every check, every raw exchange." }</p>
        </header>
        <main>
            <p class="status" role="status" aria-live="polite">{ &*status }</p>
            { review }
            if *asking {
                <details class="panel config"><summary>{ crate::state::hosting::ASKING_SUMMARY }</summary></details>
            } else {
                <config_panel::ConfigPanel config={config.clone()} page_url={boot.page_url.clone()} sandbox={(*served).clone()} />
            }
            <h2 class="steps-h" id="flows-h">{ "The flows" }</h2>
            { tabs::flow_tabs(*chosen, &onchoose) }
            { tabs::tab_panel(*chosen, match *chosen {
                Flow::Code => html! {
                    <>
                    <steps::AuthorizeStep config={(*config).clone()} started={(*started).clone()} {onstart} {ongo} {onpushed} />
                    <steps::CallbackStep boot={boot.clone()} relay={(*relay).clone()} />
                    </>
                },
                _ => html! { <DevicePanel /> },
            }) }
            <p class="hint">{ "Client credentials and token exchange, with no user present, are on the " }
                <a href="../oauth2-tokens/">{ "tokens page" }</a>{ "." }</p>
            <crate::components::share_link::ShareLink encode={share} page_url={boot.page_url.clone()} secrets="the client secret" />
        </main>
        </ContextProvider<shared::Shared>>
    }
}

/// The device tab, holding its state.
#[function_component]
fn DevicePanel() -> Html {
    let shared = shared::use_shared();
    let device = device::use_device_state();
    match shared {
        Some(shared) => device::panel(shared, &device),
        None => Html::default(),
    }
}

/// Saves the entry `make` builds from the page's clock (seconds since 1970, ISO 8601,
/// milliseconds) into the shared store; what to tell the learner.
pub fn keep(area: Area, make: impl FnOnce(u64, &str, u64) -> token_store::Entry) -> String {
    let now = dom::now_secs();
    match save_token(area, make(now, &dom::now_iso(), now * 1000)) {
        Ok(()) => "Saved in the token store, beside the OAuth 1.0a tokens.".to_owned(),
        Err(e) => format!("Not saved: {e}"),
    }
}

/// Saves a token of the device, client credentials or exchange tab, asked for at
/// `token_endpoint` of the configured issuer; what to tell the learner.
pub fn keep_issued(
    shared: &shared::Shared,
    token_endpoint: &str,
    scope: Option<&str>,
    auth: &oauth2::ClientAuth,
    t: &oauth2::TokenResponse,
) -> String {
    let asked = crate::state::oauth2::saved::Asked {
        issuer: &shared.config.issuer,
        token_endpoint,
        scope: scope.map(str::trim).filter(|s| !s.is_empty()),
    };
    keep(shared.tokens_area, |now, created, ms| {
        crate::state::oauth2::saved::entry_for(&asked, auth, t, now, created, ms)
    })
}

/// Saves `entry` into the shared token store, where the OAuth 1.0a page keeps its tokens.
pub fn save_token(area: Area, entry: token_store::Entry) -> Result<(), String> {
    let raw = storage::read(area, STORAGE_KEY)?;
    let text = crate::state::oauth2::saved::save(raw.as_deref(), entry)?;
    write_tokens(area, &text)
}

/// Writes the token store and tells the Tokens panel (`effects::timer::tokens_changed`).
pub fn write_tokens(area: Area, text: &str) -> Result<(), String> {
    storage::write(area, STORAGE_KEY, text)?;
    crate::effects::timer::tokens_changed();
    Ok(())
}

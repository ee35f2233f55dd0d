//! The OAuth 2.0 page's panels: the configuration, steps 1–2 (the authorization URL and
//! the trip to the provider) and steps 3–4 (the callback's checks and the token request).

use std::rc::Rc;

use yew::prelude::*;

use super::id_token::IdTokenStep;
use super::{Boot, save_token, send};
use crate::components::fields::{FormField, SecretField, copy_field};
use crate::effects::storage::{self, Area};
use crate::effects::{dom, jws};
use crate::state::oauth2::config::Config;
use crate::state::oauth2::flow::{self, PENDING_KEY, Started};
use crate::state::oauth2::saved;

#[derive(Properties, PartialEq)]
pub struct ConfigProps {
    pub config: UseStateHandle<Config>,
    pub page_url: AttrValue,
}

/// Folded once complete (the sandbox preset arrives complete): the steps stay in view.
#[function_component]
pub fn ConfigPanel(p: &ConfigProps) -> Html {
    let c = &*p.config;
    let field = |name: &'static str, label: &'static str, hint: &'static str| {
        let config = p.config.clone();
        let oninput = Callback::from(move |v: String| {
            let mut next = (*config).clone();
            next.set(name, v);
            config.set(next);
        });
        html! { <FormField id={name} {label} value={c.get(name)} {oninput} hint={hint} /> }
    };
    let onrelay = {
        let config = p.config.clone();
        Callback::from(move |on: bool| {
            let mut next = (*config).clone();
            next.relay = on;
            config.set(next);
        })
    };
    let summary = if c.complete() {
        format!(
            "Configuration: client {} at {}",
            c.client_id,
            if c.issuer.is_empty() {
                &c.authorization_endpoint
            } else {
                &c.issuer
            }
        )
    } else {
        "Configuration (incomplete)".to_owned()
    };
    html! {
        <details class="panel config" open={!c.complete()}>
            <summary>{ summary }</summary>
            { field("issuer", "Issuer", "The authorization server's identifier (RFC 8414 §2); the callback's iss must equal it (RFC 9207).") }
            { field("authorization_endpoint", "Authorization endpoint", "Where the browser goes to log in and consent (RFC 6749 §3.1).") }
            { field("token_endpoint", "Token endpoint", "Where the page redeems the code (RFC 6749 §3.2).") }
            { field("client_id", "Client ID", "A public client: no secret, PKCE instead (RFC 6749 §2.1, RFC 7636).") }
            { field("scope", "Scope", "Space-separated (RFC 6749 §3.3); openid makes it an OpenID Connect login.") }
            <FormField id="relay" label="Send the token request through the relay" check=true checked={c.relay}
                oncheck={onrelay} hint={"For token endpoints that send no CORS headers."} />
            { copy_field("redirect-uri", "Redirect URI to register", p.page_url.clone()) }
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct AuthorizeProps {
    pub config: Config,
    pub started: Option<Rc<Started>>,
    pub onstart: Callback<MouseEvent>,
    pub ongo: Callback<MouseEvent>,
}

/// Steps 1 and 2: the URL parameter by parameter, the PKCE workings, then the provider.
#[function_component]
pub fn AuthorizeStep(p: &AuthorizeProps) -> Html {
    // Web Crypto's own SHA-256 of the verifier, beside the crate's challenge.
    let opinion = use_state(|| None::<Result<(String, bool), String>>);
    {
        let opinion = opinion.clone();
        use_effect_with(p.started.clone(), move |started| {
            opinion.set(None);
            if let Some(s) = started.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let digest = jws::sha256(s.pending.verifier.expose().as_bytes()).await;
                    opinion.set(Some(digest.map(|d| flow::second_opinion(&d, &s.pkce.challenge))));
                });
            }
        });
    }
    let opinion = match &*opinion {
        Some(Ok((value, true))) => html! {
            <p class="ok">{ format!("Web Crypto's SHA-256 gives the same challenge: {value}") }</p>
        },
        Some(Ok((value, false))) => html! {
            <p class="error">{ format!("Web Crypto's SHA-256 gives {value}, not the challenge above") }</p>
        },
        Some(Err(e)) => html! { <p class="hint">{ e }</p> },
        None => Html::default(),
    };
    html! {
        <>
        <section class="panel step" aria-labelledby="step-authorize">
            <h3 id="step-authorize">{ "1. The authorization request" }</h3>
            <button type="button" class="primary" onclick={p.onstart.clone()} disabled={!p.config.complete()}>
                { "Build the authorization URL" }</button>
            if let Some(s) = &p.started {
                <table class="params">
                    <caption>{ "The authorization URL, parameter by parameter" }</caption>
                    <thead><tr><th>{ "parameter" }</th><th>{ "value" }</th><th>{ "why" }</th></tr></thead>
                    <tbody>
                    { for s.url.parameters.iter().map(|x| html! {
                        <tr><td><code>{ &x.name }</code></td><td><code>{ &x.value }</code></td><td>{ &x.why }</td></tr>
                    }) }
                    </tbody>
                </table>
                <figure class="pkce">
                    <figcaption>{ "PKCE: code_verifier → SHA-256 → base64url (RFC 7636 §4.1–§4.2)" }</figcaption>
                    <pre>{ s.pkce.to_string() }</pre>
                    { opinion }
                </figure>
                { copy_field("authorization-url", "Authorization URL", s.url.url.clone().into()) }
            }
        </section>
        <section class="panel step" aria-labelledby="step-go">
            <h3 id="step-go">{ "2. Go to the provider" }</h3>
            <button type="button" class="primary" onclick={p.ongo.clone()} disabled={p.started.is_none()}>
                { "Go to the provider" }</button>
            <p class="hint">{ if p.started.is_some() {
                "The verifier stays in this tab (sessionStorage) until the token request."
            } else {
                "Needs the authorization URL from step 1."
            } }</p>
        </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct CallbackProps {
    pub boot: Rc<Boot>,
    pub relay: Option<String>,
}

/// What the token request gave: the raw exchange and the token, or why there is none.
#[derive(Clone, PartialEq)]
struct Exchange {
    sent: send::Sent,
    token: Result<(String, String), String>,
    /// OpenID Connect: checked in step 5.
    id_token: Option<String>,
}

/// Steps 3 and 4: the callback's checks, then the token request, raw, and the token saved.
#[function_component]
pub fn CallbackStep(p: &CallbackProps) -> Html {
    let exchange = use_state(|| None::<Exchange>);
    let busy = use_state(|| false);
    let Some(returned) = &p.boot.returned else {
        return html! {
            <>
            <section class="panel step" aria-labelledby="step-callback">
                <h3 id="step-callback">{ "3. The callback" }</h3>
                <p class="hint">{ "The provider sends the browser back here, to the redirect URI " }
                    <code>{ &p.boot.page_url }</code>{ ". The page then checks state and iss." }</p>
            </section>
            { token_step(html! {
                <>
                <button type="button" class="primary" disabled=true>{ "Send the token request" }</button>
                <p class="hint">{ "Needs the code from step 3." }</p>
                </>
            }) }
            </>
        };
    };
    let onredeem = {
        let (boot, relay, exchange, busy) = (p.boot.clone(), p.relay.clone(), exchange.clone(), busy.clone());
        Callback::from(move |_| {
            let (Some(pending), Some(Ok(code))) = (
                boot.pending.clone(),
                boot.returned.as_ref().map(|r| r.code.clone()),
            ) else {
                return;
            };
            let built = match flow::token_request(&pending, code) {
                Ok(b) => b,
                Err(e) => {
                    return exchange.set(Some(Exchange {
                        sent: send::Sent {
                            request: String::new(),
                            response: String::new(),
                            result: Err(e.clone()),
                        },
                        token: Err(e),
                        id_token: None,
                    }));
                }
            };
            busy.set(true);
            let (relay, exchange, busy, area) =
                (relay.clone(), exchange.clone(), busy.clone(), boot.tokens_area);
            wasm_bindgen_futures::spawn_local(async move {
                let template = if pending.relay { relay.as_deref() } else { None };
                let (sent, parsed) = send::token(&built, template).await;
                busy.set(false);
                let id_token = parsed
                    .as_ref()
                    .ok()
                    .and_then(|t| t.id_token.as_ref().map(|s| s.expose().to_owned()));
                let token = parsed.map(|t| {
                    let now = (js_sys::Date::now().max(0.0) as u64) / 1000;
                    let entry = saved::entry(&pending, &t, now, &dom::now_iso(), now * 1000);
                    let saved = match save_token(area, entry) {
                        Ok(()) => "Saved in the token store, beside the OAuth 1.0a tokens.".to_owned(),
                        Err(e) => format!("Not saved: {e}"),
                    };
                    // The verifier's work is done: a reload starts afresh.
                    let _ = storage::remove(Area::Session, PENDING_KEY);
                    (t.access_token.expose().to_owned(), saved)
                });
                exchange.set(Some(Exchange {
                    sent,
                    token,
                    id_token,
                }));
            });
        })
    };
    let (refused, redeem) = match &returned.code {
        Ok(_) => (
            Html::default(),
            html! {
                <button type="button" class="primary" onclick={onredeem} disabled={*busy || exchange.is_some()}>
                    { "Send the token request" }</button>
            },
        ),
        Err(e) => (
            html! { <div class="error" role="alert"><p>{ e }</p></div> },
            html! { <p class="hint">{ "No code to redeem: see step 3." }</p> },
        ),
    };
    html! {
        <>
        <section class="panel step" aria-labelledby="step-callback">
            <h3 id="step-callback">{ "3. The callback" }</h3>
            <ul class="checks">
            { for returned.checks.iter().map(|c| {
                let (class, word) = match c.passed { Some(true) => ("ok", "passed"), Some(false) => ("failed", "failed"), None => ("muted", "not checked") };
                html! { <li class={class}><strong>{ format!("{}: {word}", c.name) }</strong>{ " — " }{ &c.detail }</li> }
            }) }
            </ul>
            { copy_field("redirect-registered", "The redirect URI this callback came to", p.boot.page_url.clone().into()) }
            { refused }
        </section>
        { token_step(html! {
            <>
            { redeem }
            if let Some(x) = &*exchange {
                <send::RawExchange sent={x.sent.clone()} />
                { token_view(&x.token) }
            }
            </>
        }) }
        if let (Some(x), Some(pending)) = (&*exchange, &p.boot.pending) {
            if let (Some(id), Ok((access, _))) = (&x.id_token, &x.token) {
                <IdTokenStep id_token={AttrValue::from(id.clone())} access_token={AttrValue::from(access.clone())}
                    pending={pending.clone()} relay={p.relay.clone()} />
            }
        }
        </>
    }
}

/// Step 4's panel around `body`.
fn token_step(body: Html) -> Html {
    html! {
        <section class="panel step" aria-labelledby="step-token">
            <h3 id="step-token">{ "4. The token request" }</h3>
            { body }
        </section>
    }
}

/// The token (masked until revealed) and where it was saved, or why there is none.
fn token_view(token: &Result<(String, String), String>) -> Html {
    match token {
        Ok((token, saved)) => html! {
            <>
            <SecretField id="access-token" label="Access token" value={AttrValue::from(token.clone())} />
            <p class="ok" id="token-saved">{ saved }</p>
            </>
        },
        Err(e) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
    }
}

//! The OAuth 2.0 page's steps 1–2 (the authorization URL and the trip to the provider) and
//! 3–4 (the callback, returned here or pasted, its checks, and the token request).

use std::rc::Rc;

use yew::prelude::*;

use super::id_token::IdTokenStep;
use super::shared::use_shared;
use super::userinfo::{UserInfo, userinfo_step};
use super::{Boot, send, shared};
use crate::components::fields::{FormField, SecretField, copy_field};
use crate::effects::jws;
use crate::effects::storage::{self, Area};
use crate::state::oauth2::config::Config;
use crate::state::oauth2::flow::{self, PENDING_KEY, Returned, Started};
use crate::state::oauth2::{par, saved};

#[derive(Properties, PartialEq)]
pub struct AuthorizeProps {
    pub config: Config,
    pub started: Option<Rc<Started>>,
    pub onstart: Callback<MouseEvent>,
    pub ongo: Callback<MouseEvent>,
    /// Step 1 pushed (RFC 9126): the request with its short URL.
    pub onpushed: Callback<Rc<Started>>,
}

/// The push's raw exchange, and why it was refused.
type Pushed = Option<(send::Sent, Option<String>)>;

/// Step 1's option to push the request first (RFC 9126), offered when the server has a PAR
/// endpoint: the raw exchange, then the short URL that step 2 goes to. A function of
/// `AuthorizeStep`'s state, not a component (each component type costs the page about a
/// kilobyte).
fn push_step(p: &AuthorizeProps, sent: UseStateHandle<Pushed>, shared: Option<shared::Shared>) -> Html {
    let endpoint = p.config.pushed_authorization_request_endpoint.clone();
    let Some(shared) = shared.filter(|_| par::offered(&endpoint)) else {
        return Html::default();
    };
    let toggle = {
        let config = shared.config.clone();
        Callback::from(move |on: bool| {
            let mut c = (*config).clone();
            c.par = on;
            config.set(c);
        })
    };
    let onpush = {
        let (started, sent, onpushed, config, template) = (
            p.started.clone(),
            sent.clone(),
            p.onpushed.clone(),
            p.config.clone(),
            shared.template(),
        );
        Callback::from(move |_| {
            let Some(s) = started.clone() else { return };
            let built = match par::push(
                &s,
                &config.pushed_authorization_request_endpoint,
                &config.client_auth(),
            ) {
                Ok(b) => b,
                Err(e) => return sent.set(Some((send::Sent::failed(e), None))),
            };
            let (sent, onpushed, template) = (sent.clone(), onpushed.clone(), template.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let out = send::send(&built, template.as_deref()).await;
                let result = match &out.result {
                    Ok(r) => par::pushed(
                        &s,
                        oauth2::Response::new(r.status, &r.headers, &r.body),
                        r.via_relay,
                    ),
                    Err(e) => Err(e.clone()),
                };
                let error = match result {
                    Ok(pushed) => {
                        onpushed.emit(Rc::new(pushed));
                        None
                    }
                    Err(e) => Some(e),
                };
                sent.set(Some((out, error)));
            });
        })
    };
    let pushed = p.started.as_ref().and_then(|s| s.pushed.clone());
    html! {
        <div class="par">
            <FormField id="par" label="Push the parameters first (PAR, RFC 9126)" check=true checked={p.config.par}
                oncheck={toggle} hint={"The parameters go to the server in a POST, authenticated like the token request; the browser then carries only client_id and a request_uri."} />
            if p.config.par && p.started.is_some() {
                <button type="button" onclick={onpush} disabled={pushed.is_some()}>{ "Push the request" }</button>
            }
            if let Some((out, error)) = &*sent {
                { send::raw_exchange(out) }
                if let Some(e) = error {
                    <div class="error" role="alert"><p>{ e }</p></div>
                }
            }
            if let Some(url) = pushed {
                <table class="params">
                    <caption>{ "The authorization URL after the push" }</caption>
                    <thead><tr><th>{ "parameter" }</th><th>{ "value" }</th><th>{ "why" }</th></tr></thead>
                    <tbody>
                    { for url.parameters.iter().map(|x| html! {
                        <tr><td><code>{ &x.name }</code></td><td><code>{ &x.value }</code></td><td>{ &x.why }</td></tr>
                    }) }
                    </tbody>
                </table>
                { for url.notes.iter().map(|n| html! { <p class="hint">{ n }</p> }) }
                { copy_field("authorization-url", "Authorization URL", url.url.clone().into()) }
            }
        </div>
    }
}

/// Steps 1 and 2: the URL parameter by parameter, the PKCE workings, then the provider.
#[function_component]
pub fn AuthorizeStep(p: &AuthorizeProps) -> Html {
    let pushed = use_state(|| None);
    let shared = use_shared();
    {
        let pushed = pushed.clone();
        // A new step 1 forgets the last push.
        use_effect_with(p.started.as_ref().map(|s| s.pending.state.clone()), move |_| {
            pushed.set(None)
        });
    }
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
    // With PAR chosen, the browser goes only once the request is pushed.
    let ready = p.started.as_ref().is_some_and(|s| {
        s.pushed.is_some() || !(p.config.par && par::offered(&p.config.pushed_authorization_request_endpoint))
    });
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
                if s.pushed.is_none() {
                    { copy_field("authorization-url", "Authorization URL", s.url.url.clone().into()) }
                }
            }
            { push_step(p, pushed, shared) }
        </section>
        <section class="panel step" aria-labelledby="step-go">
            <h3 id="step-go">{ "2. Go to the provider" }</h3>
            <button type="button" class="primary" onclick={p.ongo.clone()} disabled={!ready}>
                { "Go to the provider" }</button>
            <p class="hint">{ if p.started.is_some() && !ready {
                "Push the request first (step 1), or untick PAR."
            } else if p.started.is_some() {
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
    /// The crate's workings: each parameter, and how HTTP Basic was made (masked).
    workings: String,
    token: Result<(String, String), String>,
    /// OpenID Connect: checked in step 5.
    id_token: Option<String>,
}

impl Exchange {
    fn failed(e: String) -> Self {
        Self {
            sent: send::Sent::failed(e.clone()),
            workings: String::new(),
            token: Err(e),
            id_token: None,
        }
    }
}

/// Steps 3 and 4: the callback's checks (returned to this page, or its URL pasted), then
/// the token request, raw, and the token saved.
#[function_component]
pub fn CallbackStep(p: &CallbackProps) -> Html {
    let returned = use_state(|| p.boot.returned.clone());
    let pasted = use_state(String::new);
    let exchange = use_state(|| None::<Exchange>);
    let busy = use_state(|| false);
    // RFC 9449 §5: a proof with the token request binds the token to the page's DPoP key.
    let bind = use_state(|| false);
    let shared = use_shared();
    let asked = use_state(|| None);
    let pending = p.boot.pending.clone();
    let Some(r) = &*returned else {
        let paste = pending.as_ref().map(|pending| {
            let onpaste = {
                let (pasted, returned, pending) = (pasted.clone(), returned.clone(), pending.clone());
                Callback::from(move |_| returned.set(Some(flow::callback(&pending, pasted.trim()))))
            };
            let oninput = {
                let pasted = pasted.clone();
                Callback::from(move |v: String| pasted.set(v))
            };
            html! {
                <>
                <FormField id="pasted-callback" label="The URL the browser was sent to" value={(*pasted).clone()} {oninput}
                    placeholder={format!("{}?code=…&state=…", pending.redirect_uri)}
                    hint={format!("For a provider that will not redirect to this page: paste the whole address \
                        from the browser's address bar. Its address before ? must equal the registered \
                        redirect URI {}, the one this request sent; then the same checks run.", pending.redirect_uri)} />
                <button type="button" onclick={onpaste} disabled={pasted.trim().is_empty()}>{ "Check the pasted URL" }</button>
                </>
            }
        });
        return html! {
            <>
            <section class="panel step" aria-labelledby="step-callback">
                <h3 id="step-callback">{ "3. The callback" }</h3>
                <p class="hint">{ "The provider sends the browser back to the redirect URI " }
                    <code>{ pending.as_ref().map_or(p.boot.page_url.to_string(), |x| x.redirect_uri.clone()) }</code>
                    { ". The page then checks state and iss." }</p>
                { paste.unwrap_or_default() }
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
        let (boot, relay, exchange, busy, returned, bind) = (
            p.boot.clone(),
            p.relay.clone(),
            exchange.clone(),
            busy.clone(),
            returned.clone(),
            *bind,
        );
        // Origin forwarding is the configuration's choice (Shared::template); the relay
        // itself is the one step 1 was built with.
        let forwarding = shared.as_ref().map(|s| s.config.forward_origin).unwrap_or(false);
        let config = shared.as_ref().map(|s| s.config.clone());
        Callback::from(move |_| {
            let (Some(pending), Some(Ok(code))) =
                (boot.pending.clone(), returned.as_ref().map(|r| r.code.clone()))
            else {
                return;
            };
            // The secret is read now, from the configuration, not from the pending request.
            let auth = config
                .as_ref()
                .ok_or_else(|| "The configuration is not available.".to_owned())
                .and_then(|c| pending.client_auth(c));
            let built =
                auth.and_then(|a| flow::token_request(&pending, code.clone(), a.clone()).map(|b| (a, b)));
            let (auth, built) = match built {
                Ok(x) => x,
                Err(e) => return exchange.set(Some(Exchange::failed(e))),
            };
            busy.set(true);
            let (relay, exchange, busy, area) =
                (relay.clone(), exchange.clone(), busy.clone(), boot.tokens_area);
            wasm_bindgen_futures::spawn_local(async move {
                let template = relay
                    .as_deref()
                    .filter(|_| pending.relay)
                    .map(|r| shared::asking_origin(r, forwarding));
                let (sent, parsed, proofs) = if bind {
                    let build = |proof: &str| {
                        flow::token_request_with(&pending, code.clone(), auth.clone(), Some(proof))
                    };
                    match send::token_with_dpop(&pending.token_endpoint, template.as_deref(), build).await {
                        Ok(x) => x,
                        Err(e) => {
                            busy.set(false);
                            return exchange.set(Some(Exchange::failed(format!("The DPoP proof: {e}"))));
                        }
                    }
                } else {
                    let (sent, parsed) = send::token(&built, template.as_deref()).await;
                    (sent, parsed, String::new())
                };
                busy.set(false);
                let id_token = parsed
                    .as_ref()
                    .ok()
                    .and_then(|t| t.id_token.as_ref().map(|s| s.expose().to_owned()));
                let token = parsed.map(|t| {
                    let saved = super::keep(area, |now, created, ms| {
                        saved::entry(&pending, &auth, &t, now, created, ms)
                    });
                    // The verifier's work is done: a reload starts afresh.
                    let _ = storage::remove(Area::Session, PENDING_KEY);
                    (t.access_token.expose().to_owned(), saved)
                });
                exchange.set(Some(Exchange {
                    sent,
                    workings: format!("{}{proofs}", built.workings),
                    token,
                    id_token,
                }));
            });
        })
    };
    let (refused, redeem) = match &r.code {
        Ok(_) => (
            Html::default(),
            html! {
                <>
                { dpop_option(&bind) }
                <button type="button" class="primary" onclick={onredeem} disabled={*busy || exchange.is_some()}>
                    { "Send the token request" }</button>
                </>
            },
        ),
        Err(e) => (
            html! { <div class="error" role="alert"><p>{ e }</p></div> },
            html! { <p class="hint">{ "No code to redeem: see step 3." }</p> },
        ),
    };
    let came_to = pending
        .as_ref()
        .map_or_else(|| p.boot.page_url.clone(), |x| x.redirect_uri.clone());
    html! {
        <>
        <section class="panel step" aria-labelledby="step-callback">
            <h3 id="step-callback">{ "3. The callback" }</h3>
            { checks(r) }
            { copy_field("redirect-registered", "The redirect URI this callback came to", came_to.into()) }
            { refused }
        </section>
        { token_step(html! {
            <>
            { redeem }
            if let Some(x) = &*exchange {
                { send::raw_exchange(&x.sent) }
                { send::workings(&x.workings) }
                { token_view("access-token", &x.token) }
            }
            </>
        }) }
        if let (Some(x), Some(pending)) = (&*exchange, &p.boot.pending) {
            if let (Some(id), Ok((access, _))) = (&x.id_token, &x.token) {
                <IdTokenStep id_token={AttrValue::from(id.clone())} access_token={AttrValue::from(access.clone())}
                    pending={pending.clone()} relay={p.relay.clone()} />
            }
            if let Ok((access, _)) = &x.token {
                { userinfo_step(&UserInfo {
                    access_token: access.clone(),
                    id_token: x.id_token.clone(),
                    relay: p.relay.clone().filter(|_| pending.relay),
                }, asked, shared) }
            }
        }
        </>
    }
}

/// Each check on the callback, passed, failed or not checked, with its reason.
fn checks(r: &Returned) -> Html {
    check_list(&r.checks)
}

/// Checks, each passed, failed or not checked, with its reason.
pub fn check_list(checks: &[crate::state::oauth2::flow::Check]) -> Html {
    html! {
        <ul class="checks">
        { for checks.iter().map(|c| {
            let (class, word) = match c.passed { Some(true) => ("ok", "passed"), Some(false) => ("failed", "failed"), None => ("muted", "not checked") };
            html! { <li class={class}><strong>{ format!("{}: {word}", c.name) }</strong>{ " — " }{ &c.detail }</li> }
        }) }
        </ul>
    }
}

/// Whether step 4 sends a DPoP proof, so the token is bound to this browser's key.
fn dpop_option(bind: &UseStateHandle<bool>) -> Html {
    let bind = bind.clone();
    html! {
        <FormField id="token-dpop" label="Bind the token to this browser's DPoP key (send a DPoP proof, RFC 9449 §5)"
            check=true checked={*bind} oncheck={Callback::from(move |on| bind.set(on))}
            hint="The key is made by Web Crypto, not extractable, and kept in IndexedDB; the server then issues token_type DPoP, bound by cnf.jkt." />
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
pub(super) fn token_view(id: &'static str, token: &Result<(String, String), String>) -> Html {
    match token {
        Ok((token, saved)) => html! {
            <>
            <SecretField {id} label="Access token" value={AttrValue::from(token.clone())} />
            <p class="ok" id="token-saved">{ saved }</p>
            <p><a href="../oauth2-tokens/">{ "Manage the saved tokens: refresh, introspect, revoke, call an API, export" }</a></p>
            </>
        },
        Err(e) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
    }
}

//! The one way a step of the OAuth 2.0 page sends a request the protocol crate built and
//! shows it: the raw request as built, the raw response as it came with its tokens masked,
//! and the parsed token response or why there is none. Every flow's token request, the
//! refresh, revocation and introspection go through here, and the console's requests, with
//! DPoP proofs when the token is bound (RFC 9449).

use oauth2::{BuiltRequest, Response, Secret, TokenResponse, parse_token_response};
use yew::prelude::*;

use crate::effects::dpop_key::{self, DpopKey};
use crate::effects::http;
use crate::state::oauth2::{console, explain, flow};
use crate::state::outcome::HttpResponse;

/// One request and its answer, as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    /// The request as the crate built it (RFC 9110 message syntax), secrets masked by it.
    pub request: String,
    /// Empty when nothing came back.
    pub response: String,
    pub result: Result<HttpResponse, String>,
}

impl Sent {
    /// Nothing sent: the request could not be built.
    pub fn failed(e: String) -> Self {
        Self {
            request: String::new(),
            response: String::new(),
            result: Err(e),
        }
    }
}

/// Sends `built` directly or through the relay `template`, without reading its body.
pub async fn send(built: &BuiltRequest, template: Option<&str>) -> Sent {
    let request = built.workings.http.clone();
    match http::send(&built.request, template, "").await {
        Ok(r) => Sent {
            request,
            response: flow::raw_response(&r.status_line(), &r.headers, &r.text(), &[]),
            result: Ok(r),
        },
        Err(e) => Sent {
            request,
            response: String::new(),
            // Sent directly, most often CORS: which providers need the relay.
            result: Err(explain::transport_error(&e)),
        },
    }
}

/// A token request (RFC 6749 §5): sent, its response parsed, the tokens masked in the raw
/// response, and an error response explained (`state::oauth2::explain`).
pub async fn token(built: &BuiltRequest, template: Option<&str>) -> (Sent, Result<TokenResponse, String>) {
    parse_token(send(built, template).await)
}

/// A token request's answer, parsed and masked as [`token`] does.
fn parse_token(mut sent: Sent) -> (Sent, Result<TokenResponse, String>) {
    let parsed = match &sent.result {
        Ok(r) => parse_token_response(Response::new(r.status, &r.headers, &r.body))
            .map_err(|e| explain::token_error(&e, r.via_relay)),
        Err(e) => Err(e.clone()),
    };
    if let Ok(t) = &parsed {
        mask_tokens(&mut sent, t);
    }
    (sent, parsed)
}

/// One DPoP attempt: the proof decoded, and what was sent with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Proved {
    pub proof: String,
    pub sent: Sent,
}

/// Sends the request `build` makes around a fresh proof by `key` for `method` and `url`
/// (`ath` for `access_token`, at a resource), retried once with the server's nonce when it
/// asks for one (RFC 9449 §8, §9). Every attempt, in order.
pub async fn with_dpop(
    key: &DpopKey,
    (method, url): (&str, &str),
    access_token: Option<&Secret>,
    template: Option<&str>,
    build: impl Fn(&str) -> Result<BuiltRequest, String>,
) -> Result<Vec<Proved>, String> {
    let mut attempts: Vec<Proved> = Vec::new();
    let mut nonce: Option<String> = None;
    loop {
        let now = (js_sys::Date::now().max(0.0) as u64) / 1000;
        let fill = |b: &mut [u8]| getrandom::fill(b).unwrap_or_default();
        let unsigned = console::proof(
            method,
            url,
            access_token,
            nonce.clone(),
            now,
            key.jwk.clone(),
            fill,
        )?;
        let signed = key.sign(&unsigned).await?;
        let sent = send(&build(&signed)?, template).await;
        let again = match &sent.result {
            Ok(r) => console::retry_nonce(nonce.as_deref(), r.status, &r.headers, &r.body),
            Err(_) => None,
        };
        attempts.push(Proved {
            proof: console::decoded(&unsigned),
            sent,
        });
        match again {
            Some(n) => nonce = Some(n),
            None => return Ok(attempts),
        }
    }
}

/// A token request with a DPoP proof (RFC 9449 §5), so the token is bound to the page's
/// key: the last attempt parsed as [`token`], and every proof decoded.
pub async fn token_with_dpop(
    endpoint: &str,
    template: Option<&str>,
    build: impl Fn(&str) -> Result<BuiltRequest, String>,
) -> Result<(Sent, Result<TokenResponse, String>, String), String> {
    let key = dpop_key::load().await?;
    let attempts = with_dpop(&key, ("POST", endpoint), None, template, build).await?;
    let proofs = attempts
        .iter()
        .map(|a| a.proof.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let last = attempts.into_iter().last().ok_or("no request was sent")?;
    let (sent, parsed) = parse_token(last.sent);
    Ok((
        sent,
        parsed,
        format!("DPoP key thumbprint (jkt): {}\n{proofs}", key.thumbprint),
    ))
}

/// What a tab's token request gave: the raw exchange, the crate's workings, and what the
/// tab makes of the token response, or why there is none.
pub struct Answer<T> {
    pub sent: Sent,
    pub workings: String,
    pub result: Result<T, String>,
}

/// Sends `built` (or shows why there is none) as a tab's token request, `busy` meanwhile;
/// `read` turns the token into what the tab shows, and the whole goes to `answer`.
pub fn spawn_token<T: 'static>(
    built: Result<BuiltRequest, String>,
    template: Option<String>,
    busy: UseStateHandle<bool>,
    answer: UseStateHandle<Option<Answer<T>>>,
    read: impl FnOnce(TokenResponse) -> T + 'static,
) {
    let built = match built {
        Ok(b) => b,
        Err(e) => {
            return answer.set(Some(Answer {
                sent: Sent::failed(e.clone()),
                workings: String::new(),
                result: Err(e),
            }));
        }
    };
    busy.set(true);
    wasm_bindgen_futures::spawn_local(async move {
        let (sent, parsed) = token(&built, template.as_deref()).await;
        busy.set(false);
        answer.set(Some(Answer {
            sent,
            workings: built.workings.to_string(),
            result: parsed.map(read),
        }));
    });
}

/// The raw response again, with these values masked (a device_code, RFC 8628 §3.2).
pub fn mask(sent: &mut Sent, secrets: &[&str]) {
    if let Ok(r) = &sent.result {
        sent.response = flow::raw_response(&r.status_line(), &r.headers, &r.text(), secrets);
    }
}

/// The raw response again, with the tokens of `t` masked.
pub fn mask_tokens(sent: &mut Sent, t: &TokenResponse) {
    let secrets = [
        t.access_token.expose(),
        t.refresh_token.as_ref().map_or("", |s| s.expose()),
        t.id_token.as_ref().map_or("", |s| s.expose()),
    ];
    mask(sent, &secrets);
}

/// The protocol crate's workings of a request (each parameter, how the client
/// authenticated, secrets masked), folded under the raw exchange; nothing when empty.
pub fn workings(text: &str) -> Html {
    if text.is_empty() {
        return Html::default();
    }
    html! {
        <details class="workings">
            <summary>{ "Workings: each parameter, and how the client authenticated" }</summary>
            <pre class="raw">{ text }</pre>
        </details>
    }
}

/// The raw request and response of a step. A function, not a component: it keeps no
/// state, and each component type costs the page about a kilobyte.
pub fn raw_exchange(sent: &Sent) -> Html {
    html! {
        <>
        if !sent.request.is_empty() {
            <figure><figcaption>{ "Request" }</figcaption><pre class="raw">{ &sent.request }</pre></figure>
        }
        if !sent.response.is_empty() {
            <figure><figcaption>{ "Response" }</figcaption><pre class="raw">{ &sent.response }</pre></figure>
        }
        </>
    }
}

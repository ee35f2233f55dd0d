//! The one way a step of the OAuth 2.0 page sends a request the protocol crate built and
//! shows it: the raw request as built, the raw response as it came with its tokens masked,
//! and the parsed token response or why there is none. Every flow's token request, the
//! refresh, revocation and introspection go through here.

use oauth2::{BuiltRequest, Response, TokenResponse, parse_token_response};
use yew::prelude::*;

use crate::effects::http;
use crate::state::oauth2::{explain, flow};
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
    let mut sent = send(built, template).await;
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

#[derive(Properties, PartialEq)]
pub struct RawProps {
    pub sent: Sent,
}

/// The raw request and response of a step.
#[function_component]
pub fn RawExchange(p: &RawProps) -> Html {
    html! {
        <>
        if !p.sent.request.is_empty() {
            <figure><figcaption>{ "Request" }</figcaption><pre class="raw">{ &p.sent.request }</pre></figure>
        }
        if !p.sent.response.is_empty() {
            <figure><figcaption>{ "Response" }</figcaption><pre class="raw">{ &p.sent.response }</pre></figure>
        }
        </>
    }
}

//! The authorize step (RFC 5849 §2.2): a real page where the user allows or denies the
//! consumer, then a redirect to the callback, or the verifier shown for `oob`.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::consumers;
use super::state::{SCREEN_NAME, Sandbox};

/// The page's own policy: no script at all, and the form may redirect to any http(s)
/// callback (Chrome applies form-action to the redirect after the POST).
const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self' https: http:; \
                        frame-ancestors 'none'; base-uri 'none'";

#[derive(Deserialize)]
pub struct TokenQuery {
    oauth_token: Option<String>,
}

#[derive(Deserialize)]
pub struct Decision {
    oauth_token: String,
    decision: String,
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · OAuth Playground sandbox</title>\
         <link rel=\"stylesheet\" href=\"/sandbox/style.css\"></head>\
         <body><main class=\"card\">{body}</main></body></html>\n",
        title = escape(title)
    );
    let mut response = (status, Html(html)).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_CSP),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn unknown_token() -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "Unknown request token",
        "<h1>Unknown request token</h1><p>This request token is unknown, expired or already used. \
         Start the flow again from the request-token step.</p>",
    )
}

/// `GET /sandbox/oauth/authorize?oauth_token=…`
pub async fn show(State(sandbox): State<Arc<Sandbox>>, Query(q): Query<TokenQuery>) -> Response {
    let Some(token) = q.oauth_token.filter(|t| !t.is_empty()) else {
        return page(
            StatusCode::BAD_REQUEST,
            "Missing oauth_token",
            "<h1>Missing oauth_token</h1><p>Open this page with <code>?oauth_token=</code> \
             and the request token from the first step.</p>",
        );
    };
    let Some(request) = sandbox.request_token(&token).filter(|t| !t.used) else {
        return unknown_token();
    };
    let consumer_name = consumers::find(&request.consumer_key).map_or("an unregistered app", |c| c.name);
    let body = format!(
        "<h1>OAuth Playground sandbox</h1>\
         <p><span class=\"consumer\">{name}</span> <span class=\"muted\">(consumer key <code>{key}</code>)</span> \
         would like to use your sandbox account <b>{user}</b>.</p>\
         <p class=\"muted\">Callback: {callback}</p>\
         <form method=\"post\" action=\"/sandbox/oauth/authorize\">\
         <input type=\"hidden\" name=\"oauth_token\" value=\"{token}\">\
         <div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></div></form>",
        name = escape(consumer_name),
        key = escape(&request.consumer_key),
        user = SCREEN_NAME,
        callback = escape(&request.callback),
        token = escape(&token),
    );
    page(StatusCode::OK, "Authorize", &body)
}

/// 302 Found, what providers answer after the authorize form (§2.2).
fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => (StatusCode::FOUND, [(header::LOCATION, v)]).into_response(),
        Err(_) => unknown_token(),
    }
}

/// Adds parameters to the callback's query, keeping the ones it already has (§2.2).
fn callback_with(callback: &str, pairs: &[(&str, &str)]) -> Option<String> {
    let mut url = url::Url::parse(callback).ok()?;
    {
        let mut query = url.query_pairs_mut();
        for (n, v) in pairs {
            query.append_pair(n, v);
        }
    }
    Some(url.into())
}

/// `POST /sandbox/oauth/authorize` with `decision=allow|deny`.
pub async fn decide(State(sandbox): State<Arc<Sandbox>>, Form(form): Form<Decision>) -> Response {
    let token = form.oauth_token;
    if form.decision == "allow" {
        let Some((callback, verifier)) = sandbox.authorize(&token) else {
            return unknown_token();
        };
        if callback == "oob" {
            let body = format!(
                "<h1>Access allowed</h1><p>Your verification code:</p>\
                 <p><code id=\"verifier\">{}</code></p>\
                 <p class=\"muted\">Paste it into the app as the oauth_verifier.</p>",
                escape(&verifier)
            );
            return page(StatusCode::OK, "Access allowed", &body);
        }
        match callback_with(
            &callback,
            &[("oauth_token", &token), ("oauth_verifier", &verifier)],
        ) {
            Some(location) => found(&location),
            None => unknown_token(),
        }
    } else {
        let Some(callback) = sandbox.deny(&token) else {
            return unknown_token();
        };
        match callback_with(&callback, &[("denied", &token)]).filter(|_| callback != "oob") {
            Some(location) => found(&location),
            None => page(
                StatusCode::OK,
                "Access denied",
                "<h1>Access denied</h1><p>You denied the app access; the request token is discarded.</p>",
            ),
        }
    }
}

//! The authorize step (RFC 5849 §2.2): a real page where the user allows or denies the
//! consumer, then a redirect to the callback, or the verifier shown for `oob`. The form's
//! POST must come from this page (§4.13 cross-site request forgery): it carries the
//! token's hidden anti-CSRF value, and browsers' `Sec-Fetch-Site` and `Origin` must say
//! same-origin. The page sends no CORS headers.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::consumers;
use super::state::{FormRefused, SCREEN_NAME, Sandbox};

/// The page's own policy: no script at all, and the form may redirect to any http(s)
/// callback (Chrome applies form-action to the redirect after the POST).
const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self' https: http:; \
                        frame-ancestors 'none'; base-uri 'none'";

#[derive(Deserialize)]
pub struct TokenQuery {
    oauth_token: Option<String>,
}

/// The form's fields; all optional so that a missing one gets a page, not a bare 422.
#[derive(Deserialize)]
pub struct Decision {
    oauth_token: Option<String>,
    csrf_token: Option<String>,
    decision: Option<String>,
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

/// A sandbox page under its own CSP (no script), `no-store`. Shared with the LTI tool's.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    // The referrer meta relaxes serve's `no-referrer` to `same-origin` on this page, so that
    // a browser without Fetch Metadata sends the form's real Origin (under `no-referrer` a
    // POST says `Origin: null`); a callback on another origin still gets no Referer.
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"referrer\" content=\"same-origin\">\
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

fn refused(why: &str) -> Response {
    let body = format!(
        "<h1>Refused</h1><p>{}</p><p>Open the authorize link again and decide on that page.</p>",
        escape(why)
    );
    page(StatusCode::FORBIDDEN, "Refused", &body)
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
         <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
         <div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></div></form>",
        name = escape(consumer_name),
        key = escape(&request.consumer_key),
        user = SCREEN_NAME,
        callback = escape(&request.callback),
        token = escape(&token),
        csrf = escape(&request.csrf_token),
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

/// Why a form POST does not come from this server's own page, from what browsers add. A
/// browser that sends Fetch Metadata's `Sec-Fetch-Site` is believed; an older one is held
/// to its `Origin` (RFC 6454 §7); a client that is not a browser sends neither and is held
/// to the hidden anti-CSRF value alone. (Go's `http.CrossOriginProtection` has this shape.)
pub(in crate::sandbox) fn cross_site(headers: &HeaderMap) -> Option<String> {
    let text = |name| headers.get(name).map(|v: &HeaderValue| v.to_str().unwrap_or("?"));
    if let Some(site) = text("sec-fetch-site") {
        // `none`: the user's own action (typed, bookmarked), which no other site can cause.
        return (!matches!(site, "same-origin" | "none"))
            .then(|| format!("This form was sent from another site (Sec-Fetch-Site: {site})."));
    }
    let origin = text(header::ORIGIN.as_str())?;
    let host = text(header::HOST.as_str()).unwrap_or_default();
    // Scheme aside: behind a TLS proxy the page is https on the same authority.
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    if authority.is_some_and(|a| !host.is_empty() && a.eq_ignore_ascii_case(host)) {
        None
    } else {
        Some(format!(
            "This form was sent from {origin}, not from this server's page."
        ))
    }
}

/// `POST /sandbox/oauth/authorize` with `decision=allow|deny`.
pub async fn decide(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    Form(form): Form<Decision>,
) -> Response {
    if let Some(why) = cross_site(&headers) {
        return refused(&why);
    }
    let Some(token) = form.oauth_token.filter(|t| !t.is_empty()) else {
        return unknown_token();
    };
    let csrf = form.csrf_token.unwrap_or_default();
    let wrong_csrf = || refused("This form is not the one the sandbox showed for this request token.");
    match form.decision.as_deref() {
        Some("allow") => {
            let (callback, verifier) = match sandbox.authorize(&token, &csrf) {
                Ok(pair) => pair,
                Err(FormRefused::UnknownToken) => return unknown_token(),
                Err(FormRefused::WrongCsrfToken) => return wrong_csrf(),
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
        }
        Some("deny") => {
            let callback = match sandbox.deny(&token, &csrf) {
                Ok(callback) => callback,
                Err(FormRefused::UnknownToken) => return unknown_token(),
                Err(FormRefused::WrongCsrfToken) => return wrong_csrf(),
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
        _ => page(
            StatusCode::BAD_REQUEST,
            "Unknown decision",
            "<h1>Unknown decision</h1><p>The form sends <code>decision=allow</code> or \
             <code>decision=deny</code>.</p>",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.insert(*n, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_or_no_browser_headers_pass() {
        let host = ("host", "127.0.0.1:8080");
        for ok in [
            vec![host],
            vec![
                host,
                ("sec-fetch-site", "same-origin"),
                ("origin", "http://127.0.0.1:8080"),
            ],
            vec![host, ("sec-fetch-site", "none")],
            // serve's Referrer-Policy: no-referrer makes a browser send `Origin: null`.
            vec![host, ("sec-fetch-site", "same-origin"), ("origin", "null")],
            vec![
                ("host", "playground.example"),
                ("origin", "https://Playground.example"),
            ],
        ] {
            assert_eq!(cross_site(&headers(&ok)), None, "{ok:?}");
        }
    }

    #[test]
    fn other_sites_are_named() {
        let host = ("host", "127.0.0.1:8080");
        for (bad, why) in [
            (
                vec![host, ("sec-fetch-site", "cross-site")],
                "Sec-Fetch-Site: cross-site",
            ),
            (
                vec![host, ("sec-fetch-site", "same-site")],
                "Sec-Fetch-Site: same-site",
            ),
            (
                vec![host, ("origin", "http://127.0.0.1:9999")],
                "from http://127.0.0.1:9999,",
            ),
            (vec![host, ("origin", "null")], "from null,"),
            (
                vec![host, ("origin", "http://127.0.0.1:8080.evil.example")],
                "evil",
            ),
            (
                vec![("origin", "http://127.0.0.1:8080")],
                "from http://127.0.0.1:8080,",
            ),
        ] {
            let got = cross_site(&headers(&bad)).unwrap_or_default();
            assert!(got.contains(why), "{bad:?}: {got}");
        }
    }
}

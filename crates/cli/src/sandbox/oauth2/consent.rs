//! The authorization endpoint (RFC 6749 §4.1.1) as a consent page listing the scopes with
//! Allow and Deny, and PAR (RFC 9126). Until the client and its exact redirect URI are
//! known, errors are shown on the page, never redirected (§4.1.2.1); after, they go to the
//! client with `state` and `iss` (RFC 9207). PKCE is required of every client (RFC 7636,
//! OAuth 2.1 §4.1.1). The form's POST carries the page's anti-CSRF value and must come from
//! this origin, as the OAuth 1.0a page's does (sandbox/authorize.rs).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oauth2::ChallengeMethod;
use serde_json::json;

use super::clients::{self, Client};
use super::form::Params;
use super::reply::{Answer, Refusal};
use super::store::{Code, Grant};
use super::{AuthServer, issuer, token};
use crate::sandbox::authorize::{cross_site, escape, page};
use crate::sandbox::state::SCREEN_NAME;

/// How long the consent page may stay open, and a pushed request live (RFC 9126 §2.2).
const PENDING_TTL: u64 = 600;
const PUSHED_TTL: u64 = 60;
const REQUEST_URI_PREFIX: &str = "urn:ietf:params:oauth:request_uri:";

/// An authorization request whose client and redirect URI are checked.
#[derive(Clone)]
pub struct Request {
    pub client: &'static Client,
    pub redirect_uri: String,
    pub scope: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub challenge: String,
    pub method: ChallengeMethod,
    /// RFC 9449 §10: the DPoP key the code is bound to.
    pub dpop_jkt: Option<String>,
}

pub struct Pending {
    pub request: Request,
    pub csrf: String,
}

/// Why a request is refused: on the page, or at the client's redirect URI.
enum Refused {
    Page(String),
    Redirect(String, Option<String>, Refusal),
}

/// RFC 6749 §3.1.2.3 exact matching; for loopback URIs any port (RFC 8252 §7.3).
pub fn redirect_matches(registered: &str, given: &str) -> bool {
    if registered == given {
        return true;
    }
    let (Ok(r), Ok(g)) = (url::Url::parse(registered), url::Url::parse(given)) else {
        return false;
    };
    let loopback = matches!(r.host_str(), Some("127.0.0.1" | "[::1]" | "localhost"));
    loopback
        && r.scheme() == "http"
        && g.scheme() == "http"
        && r.host_str() == g.host_str()
        && g.username().is_empty()
        && g.password().is_none()
        && r.path() == g.path()
        && r.query() == g.query()
        && g.fragment().is_none()
}

/// Whether `given` is one of `client`'s redirect URIs: a registered one (with
/// [`redirect_matches`]), or exactly one of its pages of this server's app at `origin`,
/// the origin the request came to (no other port, host or path).
fn registered(client: &Client, origin: &str, given: &str) -> bool {
    client.redirect_uris.iter().any(|r| redirect_matches(r, given))
        || client
            .own_pages
            .iter()
            .any(|page| given == format!("{origin}{page}"))
}

/// Checks the client and redirect URI first, then the rest (§4.1.2.1's order). `origin`:
/// where this server was reached ([`super::origin`]).
fn check(p: &Params, origin: &str) -> Result<Request, Refused> {
    let page = |s: String| Refused::Page(s);
    let id = p
        .get("client_id")
        .ok_or_else(|| page("the request has no client_id".into()))?;
    let client = clients::find(id).ok_or_else(|| page(clients::unknown(id)))?;
    if !client.may(clients::CODE) {
        return Err(page(format!("{id} does not use the authorization code flow")));
    }
    let redirect_uri = p
        .get("redirect_uri")
        .ok_or_else(|| page("the request has no redirect_uri".into()))?;
    if !registered(client, origin, redirect_uri) {
        let own = client.own_pages.iter().map(|page| format!("{origin}{page}"));
        let all: Vec<String> = client
            .redirect_uris
            .iter()
            .map(|r| r.to_string())
            .chain(own)
            .collect();
        return Err(page(format!(
            "redirect_uri {redirect_uri} is not registered for {id}; it must equal one of {} \
             exactly (RFC 6749 §3.1.2.3; on loopback any port, RFC 8252 §7.3)",
            all.join(", ")
        )));
    }
    let state = p.get("state").map(str::to_owned);
    let to_client = |r: Refusal| Refused::Redirect(redirect_uri.to_owned(), state.clone(), r);
    if p.get("prompt")
        .is_some_and(|prompt| prompt.split(' ').any(|v| v == "none"))
    {
        // OIDC Core §3.1.2.6: no session to reuse, and prompt=none forbids asking.
        return Err(to_client(Refusal::new(
            "login_required",
            "prompt=none was asked, but the sandbox keeps no session: the user must see the consent page",
        )));
    }
    match p.get("response_type") {
        Some("code") => {}
        other => {
            return Err(to_client(Refusal::new(
                "unsupported_response_type",
                format!("response_type is {other:?}; this server issues codes only (response_type=code)"),
            )));
        }
    }
    let challenge = p.get("code_challenge").ok_or_else(|| {
        to_client(Refusal::invalid_request(
            "PKCE is required: send code_challenge, BASE64URL(SHA-256(code_verifier)), with \
             code_challenge_method=S256 (RFC 7636 §4.3)",
        ))
    })?;
    let method = ChallengeMethod::parse(p.get("code_challenge_method").unwrap_or("plain"))
        .map_err(|e| to_client(Refusal::invalid_request(e.to_string())))?;
    let scope = client.scope_asked(p.get("scope")).map_err(|bad| {
        to_client(Refusal::new(
            "invalid_scope",
            format!(
                "{id} may not ask for scope {bad:?}; it may ask for {}",
                client.scopes.join(" ")
            ),
        ))
    })?;
    Ok(Request {
        client,
        redirect_uri: redirect_uri.to_owned(),
        scope,
        state,
        nonce: p.get("nonce").map(str::to_owned),
        challenge: challenge.to_owned(),
        method,
        dpop_jkt: p.get("dpop_jkt").map(str::to_owned),
    })
}

fn refusal_page(status: StatusCode, why: &str) -> Response {
    page(
        status,
        "Authorization refused",
        &format!(
            "<h1>Authorization refused</h1><p id=\"error\">{}</p>",
            escape(why)
        ),
    )
}

/// 302 to the client with `pairs`, `state` and `iss` added to its redirect URI's query.
fn back_to_client(redirect_uri: &str, state: Option<&str>, iss: &str, pairs: &[(&str, &str)]) -> Response {
    let Ok(mut url) = url::Url::parse(redirect_uri) else {
        return refusal_page(StatusCode::BAD_REQUEST, "the redirect URI does not parse");
    };
    {
        let mut q = url.query_pairs_mut();
        for (n, v) in pairs {
            q.append_pair(n, v);
        }
        if let Some(s) = state {
            q.append_pair("state", s);
        }
        q.append_pair("iss", iss);
    }
    match HeaderValue::from_str(url.as_str()) {
        Ok(v) => (StatusCode::FOUND, [(header::LOCATION, v)]).into_response(),
        Err(_) => refusal_page(StatusCode::BAD_REQUEST, "the redirect URI is not a valid header"),
    }
}

fn error_to_client(redirect_uri: &str, state: Option<&str>, iss: &str, r: &Refusal) -> Response {
    back_to_client(
        redirect_uri,
        state,
        iss,
        &[("error", r.code()), ("error_description", r.description())],
    )
}

/// The parameters, or those a `request_uri` stands for (RFC 9126 §4: single use, the same
/// `client_id`).
fn resolve(server: &AuthServer, params: Params) -> Result<Params, String> {
    let Some(uri) = params.get("request_uri") else {
        return Ok(params);
    };
    let now = server.now();
    let mut pushed = server.lock(&server.pushed);
    let body = pushed.get_mut(now, uri).map(|(_, b)| b.clone()).ok_or_else(|| {
        format!("request_uri {uri} is unknown, used or expired (pushed requests live {PUSHED_TTL} s and are used once)")
    })?;
    pushed.remove(uri);
    let inner = Params::parse(body.as_bytes()).map_err(|r| r.description().to_owned())?;
    if inner.get("client_id") != params.get("client_id") {
        return Err("the client_id differs from the one that pushed this request_uri (RFC 9126 §4)".into());
    }
    Ok(inner)
}

/// `GET /sandbox/oauth2/authorize?…`
pub async fn show(
    State(server): State<Arc<AuthServer>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let iss = issuer(&headers);
    let params = match Params::parse(query.unwrap_or_default().as_bytes()) {
        Ok(p) => p,
        Err(r) => return refusal_page(StatusCode::BAD_REQUEST, r.description()),
    };
    let params = match resolve(&server, params) {
        Ok(p) => p,
        Err(why) => return refusal_page(StatusCode::BAD_REQUEST, &why),
    };
    let request = match check(&params, &super::origin(&headers)) {
        Ok(r) => r,
        Err(Refused::Page(why)) => return refusal_page(StatusCode::BAD_REQUEST, &why),
        Err(Refused::Redirect(uri, state, r)) => return error_to_client(&uri, state.as_deref(), &iss, &r),
    };
    let (id, csrf, now) = (server.token(), server.token(), server.now());
    let scopes: String = request
        .scope
        .iter()
        .map(|s| {
            let what = clients::SCOPES
                .iter()
                .find(|(n, _)| n == s)
                .map_or("", |(_, w)| w);
            format!("<li><code>{}</code> {}</li>", escape(s), escape(what))
        })
        .collect();
    let body = format!(
        "<h1>OAuth Playground sandbox</h1>\
         <p><span class=\"consumer\">{name}</span> <span class=\"muted\">(client <code>{client}</code>)</span> \
         would like to use your sandbox account <b>{SCREEN_NAME}</b> to:</p>\
         <ul id=\"scopes\">{scopes}</ul>\
         <p class=\"muted\">It will be sent to: {redirect}</p>\
         <form method=\"post\" action=\"{path}/authorize\">\
         <input type=\"hidden\" name=\"request_id\" value=\"{id}\">\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
         <div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></div></form>",
        name = escape(request.client.name),
        client = escape(request.client.id),
        redirect = escape(&request.redirect_uri),
        path = super::PATH,
    );
    server
        .lock(&server.pending)
        .insert(now, id, now + PENDING_TTL, Pending { request, csrf });
    page(StatusCode::OK, "Authorize", &body)
}

/// `POST /sandbox/oauth2/authorize` with `request_id`, `csrf_token`, `decision=allow|deny`.
pub async fn decide(State(server): State<Arc<AuthServer>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(why) = cross_site(&headers) {
        return refusal_page(StatusCode::FORBIDDEN, &why);
    }
    let Ok(form) = Params::parse(&body) else {
        return refusal_page(StatusCode::BAD_REQUEST, "the form does not parse");
    };
    let id = form.get("request_id").unwrap_or_default();
    let now = server.now();
    let request = {
        let mut pending = server.lock(&server.pending);
        let Some((_, p)) = pending.get_mut(now, id) else {
            return refusal_page(
                StatusCode::BAD_REQUEST,
                "this authorization request is unknown, expired or already decided; start the flow again",
            );
        };
        let csrf = form.get("csrf_token").unwrap_or_default();
        if !oauth1::sign::constant_time_eq(p.csrf.as_bytes(), csrf.as_bytes()) {
            return refusal_page(
                StatusCode::FORBIDDEN,
                "this form is not the one the sandbox showed for this request (csrf_token)",
            );
        }
        let request = p.request.clone();
        pending.remove(id);
        request
    };
    let iss = issuer(&headers);
    let state = request.state.as_deref();
    match form.get("decision") {
        Some("allow") => {
            let code = server.token();
            let redirect_uri = request.redirect_uri.clone();
            let value = Code {
                grant: Grant {
                    client_id: request.client.id,
                    scope: request.scope.clone(),
                    nonce: request.nonce.clone(),
                    auth_time: Some(now),
                    jkt: request.dpop_jkt.clone(),
                },
                redirect_uri: request.redirect_uri.clone(),
                challenge: request.challenge.clone(),
                method: request.method,
                family: None,
            };
            server.store().add_code(now, code.clone(), value);
            back_to_client(&redirect_uri, state, &iss, &[("code", &code)])
        }
        Some("deny") => error_to_client(
            &request.redirect_uri,
            state,
            &iss,
            &Refusal::new("access_denied", "the user clicked Deny on the consent page"),
        ),
        _ => refusal_page(
            StatusCode::BAD_REQUEST,
            "the form sends decision=allow or decision=deny",
        ),
    }
}

/// `POST /sandbox/oauth2/par` (RFC 9126 §2): the client authenticates as at the token
/// endpoint; the request is checked now and kept for [`PUSHED_TTL`] seconds.
pub async fn par(State(server): State<Arc<AuthServer>>, headers: HeaderMap, body: Bytes) -> Answer {
    let params = Params::parse(&body)?;
    let client = token::authenticate_client(&server, &params, &body, &headers, "/par")?;
    if params.contains("request_uri") {
        return Err(Refusal::invalid_request(
            "a pushed request cannot itself carry request_uri (RFC 9126 §2.1)",
        ));
    }
    let request = check(&params, &super::origin(&headers)).map_err(|r| match r {
        Refused::Page(why) => Refusal::invalid_request(why),
        Refused::Redirect(_, _, r) => r,
    })?;
    if request.client.id != client.id {
        return Err(Refusal::invalid_request(format!(
            "client_id {} is not the authenticated client {}",
            request.client.id, client.id
        )));
    }
    // Kept without the client's credentials.
    let mut kept = form_urlencoded::Serializer::new(String::new());
    for (n, v) in form_urlencoded::parse(&body) {
        if !matches!(
            n.as_ref(),
            "client_secret" | "client_assertion" | "client_assertion_type"
        ) {
            kept.append_pair(&n, &v);
        }
    }
    let now = server.now();
    let uri = format!("{REQUEST_URI_PREFIX}{}", server.token());
    server
        .lock(&server.pushed)
        .insert(now, uri.clone(), now + PUSHED_TTL, kept.finish());
    Ok((
        StatusCode::CREATED,
        super::reply::json(json!({"request_uri": uri, "expires_in": PUSHED_TTL})),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::{clients, redirect_matches, registered};

    /// The SPA client may return to the OAuth 2.0 page of the origin the request came to,
    /// and to nothing near it; the other clients may not.
    #[test]
    fn the_spa_client_returns_to_this_servers_oauth2_page_only() {
        let spa = clients::find(clients::SPA).expect("the SPA client");
        let origin = "http://127.0.0.1:8080";
        assert!(registered(spa, origin, "http://127.0.0.1:8080/oauth2/"));
        assert!(registered(spa, origin, "http://127.0.0.1:5000/callback"));
        for bad in [
            "http://127.0.0.1:8081/oauth2/",
            "http://localhost:8080/oauth2/",
            "http://127.0.0.1:8080/oauth2",
            "http://127.0.0.1:8080/oauth2/x",
            "http://127.0.0.1:8080/oauth2/?x=1",
            "http://127.0.0.1:8080/oauth2/#f",
            "https://127.0.0.1:8080/oauth2/",
            "http://127.0.0.1:8080/",
        ] {
            assert!(!registered(spa, origin, bad), "{bad}");
        }
        let web = clients::find(clients::CONFIDENTIAL).expect("the confidential client");
        assert!(!registered(web, origin, "http://127.0.0.1:8080/oauth2/"));
    }

    #[test]
    fn exact_except_the_loopback_port() {
        let r = "http://127.0.0.1/callback";
        assert!(redirect_matches(r, r));
        assert!(redirect_matches(r, "http://127.0.0.1:5000/callback"));
        for bad in [
            "http://127.0.0.1:5000/callback/",
            "http://127.0.0.1:5000/Callback",
            "http://127.0.0.1:5000/callback?x=1",
            "http://127.0.0.1:5000/callback#f",
            "https://127.0.0.1:5000/callback",
            "http://user@127.0.0.1:5000/callback",
            "http://127.0.0.2:5000/callback",
            "http://localhost:5000/callback",
        ] {
            assert!(!redirect_matches(r, bad), "{bad}");
        }
        assert!(!redirect_matches(
            "https://app.example/cb",
            "https://app.example:444/cb"
        ));
    }
}

//! Driving the sandbox's OAuth 2.0 server as a client does: the consent page walked like a
//! browser (its hidden fields read from the HTML), token requests form-encoded by hand.

use oauth2::Secret;
use oauth2::jwt::Alg;
use oauth2::jwt::dpop::DpopProof;
use oauth2::jwt::native::NativeSigner;
use serde_json::Value;

use super::{Reply, Server, get, send};

pub const SPA: &str = "playground-spa";
pub const WEB: &str = "playground-web";
pub const WEB_SECRET: &str = "playground-web-secret";
pub const M2M: &str = "playground-m2m";
pub const M2M_SECRET: &str = "playground-m2m-secret";
pub const JWT: &str = "playground-jwt";
pub const DEVICE: &str = "playground-device";
/// RFC 7636 Appendix B.
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
pub const REDIRECT: &str = "http://127.0.0.1:50123/callback";
pub const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (n, v) in pairs {
        s.append_pair(n, v);
    }
    s.finish()
}

pub fn issuer(server: &Server) -> String {
    server.url("/sandbox/oauth2")
}

pub fn endpoint(server: &Server, path: &str) -> String {
    format!("{}{path}", issuer(server))
}

/// The value of the hidden field `name` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap_or_default().to_owned()
}

/// The query pairs of a redirect's Location.
pub fn location_pairs(reply: &Reply) -> Vec<(String, String)> {
    assert_eq!(reply.status, 302, "{}", reply.text());
    let url = url::Url::parse(reply.header("location").unwrap()).unwrap();
    url.query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

/// Opens the consent page for `query` (already encoded); gives the page.
pub async fn consent_page(server: &Server, query: &str) -> Reply {
    get(&format!("{}?{query}", endpoint(server, "/authorize"))).await
}

pub async fn decide(server: &Server, page: &str, decision: &str, extra: &[(&str, &str)]) -> Reply {
    let body = form(&[
        ("request_id", &hidden(page, "request_id")),
        ("csrf_token", &hidden(page, "csrf_token")),
        ("decision", decision),
    ]);
    let mut headers = vec![FORM];
    headers.extend_from_slice(extra);
    send("POST", &endpoint(server, "/authorize"), &headers, body).await
}

/// The authorize query for `client` with PKCE (RFC 7636 B), `state` and `nonce`.
pub fn authorize_query(client: &str, scope: &str) -> String {
    form(&[
        ("response_type", "code"),
        ("client_id", client),
        ("redirect_uri", REDIRECT),
        ("scope", scope),
        ("state", "st-1"),
        ("nonce", "n-1"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ])
}

/// Walks the consent page with Allow; gives the code.
pub async fn code_for(server: &Server, client: &str, scope: &str) -> String {
    let page = consent_page(server, &authorize_query(client, scope)).await;
    assert_eq!(page.status, 200, "{}", page.text());
    let pairs = location_pairs(&decide(server, &page.text(), "allow", &[]).await);
    let get = |n: &str| pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    assert_eq!(get("state").as_deref(), Some("st-1"));
    assert_eq!(get("iss"), Some(issuer(server)));
    get("code").unwrap()
}

pub async fn post_form(url: &str, pairs: &[(&str, &str)], headers: &[(&str, &str)]) -> Reply {
    let mut h = vec![FORM];
    h.extend_from_slice(headers);
    send("POST", url, &h, form(pairs)).await
}

pub async fn token(server: &Server, pairs: &[(&str, &str)], headers: &[(&str, &str)]) -> Reply {
    post_form(&endpoint(server, "/token"), pairs, headers).await
}

/// A public client's code exchange with the RFC 7636 verifier.
pub async fn exchange(server: &Server, client: &str, code: &str, headers: &[(&str, &str)]) -> Reply {
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("client_id", client),
        ("code_verifier", VERIFIER),
    ];
    token(server, &pairs, headers).await
}

/// The members of a token response with everything in it, sorted: a refresh token and an
/// id_token beside the access token.
pub const FULL_TOKEN_SET: [&str; 6] = [
    "access_token",
    "expires_in",
    "id_token",
    "refresh_token",
    "scope",
    "token_type",
];

/// GET /userinfo with a bearer token (RFC 6750 §2.1).
pub async fn userinfo(server: &Server, access_token: &str) -> Reply {
    let bearer = format!("Bearer {access_token}");
    send(
        "GET",
        &endpoint(server, "/userinfo"),
        &[("authorization", &bearer)],
        "",
    )
    .await
}

/// The members of a JSON object, sorted.
pub fn members(v: &Value) -> Vec<String> {
    let mut m: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    m.sort();
    m
}

/// An OAuth error document: (status, error, error_description).
pub fn error(reply: &Reply) -> (u16, String, String) {
    let v = reply.json();
    (
        reply.status,
        v["error"].as_str().unwrap_or_default().to_owned(),
        v["error_description"].as_str().unwrap_or_default().to_owned(),
    )
}

pub fn basic(id: &str, secret: &str) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

pub async fn advance(server: &Server, seconds: u64) {
    let r = post_form(
        &endpoint(server, "/test/clock"),
        &[("advance", &seconds.to_string())],
        &[],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
}

pub async fn start() -> Server {
    Server::start(&["serve", "--listen", "127.0.0.1:0", "--sandbox-test-clock"]).await
}

/// A P-256 DPoP key from a seed (RFC 9449 §4.2 proofs in tests).
pub fn dpop_key(seed: u8) -> NativeSigner {
    let jwk = serde_json::json!({"kty": "EC", "crv": "P-256", "d": oauth2::base64url_encode([seed; 32])});
    NativeSigner::from_jwk(&oauth2::jwks::Jwk::parse(&jwk).unwrap(), Some(Alg::ES256)).unwrap()
}

/// A fresh proof by `key` for `method` and `url`, with `ath` for `token`.
pub fn proof(key: &NativeSigner, method: &str, url: &str, token: Option<&str>) -> String {
    let mut p = DpopProof::new(method, url, super::now(), |b| getrandom::fill(b).unwrap()).unwrap();
    if let Some(t) = token {
        p = p.with_access_token(&Secret::new(t));
    }
    p.sign(key).unwrap()
}

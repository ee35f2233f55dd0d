//! The authorization server's registered clients (public demo credentials, documented in
//! docs/sandbox.md and handed to the app by `/playground.json`) and client authentication
//! at the token endpoint (RFC 6749 §2.3, RFC 7523 §3, OIDC Core §9).

use std::sync::OnceLock;

use axum::http::{HeaderMap, header};
use oauth1::sign::constant_time_eq;
use oauth2::jwks::Jwk;
use oauth2::jwt::native::{NativeSigner, NativeVerifier};
use oauth2::jwt::{Alg, Jws, JwsSigner, verify_jws};
use oauth2::{AuthMethod, client_auth::decode_basic};
use serde_json::{Value, json};

use super::form::Params;
use super::reply::Refusal;

/// A PUBLIC demo key pair for the private_key_jwt client, committed on purpose. Never use
/// it anywhere else.
pub const DEMO_CLIENT_PRIVATE_PEM: &str = include_str!("demo_client_ec_private.pem");
pub const DEMO_CLIENT_PUBLIC_PEM: &str = include_str!("demo_client_ec_public.pem");

pub const SPA: &str = engine::sandbox::OAUTH2_SPA_CLIENT;
pub const CONFIDENTIAL: &str = "playground-web";
pub const CONFIDENTIAL_SECRET: &str = "playground-web-secret";
pub const JWT: &str = "playground-jwt";
pub const DEVICE: &str = engine::sandbox::OAUTH2_DEVICE_CLIENT;
pub const M2M: &str = engine::sandbox::OAUTH2_M2M_CLIENT;
pub const M2M_SECRET: &str = engine::sandbox::OAUTH2_M2M_SECRET;

pub const CODE: &str = "authorization_code";
pub const REFRESH: &str = "refresh_token";
pub const CLIENT_CREDENTIALS: &str = "client_credentials";
pub const DEVICE_CODE: &str = "urn:ietf:params:oauth:grant-type:device_code";
pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
/// RFC 8693 §3: the one subject token type the sandbox exchanges, its own access tokens.
pub const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Every scope the server knows.
pub const SCOPES: &[(&str, &str)] = &[
    ("openid", "Sign you in: an id_token saying who you are"),
    ("profile", "Your name and user name"),
    ("email", "Your email address"),
    ("offline_access", "Stay connected: a refresh token"),
    ("api.read", "Read your sandbox data"),
    ("api.write", "Change your sandbox data"),
];

/// The loopback redirect URIs the code clients register; any port (RFC 8252 §7.3).
const LOOPBACK_REDIRECTS: &[&str] = &[
    "http://127.0.0.1/callback",
    "http://localhost/callback",
    "http://[::1]/callback",
];

/// The app's OAuth 2.0 page under `serve` (crates/cli/src/serve.rs `PAGES`): the public
/// SPA client's own redirect, so the page can run the code flow against this server.
pub const OAUTH2_PAGE: &str = "/oauth2/";

pub struct Client {
    pub id: &'static str,
    pub name: &'static str,
    pub auth: &'static [AuthMethod],
    pub secret: Option<&'static str>,
    /// The public key of a private_key_jwt client.
    pub jwk: Option<Jwk>,
    pub grants: &'static [&'static str],
    pub redirect_uris: &'static [&'static str],
    /// Paths of `serve`'s own app this client may also redirect to, at the origin the
    /// request came to (the OAuth 2.0 page's callback, `http://HOST/oauth2/`), exactly.
    pub own_pages: &'static [&'static str],
    pub scopes: &'static [&'static str],
    pub id_token_alg: Alg,
}

impl Client {
    pub fn is_public(&self) -> bool {
        self.auth == [AuthMethod::None]
    }

    /// The scope asked for, space-delimited (RFC 6749 §3.3; default "openid"), or `Err`
    /// with the first scope this client may not ask for.
    pub fn scope_asked(&self, asked: Option<&str>) -> Result<Vec<String>, String> {
        let scope: Vec<String> = asked
            .unwrap_or("openid")
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        match scope.iter().find(|s| !self.scopes.contains(&s.as_str())) {
            Some(bad) => Err(bad.clone()),
            None => Ok(scope),
        }
    }

    pub fn may(&self, grant: &str) -> bool {
        self.grants.contains(&grant)
    }

    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "client_id": self.id,
            "name": self.name,
            "token_endpoint_auth_methods": self.auth.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
            "grant_types": self.grants,
            "redirect_uris": self.redirect_uris,
            "scopes": self.scopes,
            "id_token_signed_response_alg": self.id_token_alg.as_str(),
        });
        if let Some(s) = self.secret {
            v["client_secret"] = s.into();
        }
        if self.jwk.is_some() {
            v["private_key_pem"] = DEMO_CLIENT_PRIVATE_PEM.into();
            v["public_key_pem"] = DEMO_CLIENT_PUBLIC_PEM.into();
        }
        v
    }
}

const ALL_SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "offline_access",
    "api.read",
    "api.write",
];

pub fn all() -> &'static [Client] {
    static CLIENTS: OnceLock<Vec<Client>> = OnceLock::new();
    CLIENTS.get_or_init(|| {
        let jwk = NativeSigner::from_pem(DEMO_CLIENT_PRIVATE_PEM, Some(Alg::ES256), None)
            .ok()
            .and_then(|s| s.public_jwk())
            .and_then(|v| Jwk::parse(&v).ok());
        vec![
            Client {
                id: SPA,
                name: "Playground SPA (public, PKCE)",
                auth: &[AuthMethod::None],
                secret: None,
                jwk: None,
                grants: &[CODE, REFRESH],
                redirect_uris: LOOPBACK_REDIRECTS,
                own_pages: &[OAUTH2_PAGE],
                scopes: ALL_SCOPES,
                id_token_alg: Alg::RS256,
            },
            Client {
                id: CONFIDENTIAL,
                name: "Playground web app (confidential)",
                auth: &[AuthMethod::ClientSecretBasic, AuthMethod::ClientSecretPost],
                secret: Some(CONFIDENTIAL_SECRET),
                jwk: None,
                grants: &[CODE, REFRESH],
                redirect_uris: LOOPBACK_REDIRECTS,
                own_pages: &[],
                scopes: ALL_SCOPES,
                id_token_alg: Alg::RS256,
            },
            Client {
                id: JWT,
                name: "Playground private_key_jwt app",
                auth: &[AuthMethod::PrivateKeyJwt],
                secret: None,
                jwk,
                grants: &[CODE, REFRESH, CLIENT_CREDENTIALS],
                redirect_uris: LOOPBACK_REDIRECTS,
                own_pages: &[],
                scopes: ALL_SCOPES,
                id_token_alg: Alg::RS256,
            },
            Client {
                id: DEVICE,
                name: "Playground TV (device flow)",
                auth: &[AuthMethod::None],
                secret: None,
                jwk: None,
                grants: &[DEVICE_CODE, REFRESH],
                redirect_uris: &[],
                own_pages: &[],
                scopes: ALL_SCOPES,
                id_token_alg: Alg::ES256,
            },
            Client {
                id: M2M,
                name: "Playground batch job (machine to machine)",
                auth: &[AuthMethod::ClientSecretBasic, AuthMethod::ClientSecretPost],
                secret: Some(M2M_SECRET),
                jwk: None,
                // A backend that also trades a token it was given for one of its own (RFC 8693).
                grants: &[CLIENT_CREDENTIALS, TOKEN_EXCHANGE],
                redirect_uris: &[],
                own_pages: &[],
                scopes: &["api.read", "api.write"],
                id_token_alg: Alg::RS256,
            },
        ]
    })
}

pub fn find(id: &str) -> Option<&'static Client> {
    all().iter().find(|c| c.id == id)
}

pub fn unknown(id: &str) -> String {
    let known: Vec<&str> = all().iter().map(|c| c.id).collect();
    format!(
        "no client {id:?} is registered; the demo clients are {}",
        known.join(", ")
    )
}

/// What the token endpoint checks a client assertion against (RFC 7523 §3).
pub struct AssertionContext<'a> {
    pub now: u64,
    /// The token endpoint's URL and the issuer: either may be the `aud`.
    pub audiences: [&'a str; 2],
}

/// An authenticated client, and the `jti` of its assertion with the assertion's expiry,
/// which the caller records against replay.
pub struct Authenticated {
    pub client: &'static Client,
    pub assertion_jti: Option<(String, u64)>,
}

/// Which client is calling, by the one method it used (§2.3: never more than one).
pub fn authenticate(
    params: &Params,
    raw_body: &[u8],
    headers: &HeaderMap,
    ctx: &AssertionContext<'_>,
) -> Result<Authenticated, Refusal> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or_default())
        .filter(|v| v.len() > 6 && v[..6].eq_ignore_ascii_case("basic "));
    let used: Vec<&str> = [
        basic.map(|_| "client_secret_basic"),
        params.contains("client_secret").then_some("client_secret_post"),
        params
            .contains("client_assertion")
            .then_some("a client_assertion"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if used.len() > 1 {
        return Err(Refusal::invalid_request(format!(
            "the client authenticated with {}; RFC 6749 §2.3 allows one method per request",
            used.join(" and ")
        )));
    }
    let done = |client| {
        Ok(Authenticated {
            client,
            assertion_jti: None,
        })
    };
    if let Some(header) = basic {
        let (id, secret) =
            decode_basic(header).map_err(|e| Refusal::invalid_client(e.to_string()).challenge("Basic"))?;
        if params.get("client_id").is_some_and(|body| body != id) {
            return Err(Refusal::invalid_request(format!(
                "client_id {:?} in the body is not {id:?} of the Basic header",
                params.get("client_id").unwrap_or_default()
            )));
        }
        let client = check_secret(&id, secret.expose(), AuthMethod::ClientSecretBasic)
            .map_err(|r| r.challenge("Basic"))?;
        return done(client);
    }
    if let Some(secret) = params.get("client_secret") {
        let client = check_secret(
            params.required("client_id")?,
            secret,
            AuthMethod::ClientSecretPost,
        )?;
        return done(client);
    }
    if params.contains("client_assertion") {
        return assertion(params, ctx);
    }
    let id = params.required("client_id")?;
    let client = find(id).ok_or_else(|| Refusal::invalid_client(unknown(id)))?;
    if Params::sent_empty(raw_body, "client_secret") {
        return Err(Refusal::invalid_request(
            "client_secret is sent empty; a public client sends no client_secret at all \
             (RFC 6749 §2.3.1, a known interop trap)",
        ));
    }
    if !client.is_public() {
        return Err(Refusal::invalid_client(format!(
            "{id} is a confidential client: authenticate with {}",
            methods(client)
        )));
    }
    done(client)
}

fn methods(client: &Client) -> String {
    client
        .auth
        .iter()
        .map(|m| m.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

fn check_secret(id: &str, secret: &str, method: AuthMethod) -> Result<&'static Client, Refusal> {
    let client = find(id).ok_or_else(|| Refusal::invalid_client(unknown(id)))?;
    if !client.auth.contains(&method) {
        return Err(Refusal::invalid_client(format!(
            "{id} does not authenticate with {method}; it uses {}",
            methods(client)
        )));
    }
    let expected = client.secret.unwrap_or_default();
    if !constant_time_eq(expected.as_bytes(), secret.as_bytes()) {
        return Err(Refusal::invalid_client(format!(
            "the client_secret sent for {id} ({} characters, by {method}) is not the registered one \
             (see docs/sandbox.md); with client_secret_basic, id and secret are form-encoded \
             before Base64 (RFC 6749 §2.3.1)",
            secret.chars().count()
        )));
    }
    Ok(client)
}

/// RFC 7523 §3: `iss` and `sub` the client, `aud` this server, unexpired, signed by the
/// client's registered key.
fn assertion(params: &Params, ctx: &AssertionContext<'_>) -> Result<Authenticated, Refusal> {
    let kind = params.required("client_assertion_type")?;
    if kind != JWT_BEARER {
        return Err(Refusal::invalid_request(format!(
            "client_assertion_type is {kind:?}; it must be {JWT_BEARER} (RFC 7523 §2.2)"
        )));
    }
    let bad = |why: String| Refusal::invalid_client(format!("the client_assertion {why}"));
    let jws =
        Jws::decode(params.required("client_assertion")?).map_err(|e| bad(format!("is not a JWS: {e}")))?;
    let claims = jws.claims().map_err(|e| bad(e.to_string()))?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    let iss = text("iss").ok_or_else(|| bad("has no iss".into()))?;
    let client = find(iss).ok_or_else(|| Refusal::invalid_client(unknown(iss)))?;
    if params.get("client_id").is_some_and(|id| id != iss) {
        return Err(bad(format!("is from {iss}, but client_id says another client")));
    }
    let Some(jwk) = client
        .jwk
        .as_ref()
        .filter(|_| client.auth.contains(&AuthMethod::PrivateKeyJwt))
    else {
        return Err(bad(format!("is from {iss}, which does not use private_key_jwt")));
    };
    if text("sub") != Some(iss) {
        return Err(bad(format!(
            "has sub {:?}; it must equal iss {iss:?}",
            text("sub")
        )));
    }
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => ctx.audiences.contains(&a.as_str()),
        Some(Value::Array(list)) => list
            .iter()
            .any(|a| a.as_str().is_some_and(|a| ctx.audiences.contains(&a))),
        _ => false,
    };
    if !aud_ok {
        return Err(bad(format!(
            "has aud {}; it must be this token endpoint, {}",
            claims.get("aud").map_or("(none)".into(), Value::to_string),
            ctx.audiences[0]
        )));
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("has no numeric exp".into()))?;
    if exp <= ctx.now {
        return Err(bad(format!(
            "expired at {exp}; the server's clock says {}",
            ctx.now
        )));
    }
    let jti = text("jti")
        .filter(|j| !j.is_empty())
        .ok_or_else(|| bad("has no jti".into()))?;
    verify_jws(&jws, std::slice::from_ref(jwk), Alg::ASYMMETRIC, &NativeVerifier)
        .map_err(|e| bad(format!("is not signed by {iss}'s registered key: {e}")))?;
    Ok(Authenticated {
        client,
        assertion_jti: Some((jti.to_owned(), exp)),
    })
}

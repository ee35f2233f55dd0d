//! The sandbox's OAuth 2.0 / OpenID Connect authorization server, mounted under
//! `/sandbox/oauth2` beside the OAuth 1.0a provider (see docs/sandbox.md). The protocol's
//! rules come from the core (`crates/oauth2`); this module serves them.
//!
//! - [`meta`]: discovery (RFC 8414, OIDC Discovery), the JWKS and its rotation, the test clock.
//! - [`consent`]: the authorize page and PAR (RFC 6749 §4.1.1, RFC 7636, RFC 9126).
//! - [`token`]: the token endpoint's grants; [`clients`]: who may call it and how.
//! - [`device`]: device authorization and its verification page (RFC 8628).
//! - [`resources`]: userinfo, revocation, introspection (OIDC Core §5.3, RFC 7009, RFC 7662).
//! - [`proof`]: DPoP (RFC 9449); [`store`], [`bounded`]: what is remembered, within bounds.

mod bounded;
pub mod clients;
mod consent;
mod device;
mod form;
mod keys;
mod meta;
mod proof;
mod reply;
mod resources;
mod server;
mod store;
mod token;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub use crate::sandbox::state::{Clock, Random};
pub use server::AuthServer;

/// Where the server lives under `serve`; the issuer is the origin plus this.
pub const PATH: &str = engine::sandbox::OAUTH2_MOUNT;

/// `http://` + the request's Host (checked by server.rs) + [`PATH`].
pub fn issuer(headers: &HeaderMap) -> String {
    format!("{}{PATH}", origin(headers))
}

/// `http://` + the request's Host (checked by server.rs): the origin `serve` answers at.
pub fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:8080");
    format!("http://{host}")
}

/// The system clock plus an offset the test-clock endpoint may move (when `test_clock`).
pub fn system(
    random: Random,
    base: Clock,
    test_clock: bool,
    allowed_origins: Vec<String>,
) -> anyhow::Result<AuthServer> {
    let offset = test_clock.then(|| Arc::new(AtomicU64::new(0)));
    let clock: Clock = match &offset {
        Some(o) => {
            let o = o.clone();
            Arc::new(move || base() + o.load(Ordering::SeqCst))
        }
        None => base,
    };
    let mut server =
        AuthServer::new(clock, random).map_err(|e| anyhow::anyhow!("sandbox signing keys: {e}"))?;
    server.clock_offset = offset;
    server.allowed_origins = allowed_origins;
    Ok(server)
}

/// The routes, relative to [`PATH`]. The pages (authorize, device) answer no CORS.
pub fn router(server: Arc<AuthServer>) -> Router {
    let api = Router::new()
        .route("/.well-known/openid-configuration", get(meta::discovery))
        .route("/.well-known/oauth-authorization-server", get(meta::discovery))
        .route("/jwks", get(meta::jwks))
        .route("/jwks/rotate", post(meta::rotate))
        .route("/token", post(token::token))
        .route("/par", post(consent::par))
        .route("/device_authorization", post(device::authorize))
        .route("/userinfo", get(resources::userinfo).post(resources::userinfo))
        .route("/revoke", post(resources::revoke))
        .route("/introspect", post(resources::introspect))
        .route("/test/clock", post(meta::advance))
        .layer(middleware::from_fn_with_state(server.clone(), cors));
    Router::new()
        .route("/authorize", get(consent::show).post(consent::decide))
        .route("/device", get(device::verification).post(device::decide))
        .merge(api)
        .fallback(not_found)
        .with_state(server)
}

/// RFC 8414 §3.1's metadata URL for the issuer, at the server's root.
pub fn well_known_router(server: Arc<AuthServer>) -> Router {
    Router::new()
        .route(
            &format!("/.well-known/oauth-authorization-server{PATH}"),
            get(meta::discovery),
        )
        .layer(middleware::from_fn_with_state(server.clone(), cors))
        .with_state(server)
}

async fn not_found() -> Response {
    reply::Refusal::new(
        "not_found",
        "no such endpoint; the server's endpoints are in /sandbox/oauth2/.well-known/openid-configuration",
    )
    .status(StatusCode::NOT_FOUND)
    .into_response()
}

/// CORS for the app's origin only: this server's own (the app under `serve`), and the
/// origins given with `--sandbox-allow-origin` (a statically hosted app). Never credentials.
async fn cors(State(server): State<Arc<AuthServer>>, request: Request, next: Next) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned);
    let own = format!(
        "http://{}",
        request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
    );
    let allowed = origin
        .filter(|o| *o == own || server.allowed_origins.iter().any(|a| a == o))
        .and_then(|o| HeaderValue::from_str(&o).ok());
    let mut response = if crate::sandbox::is_preflight(&request) {
        if allowed.is_some() {
            crate::sandbox::preflight_allowing("Authorization, Content-Type, Accept, DPoP")
        } else {
            StatusCode::NO_CONTENT.into_response()
        }
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("WWW-Authenticate, DPoP-Nonce, Content-Type"),
        );
    }
    response
}

/// The `oauth2` object of `/playground.json`.
pub fn describe(origin: &str) -> serde_json::Value {
    let issuer = format!("{origin}{PATH}");
    serde_json::json!({
        "issuer": issuer,
        "discovery_url": format!("{issuer}/.well-known/openid-configuration"),
        "clients": clients::all().iter().map(clients::Client::to_json).collect::<Vec<_>>(),
    })
}

/// Checks a `--sandbox-allow-origin` value: `scheme://host[:port]`, http(s), no path.
pub fn parse_origin(value: &str) -> Result<String, String> {
    let url = url::Url::parse(value.trim()).map_err(|e| format!("{value:?}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("{value:?} is not an http(s) origin"));
    }
    let origin = url.origin().ascii_serialization();
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{value:?} has a path; an origin is scheme://host[:port], e.g. {origin}"
        ));
    }
    Ok(origin)
}

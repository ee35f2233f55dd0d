//! The sandbox provider: a real OAuth 1.0a provider on the core's verification, mounted
//! under `/sandbox` by `serve`. See docs/sandbox.md.

// The core's `Problem` is the error type throughout (192 bytes); rejections are the cold
// path of a teaching server, so it is not boxed.
#![allow(clippy::result_large_err)]

mod authorize;
pub mod callback;
mod check;
pub mod consumers;
mod endpoints;
mod lti;
mod nonces;
pub mod oauth2;
pub mod state;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clap::Args;

pub use callback::CallbackPolicy;
pub use state::Sandbox;

const STYLE: &str = include_str!("style.css");

/// `serve`'s sandbox flags.
#[derive(Args, Debug, Clone, Default)]
pub struct SandboxOptions {
    /// Let the sandbox redirect to oauth_callback URLs on any host (for workshops whose
    /// apps run on other machines). By default: loopback and this server's own origin only.
    #[arg(long = "sandbox-any-callback")]
    pub any_callback: bool,
    /// An origin (scheme://host[:port]) besides this server's own whose pages may call the
    /// OAuth 2.0 sandbox's token, userinfo and other API endpoints (CORS), e.g. a statically
    /// hosted app. Repeatable.
    #[arg(long = "sandbox-allow-origin", value_name = "ORIGIN", value_parser = self::oauth2::parse_origin)]
    pub allow_origins: Vec<String>,
    /// Turn on POST /sandbox/oauth2/test/clock (advance=SECONDS), which moves the OAuth 2.0
    /// sandbox's clock forward: for tests that expire codes and tokens without waiting.
    #[arg(long = "sandbox-test-clock")]
    pub test_clock: bool,
}

impl SandboxOptions {
    /// The OAuth 2.0 authorization server these flags describe, on the system clock.
    pub fn authorization_server(&self) -> anyhow::Result<self::oauth2::AuthServer> {
        self::oauth2::system(
            state::system_random(),
            state::system_clock(),
            self.test_clock,
            self.allow_origins.clone(),
        )
    }

    /// `public_hosts`: the names the server answers to besides loopback.
    pub fn callbacks(&self, public_hosts: &[String]) -> CallbackPolicy {
        CallbackPolicy {
            any_host: self.any_callback,
            public_hosts: public_hosts.to_vec(),
        }
    }
}

/// The sandbox's routes, relative to its mount point. The token endpoints and resources
/// answer CORS; the authorize page and its style sheet do not (only its own page posts it).
pub fn router(sandbox: Arc<Sandbox>, authorization_server: Arc<self::oauth2::AuthServer>) -> Router {
    let api = Router::new()
        .route(
            "/oauth/request_token",
            get(endpoints::request_token).post(endpoints::request_token),
        )
        .route(
            "/oauth/access_token",
            get(endpoints::access_token).post(endpoints::access_token),
        )
        .route("/api/me", get(endpoints::me))
        .route("/api/echo", axum::routing::post(endpoints::echo))
        .route(
            engine::sandbox::ONE_LEGGED,
            get(endpoints::one_legged).post(endpoints::one_legged),
        )
        .layer(middleware::from_fn(cors));
    Router::new()
        .route("/oauth/authorize", get(authorize::show).post(authorize::decide))
        .route(engine::sandbox::LTI_LAUNCH, axum::routing::post(lti::launch))
        .route("/style.css", get(style))
        .merge(api)
        .fallback(not_found)
        .with_state(sandbox)
        .nest("/oauth2", self::oauth2::router(authorization_server))
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "no such sandbox endpoint; see docs/sandbox.md\n",
    )
        .into_response()
}

/// Same-origin use needs no CORS, but a statically hosted app may call a `serve` on
/// localhost directly: `*` without credentials is safe because nothing here reads cookies,
/// and every call is signed.
async fn cors(request: Request, next: Next) -> Response {
    let mut response = if is_preflight(&request) {
        preflight_allowing("Authorization, Content-Type, Accept")
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("WWW-Authenticate, Content-Type, Location"),
    );
    response
}

/// A CORS preflight (the Fetch standard's CORS protocol): OPTIONS with Access-Control-Request-Method.
pub(crate) fn is_preflight(request: &Request) -> bool {
    request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// The answer to an allowed preflight: GET and POST with `headers`, cached ten minutes.
pub(crate) fn preflight_allowing(headers: &'static str) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(headers),
    );
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    r
}

/// The `sandbox` object of `/playground.json`, for a server reached at `origin`.
pub fn describe(origin: &str) -> serde_json::Value {
    let base = format!("{origin}/sandbox");
    serde_json::json!({
        "base": base,
        "request_token_url": format!("{base}/oauth/request_token"),
        "authorize_url": format!("{base}/oauth/authorize"),
        "access_token_url": format!("{base}/oauth/access_token"),
        "me_url": format!("{base}/api/me"),
        "echo_url": format!("{base}/api/echo"),
        "one_legged_url": format!("{base}{}", engine::sandbox::ONE_LEGGED),
        "lti_launch_url": format!("{base}{}", engine::sandbox::LTI_LAUNCH),
        "consumer_key": consumers::DEMO_KEY,
        "consumer_secret": consumers::DEMO_SECRET,
        "signature_method": "HMAC-SHA1",
        "rsa_consumer_key": consumers::RSA_KEY,
        "rsa_private_key": consumers::DEMO_RSA_PRIVATE_PEM,
        "consumers": consumers::to_json(),
        "oauth2": self::oauth2::describe(origin),
    })
}

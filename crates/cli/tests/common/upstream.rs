//! An upstream for the relay tests: echoes what arrived and checks its OAuth signature the
//! way a provider would; plus a redirect, a large body and a response held until released.
#![allow(clippy::result_large_err)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use oauth1::Secret;
use oauth1::verify::{ReceivedRequest, collect};
use tokio::sync::Notify;

use super::{Server, upstream};

pub const ORIGIN: &str = "https://app.example";

#[derive(Clone, Default)]
pub struct Upstream {
    pub hits: Arc<AtomicUsize>,
    pub entered: Arc<Notify>,
    pub release: Arc<Notify>,
}

impl Upstream {
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// Echoes what arrived, checks its OAuth signature as a provider would, and sends headers
/// the relay must pass (WWW-Authenticate) or strip (Set-Cookie, CORS).
async fn echo(
    State(u): State<Upstream>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    u.hits.fetch_add(1, Ordering::SeqCst);
    let h = |n: header::HeaderName| headers.get(n).and_then(|v| v.to_str().ok());
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let url = format!("http://{}{target}", h(header::HOST).unwrap_or_default());
    let verified = collect(ReceivedRequest {
        method: method.as_str(),
        url: &url,
        authorization: h(header::AUTHORIZATION),
        content_type: h(header::CONTENT_TYPE),
        body: &body,
    })
    .and_then(|c| {
        c.verify(
            &Secret::new("cs"),
            &Secret::new("ts"),
            None,
            &body,
            h(header::CONTENT_TYPE),
        )
    })
    .map_err(|p| p.problem);
    let names: Vec<[String; 2]> = headers
        .iter()
        .map(|(n, v)| [n.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()])
        .collect();
    let json = serde_json::json!({
        "method": method.as_str(),
        "target": target,
        "headers": names,
        "body": String::from_utf8_lossy(&body),
        "verified": verified.is_ok(),
        "problem": verified.err(),
    });
    (
        StatusCode::UNAUTHORIZED,
        [
            (
                header::WWW_AUTHENTICATE,
                "OAuth realm=\"up\", oauth_problem=\"none\"",
            ),
            (header::SET_COOKIE, "session=s3cr3t; HttpOnly"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"),
        ],
        [(header::HeaderName::from_static("x-upstream"), "yes")],
        axum::Json(json),
    )
        .into_response()
}

async fn redirect(State(u): State<Upstream>) -> Response {
    u.hits.fetch_add(1, Ordering::SeqCst);
    (StatusCode::FOUND, [(header::LOCATION, "/elsewhere")], "moved").into_response()
}

async fn big(State(u): State<Upstream>) -> Response {
    u.hits.fetch_add(1, Ordering::SeqCst);
    vec![b'x'; 64 * 1024].into_response()
}

/// Headers a browser would act on, and informational ones it would not.
async fn headers(State(u): State<Upstream>) -> Response {
    u.hits.fetch_add(1, Ordering::SeqCst);
    let h = header::HeaderName::from_static;
    (
        StatusCode::UNAUTHORIZED,
        [
            (h("clear-site-data"), "\"*\""),
            (h("refresh"), "0; url=https://evil.example/"),
            (h("content-disposition"), "attachment; filename=x.html"),
            (h("nel"), "{\"report_to\":\"x\",\"max_age\":1}"),
            (h("report-to"), "{\"group\":\"x\"}"),
            (h("link"), "<https://evil.example/x.js>; rel=preload; as=script"),
            (h("cache-control"), "public, max-age=31536000"),
            (h("www-authenticate"), "Basic realm=\"upstream\""),
            (h("x-relay-error"), "spoofed"),
            (h("x-ratelimit-remaining"), "41"),
            (h("x-request-id"), "req-123"),
            (h("content-language"), "en"),
        ],
        "denied",
    )
        .into_response()
}

/// A DPoP-protected resource asking for a nonce (RFC 9449 §9): the headers that arrived,
/// sorted, as `[name, value]` pairs.
async fn dpop(State(u): State<Upstream>, headers: HeaderMap) -> Response {
    u.hits.fetch_add(1, Ordering::SeqCst);
    let mut seen: Vec<[String; 2]> = headers
        .iter()
        .map(|(n, v)| [n.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()])
        .collect();
    seen.sort();
    let h = header::HeaderName::from_static;
    (
        StatusCode::UNAUTHORIZED,
        [
            (h("dpop-nonce"), "eyJ7S_zG.eyJH0-Z.HX4w-7v"),
            (
                h("www-authenticate"),
                "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"",
            ),
        ],
        axum::Json(seen),
    )
        .into_response()
}

/// More than any socket buffers hold: 8 MiB.
async fn huge(State(u): State<Upstream>) -> Response {
    u.hits.fetch_add(1, Ordering::SeqCst);
    vec![b'h'; HUGE].into_response()
}

pub const HUGE: usize = 8 << 20;

async fn created(State(u): State<Upstream>) -> Response {
    u.hits.fetch_add(1, Ordering::SeqCst);
    (StatusCode::CREATED, [(header::LOCATION, "/items/7")], "made").into_response()
}

/// Holds the response until the test releases it.
async fn hold(State(u): State<Upstream>) -> &'static str {
    u.hits.fetch_add(1, Ordering::SeqCst);
    u.entered.notify_one();
    u.release.notified().await;
    "released"
}

pub async fn start_upstream() -> (Upstream, String) {
    let u = Upstream::default();
    let router = Router::new()
        .route("/redirect", get(redirect))
        .route("/elsewhere", get(big))
        .route("/big", get(big))
        .route("/hold", get(hold))
        .route("/headers", get(headers))
        .route("/created", get(created))
        .route("/huge", get(huge))
        .route("/dpop", any(dpop))
        .fallback(any(echo))
        .with_state(u.clone());
    let base = upstream(router).await;
    (u, base)
}

/// A standalone relay for `ORIGIN` that also serves command-line clients (requests without
/// `Origin`), as most tests are. relay_gates.rs tests it without `--allow-no-origin`.
pub async fn relay(extra: &[&str]) -> Server {
    let mut args = vec![
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--allow-origin",
        ORIGIN,
        "--allow-no-origin",
    ];
    args.extend_from_slice(extra);
    Server::start(&args).await
}

pub fn json(reply: &super::Reply) -> serde_json::Value {
    reply.json()
}

//! `/relay?url=…`: who may call (gate.rs), the preflight, the forwarding (forward.rs), the
//! headers on every answer and one log line. The log never carries a header value, a query
//! string or a body: they hold signatures and token secrets.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Relay;
use super::cors;
use super::forward::forward;
use relay_policy::RelayCode;
use relay_policy::gate::Caller;
use relay_policy::policy::Refusal;
use relay_policy::protocol::{self, RESPONSE_HEADERS};

/// A refusal or failure, answered as `{"error": code, "message": …}`.
pub struct Failure {
    status: StatusCode,
    code: RelayCode,
    message: String,
}

impl Failure {
    pub fn new(status: StatusCode, code: RelayCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::FORBIDDEN);
        Self::new(status, r.code, r.message)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = protocol::error_body(self.code, &self.message);
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// What the log line may say about a request.
pub struct Trace {
    pub host: String,
    pub bytes_in: usize,
}

/// The request's headers as plain pairs for the pure rules. A value that is not visible
/// ASCII becomes empty: present, and matching nothing.
pub fn header_pairs(headers: &HeaderMap) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.to_str().unwrap_or_default()))
        .collect()
}

pub async fn handle(
    State(relay): State<Arc<Relay>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let mut trace = Trace {
        host: String::from("-"),
        bytes_in: 0,
    };
    let admitted = relay
        .callers
        .admit(&header_pairs(request.headers()))
        .map(|caller| match caller {
            Caller::Page(origin) => Some(origin.to_owned()),
            Caller::SameOrigin | Caller::Tool => None,
        });

    let mut response = match &admitted {
        Err(refusal) => Failure::from(refusal.clone()).into_response(),
        Ok(Some(origin)) if method == Method::OPTIONS => cors::preflight(origin),
        Ok(origin) => forward(&relay, peer, origin.as_deref(), request, started, &mut trace)
            .await
            .unwrap_or_else(IntoResponse::into_response),
    };

    let headers = response.headers_mut();
    if let Ok(Some(origin)) = &admitted {
        cors::allow_origin(headers, origin);
        cors::expose_all(headers);
    }
    for (name, value) in RESPONSE_HEADERS {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    let bytes_out = axum::body::HttpBody::size_hint(response.body())
        .exact()
        .unwrap_or(0);
    // The one log line: the host only, never the path, query, headers or body.
    tracing::info!(
        "{}",
        protocol::log_line(
            method.as_str(),
            &trace.host,
            response.status().as_u16(),
            trace.bytes_in,
            bytes_out,
            started.elapsed().as_secs_f64() * 1000.0
        )
    );
    response
}

//! `/relay?url=…`: one request forwarded and its answer returned, with the limits, the
//! CORS headers and one log line. The log never carries a header value, a query string or
//! a body: they hold signatures and token secrets.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};

use super::Relay;
use super::connect::{ErrorKind, classify_error};
use super::cors;
use super::policy::Target;
use crate::http::error_chain;

/// Response headers that describe the upstream connection, not the resource (RFC 9110
/// §7.6.1), or that must not reach the page through the relay's origin.
const DROPPED: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "set-cookie",
    "set-cookie2",
    "strict-transport-security",
    "alt-svc",
    "content-security-policy",
    "content-security-policy-report-only",
];

/// The relay's own CSP on everything it returns: upstream HTML opened directly from a
/// `/relay` URL must not run script in the app's origin (CSP3 `sandbox`).
const RESPONSE_CSP: &str = "default-src 'none'; sandbox; frame-ancestors 'none'";

/// A refusal or failure, answered as `{"error": code, "message": …}`.
pub struct Failure {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl Failure {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.code, "message": self.message });
        (self.status, axum::Json(body)).into_response()
    }
}

pub async fn handle(
    State(relay): State<Arc<Relay>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let origin = header_str(request.headers(), header::ORIGIN);
    let host = header_str(request.headers(), header::HOST);
    let mut trace = Trace {
        host: String::from("-"),
        bytes_in: 0,
    };

    let mut response = match &origin {
        Some(o) if !relay.origins.permits(o, host.as_deref()) => Failure::new(
            StatusCode::FORBIDDEN,
            "origin_refused",
            "this page's origin is not one the relay serves (see --allow-origin)",
        )
        .into_response(),
        Some(o) if method == Method::OPTIONS => cors::preflight(o),
        _ => match forward(&relay, peer, request, &mut trace).await {
            Ok(r) => r,
            Err(f) => f.into_response(),
        },
    };

    let headers = response.headers_mut();
    if let Some(o) = &origin
        && relay.origins.permits(o, host.as_deref())
    {
        cors::allow_origin(headers, o);
        cors::expose_all(headers);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(RESPONSE_CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    let bytes_out = axum::body::HttpBody::size_hint(response.body())
        .exact()
        .unwrap_or(0);
    // The one log line: the host only, never the path, query, headers or body.
    tracing::info!(
        "relay {method} {} {} in={}B out={bytes_out}B {:.1}ms",
        trace.host,
        response.status().as_u16(),
        trace.bytes_in,
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// What the log line may say about a request.
struct Trace {
    host: String,
    bytes_in: usize,
}

fn header_str(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// The target URL: everything after `url=`, percent-decoded (not form-decoded: a `+` in
/// the target stays a `+`). `url` must be the only or the last parameter.
fn target_url(query: Option<&str>) -> Result<String, Failure> {
    let bad = |m: &str| Failure::new(StatusCode::BAD_REQUEST, "target_refused", m);
    let query = query.unwrap_or_default();
    let encoded = if let Some(rest) = query.strip_prefix("url=") {
        rest
    } else if let Some((_, rest)) = query.split_once("&url=") {
        rest
    } else {
        return Err(bad("missing ?url=<percent-encoded absolute URL>"));
    };
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| bad("the url parameter is not UTF-8 once decoded"))
}

async fn forward(
    relay: &Relay,
    peer: SocketAddr,
    request: Request,
    trace: &mut Trace,
) -> Result<Response, Failure> {
    let method = request.method().clone();
    if !matches!(
        method,
        Method::GET | Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return Err(Failure::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("the relay forwards {}", cors::METHODS),
        ));
    }
    if let Err(wait) = relay.rate.check(peer.ip(), Instant::now()) {
        let mut r = Failure::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many requests from this address; slow down (see --rate-limit)",
        )
        .into_response();
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
        return Ok(r);
    }
    let Ok(_slot) = relay.slots.clone().try_acquire_owned() else {
        return Err(Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "the relay is at its concurrency limit (see --max-concurrent); try again",
        ));
    };
    let raw = target_url(request.uri().query())?;
    // The host alone goes to the log, refused or not.
    if let Some(host) = url::Url::parse(raw.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
    {
        trace.host = host;
    }
    let target = relay.policy.target(&raw).map_err(|r| {
        let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::FORBIDDEN);
        Failure::new(status, "target_refused", r.message)
    })?;
    trace.host.clone_from(&target.host);

    let (parts, body) = request.into_parts();
    let too_large = || {
        Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request_too_large",
            format!(
                "the request body is over {} bytes (see --max-request-bytes)",
                relay.limits.max_request_bytes
            ),
        )
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > relay.limits.max_request_bytes as u64) {
        return Err(too_large());
    }
    let body = axum::body::to_bytes(body, relay.limits.max_request_bytes)
        .await
        .map_err(|_| too_large())?;
    trace.bytes_in = body.len();
    let outgoing = build_request(&method, &parts.headers, &target, body)?;

    let timeout = relay.limits.timeout;
    let exchange = async {
        let response = relay
            .client
            .request(outgoing)
            .await
            .map_err(|e| send_failure(&e, &target))?;
        let (parts, body) = response.into_parts();
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        let limit = relay.limits.max_response_bytes;
        let too_large = || {
            Failure::new(
                StatusCode::BAD_GATEWAY,
                "response_too_large",
                format!("the target's response is over {limit} bytes (see --max-response-bytes)"),
            )
        };
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let bytes = Limited::new(body, limit).collect().await.map_err(|e| {
            if e.downcast_ref::<LengthLimitError>().is_some() {
                too_large()
            } else {
                Failure::new(
                    StatusCode::BAD_GATEWAY,
                    "upstream_failed",
                    "the target's response broke off",
                )
            }
        })?;
        Ok::<_, Failure>((parts, bytes.to_bytes()))
    };
    let (parts, bytes) = tokio::time::timeout(timeout, exchange).await.map_err(|_| {
        Failure::new(
            StatusCode::GATEWAY_TIMEOUT,
            "upstream_timeout",
            format!("the target did not answer within {timeout:?} (see --timeout)"),
        )
    })??;
    Ok(build_response(parts, bytes))
}

fn build_request(
    method: &Method,
    incoming: &HeaderMap,
    target: &Target,
    body: Bytes,
) -> Result<hyper::Request<Full<Bytes>>, Failure> {
    let uri = format!(
        "{}://{}{}",
        target.scheme, target.authority, target.path_and_query
    );
    let mut builder = hyper::Request::builder().method(method.clone()).uri(uri);
    let headers = builder.headers_mut().ok_or_else(|| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "target_refused",
            "the target's path or query has characters HTTP does not allow; percent-encode them",
        )
    })?;
    // An allowlist, so Cookie, Cookie2, Origin, X-Forwarded-* and the rest never leave.
    for name in [header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT] {
        for value in incoming.get_all(&name) {
            headers.append(name.clone(), value.clone());
        }
    }
    if let Ok(host) = HeaderValue::from_str(&target.authority) {
        headers.insert(header::HOST, host);
    }
    headers.insert(
        header::USER_AGENT,
        HeaderValue::from_static(concat!("oauth-playground-relay/", env!("CARGO_PKG_VERSION"))),
    );
    builder.body(Full::new(body)).map_err(|_| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "target_refused",
            "the target's path or query has characters HTTP does not allow; percent-encode them",
        )
    })
}

fn send_failure(error: &hyper_util::client::legacy::Error, target: &Target) -> Failure {
    match classify_error(error) {
        Some(ErrorKind::Refused(r)) => Failure::new(
            StatusCode::from_u16(r.status).unwrap_or(StatusCode::FORBIDDEN),
            "target_refused",
            r.message,
        ),
        Some(ErrorKind::ConnectTimeout) => Failure::new(
            StatusCode::GATEWAY_TIMEOUT,
            "connect_timeout",
            format!("connecting to {} timed out (see --connect-timeout)", target.host),
        ),
        None => Failure::new(
            StatusCode::BAD_GATEWAY,
            "upstream_unreachable",
            format!(
                "could not reach {}:{}: {}",
                target.host,
                target.port,
                error_chain(error)
            ),
        ),
    }
}

fn build_response(parts: hyper::http::response::Parts, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = parts.status;
    let connection_listed: Vec<String> = parts
        .headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
        .collect();
    let redirect = parts.status.is_redirection();
    let headers = response.headers_mut();
    for (name, value) in &parts.headers {
        let n = name.as_str();
        if DROPPED.contains(&n)
            || n.starts_with("access-control-")
            || connection_listed.iter().any(|c| c == n)
        {
            continue;
        }
        // Fetch follows a redirect that has a Location (or hides it from the page with
        // redirect: "manual"), so the relay hands it over under another name.
        if redirect && name == header::LOCATION {
            headers.append(HeaderName::from_static("x-relay-location"), value.clone());
            continue;
        }
        headers.append(name.clone(), value.clone());
    }
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn target_is_percent_decoded_not_form_decoded() {
        let t = target_url(Some("url=https%3A%2F%2Fx.example%2Fa%3Fb%3D1%2B2+3"))
            .ok()
            .unwrap();
        assert_eq!(t, "https://x.example/a?b=1+2+3");
        assert_eq!(
            target_url(Some("x=1&url=http://a/?q=1&r=2")).ok().unwrap(),
            "http://a/?q=1&r=2"
        );
        assert!(target_url(None).is_err());
        assert!(target_url(Some("u=1")).is_err());
        assert!(target_url(Some("url=%ff")).is_err());
    }
}

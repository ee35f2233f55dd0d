//! Forwarding one admitted request: the method, rate and concurrency limits, the target
//! policy, the body (within the deadline), the exchange and the answer's headers.

use relay_policy::RelayCode;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};

use super::Relay;
use super::connect::{ErrorKind, classify_error};
use super::handler::{Failure, Trace};
use crate::http::error_chain;
use relay_policy::headers::{FORWARDED, returned_name};
use relay_policy::policy::Target;
use relay_policy::protocol::{self, BodyCaps};

/// `started`: when the request's headers were in. The body and the whole exchange with the
/// target must be done by `started + --timeout`, so a client trickling its body holds its
/// concurrency slot no longer than that. `page_origin`: the caller's origin, when the gate
/// admitted it as a page; sent on only if the query asks (`origin=forward`).
pub async fn forward(
    relay: &Relay,
    peer: SocketAddr,
    page_origin: Option<&str>,
    request: Request,
    started: Instant,
    trace: &mut Trace,
) -> Result<Response, Failure> {
    let method = request.method().clone();
    protocol::check_method(method.as_str())?;
    if let Err(wait) = relay.rate.check(peer.ip(), Instant::now()) {
        let mut r = Failure::new(
            StatusCode::TOO_MANY_REQUESTS,
            RelayCode::RateLimited,
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
            RelayCode::Busy,
            "the relay is at its concurrency limit (see --max-concurrent); try again",
        ));
    };
    let raw = protocol::target_url(request.uri().query())?;
    let origin = protocol::origin_to_forward(request.uri().query(), page_origin)?;
    // The host alone goes to the log, refused or not.
    if let Some(host) = protocol::logged_host(&raw) {
        trace.host = host;
    }
    let target = relay.policy.target(&raw)?;
    trace.host.clone_from(&target.host);

    let (parts, body) = request.into_parts();
    let caps = &relay.limits.caps;
    let too_large = || Failure::from(caps.request_too_large("--max-request-bytes"));
    if BodyCaps::declared_over(content_length(&parts.headers), caps.max_request_bytes) {
        return Err(too_large());
    }
    let timeout = relay.limits.timeout;
    let deadline = tokio::time::Instant::from_std(started + timeout);
    let body = tokio::time::timeout_at(deadline, axum::body::to_bytes(body, caps.max_request_bytes))
        .await
        .map_err(|_| {
            Failure::new(
                StatusCode::REQUEST_TIMEOUT,
                RelayCode::RequestTimeout,
                format!(
                    "the request body did not arrive within {} (see --timeout)",
                    seconds(timeout)
                ),
            )
        })?
        .map_err(|_| too_large())?;
    trace.bytes_in = body.len();
    let outgoing = build_request(&method, &parts.headers, origin, &target, body)?;

    let exchange = async {
        let response = relay
            .client
            .request(outgoing)
            .await
            .map_err(|e| send_failure(&e, &target))?;
        let (parts, body) = response.into_parts();
        let limit = caps.max_response_bytes;
        let too_large = || Failure::from(caps.response_too_large("--max-response-bytes"));
        if BodyCaps::declared_over(content_length(&parts.headers), limit) {
            return Err(too_large());
        }
        let bytes = Limited::new(body, limit).collect().await.map_err(|e| {
            if e.downcast_ref::<LengthLimitError>().is_some() {
                too_large()
            } else {
                Failure::new(
                    StatusCode::BAD_GATEWAY,
                    RelayCode::UpstreamFailed,
                    "the target's response broke off",
                )
            }
        })?;
        Ok::<_, Failure>((parts, bytes.to_bytes()))
    };
    let (parts, bytes) = tokio::time::timeout_at(deadline, exchange).await.map_err(|_| {
        Failure::new(
            StatusCode::GATEWAY_TIMEOUT,
            RelayCode::UpstreamTimeout,
            format!(
                "the target did not answer within {} (see --timeout)",
                seconds(timeout)
            ),
        )
    })??;
    Ok(build_response(parts, bytes))
}

fn build_request(
    method: &Method,
    incoming: &HeaderMap,
    origin: Option<&str>,
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
            RelayCode::TargetRefused,
            "the target's path or query has characters HTTP does not allow; percent-encode them",
        )
    })?;
    for name in FORWARDED {
        for value in incoming.get_all(name) {
            if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                headers.append(name, value.clone());
            }
        }
    }
    if let Some(Ok(origin)) = origin.map(HeaderValue::from_str) {
        headers.insert(header::ORIGIN, origin);
    }
    if let Ok(host) = HeaderValue::from_str(&target.authority) {
        headers.insert(header::HOST, host);
    }
    headers.insert(header::USER_AGENT, HeaderValue::from_static(protocol::USER_AGENT));
    builder.body(Full::new(body)).map_err(|_| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            RelayCode::TargetRefused,
            "the target's path or query has characters HTTP does not allow; percent-encode them",
        )
    })
}

fn send_failure(error: &hyper_util::client::legacy::Error, target: &Target) -> Failure {
    match classify_error(error) {
        Some(ErrorKind::Refused(r)) => Failure::new(
            StatusCode::from_u16(r.status).unwrap_or(StatusCode::FORBIDDEN),
            RelayCode::TargetRefused,
            r.message,
        ),
        Some(ErrorKind::ConnectTimeout) => Failure::new(
            StatusCode::GATEWAY_TIMEOUT,
            RelayCode::ConnectTimeout,
            format!("connecting to {} timed out (see --connect-timeout)", target.host),
        ),
        None => Failure::new(
            StatusCode::BAD_GATEWAY,
            RelayCode::UpstreamUnreachable,
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
    let status = parts.status.as_u16();
    let headers = response.headers_mut();
    for (name, value) in &parts.headers {
        let Some(returned) = returned_name(status, name.as_str(), value.as_bytes()) else {
            continue;
        };
        if let Ok(returned) = HeaderName::from_bytes(returned.as_bytes()) {
            headers.append(returned, value.clone());
        }
    }
    response
}

fn content_length(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()
}

/// `30 s`, `300 ms`: how the limits are written in messages.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

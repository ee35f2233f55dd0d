//! Forwarding one admitted request: the method, rate and concurrency limits, the target
//! policy, the body (within the deadline), the exchange and the answer's headers.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};

use super::Relay;
use super::connect::{ErrorKind, classify_error};
use super::cors;
use super::handler::{Failure, Trace};
use super::headers::{FORWARDED, returned_name};
use super::policy::Target;
use crate::http::error_chain;

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

/// `started`: when the request's headers were in. The body and the whole exchange with the
/// target must be done by `started + --timeout`, so a client trickling its body holds its
/// concurrency slot no longer than that.
pub async fn forward(
    relay: &Relay,
    peer: SocketAddr,
    request: Request,
    started: Instant,
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
    let target = relay.policy.target(&raw)?;
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
    let timeout = relay.limits.timeout;
    let deadline = tokio::time::Instant::from_std(started + timeout);
    let body = tokio::time::timeout_at(
        deadline,
        axum::body::to_bytes(body, relay.limits.max_request_bytes),
    )
    .await
    .map_err(|_| {
        Failure::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!(
                "the request body did not arrive within {} (see --timeout)",
                seconds(timeout)
            ),
        )
    })?
    .map_err(|_| too_large())?;
    trace.bytes_in = body.len();
    let outgoing = build_request(&method, &parts.headers, &target, body)?;

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
    let (parts, bytes) = tokio::time::timeout_at(deadline, exchange).await.map_err(|_| {
        Failure::new(
            StatusCode::GATEWAY_TIMEOUT,
            "upstream_timeout",
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
    for name in FORWARDED {
        for value in incoming.get_all(name) {
            if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                headers.append(name, value.clone());
            }
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

/// `30 s`, `300 ms`: how the limits are written in messages.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
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

//! The relay as a Cloudflare Worker: the `/relay?url=` protocol of `oauth-playground relay`
//! with the same rules (crates/relay-policy), configured from the Worker's environment
//! (config.rs). What the edge cannot do as the native relay does — check the address a
//! name resolves to, rate-limit per client, bound connections — is in docs/relay.md,
//! "On Cloudflare Workers".

mod config;

use std::time::Duration;

use futures_util::StreamExt;
use futures_util::future::{Either, select};
use relay_policy::gate::Caller;
use relay_policy::headers::{FORWARDED, returned_name};
use relay_policy::protocol::{self, BodyCaps, RESPONSE_HEADERS};
use relay_policy::{Refusal, RelayCode, cors};
use worker::{
    ByteStream, Context, Date, Delay, Env, Fetch, Headers, Method, Request, RequestInit, RequestRedirect,
    Response, console_log, event, js_sys,
};

use crate::config::{Config, MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, TIMEOUT_MS};

/// What the log line may say about a request.
struct Trace {
    host: String,
    bytes_in: usize,
    bytes_out: usize,
}

#[event(fetch)]
async fn fetch(request: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let started = Date::now().as_millis();
    let method = request.inner().method();
    let mut trace = Trace {
        host: String::from("-"),
        bytes_in: 0,
        bytes_out: 0,
    };
    let (response, origin) = respond(request, &env, &mut trace).await;
    let mut response = match response {
        Ok(r) => r,
        Err(r) => failure(&r, &mut trace)?,
    };
    let status = response.status_code();
    let headers = response.headers_mut();
    if let Some(origin) = &origin {
        let [(allow, origin), (vary, by)] = cors::allow_origin(origin);
        headers.set(allow, origin)?;
        headers.append(vary, by)?;
        let names: Vec<String> = headers.keys().collect();
        headers.set(
            "access-control-expose-headers",
            &cors::expose_headers(names.iter().map(String::as_str)),
        )?;
    }
    for (name, value) in RESPONSE_HEADERS {
        headers.set(name, value)?;
    }
    // The one log line: the host only, never the path, query, headers or body.
    console_log!(
        "{}",
        protocol::log_line(
            &method,
            &trace.host,
            status,
            trace.bytes_in,
            trace.bytes_out as u64,
            Date::now().as_millis().saturating_sub(started) as f64
        )
    );
    Ok(response)
}

/// The answer, and the allowed origin it is for (CORS headers go on it).
async fn respond(
    request: Request,
    env: &Env,
    trace: &mut Trace,
) -> (Result<Response, Refusal>, Option<String>) {
    // The query as the runtime received it, not re-serialized by a URL parser.
    let url = request.inner().url();
    let query = url.split_once('?').map(|(_, q)| q.to_owned());
    if !request.url().is_ok_and(|u| u.path() == protocol::PATH) {
        let not_found = Refusal::new(404, RelayCode::NotFound, "this Worker answers /relay?url=… only");
        return (Err(not_found), None);
    }
    let config = match config::read(|name| env.var(name).ok().map(|v| v.to_string())) {
        Ok(c) => c,
        Err(message) => return (Err(Refusal::new(500, RelayCode::Misconfigured, message)), None),
    };
    let pairs: Vec<(String, String)> = request.headers().entries().collect();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let origin = match config.callers.admit(&pairs) {
        Ok(Caller::Page(origin)) => Some(origin.to_owned()),
        Ok(Caller::SameOrigin | Caller::Tool) => None,
        Err(refusal) => return (Err(refusal), None),
    };
    let response = match (&origin, request.inner().method().as_str()) {
        (Some(_), "OPTIONS") => preflight(),
        _ => forward(request, query.as_deref(), origin.as_deref(), &config, trace).await,
    };
    (response, origin)
}

fn preflight() -> Result<Response, Refusal> {
    let headers = Headers::new();
    for (name, value) in cors::preflight_headers() {
        headers.set(name, &value).map_err(internal)?;
    }
    Ok(Response::empty()
        .map_err(internal)?
        .with_status(204)
        .with_headers(headers))
}

/// `page_origin`: the caller's, admitted by the gate; sent on only if the query asks.
async fn forward(
    mut request: Request,
    query: Option<&str>,
    page_origin: Option<&str>,
    config: &Config,
    trace: &mut Trace,
) -> Result<Response, Refusal> {
    let method = request.inner().method();
    protocol::check_method(&method)?;
    let raw = protocol::target_url(query)?;
    let origin = protocol::origin_to_forward(query, page_origin)?;
    // The host alone goes to the log, refused or not.
    if let Some(host) = protocol::logged_host(&raw) {
        trace.host = host;
    }
    let target = config.policy.target(&raw)?;
    trace.host.clone_from(&target.host);

    let caps = &config.caps;
    let declared = request.headers().get("content-length").ok().flatten();
    if BodyCaps::declared_over(declared.as_deref(), caps.max_request_bytes) {
        return Err(caps.request_too_large(MAX_REQUEST_BYTES));
    }
    let body = match request.inner().body() {
        Some(_) => read_capped(request.stream().map_err(internal)?, caps.max_request_bytes)
            .await
            .map_err(internal)?
            .ok_or_else(|| caps.request_too_large(MAX_REQUEST_BYTES))?,
        None => Vec::new(),
    };
    trace.bytes_in = body.len();

    let headers = Headers::new();
    for name in FORWARDED {
        if let Ok(Some(value)) = request.headers().get(name) {
            headers.append(name, &value).map_err(internal)?;
        }
    }
    if let Some(origin) = origin {
        headers.set("origin", origin).map_err(internal)?;
    }
    headers
        .set("user-agent", protocol::USER_AGENT)
        .map_err(internal)?;
    let mut init = RequestInit::new();
    init.with_method(Method::from(method.clone()))
        .with_headers(headers)
        // Never followed: a 3xx comes back with its Location renamed (docs/relay.md).
        .with_redirect(RequestRedirect::Manual);
    // fetch() refuses a body on GET; the native relay forwards one, pages never send one.
    if !body.is_empty() && method != "GET" {
        init.with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
    }
    let uri = format!(
        "{}://{}{}",
        target.scheme, target.authority, target.path_and_query
    );
    let outgoing = Request::new_with_init(&uri, &init).map_err(|_| {
        Refusal::new(
            400,
            RelayCode::TargetRefused,
            "the target's path or query has characters HTTP does not allow; percent-encode them",
        )
    })?;

    let exchange = async {
        let mut response = Fetch::Request(outgoing).send().await.map_err(|e| {
            Refusal::new(
                502,
                RelayCode::UpstreamUnreachable,
                format!("could not reach {}:{}: {e}", target.host, target.port),
            )
        })?;
        let declared = response.headers().get("content-length").ok().flatten();
        if BodyCaps::declared_over(declared.as_deref(), caps.max_response_bytes) {
            return Err(caps.response_too_large(MAX_RESPONSE_BYTES));
        }
        // No stream: a response without a body (204, 304, HEAD-like answers).
        let bytes = match response.stream() {
            Ok(stream) => read_capped(stream, caps.max_response_bytes)
                .await
                .map_err(|_| Refusal::new(502, RelayCode::UpstreamFailed, "the target's response broke off"))?
                .ok_or_else(|| caps.response_too_large(MAX_RESPONSE_BYTES))?,
            Err(_) => Vec::new(),
        };
        Ok((response, bytes))
    };
    let deadline = Delay::from(Duration::from_millis(config.timeout_ms));
    let (upstream, bytes) = match select(Box::pin(exchange), deadline).await {
        Either::Left((outcome, _)) => outcome?,
        Either::Right(_) => {
            return Err(Refusal::new(
                504,
                RelayCode::UpstreamTimeout,
                format!(
                    "the target did not answer within {} ms (see {TIMEOUT_MS})",
                    config.timeout_ms
                ),
            ));
        }
    };
    trace.bytes_out = bytes.len();
    build_response(&upstream, bytes)
}

/// The upstream's status and body, and its headers under the names the policy returns them.
fn build_response(upstream: &Response, body: Vec<u8>) -> Result<Response, Refusal> {
    let status = upstream.status_code();
    let headers = Headers::new();
    for (name, value) in upstream.headers().entries() {
        if let Some(returned) = returned_name(status, &name, value.as_bytes()) {
            headers.append(&returned, &value).map_err(internal)?;
        }
    }
    // A Response with one of these statuses must not have a body (Fetch standard).
    let response = if matches!(status, 101 | 204 | 205 | 304) {
        Response::empty()
    } else {
        Response::from_bytes(body)
    }
    .map_err(internal)?;
    Ok(response.with_status(status).with_headers(headers))
}

/// The body, or `None` once it is over `cap`.
async fn read_capped(mut stream: ByteStream, cap: usize) -> worker::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if out.len() + chunk.len() > cap {
            return Ok(None);
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Some(out))
}

fn internal(e: worker::Error) -> Refusal {
    Refusal::new(
        502,
        RelayCode::UpstreamFailed,
        format!("the Worker runtime failed: {e}"),
    )
}

/// `{"error": code, "message": …}` with the refusal's status.
fn failure(refusal: &Refusal, trace: &mut Trace) -> worker::Result<Response> {
    let body = protocol::error_body(refusal.code, &refusal.message);
    trace.bytes_out = body.len();
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    Ok(Response::from_bytes(body.into_bytes())?
        .with_status(refusal.status)
        .with_headers(headers))
}

//! The token endpoints (RFC 5849 §2.1, §2.3) and the protected resources.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, OriginalUri, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use oauth1::{Problem, Secret, Source};

use super::check::{Authenticated, Incoming, Rejection, absent, authenticate, problem, rejected};
use super::consumers::Consumer;
use super::state::{SCREEN_NAME, Sandbox, USER_ID};

/// The URL the client signed: the sandbox is served over plain http, and the `Host` header
/// carries the authority the client addressed (§3.4.1.2).
pub fn request_url(headers: &HeaderMap, uri: &axum::http::Uri) -> Result<String, Rejection> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty())
        .ok_or_else(|| rejected("Host", "the request has no Host header"))?;
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    Ok(format!("http://{host}{target}"))
}

/// What every handler extracts.
pub struct Call {
    method: Method,
    url: String,
    headers: HeaderMap,
    body: Bytes,
}

/// Extracted like any axum argument, so each handler takes just `call: Call`.
impl<S: Send + Sync> FromRequest<S> for Call {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        // Nested under /sandbox: the URL the client signed is the original one.
        let uri = req
            .extensions()
            .get::<OriginalUri>()
            .map_or_else(|| req.uri().clone(), |o| o.0.clone());
        let method = req.method().clone();
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Call::new(method, &uri, headers, body).map_err(IntoResponse::into_response)
    }
}

impl Call {
    pub fn new(
        method: Method,
        uri: &axum::http::Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<Self, Rejection> {
        let url = request_url(&headers, uri)?;
        Ok(Self {
            method,
            url,
            headers,
            body,
        })
    }

    pub fn incoming(&self) -> Incoming<'_> {
        Incoming {
            method: self.method.as_str(),
            url: &self.url,
            headers: &self.headers,
            body: &self.body,
        }
    }
}

fn form_response(pairs: &[(&str, &str)]) -> Response {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (n, v) in pairs {
        body.append_pair(n, v);
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        )],
        body.finish(),
    )
        .into_response()
}

/// For [`authenticate`]: a request signed by the consumer alone (an empty `oauth_token`
/// counts as none); one that carries a token is refused with `refusal`.
pub fn without_token(
    refusal: impl FnOnce() -> Problem,
) -> impl FnOnce(&Consumer, Option<&str>) -> Result<Secret, Problem> {
    move |_, token| match token {
        None => Ok(Secret::default()),
        Some(_) => Err(refusal()),
    }
}

pub async fn request_token(State(sandbox): State<Arc<Sandbox>>, call: Call) -> Result<Response, Rejection> {
    let auth = authenticate(
        &sandbox,
        &call.incoming(),
        without_token(|| rejected("oauth_token", "the request-token step is signed without a token")),
    )?;
    let callback = auth
        .request
        .protocol
        .callback
        .clone()
        .ok_or_else(|| absent("oauth_callback"))?;
    let host = call.headers.get(header::HOST).and_then(|h| h.to_str().ok());
    sandbox.callbacks.check(&callback, host)?;
    let (token, secret) = sandbox.issue_request_token(auth.consumer.key, &callback);
    Ok(form_response(&[
        ("oauth_token", &token),
        ("oauth_token_secret", secret.expose()),
        ("oauth_callback_confirmed", "true"),
    ]))
}

pub async fn access_token(State(sandbox): State<Arc<Sandbox>>, call: Call) -> Result<Response, Rejection> {
    let auth = authenticate(&sandbox, &call.incoming(), |consumer, token| {
        let token = token.ok_or_else(|| absent("oauth_token"))?;
        sandbox
            .request_token(token)
            .filter(|t| t.consumer_key == consumer.key)
            .map(|t| t.secret)
            .ok_or_else(|| {
                problem(
                    "token_rejected",
                    "unknown or expired request token for this consumer",
                )
            })
    })?;
    let protocol = &auth.request.protocol;
    let verifier = protocol
        .verifier
        .as_deref()
        .ok_or_else(|| absent("oauth_verifier"))?;
    let token = protocol.token.as_deref().unwrap_or_default();
    let (access, secret) = sandbox.exchange(auth.consumer.key, token, verifier)?;
    Ok(form_response(&[
        ("oauth_token", &access),
        ("oauth_token_secret", secret.expose()),
        ("user_id", USER_ID),
        ("screen_name", SCREEN_NAME),
    ]))
}

/// Protected resources take access tokens only.
fn authenticate_access(sandbox: &Sandbox, call: &Call) -> Result<Authenticated, Rejection> {
    authenticate(sandbox, &call.incoming(), |consumer, token| {
        let token = token.ok_or_else(|| absent("oauth_token"))?;
        match sandbox.access_token(token) {
            Some(t) if t.consumer_key == consumer.key => Ok(t.secret),
            Some(_) => Err(problem(
                "token_rejected",
                "this access token belongs to another consumer",
            )),
            None if sandbox.request_token(token).is_some() => Err(problem(
                "token_rejected",
                "this is a request token; exchange it at oauth/access_token first",
            )),
            None => Err(problem("token_rejected", "unknown access token")),
        }
    })
}

/// `GET /sandbox/api/me`: who the token speaks for.
pub async fn me(State(sandbox): State<Arc<Sandbox>>, call: Call) -> Result<Response, Rejection> {
    let auth = authenticate_access(&sandbox, &call)?;
    Ok(Json(serde_json::json!({
        "consumer_key": auth.consumer.key,
        "token": auth.request.protocol.token,
        "user_id": USER_ID,
        "screen_name": SCREEN_NAME,
        "signature_method": auth.request.signature_method.as_str(),
    }))
    .into_response())
}

/// `POST /sandbox/api/echo`: the form parameters back as JSON; a non-form body (e.g. JSON)
/// is echoed too, with whether `oauth_body_hash` covered it (OAuth Request Body Hash).
pub async fn echo(State(sandbox): State<Arc<Sandbox>>, call: Call) -> Result<Response, Rejection> {
    let auth = authenticate_access(&sandbox, &call)?;
    let params: Vec<[&str; 2]> = auth
        .request
        .parameters
        .iter()
        .filter(|p| p.source == Source::FormBody && !p.name.starts_with("oauth_"))
        .map(|p| [p.name.as_str(), p.value.as_str()])
        .collect();
    let is_form = call.incoming().content_type().is_some_and(|c| {
        c.trim_start()
            .to_ascii_lowercase()
            .starts_with(oauth1::FORM_CONTENT_TYPE)
    });
    let mut out = serde_json::json!({ "params": params });
    if !is_form && !call.body.is_empty() {
        let text = String::from_utf8_lossy(&call.body);
        out["body"] = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text.into_owned()));
        // verify() has already checked the hash when it was sent.
        out["body_hash"] = if auth.request.protocol.body_hash.is_some() {
            "verified".into()
        } else {
            "absent: the body is not covered by the signature".into()
        };
    }
    Ok(Json(out).into_response())
}

/// `GET|POST /sandbox/api/one-legged`: a resource for calls signed by the consumer alone
/// (§3.1, no token): who signed, whether `oauth_token` was sent (absent: `null`; an empty
/// one: `""`), and the signed non-oauth parameters of the query and a form body.
pub async fn one_legged(State(sandbox): State<Arc<Sandbox>>, call: Call) -> Result<Response, Rejection> {
    let auth = authenticate(
        &sandbox,
        &call.incoming(),
        without_token(|| {
            problem(
                "token_rejected",
                "this resource is one-legged: sign with the consumer alone, without a token",
            )
        }),
    )?;
    let params: Vec<[&str; 2]> = auth
        .request
        .parameters
        .iter()
        .filter(|p| matches!(p.source, Source::Query | Source::FormBody) && !p.name.starts_with("oauth_"))
        .map(|p| [p.name.as_str(), p.value.as_str()])
        .collect();
    Ok(Json(serde_json::json!({
        "consumer_key": auth.consumer.key,
        "oauth_token": auth.request.protocol.token,
        "signature_method": auth.request.signature_method.as_str(),
        "params": params,
    }))
    .into_response())
}

//! Authenticating a signed request the way a provider does (RFC 5849 §3.2): collect the
//! parameters, find the consumer and token, check the signature, then the timestamp
//! window and the nonce. Failures are Problem Reporting answers.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oauth1::verify::{CollectedRequest, ReceivedRequest, collect};
use oauth1::{Problem, Secret};

use super::consumers::{self, Consumer};
use super::state::Sandbox;

pub const REALM: &str = "OAuth Playground sandbox";

/// A refused request: 400 for malformed ones, 401 for bad credentials (§3.2).
#[derive(Debug)]
pub struct Rejection(pub Problem);

impl Rejection {
    fn status(&self) -> StatusCode {
        match self.0.problem.as_str() {
            "parameter_absent" | "parameter_rejected" | "signature_method_rejected" | "version_rejected" => {
                StatusCode::BAD_REQUEST
            }
            _ => StatusCode::UNAUTHORIZED,
        }
    }
}

impl From<Problem> for Rejection {
    fn from(p: Problem) -> Self {
        Self(p)
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (status, self.0.to_body()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        if status == StatusCode::UNAUTHORIZED {
            // §3.5.1 / Problem Reporting: the challenge names the problem too.
            let challenge = format!("OAuth realm=\"{REALM}\", oauth_problem=\"{}\"", self.0.problem);
            if let Ok(v) = HeaderValue::from_str(&challenge) {
                headers.insert(header::WWW_AUTHENTICATE, v);
            }
        }
        response
    }
}

pub fn problem(code: &str, advice: impl Into<String>) -> Problem {
    Problem::new(code).with_advice(advice)
}

pub fn absent(name: &str) -> Problem {
    let mut p = problem("parameter_absent", format!("{name} is required on this step"));
    p.parameters_absent.push(name.to_owned());
    p
}

pub fn rejected(name: &str, advice: impl Into<String>) -> Problem {
    let mut p = problem("parameter_rejected", advice);
    p.parameters_rejected.push(name.to_owned());
    p
}

/// What the handler learned: the request taken apart and who signed it.
pub struct Authenticated {
    pub request: CollectedRequest,
    pub consumer: &'static Consumer,
}

/// The incoming request as the sandbox reconstructs it.
pub struct Incoming<'a> {
    pub method: &'a str,
    /// `http://{Host}{path and query}`: the URL the client signed.
    pub url: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

impl Incoming<'_> {
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }
}

/// Checks everything but the step-specific rules. `token_secret` finds the secret of the
/// token the request carries (or refuses it) for the consumer that signed.
pub fn authenticate(
    sandbox: &Sandbox,
    incoming: &Incoming<'_>,
    token_secret: impl FnOnce(&Consumer, Option<&str>) -> Result<Secret, Problem>,
) -> Result<Authenticated, Rejection> {
    let authorization = incoming
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let request = collect(ReceivedRequest {
        method: incoming.method,
        url: incoming.url,
        authorization,
        content_type: incoming.content_type(),
        body: incoming.body,
    })?;
    let protocol = &request.protocol;
    let consumer = consumers::find(&protocol.consumer_key).ok_or_else(|| {
        problem(
            "consumer_key_unknown",
            format!(
                "the sandbox knows the consumer keys {} and {}",
                consumers::DEMO_KEY,
                consumers::RSA_KEY
            ),
        )
    })?;
    if !consumer.methods.contains(&request.signature_method) {
        let names: Vec<_> = consumer.methods.iter().map(|m| m.as_str()).collect();
        return Err(problem(
            "signature_method_rejected",
            format!("{} signs with {}", consumer.key, names.join(", ")),
        )
        .into());
    }
    let token = protocol.token.as_deref().filter(|t| !t.is_empty());
    let secret = token_secret(consumer, token)?;
    request.verify(
        &consumer.secret,
        &secret,
        consumer.rsa_public.as_ref(),
        incoming.body,
        incoming.content_type(),
    )?;
    // PLAINTEXT may leave out the timestamp and nonce (§3.1); when sent they are checked.
    if let Some(timestamp) = request.timestamp()? {
        sandbox.check_timestamp(timestamp)?;
        if let Some(nonce) = &protocol.nonce {
            sandbox.use_nonce(consumer.key, timestamp, nonce)?;
        }
    }
    Ok(Authenticated { request, consumer })
}

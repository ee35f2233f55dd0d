//! Authenticating a signed request the way a provider does (RFC 5849 §3.2): collect the
//! parameters, find the consumer and token, check the signature, then the timestamp
//! window and the nonce. Failures are Problem Reporting answers.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oauth1::verify::{CollectedRequest, ReceivedRequest, collect};
use oauth1::{Problem, Secret};

use super::consumers::{self, Consumer};
use super::nonces::{self, MAX_NONCE_CHARS};
use super::state::Sandbox;

pub const REALM: &str = "OAuth Playground sandbox";

/// A refused request: 400 for malformed ones, 401 for bad credentials (§3.2), 503 with
/// `Retry-After` when the sandbox is too busy to remember another nonce.
#[derive(Debug)]
pub struct Rejection {
    problem: Problem,
    retry_after: Option<u64>,
}

impl Rejection {
    /// What was refused, for a page that shows it (the LTI tool's).
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    pub fn status(&self) -> StatusCode {
        if self.retry_after.is_some() {
            return StatusCode::SERVICE_UNAVAILABLE;
        }
        match self.problem.problem.as_str() {
            "parameter_absent" | "parameter_rejected" | "signature_method_rejected" | "version_rejected" => {
                StatusCode::BAD_REQUEST
            }
            _ => StatusCode::UNAUTHORIZED,
        }
    }
}

impl From<Problem> for Rejection {
    fn from(problem: Problem) -> Self {
        Self {
            problem,
            retry_after: None,
        }
    }
}

impl From<nonces::Refused> for Rejection {
    fn from(refused: nonces::Refused) -> Self {
        match refused {
            nonces::Refused::Used => problem(
                "nonce_used",
                "this consumer already sent this nonce with this timestamp; sign the request again for a fresh nonce",
            )
            .into(),
            // Problem Reporting: consumer_key_refused is "temporarily unacceptable", e.g. throttled.
            nonces::Refused::Full { retry_after } => Self {
                problem: problem(
                    "consumer_key_refused",
                    format!(
                        "the sandbox holds as many recent nonces as it keeps ({}); retry in {retry_after} s",
                        nonces::MAX_NONCES
                    ),
                ),
                retry_after: Some(retry_after),
            },
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (status, self.problem.to_body()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        if status == StatusCode::UNAUTHORIZED {
            // §3.5.1 / Problem Reporting: the challenge names the problem too.
            let challenge = format!(
                "OAuth realm=\"{REALM}\", oauth_problem=\"{}\"",
                self.problem.problem
            );
            if let Ok(v) = HeaderValue::from_str(&challenge) {
                headers.insert(header::WWW_AUTHENTICATE, v);
            }
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
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
    // Each nonce is kept for the window: a bound on its length bounds the store's memory.
    if let Some(nonce) = &protocol.nonce {
        let chars = nonce.chars().count();
        if chars > MAX_NONCE_CHARS {
            return Err(rejected(
                "oauth_nonce",
                format!("oauth_nonce is {chars} characters; the sandbox takes at most {MAX_NONCE_CHARS}"),
            )
            .into());
        }
    }
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

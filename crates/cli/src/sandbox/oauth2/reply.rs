//! How the authorization server answers: the RFC 6749 §5.2 error document (built from the
//! core's `ErrorResponse`, with an `error_description` that says what was wrong), the
//! RFC 6750 §3 `WWW-Authenticate` challenge for resources, and `no-store` JSON (§5.1).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oauth2::ErrorResponse;

/// An error answer: the code, what was wrong, and how it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub error: ErrorResponse,
    /// `WWW-Authenticate`, for 401s (RFC 6749 §5.2 `invalid_client`, RFC 6750 §3).
    pub challenge: Option<String>,
}

impl Refusal {
    /// 400 with `error` and `description` (RFC 6749 §5.2).
    pub fn new(error: &str, description: impl Into<String>) -> Self {
        let mut e = ErrorResponse::new(error);
        e.error_description = Some(description.into());
        Self {
            status: StatusCode::BAD_REQUEST,
            error: e,
            challenge: None,
        }
    }

    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// A client that tried the Authorization header gets 401 and the scheme it used (§5.2).
    pub fn challenge(mut self, scheme: &str) -> Self {
        self.status = StatusCode::UNAUTHORIZED;
        // RFC 6750 §3: the description's characters are printable ASCII without `"` and `\`.
        let description: String = self
            .description()
            .replace('§', "section ")
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                    c
                } else {
                    '\''
                }
            })
            .collect();
        let mut challenge = format!(
            "{scheme} realm=\"OAuth Playground sandbox\", error=\"{}\", error_description=\"{description}\"",
            self.error.error
        );
        if scheme == "DPoP" {
            // RFC 9449 §7.1: which algs a proof may use.
            challenge.push_str(&format!(", algs=\"{}\"", super::proof::ALGS.join(" ")));
        }
        self.challenge = Some(challenge);
        self
    }

    pub fn code(&self) -> &str {
        &self.error.error
    }

    pub fn description(&self) -> &str {
        self.error.error_description.as_deref().unwrap_or_default()
    }

    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }

    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new("invalid_grant", description)
    }

    pub fn invalid_client(description: impl Into<String>) -> Self {
        Self::new("invalid_client", description).status(StatusCode::UNAUTHORIZED)
    }

    /// RFC 6750 §3.1: a missing, expired or revoked access token at a resource.
    pub fn invalid_token(scheme: &str, description: impl Into<String>) -> Self {
        Self::new("invalid_token", description).challenge(scheme)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({ "error": self.error.error });
        if let Some(d) = &self.error.error_description {
            body["error_description"] = d.clone().into();
        }
        let mut response = (self.status, json(body)).into_response();
        if let Some(c) = self.challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, c);
        }
        response
    }
}

/// JSON with `Cache-Control: no-store` (RFC 6749 §5.1: token responses are not cached).
pub fn json(value: serde_json::Value) -> Response {
    let mut response = Json(value).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub type Answer = Result<Response, Refusal>;

//! The error response, RFC 6749 §5.2 (token endpoint) and §4.1.2.1 (authorization
//! endpoint), with RFC 8628 §3.5's polling codes and RFC 9449's `use_dpop_nonce`, each
//! explained in words a learner can act on.

use serde::Serialize;

use crate::http::{Members, parse_url};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorResponse {
    pub error: String,
    pub error_description: Option<String>,
    /// Only an http(s) URL; anything else is dropped (see `notes`), never shown as a link.
    pub error_uri: Option<String>,
    pub notes: Vec<String>,
}

impl ErrorResponse {
    pub fn new(error: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            error_description: None,
            error_uri: None,
            notes: vec![],
        }
    }

    /// From the pairs of a callback or the members of a JSON document.
    pub(crate) fn from_parts(error: String, description: Option<String>, uri: Option<String>) -> Self {
        let mut notes = Vec::new();
        let error_uri = uri.and_then(|u| match parse_url(&u) {
            Ok(url) => Some(url.to_string()),
            Err(e) => {
                notes.push(format!("The error_uri was dropped: {e}."));
                None
            }
        });
        Self {
            error,
            error_description: description,
            error_uri,
            notes,
        }
    }

    pub(crate) fn from_json(m: &Members<'_>) -> Option<Self> {
        let error = m.string("error").ok().flatten()?;
        Some(Self::from_parts(
            error,
            m.string("error_description").ok().flatten(),
            m.string("error_uri").ok().flatten(),
        ))
    }

    /// What the code means and what to try.
    pub fn explain(&self) -> String {
        let meaning = meaning(&self.error);
        let mut s = self.error.clone();
        if let Some(d) = &self.error_description {
            s.push_str(&format!(": {d}"));
        }
        if let Some(m) = meaning {
            s.push_str(&format!(" ({m})"));
        }
        s
    }
}

/// The registered codes, RFC 6749 §4.1.2.1 and §5.2, RFC 8628 §3.5, RFC 9449 §8, RFC 6750 §3.1.
pub fn meaning(code: &str) -> Option<&'static str> {
    Some(match code {
        "invalid_request" => "the request is missing a parameter, repeats one or is malformed",
        "invalid_client" => {
            "client authentication failed: wrong id or secret, or a method the server does not accept for this client (try client_secret_post instead of client_secret_basic, or the reverse)"
        }
        "invalid_grant" => {
            "the code, refresh token or device code is invalid, expired, already used, or was issued to another client or redirect URI; with PKCE, the verifier may not match the challenge"
        }
        "unauthorized_client" => "this client may not use this grant type",
        "unsupported_grant_type" => "the server does not support this grant type",
        "invalid_scope" => "a requested scope is unknown, malformed or more than was granted",
        "access_denied" => "the user or the server refused",
        "unsupported_response_type" => "the server does not issue codes this way",
        "server_error" => "the server failed; try again later",
        "temporarily_unavailable" => "the server is overloaded or in maintenance; try again later",
        "authorization_pending" => {
            "the user has not finished yet; keep polling at the interval (RFC 8628 §3.5)"
        }
        "slow_down" => "polling too fast; add 5 seconds to the interval (RFC 8628 §3.5)",
        "expired_token" => "the device code expired; start again (RFC 8628 §3.5)",
        "use_dpop_nonce" => "the server wants its DPoP-Nonce in the proof; retry once with it (RFC 9449 §8)",
        "invalid_dpop_proof" => "the DPoP proof was rejected (RFC 9449 §7.1)",
        "invalid_token" => "the access token is expired, revoked or malformed (RFC 6750 §3.1)",
        "insufficient_scope" => "the token lacks the scope this resource needs (RFC 6750 §3.1)",
        "login_required" | "consent_required" | "interaction_required" | "account_selection_required" => {
            "prompt=none was asked but the user must interact (OIDC Core §3.1.2.6)"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_uri_must_be_http() {
        let e = ErrorResponse::from_parts(
            "invalid_grant".into(),
            Some("code reused".into()),
            Some("javascript:alert(1)".into()),
        );
        assert_eq!(e.error_uri, None);
        assert_eq!(e.notes.len(), 1);
        assert!(
            e.explain()
                .starts_with("invalid_grant: code reused (the code, refresh token")
        );
        let e = ErrorResponse::from_parts("x".into(), None, Some("https://as.example/e".into()));
        assert_eq!(e.error_uri.as_deref(), Some("https://as.example/e"));
        assert_eq!(e.explain(), "x");
    }
}

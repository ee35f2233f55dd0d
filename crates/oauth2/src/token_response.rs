//! The token response, RFC 6749 §5.1 (with OIDC Core §3.1.3.3's `id_token` and RFC 8693
//! §2.2.1's `issued_token_type`), and the error response around it (§5.2).
//!
//! Tolerant where servers differ harmlessly: `expires_in` as a number or a numeric string,
//! `token_type` in any case (§5.1 says it is case-insensitive), a form-encoded body from
//! servers that ignore `Accept: application/json` (GitHub). Strict where it matters: no
//! `access_token` or `token_type` is an error, every other member is kept.

use std::fmt;

use serde::Serialize;

use crate::error_response::ErrorResponse;
use crate::http::{Members, Response, json_object};
use crate::{Error, Secret};

const DOCUMENT: &str = "token response";
const KNOWN: [&str; 7] = [
    "access_token",
    "token_type",
    "expires_in",
    "refresh_token",
    "scope",
    "id_token",
    "issued_token_type",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TokenType {
    Bearer,
    /// RFC 9449 §5: the token is bound to a DPoP key.
    DPoP,
    /// As the server spelled it.
    Other(String),
}

impl TokenType {
    pub fn parse(s: &str) -> Self {
        if s.eq_ignore_ascii_case("bearer") {
            Self::Bearer
        } else if s.eq_ignore_ascii_case("dpop") {
            Self::DPoP
        } else {
            Self::Other(s.to_owned())
        }
    }
}

impl fmt::Display for TokenType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenType::Bearer => f.write_str("Bearer"),
            TokenType::DPoP => f.write_str("DPoP"),
            TokenType::Other(s) => f.write_str(s),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenResponse {
    #[serde(skip)]
    pub access_token: Secret,
    pub token_type: TokenType,
    pub expires_in: Option<u64>,
    #[serde(skip)]
    pub refresh_token: Option<Secret>,
    pub scope: Option<String>,
    #[serde(skip)]
    pub id_token: Option<Secret>,
    pub issued_token_type: Option<String>,
    /// Every other member, as it came.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// What the `scope` member says about the request's scope (§3.3, §5.1: omitted means "as
/// requested").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ScopeEcho {
    AsRequested,
    /// Omitted by the server: §5.1 lets it omit the scope only when it is the one asked for.
    NotEchoed,
    Different {
        missing: Vec<String>,
        added: Vec<String>,
    },
}

impl TokenResponse {
    /// Milliseconds since the epoch at which the access token expires, given when the
    /// response arrived (the caller's clock).
    pub fn expires_at_millis(&self, received_at_millis: u64) -> Option<u64> {
        self.expires_in
            .map(|s| received_at_millis.saturating_add(s.saturating_mul(1000)))
    }

    pub fn scope_echo(&self, requested: Option<&str>) -> ScopeEcho {
        let Some(granted) = &self.scope else {
            return ScopeEcho::NotEchoed;
        };
        let words = |s: &str| {
            s.split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let (asked, got) = (words(requested.unwrap_or_default()), words(granted));
        let missing: Vec<_> = asked.iter().filter(|w| !got.contains(w)).cloned().collect();
        let added: Vec<_> = got.iter().filter(|w| !asked.contains(w)).cloned().collect();
        if missing.is_empty() && added.is_empty() {
            ScopeEcho::AsRequested
        } else {
            ScopeEcho::Different { missing, added }
        }
    }

    fn from_members(m: &Members<'_>) -> Result<Self, Error> {
        Ok(Self {
            access_token: Secret::new(m.required("access_token")?),
            token_type: TokenType::parse(&m.required("token_type")?),
            expires_in: m.seconds("expires_in")?,
            refresh_token: m.string("refresh_token")?.map(Secret::new),
            scope: m.string("scope")?,
            id_token: m.string("id_token")?.map(Secret::new),
            issued_token_type: m.string("issued_token_type")?,
            extra: m.extra(&KNOWN),
        })
    }
}

/// A token endpoint's answer: the token response, or [`Error::Server`] with the §5.2 error
/// (also when a server sends it with status 200), or why the body is neither.
pub fn parse_token_response(response: Response<'_>) -> Result<TokenResponse, Error> {
    let map = match json_object(response.body, DOCUMENT) {
        Ok(map) => map,
        Err(json_error) => match form_document(response) {
            Some(map) => map,
            None if !response.ok() => {
                return Err(Error::UnexpectedStatus {
                    status: response.status,
                    body: snippet(response.body),
                });
            }
            None => return Err(json_error),
        },
    };
    let members = Members {
        map: &map,
        document: DOCUMENT,
    };
    if let Some(e) = ErrorResponse::from_json(&members) {
        return Err(Error::Server(e));
    }
    if !response.ok() {
        return Err(Error::UnexpectedStatus {
            status: response.status,
            body: snippet(response.body),
        });
    }
    TokenResponse::from_members(&members)
}

/// A form-encoded body (`access_token=…&token_type=bearer`), as a JSON object of strings.
fn form_document(response: Response<'_>) -> Option<serde_json::Map<String, serde_json::Value>> {
    let form = response.header("content-type").is_some_and(|c| {
        c.to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    }) || response
        .header("content-type")
        .is_none_or(|c| c.to_ascii_lowercase().starts_with("text/plain"));
    let text = std::str::from_utf8(response.body).ok()?;
    if !form || !text.contains('=') || text.trim_start().starts_with(['{', '[', '<']) {
        return None;
    }
    Some(
        form_urlencoded::parse(text.trim().as_bytes())
            .map(|(k, v)| (k.into_owned(), serde_json::Value::String(v.into_owned())))
            .collect(),
    )
}

/// The start of a body for an error message; never more than 200 characters.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut s: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> Result<TokenResponse, Error> {
        parse_token_response(Response::new(status, &[], body.as_bytes()))
    }

    #[test]
    fn rfc6749_section_5_1_example() {
        let t = parse(
            200,
            r#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"example","expires_in":3600,
               "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA","example_parameter":"example_value"}"#,
        )
        .unwrap();
        assert_eq!(t.access_token.expose(), "2YotnFZFEjr1zCsicMWpAA");
        assert_eq!(t.token_type, TokenType::Other("example".into()));
        assert_eq!(t.expires_in, Some(3600));
        assert_eq!(
            t.refresh_token.as_ref().map(Secret::expose),
            Some("tGzv3JOkF0XG5Qx2TlKWIA")
        );
        assert_eq!(t.extra["example_parameter"], "example_value");
        assert_eq!(t.expires_at_millis(1_000), Some(3_601_000));
        assert!(!format!("{t:?}").contains("2YotnFZFEjr1zCsicMWpAA"));
    }

    #[test]
    fn tolerant_where_servers_differ() {
        let t = parse(
            200,
            r#"{"access_token":"a","token_type":"BEARER","expires_in":"3599","scope":"read"}"#,
        )
        .unwrap();
        assert_eq!(t.token_type, TokenType::Bearer);
        assert_eq!(t.expires_in, Some(3599));
        assert_eq!(t.scope_echo(Some("read")), ScopeEcho::AsRequested);
        assert_eq!(
            t.scope_echo(Some("read write")),
            ScopeEcho::Different {
                missing: vec!["write".into()],
                added: vec![]
            }
        );
        let t = parse(
            200,
            r#"{"access_token":"a","token_type":"DPoP","expires_in":60.0}"#,
        )
        .unwrap();
        assert_eq!((t.token_type.clone(), t.expires_in), (TokenType::DPoP, Some(60)));
        assert_eq!(t.scope_echo(Some("x")), ScopeEcho::NotEchoed);
        let t = parse(200, "access_token=gho_x&scope=repo&token_type=bearer").unwrap();
        assert_eq!(
            (t.access_token.expose(), t.scope.as_deref()),
            ("gho_x", Some("repo"))
        );
    }

    #[test]
    fn errors() {
        let Err(Error::Server(e)) = parse(
            400,
            r#"{"error":"invalid_grant","error_description":"code reused"}"#,
        ) else {
            panic!()
        };
        assert_eq!(e.error, "invalid_grant");
        // GitHub sends errors with status 200.
        assert!(matches!(
            parse(200, "error=bad_verification_code&error_description=x"),
            Err(Error::Server(_))
        ));
        assert_eq!(
            parse(200, r#"{"token_type":"Bearer"}"#).unwrap_err().to_string(),
            "the token response is missing the required member \"access_token\""
        );
        assert!(matches!(
            parse(
                200,
                r#"{"access_token":"a","token_type":"Bearer","expires_in":-1}"#
            ),
            Err(Error::WrongType { .. })
        ));
        assert!(matches!(
            parse(
                200,
                r#"{"access_token":"a","token_type":"Bearer","expires_in":"soon"}"#
            ),
            Err(Error::WrongType { .. })
        ));
        assert!(matches!(
            parse(502, "<html>Bad gateway</html>"),
            Err(Error::UnexpectedStatus { status: 502, .. })
        ));
        assert!(matches!(parse(200, "[1]"), Err(Error::WrongType { .. })));
        assert!(matches!(parse(200, "<html>"), Err(Error::NotJson(_))));
    }
}

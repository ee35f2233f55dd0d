//! Token revocation, RFC 7009: the request (§2.1, with the client's authentication) and the
//! response (§2.2: 200 means revoked or already invalid, whatever the body; §2.2.1: an error
//! document, 503 with `Retry-After`).

use crate::client_auth::ClientAuth;
use crate::http::{Param, Response, oauth_document, parse_url};
use crate::workings::{BuiltRequest, build_form_post};
use crate::{Error, Secret};

/// `token_type_hint` values (RFC 7009 §2.1, RFC 7662 §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenTypeHint {
    AccessToken,
    RefreshToken,
}

impl TokenTypeHint {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenTypeHint::AccessToken => "access_token",
            TokenTypeHint::RefreshToken => "refresh_token",
        }
    }
}

/// The request both revocation and introspection make: the token and an optional hint,
/// with the client's authentication.
pub(crate) fn token_post(
    endpoint: &str,
    token: &Secret,
    hint: Option<TokenTypeHint>,
    auth: &ClientAuth,
    rfc: &str,
) -> Result<BuiltRequest, Error> {
    let url = parse_url(endpoint)?;
    build_form_post(&url, token_params(token, hint, rfc), Some(auth), &[], &[], vec![])
}

fn token_params(token: &Secret, hint: Option<TokenTypeHint>, rfc: &str) -> Vec<Param> {
    let mut p = vec![Param::secret(
        "token",
        token.expose(),
        format!("the token in question ({rfc})"),
    )];
    if let Some(h) = hint {
        p.push(Param::new(
            "token_type_hint",
            h.as_str(),
            "helps the server find the token faster; it may ignore it",
        ));
    }
    p
}

pub fn revocation_request(
    endpoint: &str,
    token: &Secret,
    hint: Option<TokenTypeHint>,
    auth: &ClientAuth,
) -> Result<BuiltRequest, Error> {
    token_post(endpoint, token, hint, auth, "RFC 7009 §2.1")
}

/// What the revocation endpoint said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revocation {
    /// §2.2: revoked, or it was invalid already; the client forgets it either way.
    Revoked,
    /// §2.2.1: try again after this many seconds, if the server said.
    RetryLater { retry_after: Option<u64> },
}

pub fn parse_revocation(response: Response<'_>) -> Result<Revocation, Error> {
    if response.status == 200 {
        return Ok(Revocation::Revoked);
    }
    if response.status == 503 {
        let retry_after = response.header("retry-after").and_then(|v| v.trim().parse().ok());
        return Ok(Revocation::RetryLater { retry_after });
    }
    oauth_document(response, "revocation response").map(|_| Revocation::Revoked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7009_section_2_1_example() {
        let auth = ClientAuth::SecretBasic {
            client_id: "s6BhdRkqt3".into(),
            secret: Secret::new("7Fjfp0ZBr1KtDRbnfVdmIw"),
        };
        let b = revocation_request(
            "https://server.example.com/revoke",
            &Secret::new("45ghiukldjahdnhzdauz"),
            Some(TokenTypeHint::RefreshToken),
            &auth,
        )
        .unwrap();
        assert_eq!(
            b.request.body,
            "token=45ghiukldjahdnhzdauz&token_type_hint=refresh_token"
        );
        assert_eq!(
            b.request.header("Authorization"),
            Some("Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3")
        );
        assert_eq!(
            parse_revocation(Response::new(200, &[], b"")).unwrap(),
            Revocation::Revoked
        );
        let h = [("Retry-After".to_owned(), "30".to_owned())];
        assert_eq!(
            parse_revocation(Response::new(503, &h, b"")).unwrap(),
            Revocation::RetryLater {
                retry_after: Some(30)
            }
        );
        let e =
            parse_revocation(Response::new(400, &[], br#"{"error":"unsupported_token_type"}"#)).unwrap_err();
        assert!(matches!(e, Error::Server(e) if e.error == "unsupported_token_type"));
        assert!(matches!(
            parse_revocation(Response::new(500, &[], b"oops")),
            Err(Error::UnexpectedStatus { status: 500, .. })
        ));
    }
}

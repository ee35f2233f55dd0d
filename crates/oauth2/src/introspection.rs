//! Token introspection, RFC 7662: the request (§2.1) and the response (§2.2), whose only
//! required member is `active`; an inactive token says nothing more (§2.2).

use serde::Serialize;

use crate::client_auth::ClientAuth;
use crate::http::{Members, Response, oauth_document};
use crate::revocation::{TokenTypeHint, token_post};
use crate::workings::BuiltRequest;
use crate::{Error, Secret};

const DOCUMENT: &str = "introspection response";
const KNOWN: [&str; 11] = [
    "active",
    "scope",
    "client_id",
    "username",
    "token_type",
    "exp",
    "iat",
    "nbf",
    "sub",
    "aud",
    "iss",
];

pub fn introspection_request(
    endpoint: &str,
    token: &Secret,
    hint: Option<TokenTypeHint>,
    auth: &ClientAuth,
) -> Result<BuiltRequest, Error> {
    token_post(endpoint, token, hint, auth, "RFC 7662 §2.1")
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Introspection {
    pub active: bool,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub username: Option<String>,
    pub token_type: Option<String>,
    pub exp: Option<u64>,
    pub iat: Option<u64>,
    pub nbf: Option<u64>,
    pub sub: Option<String>,
    /// A string or an array of strings (RFC 7519 §4.1.3), as a list.
    pub aud: Vec<String>,
    pub iss: Option<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

pub fn parse_introspection(response: Response<'_>) -> Result<Introspection, Error> {
    let map = oauth_document(response, DOCUMENT)?;
    let m = Members {
        map: &map,
        document: DOCUMENT,
    };
    let active = m.bool("active")?.ok_or(Error::MissingMember {
        document: DOCUMENT,
        member: "active",
    })?;
    let aud = match m.string("aud") {
        Ok(one) => one.into_iter().collect(),
        Err(_) => m.strings("aud")?,
    };
    Ok(Introspection {
        active,
        scope: m.string("scope")?,
        client_id: m.string("client_id")?,
        username: m.string("username")?,
        token_type: m.string("token_type")?,
        exp: m.seconds("exp")?,
        iat: m.seconds("iat")?,
        nbf: m.seconds("nbf")?,
        sub: m.string("sub")?,
        aud,
        iss: m.string("iss")?,
        extra: m.extra(&KNOWN),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7662_examples() {
        let body = br#"{"active":true,"client_id":"l238j323ds-23ij4","username":"jdoe","scope":"read write dolphin",
            "sub":"Z5O3upPC88QrAjx00dis","aud":"https://protected.example.net/resource","iss":"https://server.example.com/",
            "exp":1419356238,"iat":1419350238,"extension_field":"twenty-seven"}"#;
        let i = parse_introspection(Response::new(200, &[], body)).unwrap();
        assert!(i.active);
        assert_eq!(i.aud, ["https://protected.example.net/resource"]);
        assert_eq!(i.exp, Some(1419356238));
        assert_eq!(i.extra["extension_field"], "twenty-seven");
        let i = parse_introspection(Response::new(200, &[], br#"{"active":false}"#)).unwrap();
        assert!(!i.active);
        assert!(parse_introspection(Response::new(200, &[], br#"{"active":"true"}"#)).is_err());
        assert!(parse_introspection(Response::new(200, &[], br#"{}"#)).is_err());
        let b = introspection_request(
            "https://server.example.com/introspect",
            &Secret::new("mF_9.B5f-4.1JqM"),
            None,
            &ClientAuth::None {
                client_id: "c".into(),
            },
        )
        .unwrap();
        assert_eq!(b.request.body, "token=mF_9.B5f-4.1JqM&client_id=c");
    }
}

//! The OIDC UserInfo endpoint (OIDC Core §5.3): its claims, whose `sub` must be the
//! id_token's (§5.3.2). The request itself is a resource request ([`crate::resource`]).

use crate::Error;
use crate::http::{Members, Response, oauth_document};
pub use crate::resource::authorization_value;

const DOCUMENT: &str = "userinfo response";

/// The UserInfo claims; `expected_sub` is the id_token's `sub`.
pub fn parse_userinfo(
    response: Response<'_>,
    expected_sub: Option<&str>,
) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
    if response
        .header("content-type")
        .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/jwt"))
    {
        return Err(Error::InvalidValue {
            what: "userinfo response",
            value: "application/jwt".into(),
            why: "it is a signed JWT; decode and verify it with jwt::Jws instead".into(),
        });
    }
    let map = oauth_document(response, DOCUMENT)?;
    let sub = Members {
        map: &map,
        document: DOCUMENT,
    }
    .required("sub")?;
    if let Some(want) = expected_sub
        && want != sub
    {
        return Err(Error::InvalidValue {
            what: "userinfo sub",
            value: sub,
            why: format!("it must equal the id_token's sub {want:?} (OIDC Core §5.3.2)"),
        });
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_must_match() {
        let body = br#"{"sub":"248289761001","name":"Jane Doe"}"#;
        assert!(parse_userinfo(Response::new(200, &[], body), Some("248289761001")).is_ok());
        assert!(parse_userinfo(Response::new(200, &[], body), Some("other")).is_err());
        assert!(parse_userinfo(Response::new(401, &[], b""), None).is_err());
    }
}

//! Calling a resource with the access token: `Authorization: Bearer` (RFC 6750 §2.1) or
//! `Authorization: DPoP` with its proof (RFC 9449 §7.1), never the token in the query (OAuth
//! 2.1). And the OIDC UserInfo endpoint (OIDC Core §5.3): its claims, whose `sub` must be the
//! id_token's (§5.3.2).

use crate::http::{HttpRequest, Members, Response, oauth_document, parse_url};
use crate::token_response::TokenType;
use crate::workings::{BuiltRequest, RequestWorkings};
use crate::{Error, Secret};

const DOCUMENT: &str = "userinfo response";

/// The `Authorization` header value for a resource request.
pub fn authorization_value(token_type: &TokenType, access_token: &Secret) -> String {
    match token_type {
        TokenType::DPoP => format!("DPoP {}", access_token.expose()),
        _ => format!("Bearer {}", access_token.expose()),
    }
}

/// A request to a protected resource; `dpop_proof` is required for a DPoP-bound token.
pub fn resource_request(
    method: &str,
    url: &str,
    token_type: &TokenType,
    access_token: &Secret,
    dpop_proof: Option<&str>,
) -> Result<HttpRequest, Error> {
    let url = parse_url(url)?;
    let mut headers = vec![
        (
            "Authorization".to_owned(),
            authorization_value(token_type, access_token),
        ),
        ("Accept".to_owned(), "application/json".to_owned()),
    ];
    match (token_type, dpop_proof) {
        (_, Some(proof)) => headers.push(("DPoP".to_owned(), proof.to_owned())),
        (TokenType::DPoP, None) => {
            return Err(Error::InvalidValue {
                what: "request",
                value: url.into(),
                why: "a DPoP-bound token needs a DPoP proof for every request (RFC 9449 §7.1)".into(),
            });
        }
        _ => {}
    }
    Ok(HttpRequest {
        method: method.to_ascii_uppercase(),
        url: url.into(),
        headers,
        body: String::new(),
    })
}

/// [`resource_request`] with its workings: the HTTP as sent, the token (and a proof)
/// masked, for showing it.
pub fn shown_resource_request(
    method: &str,
    url: &str,
    token_type: &TokenType,
    access_token: &Secret,
    dpop_proof: Option<&str>,
) -> Result<BuiltRequest, Error> {
    let request = resource_request(method, url, token_type, access_token, dpop_proof)?;
    let mut shown = request.clone();
    for (name, value) in &mut shown.headers {
        if name.eq_ignore_ascii_case("authorization") {
            *value = authorization_value(
                token_type,
                &Secret::new(oauth_secret::mask(access_token.expose())),
            );
        } else if name.eq_ignore_ascii_case("dpop") {
            *value = format!("{}… (a DPoP proof)", value.chars().take(16).collect::<String>());
        }
    }
    Ok(BuiltRequest {
        workings: RequestWorkings {
            parameters: vec![],
            basic: None,
            http: shown.to_http(),
            notes: vec![],
        },
        request,
    })
}

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
    fn bearer_dpop_and_sub() {
        let r = resource_request(
            "get",
            "https://rs.example/me",
            &TokenType::Bearer,
            &Secret::new("mF_9.B5f-4.1JqM"),
            None,
        )
        .unwrap();
        assert_eq!(r.header("Authorization"), Some("Bearer mF_9.B5f-4.1JqM"));
        assert_eq!(r.method, "GET");
        let built = shown_resource_request(
            "GET",
            "https://rs.example/me",
            &TokenType::Bearer,
            &Secret::new("mF_9.B5f-4.1JqM"),
            None,
        )
        .unwrap();
        assert_eq!(built.request, r);
        assert!(
            !built.workings.http.contains("mF_9.B5f-4.1JqM"),
            "{}",
            built.workings.http
        );
        assert!(
            built.workings.http.contains(&format!(
                "Authorization: Bearer {}\r\n",
                oauth_secret::mask("mF_9.B5f-4.1JqM")
            )),
            "{}",
            built.workings.http
        );
        assert!(
            resource_request(
                "GET",
                "https://rs.example/me",
                &TokenType::DPoP,
                &Secret::new("t"),
                None
            )
            .is_err()
        );
        let r = resource_request(
            "GET",
            "https://rs.example/me",
            &TokenType::DPoP,
            &Secret::new("t"),
            Some("eyJ"),
        )
        .unwrap();
        assert_eq!(
            (r.header("Authorization"), r.header("DPoP")),
            (Some("DPoP t"), Some("eyJ"))
        );
        let body = br#"{"sub":"248289761001","name":"Jane Doe"}"#;
        assert!(parse_userinfo(Response::new(200, &[], body), Some("248289761001")).is_ok());
        assert!(parse_userinfo(Response::new(200, &[], body), Some("other")).is_err());
        assert!(parse_userinfo(Response::new(401, &[], b""), None).is_err());
    }
}

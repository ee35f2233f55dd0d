//! Step 6, OpenID Connect: the UserInfo endpoint called with the access token (OIDC Core
//! §5.3.1), its claims shown, and its `sub` checked against the id_token's (§5.3.2: it
//! must be the same user, or the answer is not to be used).

use oauth2::jwt::Jws;
use oauth2::jwt::claims::string;
use oauth2::userinfo::{parse_userinfo, shown_resource_request};
use oauth2::{BuiltRequest, Response, Secret, TokenType};

use super::flow::Check;

/// The `sub` the id_token names; `None` when there is no id_token or it does not decode.
pub fn expected_sub(id_token: Option<&str>) -> Option<String> {
    let jws = Jws::decode(id_token?).ok()?;
    let claims = jws.claims().ok()?;
    string(claims, "sub").ok().flatten().map(str::to_owned)
}

/// §5.3.1: a GET with the access token in the Authorization header (RFC 6750 §2.1).
pub fn request(endpoint: &str, access_token: &Secret) -> Result<BuiltRequest, String> {
    if endpoint.trim().is_empty() {
        return Err("The configuration names no userinfo_endpoint (discovery fills it in).".into());
    }
    shown_resource_request("GET", endpoint.trim(), &TokenType::Bearer, access_token, None)
        .map_err(|e| e.to_string())
}

/// What came back: the `sub` check and the claims `(name, JSON value)`, or why not.
pub fn read(response: Response<'_>, expected_sub: Option<&str>) -> (Vec<Check>, Vec<(String, String)>) {
    match parse_userinfo(response, expected_sub) {
        Ok(map) => {
            let detail = match expected_sub {
                Some(s) => format!("{s} equals the id_token's sub: the same user (OIDC Core §5.3.2)"),
                None => "no id_token to compare with: the claims are the token's user, unverified".into(),
            };
            let check = Check {
                name: "sub",
                passed: expected_sub.map(|_| true),
                detail,
            };
            let claims = map.into_iter().map(|(n, v)| (n, v.to_string())).collect();
            (vec![check], claims)
        }
        Err(e) => (
            vec![Check {
                name: "userinfo",
                passed: Some(false),
                detail: e.to_string(),
            }],
            vec![],
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    // {"alg":"none"}.{"sub":"alice","aud":"c"}. : decoded, never trusted here.
    const ID_TOKEN: &str = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSIsImF1ZCI6ImMifQ.";

    #[test]
    fn asks_with_the_bearer_and_checks_sub() {
        assert_eq!(expected_sub(Some(ID_TOKEN)).as_deref(), Some("alice"));
        assert_eq!(expected_sub(Some("not a jwt")), None);
        assert_eq!(expected_sub(None), None);

        let built = request(
            " http://127.0.0.1:8080/sandbox/oauth2/userinfo ",
            &Secret::new("access-123456"),
        )
        .unwrap();
        assert_eq!(built.request.method, "GET");
        assert_eq!(built.request.url, "http://127.0.0.1:8080/sandbox/oauth2/userinfo");
        assert_eq!(
            built.request.header("Authorization"),
            Some("Bearer access-123456")
        );
        assert!(!built.workings.http.contains("access-123456"));
        assert!(
            request("", &Secret::new("t"))
                .unwrap_err()
                .contains("userinfo_endpoint")
        );

        let json = [("Content-Type".to_owned(), "application/json".to_owned())];
        let (checks, claims) = read(
            Response::new(200, &json, br#"{"sub":"alice","name":"Alice"}"#),
            Some("alice"),
        );
        assert_eq!(checks[0].passed, Some(true));
        assert_eq!(
            checks[0].detail,
            "alice equals the id_token's sub: the same user (OIDC Core §5.3.2)"
        );
        // serde_json's map keeps names sorted.
        assert_eq!(
            claims,
            [
                ("name".to_owned(), "\"Alice\"".to_owned()),
                ("sub".to_owned(), "\"alice\"".to_owned())
            ]
        );

        let (checks, claims) = read(Response::new(200, &json, br#"{"sub":"mallory"}"#), Some("alice"));
        assert_eq!(checks[0].passed, Some(false));
        assert!(
            checks[0].detail.contains("OIDC Core §5.3.2"),
            "{}",
            checks[0].detail
        );
        assert!(claims.is_empty());

        let (checks, _) = read(Response::new(200, &json, br#"{"sub":"bob"}"#), None);
        assert_eq!(checks[0].passed, None);
    }
}

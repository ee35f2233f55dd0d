//! Pushed authorization requests, RFC 9126: the authorization request's parameters POSTed
//! to the PAR endpoint with client authentication (§2.1), the `request_uri` it returns
//! (§2.2), and the short authorization URL that carries only `client_id` and `request_uri`
//! (§4).

use serde::Serialize;

use crate::Error;
use crate::authorize::{AuthorizationRequest, AuthorizationUrl, with_query};
use crate::client_auth::ClientAuth;
use crate::http::{Members, Param, Response, oauth_document, parse_url};
use crate::workings::{BuiltRequest, build_form_post};

const DOCUMENT: &str = "pushed authorization response";

/// §2.1: the same parameters as the front-channel request, in the body. `client_id` comes
/// from the client authentication, so it is not repeated.
pub fn pushed_authorization_request(
    par_endpoint: &str,
    request: &AuthorizationRequest,
    auth: &ClientAuth,
) -> Result<BuiltRequest, Error> {
    let url = parse_url(par_endpoint)?;
    let params: Vec<Param> = request
        .params()?
        .into_iter()
        .filter(|p| p.name != "client_id")
        .collect();
    let mut notes = vec![];
    if auth.client_id() != request.client_id {
        notes.push(format!(
            "The request names client {:?} but authenticates as {:?}; the server will refuse it (RFC 9126 §2.1).",
            request.client_id,
            auth.client_id()
        ));
    }
    build_form_post(&url, params, Some(auth), &[], &[], notes)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushedAuthorization {
    pub request_uri: String,
    pub expires_in: u64,
}

/// §2.2 (201 Created) and §2.3 (an error document).
pub fn parse_pushed_authorization(response: Response<'_>) -> Result<PushedAuthorization, Error> {
    let map = oauth_document(response, DOCUMENT)?;
    let m = Members {
        map: &map,
        document: DOCUMENT,
    };
    Ok(PushedAuthorization {
        request_uri: m.required("request_uri")?,
        expires_in: m.seconds("expires_in")?.ok_or(Error::MissingMember {
            document: DOCUMENT,
            member: "expires_in",
        })?,
    })
}

/// §4: the authorization URL after a push.
pub fn authorization_url(
    authorization_endpoint: &str,
    client_id: &str,
    pushed: &PushedAuthorization,
) -> Result<AuthorizationUrl, Error> {
    let endpoint = parse_url(authorization_endpoint)?;
    let params = [
        Param::new(
            "client_id",
            client_id,
            "who is asking; must match the pushed request (RFC 9126 §4)",
        ),
        Param::new(
            "request_uri",
            &pushed.request_uri,
            "points at the pushed parameters, valid for a short time (RFC 9126 §4)",
        ),
    ];
    Ok(AuthorizationUrl {
        url: with_query(&endpoint, &params)?.into(),
        parameters: params.iter().map(Param::explained).collect(),
        notes: vec![format!(
            "The pushed request expires {} s after it was pushed.",
            pushed.expires_in
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    #[test]
    fn rfc9126_examples() {
        let request = AuthorizationRequest {
            authorization_endpoint: "https://as.example.com/authorize".into(),
            client_id: "s6BhdRkqt3".into(),
            redirect_uri: Some("https://client.example.org/cb".into()),
            state: Some("af0ifjsldkj".into()),
            ..Default::default()
        };
        let auth = ClientAuth::SecretBasic {
            client_id: "s6BhdRkqt3".into(),
            secret: Secret::new("7Fjfp0ZBr1KtDRbnfVdmIw"),
        };
        let built = pushed_authorization_request("https://as.example.com/as/par", &request, &auth).unwrap();
        // RFC 9126 §2.1's example body (without its PKCE and scope).
        assert_eq!(
            built.request.body,
            "response_type=code&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&state=af0ifjsldkj"
        );
        assert_eq!(
            built.request.header("Authorization"),
            Some("Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3")
        );
        let body = br#"{"request_uri":"urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c","expires_in":60}"#;
        let pushed = parse_pushed_authorization(Response::new(201, &[], body)).unwrap();
        let url = authorization_url("https://as.example.com/authorize", "s6BhdRkqt3", &pushed).unwrap();
        assert_eq!(
            url.url,
            "https://as.example.com/authorize?client_id=s6BhdRkqt3&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A6esc_11ACC5bwc014ltc14eY22c"
        );
        let err = parse_pushed_authorization(Response::new(400, &[], br#"{"error":"invalid_request"}"#))
            .unwrap_err();
        assert!(matches!(err, Error::Server(e) if e.error == "invalid_request"));
    }
}

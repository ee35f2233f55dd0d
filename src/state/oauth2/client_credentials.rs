//! The client credentials grant on the page (RFC 6749 §4.4): no user, so the client must
//! prove itself with its secret (§4.4.2: confidential clients only).

use oauth2::{BuiltRequest, ClientAuth, Grant, TokenRequest};

/// The one request (§4.4.2) to `token_endpoint`; `Err` for a public client or no endpoint.
pub fn request(token_endpoint: &str, auth: &ClientAuth, scope: &str) -> Result<BuiltRequest, String> {
    if matches!(auth, ClientAuth::None { .. }) {
        return Err(
            "Client credentials needs the client secret (RFC 6749 §4.4): type it under Configuration.".into(),
        );
    }
    let scope = Some(scope.trim().to_owned()).filter(|s| !s.is_empty());
    TokenRequest::new(
        token_endpoint.trim(),
        Grant::ClientCredentials { scope },
        auth.clone(),
    )
    .build()
    .map_err(|e| e.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use oauth2::Secret;

    use super::*;

    const TOKEN: &str = "http://127.0.0.1:8080/sandbox/oauth2/token";

    #[test]
    fn needs_a_secret_and_sends_it_by_the_method() {
        let public = ClientAuth::None {
            client_id: "spa".into(),
        };
        assert!(
            request(TOKEN, &public, "api.read")
                .unwrap_err()
                .contains("client secret")
        );
        let basic = ClientAuth::SecretBasic {
            client_id: "playground-m2m".into(),
            secret: Secret::new("playground-m2m-secret"),
        };
        assert!(request(" ", &basic, "").is_err());
        let built = request(TOKEN, &basic, " api.read ").unwrap();
        assert_eq!(built.request.body, "grant_type=client_credentials&scope=api.read");
        let auth = built
            .request
            .headers
            .iter()
            .find(|(n, _)| n == "Authorization")
            .unwrap();
        assert_eq!(auth.1, "Basic cGxheWdyb3VuZC1tMm06cGxheWdyb3VuZC1tMm0tc2VjcmV0");
        assert!(
            !built.workings.http.contains("playground-m2m-secret"),
            "masked in the workings"
        );
        let post = ClientAuth::SecretPost {
            client_id: "c".into(),
            secret: Secret::new("s"),
        };
        assert_eq!(
            request(TOKEN, &post, "").unwrap().request.body,
            "grant_type=client_credentials&client_id=c&client_secret=s"
        );
    }
}

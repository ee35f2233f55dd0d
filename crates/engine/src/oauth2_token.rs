//! A token endpoint's answer as the token store keeps it (crates/store's OAuth 2.0 entry,
//! docs/token-store.md), written once for the app's OAuth 2.0 page and the CLI's grants.

use oauth2::TokenResponse;
use token_store::json::{Map, parse};
use token_store::{ClientAuth, OAuth2Endpoints, OAuth2Token, Secret};

/// The client as the store keeps it, so a later refresh can authenticate the same way.
#[derive(Debug, Clone)]
pub struct SavedClient {
    pub client_id: String,
    pub secret: Option<Secret>,
    pub method: ClientAuth,
    /// PEM text (private_key_jwt).
    pub private_key: Option<Secret>,
}

impl SavedClient {
    /// The client as it authenticated (a secret by basic or post, or none), so a refresh
    /// from the store can do the same (RFC 6749 §6: the client authenticates as it did).
    /// A JWT method keeps no key here: its assertion was signed once, for that request.
    pub fn of(auth: &oauth2::ClientAuth) -> Self {
        use oauth2::ClientAuth as A;
        let secret = match auth {
            A::SecretBasic { secret, .. }
            | A::SecretBasicUnencoded { secret, .. }
            | A::SecretPost { secret, .. } => Some(secret.clone()),
            A::None { .. } | A::Jwt { .. } => None,
        };
        Self {
            client_id: auth.client_id().to_owned(),
            secret,
            method: ClientAuth::from_name(auth.method().as_str()),
            private_key: None,
        }
    }
}

/// What came with a token response besides the response itself.
#[derive(Debug, Clone, Default)]
pub struct Issued {
    /// The scope the request asked for: the granted one when the server does not echo it
    /// (RFC 6749 §5.1: `scope` is optional when identical to the request's).
    pub asked_scope: Option<String>,
    pub issuer: Option<String>,
    /// The verified id_token's `sub`.
    pub subject: Option<String>,
    pub endpoints: OAuth2Endpoints,
    /// When the response arrived, seconds since 1970: `expires_in` counts from here.
    pub now: u64,
}

/// The new store token for `response`.
pub fn token_from(response: &TokenResponse, client: SavedClient, issued: Issued) -> OAuth2Token {
    OAuth2Token {
        client_id: client.client_id,
        client_secret: client.secret,
        token_endpoint_auth_method: client.method,
        private_key: client.private_key,
        access_token: response.access_token.clone(),
        token_type: response.token_type.to_string(),
        expires_at: response.expires_in.map(|s| issued.now.saturating_add(s)),
        refresh_token: response.refresh_token.clone(),
        id_token: response.id_token.clone(),
        scope: response.scope.clone().or(issued.asked_scope).unwrap_or_default(),
        issuer: issued.issuer,
        subject: issued.subject,
        endpoints: issued.endpoints,
        extra: extra_fields(response),
    }
}

/// A refresh's answer applied to the saved token (RFC 6749 §6): a new access token; a new
/// refresh token when the server rotated it, else the old one stays; the scope unchanged
/// unless echoed.
pub fn refreshed(old: &OAuth2Token, response: &TokenResponse, now: u64) -> OAuth2Token {
    OAuth2Token {
        access_token: response.access_token.clone(),
        token_type: response.token_type.to_string(),
        expires_at: response.expires_in.map(|s| now.saturating_add(s)),
        refresh_token: response
            .refresh_token
            .clone()
            .or_else(|| old.refresh_token.clone()),
        id_token: response.id_token.clone().or_else(|| old.id_token.clone()),
        scope: response.scope.clone().unwrap_or_else(|| old.scope.clone()),
        extra: extra_fields(response),
        ..old.clone()
    }
}

/// The name a token is listed under when nothing better is known: its token endpoint's host.
pub fn provider_name(token_endpoint: &str) -> String {
    url::Url::parse(token_endpoint)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "OAuth 2.0".to_owned())
}

/// The members the response had beyond RFC 6749 §5.1's, kept as they came (through their
/// JSON text: the store's JSON type is the app's own reader, not serde_json's).
fn extra_fields(response: &TokenResponse) -> Map {
    let mut extra = Map::new();
    for (name, value) in &response.extra {
        if let Ok(v) = parse(&value.to_string()) {
            extra.insert(name.clone(), v);
        }
    }
    extra
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use oauth2::{Response, parse_token_response};

    use super::*;

    fn response(body: &str) -> TokenResponse {
        parse_token_response(Response::new(200, &[], body.as_bytes())).unwrap()
    }

    fn client() -> SavedClient {
        SavedClient {
            client_id: "c".into(),
            secret: None,
            method: ClientAuth::None,
            private_key: None,
        }
    }

    #[test]
    fn a_response_becomes_a_store_token() {
        let r = response(
            r#"{"access_token":"at","token_type":"Bearer","expires_in":60,"refresh_token":"rt","ext":{"a":[1]}}"#,
        );
        let issued = Issued {
            asked_scope: Some("openid api.read".into()),
            issuer: Some("https://as.example".into()),
            now: 1_000,
            ..Issued::default()
        };
        let t = token_from(&r, client(), issued);
        assert_eq!(t.access_token.expose(), "at");
        assert_eq!(t.expires_at, Some(1_060));
        // Not echoed: the asked scope was granted (RFC 6749 §5.1).
        assert_eq!(t.scope, "openid api.read");
        assert_eq!(t.refresh_token.as_ref().map(Secret::expose), Some("rt"));
        assert_eq!(
            t.extra.get("ext"),
            Some(&token_store::json::parse(r#"{"a":[1]}"#).unwrap())
        );
        let echoed = token_from(
            &response(r#"{"access_token":"at","token_type":"Bearer","scope":"openid"}"#),
            client(),
            Issued {
                asked_scope: Some("openid api.read".into()),
                ..Issued::default()
            },
        );
        assert_eq!((echoed.scope.as_str(), echoed.expires_at), ("openid", None));
    }

    #[test]
    fn a_refresh_keeps_what_the_server_did_not_rotate() {
        let old = token_from(
            &response(r#"{"access_token":"a1","token_type":"Bearer","refresh_token":"r1","scope":"s"}"#),
            client(),
            Issued::default(),
        );
        let kept = refreshed(
            &old,
            &response(r#"{"access_token":"a2","token_type":"Bearer","expires_in":5}"#),
            10,
        );
        assert_eq!(kept.access_token.expose(), "a2");
        assert_eq!(kept.refresh_token.as_ref().map(Secret::expose), Some("r1"));
        assert_eq!((kept.scope.as_str(), kept.expires_at), ("s", Some(15)));
        let rotated = refreshed(
            &old,
            &response(r#"{"access_token":"a3","token_type":"Bearer","refresh_token":"r2"}"#),
            10,
        );
        assert_eq!(rotated.refresh_token.as_ref().map(Secret::expose), Some("r2"));
        assert!(rotated.extra.is_empty());
    }

    #[test]
    fn a_token_is_listed_under_its_endpoint_host() {
        assert_eq!(provider_name("https://as.example:8443/token"), "as.example");
        assert_eq!(provider_name("not a url"), "OAuth 2.0");
    }
}

//! What a saved OAuth 2.0 token set takes to be refreshed (RFC 6749 §6), revoked
//! (RFC 7009) or introspected (RFC 7662): which token, which endpoint, how the client
//! authenticates. Written once for the CLI (`oauth2 refresh|revoke|introspect`) and the
//! app's OAuth 2.0 page; each words its own hint (a flag, a field) around [`OpError`].

use std::fmt;

use oauth2::revocation::TokenTypeHint;
use oauth2::{AuthMethod, ClientAuth, Grant, Secret, TokenRequest, TokenType};
use token_store::OAuth2Token;

/// Which of the set's tokens a revocation or introspection is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Access,
    Refresh,
}

impl Which {
    /// The refresh token when there is one (revoking it ends the whole grant, RFC 7009
    /// §2.1), else the access token.
    pub fn default_for(t: &OAuth2Token) -> Self {
        if t.refresh_token.is_some() {
            Which::Refresh
        } else {
            Which::Access
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpError {
    /// The set names no such endpoint, and none was given.
    NoEndpoint(&'static str),
    NoRefreshToken,
    /// A DPoP-bound token (RFC 9449 §5) refreshed without its key.
    DpopBound,
    /// The saved `token_endpoint_auth_method` is not one this playground sends.
    UnknownMethod(String),
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpError::NoEndpoint(what) => write!(f, "the token was saved without {what}"),
            OpError::NoRefreshToken => f.write_str("the token has no refresh token; log in again"),
            OpError::DpopBound => f.write_str("the token is DPoP-bound: it needs the key it is bound to"),
            OpError::UnknownMethod(m) => {
                write!(
                    f,
                    "the saved client authentication {m:?} is not one this playground sends"
                )
            }
        }
    }
}

/// The saved client's method (RFC 7591 §2).
pub fn saved_method(t: &OAuth2Token) -> Result<AuthMethod, OpError> {
    let name = t.token_endpoint_auth_method.as_str();
    AuthMethod::parse(name).map_err(|_| OpError::UnknownMethod(name.to_owned()))
}

/// The authentication of a secret method (or `none`) for `client_id`; `None` for the JWT
/// methods, whose assertion the caller signs per request (RFC 7523 §3: a fresh `jti`).
pub fn secret_auth(method: AuthMethod, client_id: &str, secret: Option<&Secret>) -> Option<ClientAuth> {
    let client_id = client_id.to_owned();
    let secret = || secret.cloned().unwrap_or_default();
    match method {
        AuthMethod::None => Some(ClientAuth::None { client_id }),
        AuthMethod::ClientSecretBasic => Some(ClientAuth::SecretBasic {
            client_id,
            secret: secret(),
        }),
        AuthMethod::ClientSecretPost => Some(ClientAuth::SecretPost {
            client_id,
            secret: secret(),
        }),
        AuthMethod::ClientSecretJwt | AuthMethod::PrivateKeyJwt => None,
    }
}

/// The token, its hint and the endpoint of a revocation or introspection.
#[derive(Debug, Clone)]
pub struct Target {
    pub endpoint: String,
    pub token: Secret,
    pub hint: TokenTypeHint,
    /// A client assertion's audience: the token endpoint (RFC 7523 §3), else this endpoint.
    pub audience: String,
}

/// `which` token of `t`, to `endpoint` (the caller's choice: given, else saved); `what`
/// names the endpoint for the error ("a revocation endpoint").
pub fn target(
    t: &OAuth2Token,
    endpoint: Option<String>,
    which: Which,
    what: &'static str,
) -> Result<Target, OpError> {
    let endpoint = endpoint.ok_or(OpError::NoEndpoint(what))?;
    let (token, hint) = match which {
        Which::Access => (t.access_token.clone(), TokenTypeHint::AccessToken),
        Which::Refresh => (
            t.refresh_token.clone().ok_or(OpError::NoRefreshToken)?,
            TokenTypeHint::RefreshToken,
        ),
    };
    Ok(Target {
        token,
        hint,
        audience: t.endpoints.token.clone().unwrap_or_else(|| endpoint.clone()),
        endpoint,
    })
}

/// The refresh token grant for `t` at `token_endpoint` (RFC 6749 §6; `scope`: no more
/// than was granted, `None`: the same). `dpop_key`: the caller holds the key a DPoP-bound
/// token needs.
pub fn refresh_request(
    t: &OAuth2Token,
    token_endpoint: &str,
    scope: Option<String>,
    auth: ClientAuth,
    dpop_key: bool,
) -> Result<TokenRequest, OpError> {
    if !dpop_key && TokenType::parse(&t.token_type) == TokenType::DPoP {
        return Err(OpError::DpopBound);
    }
    let refresh_token = t.refresh_token.clone().ok_or(OpError::NoRefreshToken)?;
    Ok(TokenRequest::new(
        token_endpoint,
        Grant::RefreshToken { refresh_token, scope },
        auth,
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use oauth2::{Response, parse_token_response};

    use super::*;
    use crate::oauth2_token::{Issued, SavedClient, token_from};

    fn saved(body: &str) -> OAuth2Token {
        let r = parse_token_response(Response::new(200, &[], body.as_bytes())).unwrap();
        let client = SavedClient {
            client_id: "c".into(),
            secret: Some(Secret::new("s")),
            method: token_store::ClientAuth::ClientSecretPost,
            private_key: None,
        };
        let mut issued = Issued::default();
        issued.endpoints.token = Some("https://as.example/token".into());
        token_from(&r, client, issued)
    }

    #[test]
    fn the_refresh_token_is_the_default_target() {
        let t = saved(r#"{"access_token":"a","token_type":"Bearer","refresh_token":"r"}"#);
        assert_eq!(Which::default_for(&t), Which::Refresh);
        let x = target(&t, Some("https://as.example/revoke".into()), Which::Refresh, "e").unwrap();
        assert_eq!((x.token.expose(), x.hint), ("r", TokenTypeHint::RefreshToken));
        assert_eq!(x.audience, "https://as.example/token");
        let x = target(&t, Some("https://as.example/i".into()), Which::Access, "e").unwrap();
        assert_eq!((x.token.expose(), x.hint), ("a", TokenTypeHint::AccessToken));
        assert_eq!(
            target(&t, None, Which::Access, "a revocation endpoint")
                .unwrap_err()
                .to_string(),
            "the token was saved without a revocation endpoint"
        );
        let bare = saved(r#"{"access_token":"a","token_type":"Bearer"}"#);
        assert_eq!(Which::default_for(&bare), Which::Access);
        assert_eq!(
            target(&bare, Some("https://x".into()), Which::Refresh, "e").unwrap_err(),
            OpError::NoRefreshToken
        );
    }

    #[test]
    fn a_refresh_authenticates_as_saved() {
        let t = saved(r#"{"access_token":"a","token_type":"Bearer","refresh_token":"r"}"#);
        let m = saved_method(&t).unwrap();
        let auth = secret_auth(m, &t.client_id, t.client_secret.as_ref()).unwrap();
        let built = refresh_request(&t, "https://as.example/token", None, auth, false)
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(
            built.request.body,
            "grant_type=refresh_token&refresh_token=r&client_id=c&client_secret=s"
        );
        assert!(secret_auth(AuthMethod::PrivateKeyJwt, "c", None).is_none());
        let dpop = saved(r#"{"access_token":"a","token_type":"DPoP","refresh_token":"r"}"#);
        let none = ClientAuth::None {
            client_id: "c".into(),
        };
        assert_eq!(
            refresh_request(&dpop, "https://x", None, none, false).unwrap_err(),
            OpError::DpopBound
        );
        let mut odd = t.clone();
        odd.token_endpoint_auth_method = token_store::ClientAuth::TlsClientAuth;
        assert_eq!(
            saved_method(&odd).unwrap_err(),
            OpError::UnknownMethod("tls_client_auth".into())
        );
    }
}

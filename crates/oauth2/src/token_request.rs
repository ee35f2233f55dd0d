//! Token requests, RFC 6749 §4.1.3 (authorization_code, with RFC 7636 §4.5's
//! `code_verifier`), §6 (refresh_token), §4.4.2 (client_credentials), RFC 8628 §3.4
//! (device_code) and RFC 8693 §2.1 (token exchange).

use crate::client_auth::ClientAuth;
use crate::http::{Param, parse_url};
use crate::pkce::CodeVerifier;
use crate::redirect::parse_redirect_uri;
use crate::workings::{BuiltRequest, build_form_post};
use crate::{Error, Secret};

pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
pub const TOKEN_EXCHANGE_GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    AuthorizationCode {
        code: Secret,
        /// Required when the authorization request sent one, and then identical (§4.1.3).
        redirect_uri: Option<String>,
        code_verifier: Option<CodeVerifier>,
    },
    RefreshToken {
        refresh_token: Secret,
        scope: Option<String>,
    },
    ClientCredentials {
        scope: Option<String>,
    },
    DeviceCode {
        device_code: Secret,
    },
    TokenExchange(TokenExchange),
}

/// RFC 8693 §2.1. Token type identifiers are URNs such as
/// `urn:ietf:params:oauth:token-type:access_token` (§3).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenExchange {
    pub subject_token: Secret,
    pub subject_token_type: String,
    pub actor_token: Option<(Secret, String)>,
    pub requested_token_type: Option<String>,
    pub resource: Vec<String>,
    pub audience: Vec<String>,
    pub scope: Option<String>,
}

impl Grant {
    pub fn grant_type(&self) -> &'static str {
        match self {
            Grant::AuthorizationCode { .. } => "authorization_code",
            Grant::RefreshToken { .. } => "refresh_token",
            Grant::ClientCredentials { .. } => "client_credentials",
            Grant::DeviceCode { .. } => DEVICE_CODE_GRANT,
            Grant::TokenExchange(_) => TOKEN_EXCHANGE_GRANT,
        }
    }

    fn params(&self) -> Result<Vec<Param>, Error> {
        let mut p = vec![Param::new(
            "grant_type",
            self.grant_type(),
            "which grant this is (RFC 6749 §4)",
        )];
        match self {
            Grant::AuthorizationCode {
                code,
                redirect_uri,
                code_verifier,
            } => {
                p.push(Param::secret(
                    "code",
                    code.expose(),
                    "the one-time code from the callback (§4.1.3)",
                ));
                if let Some(r) = redirect_uri {
                    p.push(Param::new(
                        "redirect_uri",
                        parse_redirect_uri(r)?.as_str(),
                        "the same redirect URI as the authorization request, which the server compares (§4.1.3)",
                    ));
                }
                if let Some(v) = code_verifier {
                    p.push(Param::secret(
                        "code_verifier",
                        v.secret().expose(),
                        "the PKCE secret; the server hashes it and compares with the challenge it saw (RFC 7636 §4.5)",
                    ));
                }
            }
            Grant::RefreshToken { refresh_token, scope } => {
                p.push(Param::secret(
                    "refresh_token",
                    refresh_token.expose(),
                    "the refresh token (§6)",
                ));
                if let Some(s) = scope {
                    p.push(Param::new(
                        "scope",
                        s,
                        "a narrower scope than first granted, if wanted (§6)",
                    ));
                }
            }
            Grant::ClientCredentials { scope } => {
                if let Some(s) = scope {
                    p.push(Param::new("scope", s, "what access is asked for (§4.4.2)"));
                }
            }
            Grant::DeviceCode { device_code } => {
                p.push(Param::secret(
                    "device_code",
                    device_code.expose(),
                    "the device code from the device authorization response (RFC 8628 §3.4)",
                ));
            }
            Grant::TokenExchange(x) => {
                if x.subject_token_type.is_empty() {
                    return Err(Error::InvalidValue {
                        what: "subject_token_type",
                        value: String::new(),
                        why: "RFC 8693 §2.1 requires it".into(),
                    });
                }
                p.push(Param::secret(
                    "subject_token",
                    x.subject_token.expose(),
                    "the token to exchange (RFC 8693 §2.1)",
                ));
                p.push(Param::new(
                    "subject_token_type",
                    &x.subject_token_type,
                    "what kind of token subject_token is (RFC 8693 §3)",
                ));
                if let Some((token, kind)) = &x.actor_token {
                    p.push(Param::secret(
                        "actor_token",
                        token.expose(),
                        "who acts on the subject's behalf (RFC 8693 §2.1)",
                    ));
                    p.push(Param::new(
                        "actor_token_type",
                        kind,
                        "what kind of token actor_token is",
                    ));
                }
                if let Some(t) = &x.requested_token_type {
                    p.push(Param::new(
                        "requested_token_type",
                        t,
                        "the kind of token wanted back",
                    ));
                }
                for r in &x.resource {
                    parse_url(r)?;
                    p.push(Param::new(
                        "resource",
                        r,
                        "where the new token will be used (RFC 8707)",
                    ));
                }
                for a in &x.audience {
                    p.push(Param::new(
                        "audience",
                        a,
                        "the logical name of the target service",
                    ));
                }
                if let Some(s) = &x.scope {
                    p.push(Param::new("scope", s, "what access is asked for"));
                }
            }
        }
        Ok(p)
    }
}

/// A token request: which grant, who the client is, and what the user added.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub token_endpoint: String,
    pub grant: Grant,
    pub auth: ClientAuth,
    /// Extra body parameters (`resource`, `audience` …); none may repeat the grant's.
    pub extra: Vec<(String, String)>,
    /// Extra headers (`DPoP`, `Origin` …), kept on every grant including refresh.
    pub headers: Vec<(String, String)>,
}

impl TokenRequest {
    pub fn new(token_endpoint: impl Into<String>, grant: Grant, auth: ClientAuth) -> Self {
        Self {
            token_endpoint: token_endpoint.into(),
            grant,
            auth,
            extra: vec![],
            headers: vec![],
        }
    }

    pub fn build(&self) -> Result<BuiltRequest, Error> {
        let endpoint = parse_url(&self.token_endpoint)?;
        let mut notes = Vec::new();
        if let Grant::AuthorizationCode {
            code_verifier: None, ..
        } = self.grant
            && matches!(self.auth, ClientAuth::None { .. })
        {
            notes.push("A public client without PKCE: anyone who sees the code can redeem it.".to_owned());
        }
        build_form_post(
            &endpoint,
            self.grant.params()?,
            Some(&self.auth),
            &self.extra,
            &self.headers,
            notes,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6749_section_4_1_3_example() {
        let r = TokenRequest::new(
            "https://server.example.com/token",
            Grant::AuthorizationCode {
                code: Secret::new("SplxlOBeZQQYbYS6WxSbIA"),
                redirect_uri: Some("https://client.example.com/cb".into()),
                code_verifier: None,
            },
            ClientAuth::SecretBasic {
                client_id: "s6BhdRkqt3".into(),
                secret: Secret::new("gX1fBat3bV"),
            },
        );
        let built = r.build().unwrap();
        assert_eq!(built.request.method, "POST");
        assert_eq!(
            built.request.body,
            "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&redirect_uri=https%3A%2F%2Fclient.example.com%2Fcb"
        );
        assert_eq!(
            built.request.header("Authorization"),
            Some("Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW")
        );
        assert_eq!(
            built.request.header("Content-Type"),
            Some("application/x-www-form-urlencoded")
        );
        assert!(!built.workings.http.contains("SplxlOBeZQQYbYS6WxSbIA"));
        assert!(!built.workings.http.contains("czZCaGRSa3F0MzpnWDFmQmF0M2JW"));
        assert!(
            built
                .workings
                .http
                .starts_with("POST /token HTTP/1.1\r\nHost: server.example.com\r\n")
        );
    }

    #[test]
    fn public_refresh_keeps_headers_and_sends_no_secret() {
        let mut r = TokenRequest::new(
            "https://as.example/token",
            Grant::RefreshToken {
                refresh_token: Secret::new("tGzv3JOkF0XG5Qx2TlKWIA"),
                scope: None,
            },
            ClientAuth::None {
                client_id: "spa".into(),
            },
        );
        r.headers.push(("Origin".into(), "https://app.example".into()));
        let built = r.build().unwrap();
        assert_eq!(
            built.request.body,
            "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&client_id=spa"
        );
        assert!(!built.request.body.contains("client_secret"));
        assert_eq!(built.request.header("Origin"), Some("https://app.example"));
        r.headers.push(("Content-Type".into(), "text/plain".into()));
        assert!(r.build().is_err());
    }

    #[test]
    fn device_client_credentials_and_exchange() {
        let post = ClientAuth::SecretPost {
            client_id: "m2m".into(),
            secret: Secret::new("s e"),
        };
        let b = TokenRequest::new(
            "https://as.example/token",
            Grant::ClientCredentials {
                scope: Some("read write".into()),
            },
            post.clone(),
        )
        .build()
        .unwrap();
        assert_eq!(
            b.request.body,
            "grant_type=client_credentials&scope=read+write&client_id=m2m&client_secret=s+e"
        );
        let b = TokenRequest::new(
            "https://as.example/token",
            Grant::DeviceCode {
                device_code: Secret::new("GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"),
            },
            ClientAuth::None {
                client_id: "1406020730".into(),
            },
        )
        .build()
        .unwrap();
        assert_eq!(
            b.request.body,
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS&client_id=1406020730"
        );
        let x = Grant::TokenExchange(TokenExchange {
            subject_token: Secret::new("accVkjcJyb4BWCxGsndESCJQbdFMogUC5PbRDqceLTC"),
            subject_token_type: "urn:ietf:params:oauth:token-type:access_token".into(),
            resource: vec!["https://backend.example.com/api".into()],
            ..Default::default()
        });
        let b = TokenRequest::new("https://as.example/token", x, post)
            .build()
            .unwrap();
        // RFC 8693 §2.3's example request body, then the client's credentials.
        assert_eq!(
            b.request.body,
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange\
             &subject_token=accVkjcJyb4BWCxGsndESCJQbdFMogUC5PbRDqceLTC\
             &subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token\
             &resource=https%3A%2F%2Fbackend.example.com%2Fapi&client_id=m2m&client_secret=s+e"
        );
    }
}

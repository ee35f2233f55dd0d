//! An OAuth 2.0 token set (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3) with the client
//! and the endpoints it takes to refresh, revoke (RFC 7009) or introspect (RFC 7662) it.

use crate::json::Map;
use oauth_secret::Secret;

use crate::fields::Fields;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OAuth2Token {
    pub client_id: String,
    /// `None` for public clients, or when left out of an export.
    pub client_secret: Option<Secret>,
    /// How the client authenticates at the token endpoint (RFC 7591 §2).
    pub token_endpoint_auth_method: ClientAuth,
    /// The client's private key (PEM) for `private_key_jwt` (RFC 7523 §2.2).
    pub private_key: Option<Secret>,
    /// A bearer credential itself (RFC 6750), so a secret.
    pub access_token: Secret,
    /// `Bearer`, `DPoP`, … (RFC 6749 §7.1), as the provider sent it.
    pub token_type: String,
    /// When the access token expires, in seconds since 1970-01-01T00:00:00Z: the time it
    /// was issued plus `expires_in` (§5.1). `None`: the provider did not say.
    pub expires_at: Option<u64>,
    pub refresh_token: Option<Secret>,
    /// The OpenID Connect ID Token (a JWS, compact form).
    pub id_token: Option<Secret>,
    /// The scope granted (§3.3), space-separated.
    pub scope: String,
    /// The authorization server's issuer identifier (RFC 8414 §2).
    pub issuer: Option<String>,
    /// The resource owner (`sub` of the ID Token or of introspection), when known.
    pub subject: Option<String>,
    pub endpoints: OAuth2Endpoints,
    /// The token response's other members (§5.1 allows any JSON), as they were.
    pub extra: Map,
}

/// RFC 7591 §2 `token_endpoint_auth_method`, and the OpenID Connect Core §9 names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ClientAuth {
    /// HTTP Basic with the client id and secret (RFC 6749 §2.3.1), the default.
    #[default]
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body (§2.3.1).
    ClientSecretPost,
    /// A JWT signed with the client secret (RFC 7523).
    ClientSecretJwt,
    /// A JWT signed with the client's private key (RFC 7523).
    PrivateKeyJwt,
    /// Mutual TLS (RFC 8705 §2.1, §2.2).
    TlsClientAuth,
    SelfSignedTlsClientAuth,
    /// A public client (RFC 6749 §2.1).
    None,
    /// A name this version does not know, kept as it was.
    Other(String),
}

impl ClientAuth {
    const NAMED: [(ClientAuth, &'static str); 7] = [
        (ClientAuth::ClientSecretBasic, "client_secret_basic"),
        (ClientAuth::ClientSecretPost, "client_secret_post"),
        (ClientAuth::ClientSecretJwt, "client_secret_jwt"),
        (ClientAuth::PrivateKeyJwt, "private_key_jwt"),
        (ClientAuth::TlsClientAuth, "tls_client_auth"),
        (ClientAuth::SelfSignedTlsClientAuth, "self_signed_tls_client_auth"),
        (ClientAuth::None, "none"),
    ];

    pub fn as_str(&self) -> &str {
        match self {
            ClientAuth::Other(name) => name,
            known => Self::NAMED
                .iter()
                .find(|(c, _)| c == known)
                .map_or("", |(_, n)| n),
        }
    }

    pub fn from_name(name: &str) -> Self {
        Self::NAMED
            .iter()
            .find(|(_, n)| *n == name)
            .map_or_else(|| ClientAuth::Other(name.to_owned()), |(c, _)| c.clone())
    }
}

/// The authorization server's endpoints for this token.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OAuth2Endpoints {
    pub token: Option<String>,
    /// RFC 7009.
    pub revocation: Option<String>,
    /// RFC 7662.
    pub introspection: Option<String>,
    /// Fields this version does not know, kept as they were.
    pub other: Map,
}

impl OAuth2Endpoints {
    pub fn is_empty(&self) -> bool {
        // Field by field: comparing with `default()` would bring `Value`'s `PartialEq` into the wasm.
        self.token.is_none()
            && self.revocation.is_none()
            && self.introspection.is_none()
            && self.other.is_empty()
    }

    fn read(f: &Fields) -> Result<Self, String> {
        let mut e = Self::default();
        f.opt_string("token", &mut e.token)?;
        f.opt_string("revocation", &mut e.revocation)?;
        f.opt_string("introspection", &mut e.introspection)?;
        e.other = f.unknown(&["token", "revocation", "introspection"]);
        Ok(e)
    }
}

impl OAuth2Token {
    /// The fields [`OAuth2Token::read`] knows; the entry keeps the others.
    pub(crate) const KNOWN: [&str; 14] = [
        "client_id",
        "client_secret",
        "token_endpoint_auth_method",
        "private_key",
        "access_token",
        "token_type",
        "expires_at",
        "refresh_token",
        "id_token",
        "scope",
        "issuer",
        "subject",
        "endpoints",
        "extra",
    ];

    /// Reads what `Serialize` wrote; missing fields take their defaults.
    pub(crate) fn read(f: &Fields) -> Result<Self, String> {
        let mut t = Self::default();
        f.string("client_id", &mut t.client_id)?;
        f.opt_secret("client_secret", &mut t.client_secret)?;
        let mut method = None;
        f.opt_string("token_endpoint_auth_method", &mut method)?;
        if let Some(m) = method {
            t.token_endpoint_auth_method = ClientAuth::from_name(&m);
        }
        f.opt_secret("private_key", &mut t.private_key)?;
        f.secret("access_token", &mut t.access_token)?;
        f.string("token_type", &mut t.token_type)?;
        t.expires_at = f.number("expires_at")?;
        f.opt_secret("refresh_token", &mut t.refresh_token)?;
        f.opt_secret("id_token", &mut t.id_token)?;
        f.string("scope", &mut t.scope)?;
        f.opt_string("issuer", &mut t.issuer)?;
        f.opt_string("subject", &mut t.subject)?;
        if let Some(e) = f.object("endpoints")? {
            t.endpoints = OAuth2Endpoints::read(&e)?;
        }
        f.map("extra", &mut t.extra)?;
        Ok(t)
    }

    /// Whether the access token has expired at `now` (seconds since 1970, UTC); `false`
    /// when the provider gave no lifetime.
    pub fn is_expired(&self, now: u64) -> bool {
        self.expires_at.is_some_and(|at| now >= at)
    }

    /// The same credential (docs/token-store.md, "Upsert"): the same issuer and client,
    /// and then the same resource owner when both know it, else the same refresh token
    /// when both have one, else the same access token.
    pub fn same_credential(&self, other: &Self) -> bool {
        if self.issuer != other.issuer || self.client_id != other.client_id {
            return false;
        }
        match (
            (&self.subject, &other.subject),
            (&self.refresh_token, &other.refresh_token),
        ) {
            ((Some(a), Some(b)), _) => a == b,
            (_, (Some(a), Some(b))) => a == b,
            _ => self.access_token == other.access_token,
        }
    }

    /// The secrets left out: client secret, private key, every token, and the response's
    /// other members (they may hold more tokens).
    pub fn without_secrets(&self) -> Self {
        Self {
            client_secret: None,
            private_key: None,
            access_token: Secret::default(),
            refresh_token: None,
            id_token: None,
            endpoints: OAuth2Endpoints {
                other: Map::new(),
                ..self.endpoints.clone()
            },
            extra: Map::new(),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_auth_names_round_trip_and_unknown_ones_are_kept() {
        for (c, n) in ClientAuth::NAMED {
            assert_eq!(ClientAuth::from_name(n), c);
            assert_eq!(c.as_str(), n);
        }
        let other = ClientAuth::from_name("attest_jwt_client_auth");
        assert_eq!(other, ClientAuth::Other("attest_jwt_client_auth".into()));
        assert_eq!(other.as_str(), "attest_jwt_client_auth");
    }

    #[test]
    fn identity_is_issuer_client_then_subject_refresh_or_access_token() {
        let base = OAuth2Token {
            issuer: Some("https://as.example".into()),
            client_id: "c".into(),
            access_token: Secret::new("at1"),
            ..OAuth2Token::default()
        };
        let other_access = OAuth2Token {
            access_token: Secret::new("at2"),
            ..base.clone()
        };
        assert!(base.same_credential(&base.clone()));
        assert!(!base.same_credential(&other_access));
        let with = |sub: Option<&str>, rt: Option<&str>, t: &OAuth2Token| OAuth2Token {
            subject: sub.map(Into::into),
            refresh_token: rt.map(Secret::new),
            ..t.clone()
        };
        // The same user of the same client, with a fresh access token: the same credential.
        assert!(with(Some("u"), None, &base).same_credential(&with(Some("u"), None, &other_access)));
        assert!(!with(Some("u"), None, &base).same_credential(&with(Some("v"), None, &base)));
        assert!(with(None, Some("r"), &base).same_credential(&with(Some("u"), Some("r"), &other_access)));
        assert!(!with(None, Some("r"), &base).same_credential(&with(None, Some("s"), &base)));
        let other_client = OAuth2Token {
            client_id: "d".into(),
            ..base.clone()
        };
        assert!(!base.same_credential(&other_client));
        let other_issuer = OAuth2Token {
            issuer: None,
            ..base.clone()
        };
        assert!(!base.same_credential(&other_issuer));
    }

    #[test]
    fn expiry_is_an_instant() {
        let t = OAuth2Token {
            expires_at: Some(1_000),
            ..OAuth2Token::default()
        };
        assert!(!t.is_expired(999));
        assert!(t.is_expired(1_000));
        assert!(!OAuth2Token::default().is_expired(u64::MAX));
    }
}

//! An OAuth 1.0a token (RFC 5849 §2.3) with what it takes to sign with it later.

use crate::json::Map;
use oauth_secret::Secret;

use crate::fields::Fields;

/// What a token without a `signature_method` signs with: both writers have always written
/// one, and both readers fell back to this.
pub const DEFAULT_SIGNATURE_METHOD: &str = "HMAC-SHA1";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OAuth1Token {
    /// The consumer the token was issued to (a token only works with it).
    pub consumer_key: String,
    /// So the token can sign later without its configuration; `None` when left out.
    pub consumer_secret: Option<Secret>,
    pub token: String,
    pub token_secret: Secret,
    /// The RFC 5849 §3.4 name (`HMAC-SHA1`, `RSA-SHA256`, `PLAINTEXT`, …), as given. A name
    /// the signer does not know is refused when signing, never guessed.
    pub signature_method: String,
    /// The consumer's RSA private key (PEM), for RSA-* methods.
    pub rsa_private_key: Option<Secret>,
    /// The `Authorization` header's realm (§3.5.1), when the provider wants one.
    pub realm: Option<String>,
    /// `scope`/`perms` values sent while obtaining the token, space-separated.
    pub scopes: String,
    /// The access-token response's other fields, in order (`user_id`, `screen_name`, …).
    pub extra: Vec<(String, String)>,
    pub endpoints: OAuth1Endpoints,
}

/// The provider's three endpoints (RFC 5849 §2), so the token can be obtained again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OAuth1Endpoints {
    pub request_token: Option<String>,
    pub authorize: Option<String>,
    pub access_token: Option<String>,
    /// The API's base URL, e.g. `https://shop.example/wp-json/wc/v3`: where a token added by
    /// hand (obtained elsewhere) is used.
    pub api: Option<String>,
    /// Fields this version does not know, kept as they were.
    pub other: Map,
}

impl OAuth1Endpoints {
    pub fn is_empty(&self) -> bool {
        // Field by field: comparing with `default()` would bring `Value`'s `PartialEq` into the wasm.
        self.request_token.is_none()
            && self.authorize.is_none()
            && self.access_token.is_none()
            && self.api.is_none()
            && self.other.is_empty()
    }

    fn read(f: &Fields) -> Result<Self, String> {
        let mut e = Self::default();
        f.opt_string("request_token", &mut e.request_token)?;
        f.opt_string("authorize", &mut e.authorize)?;
        f.opt_string("access_token", &mut e.access_token)?;
        f.opt_string("api", &mut e.api)?;
        e.other = f.unknown(&["request_token", "authorize", "access_token", "api"]);
        Ok(e)
    }
}

impl OAuth1Token {
    /// The fields [`OAuth1Token::read`] knows; the entry keeps the others.
    pub(crate) const KNOWN: [&str; 10] = [
        "consumer_key",
        "consumer_secret",
        "token",
        "token_secret",
        "signature_method",
        "rsa_private_key",
        "realm",
        "scopes",
        "extra",
        "endpoints",
    ];

    /// Reads what `Serialize` wrote (and version 1 entries, which are the same fields
    /// without `endpoints`); missing fields take their defaults.
    pub(crate) fn read(f: &Fields) -> Result<Self, String> {
        let mut t = Self::default();
        f.string("consumer_key", &mut t.consumer_key)?;
        f.opt_secret("consumer_secret", &mut t.consumer_secret)?;
        f.string("token", &mut t.token)?;
        f.secret("token_secret", &mut t.token_secret)?;
        f.string("signature_method", &mut t.signature_method)?;
        if t.signature_method.trim().is_empty() {
            DEFAULT_SIGNATURE_METHOD.clone_into(&mut t.signature_method);
        }
        f.opt_secret("rsa_private_key", &mut t.rsa_private_key)?;
        f.opt_string("realm", &mut t.realm)?;
        f.string("scopes", &mut t.scopes)?;
        f.pairs("extra", &mut t.extra)?;
        if let Some(e) = f.object("endpoints")? {
            t.endpoints = OAuth1Endpoints::read(&e)?;
        }
        Ok(t)
    }

    /// The same credential: the same consumer and token (docs/token-store.md, "Upsert").
    pub fn same_credential(&self, other: &Self) -> bool {
        self.consumer_key == other.consumer_key && self.token == other.token
    }

    /// The secrets left out: the token secret emptied, the consumer secret and RSA key gone.
    pub fn without_secrets(&self) -> Self {
        Self {
            consumer_secret: None,
            token_secret: Secret::default(),
            rsa_private_key: None,
            endpoints: OAuth1Endpoints {
                other: Map::new(),
                ..self.endpoints.clone()
            },
            ..self.clone()
        }
    }
}

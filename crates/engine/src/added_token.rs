//! A token added by hand: token credentials (RFC 5849 §2.3) obtained elsewhere (Magento's
//! integration tokens, X's developer portal, an owner-only MediaWiki consumer), checked and
//! made into a token-store entry. One rule for the app's form and `oauth-playground tokens
//! add`; the store's upsert rule then saves it like any other token.

use std::fmt;

use oauth1::uri::parse_url;
use oauth1::{Secret, SignatureMethod};
use token_store::{Credential, Entry, OAuth1Endpoints, OAuth1Token};

use crate::oauth1_flow::{Consumer, LegError};

/// What the user gives.
#[derive(Debug, Clone, Default)]
pub struct AddedToken {
    /// The entry's name; empty: `HOST token`, HOST of the base URL.
    pub name: String,
    pub consumer_key: String,
    pub consumer_secret: Secret,
    pub token: String,
    pub token_secret: Secret,
    /// A §3.4 method name; empty is HMAC-SHA1, as everywhere.
    pub signature_method: String,
    /// PEM, for the RSA-SHA* methods.
    pub rsa_private_key: Option<Secret>,
    /// The `Authorization` header's realm (§3.5.1); empty: none.
    pub realm: String,
    /// The API's base URL: absolute http(s).
    pub base_url: String,
}

/// Why the token cannot be saved; each says what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddedTokenError {
    UnknownSignatureMethod(String),
    /// The consumer key, secret or RSA key, by the rule every leg uses ([`Consumer::new`]).
    Consumer(LegError),
    MissingToken,
    /// HMAC-SHA* and PLAINTEXT sign with the token secret too (§3.4.2, §3.4.4).
    MissingTokenSecret(SignatureMethod),
    MissingBaseUrl,
    BaseUrl(oauth1::Error),
}

impl fmt::Display for AddedTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddedTokenError::UnknownSignatureMethod(m) => write!(
                f,
                "\"{m}\" is not a signature method; use one of {}",
                SignatureMethod::NAMES.join(", ")
            ),
            AddedTokenError::Consumer(e) => write!(f, "{e}"),
            AddedTokenError::MissingToken => f.write_str("fill in the token"),
            AddedTokenError::MissingTokenSecret(m) => {
                write!(f, "{m} signs with the token secret: fill it in")
            }
            AddedTokenError::MissingBaseUrl => f.write_str("fill in the API's base URL"),
            AddedTokenError::BaseUrl(e) => write!(f, "the API's base URL is not usable: {e}"),
        }
    }
}

impl std::error::Error for AddedTokenError {}

impl AddedToken {
    /// The signature method it names (empty: HMAC-SHA1).
    pub fn method(&self) -> Result<SignatureMethod, AddedTokenError> {
        let name = self.signature_method.trim();
        if name.is_empty() {
            return Ok(SignatureMethod::HmacSha1);
        }
        name.parse()
            .map_err(|_| AddedTokenError::UnknownSignatureMethod(name.to_owned()))
    }

    /// Checks everything and builds the entry, created at `created` (RFC 3339 text) and
    /// `created_ms`; the store's [`token_store::Document::upsert`] saves it.
    pub fn entry(&self, created: &str, created_ms: u64) -> Result<Entry, AddedTokenError> {
        let method = self.method()?;
        let consumer = Consumer::new(
            &self.consumer_key,
            self.consumer_secret.expose(),
            method,
            self.rsa_private_key.as_ref().map(Secret::expose),
        )
        .map_err(AddedTokenError::Consumer)?;
        let token = self.token.trim();
        if token.is_empty() {
            return Err(AddedTokenError::MissingToken);
        }
        // RSA-SHA* signs with the consumer's key alone (§3.4.3).
        if self.token_secret.is_empty() && !method.is_rsa() {
            return Err(AddedTokenError::MissingTokenSecret(method));
        }
        let base = self.base_url.trim();
        if base.is_empty() {
            return Err(AddedTokenError::MissingBaseUrl);
        }
        let url = parse_url(base).map_err(AddedTokenError::BaseUrl)?;
        let host = url.host_str().unwrap_or_default().to_owned();
        let name = match self.name.trim() {
            "" => format!("{host} token"),
            n => n.to_owned(),
        };
        let realm = self.realm.trim();
        let credential = Credential::OAuth1(OAuth1Token {
            consumer_key: consumer.key,
            consumer_secret: (!consumer.secret.is_empty()).then_some(consumer.secret),
            token: token.to_owned(),
            token_secret: self.token_secret.clone(),
            signature_method: method.as_str().to_owned(),
            rsa_private_key: self.rsa_private_key.clone().filter(|_| method.is_rsa()),
            realm: (!realm.is_empty()).then(|| realm.to_owned()),
            endpoints: OAuth1Endpoints {
                api: Some(base.to_owned()),
                ..OAuth1Endpoints::default()
            },
            ..OAuth1Token::default()
        });
        Ok(Entry::new(credential, name, host, created, created_ms))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form() -> AddedToken {
        AddedToken {
            consumer_key: " ck_123 ".into(),
            consumer_secret: "cs".into(),
            token: "tok-abcdef".into(),
            token_secret: "ts".into(),
            base_url: "https://shop.example/rest/V1".into(),
            signature_method: "hmac-sha256".into(),
            realm: " ".into(),
            ..AddedToken::default()
        }
    }

    #[test]
    fn a_complete_form_is_an_entry_named_for_its_host() {
        let e = form()
            .entry("2026-12-02T14:00:00.000Z", 1_795_752_497_000)
            .unwrap();
        assert_eq!(
            (e.id.as_str(), e.name.as_str(), e.provider.as_str()),
            ("1795752497000-tok-ab", "shop.example token", "shop.example")
        );
        let t = e.oauth1().unwrap();
        assert_eq!(t.consumer_key, "ck_123");
        assert_eq!(t.signature_method, "HMAC-SHA256");
        assert_eq!(t.consumer_secret.as_ref().map(Secret::expose), Some("cs"));
        assert_eq!(t.realm, None);
        assert_eq!(t.endpoints.api.as_deref(), Some("https://shop.example/rest/V1"));
    }

    #[test]
    fn each_missing_or_bad_field_is_named() {
        let err = |change: fn(&mut AddedToken)| {
            let mut f = form();
            change(&mut f);
            f.entry("", 0).unwrap_err().to_string()
        };
        assert_eq!(
            err(|f| f.signature_method = "HMAC-MD5".into()),
            "\"HMAC-MD5\" is not a signature method; use one of HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, \
             RSA-SHA1, RSA-SHA256, RSA-SHA512, PLAINTEXT"
        );
        assert_eq!(err(|f| f.consumer_key = " ".into()), "fill in the consumer key");
        assert_eq!(
            err(|f| f.consumer_secret = "".into()),
            "HMAC-SHA256 signs with the consumer secret: fill it in"
        );
        assert_eq!(err(|f| f.token = "".into()), "fill in the token");
        assert_eq!(
            err(|f| f.token_secret = "".into()),
            "HMAC-SHA256 signs with the token secret: fill it in"
        );
        assert_eq!(err(|f| f.base_url = "".into()), "fill in the API's base URL");
        assert_eq!(
            err(|f| f.base_url = "javascript:alert(1)".into()),
            "the API's base URL is not usable: the URL \"javascript:alert(1)\" must start with http:// or https://"
        );
        assert_eq!(
            err(|f| {
                f.signature_method = "RSA-SHA1".into();
            }),
            "RSA-SHA1 signs with the consumer's RSA private key: RSA-SHA1 needs an RSA private key (PEM, PKCS#1 or PKCS#8)"
        );
    }
}

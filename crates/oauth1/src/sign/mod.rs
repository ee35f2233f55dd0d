//! Signature methods: RFC 5849 §3.4.2 (HMAC-SHA1), §3.4.3 (RSA-SHA1), §3.4.4 (PLAINTEXT),
//! and the SHA-256/512 variants providers use beside them (e.g. NetSuite's HMAC-SHA256).

pub(crate) mod hmac;
mod pem;
mod plaintext;
mod rsa;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use self::hmac::{hmac_key, hmac_sha256};
pub use self::rsa::{RsaKey, RsaPublicKey};
use crate::base_string::BaseText;
use crate::{Error, Secret};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum SignatureMethod {
    #[default]
    #[serde(rename = "HMAC-SHA1")]
    HmacSha1,
    #[serde(rename = "HMAC-SHA256")]
    HmacSha256,
    #[serde(rename = "HMAC-SHA512")]
    HmacSha512,
    #[serde(rename = "RSA-SHA1")]
    RsaSha1,
    #[serde(rename = "RSA-SHA256")]
    RsaSha256,
    #[serde(rename = "RSA-SHA512")]
    RsaSha512,
    #[serde(rename = "PLAINTEXT")]
    Plaintext,
}

/// The digest a method uses; also the `oauth_body_hash` algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    Sha1,
    Sha256,
    Sha512,
}

impl SignatureMethod {
    pub const ALL: [SignatureMethod; 7] = [
        Self::HmacSha1,
        Self::HmacSha256,
        Self::HmacSha512,
        Self::RsaSha1,
        Self::RsaSha256,
        Self::RsaSha512,
        Self::Plaintext,
    ];
    pub const NAMES: [&'static str; 7] = [
        "HMAC-SHA1",
        "HMAC-SHA256",
        "HMAC-SHA512",
        "RSA-SHA1",
        "RSA-SHA256",
        "RSA-SHA512",
        "PLAINTEXT",
    ];

    /// The name sent as `oauth_signature_method`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HmacSha1 => "HMAC-SHA1",
            Self::HmacSha256 => "HMAC-SHA256",
            Self::HmacSha512 => "HMAC-SHA512",
            Self::RsaSha1 => "RSA-SHA1",
            Self::RsaSha256 => "RSA-SHA256",
            Self::RsaSha512 => "RSA-SHA512",
            Self::Plaintext => "PLAINTEXT",
        }
    }

    pub fn is_rsa(self) -> bool {
        matches!(self, Self::RsaSha1 | Self::RsaSha256 | Self::RsaSha512)
    }

    /// The digest behind the method. PLAINTEXT has none; SHA-1 is used for its body hash.
    pub fn digest(self) -> Digest {
        match self {
            Self::HmacSha1 | Self::RsaSha1 | Self::Plaintext => Digest::Sha1,
            Self::HmacSha256 | Self::RsaSha256 => Digest::Sha256,
            Self::HmacSha512 | Self::RsaSha512 => Digest::Sha512,
        }
    }
}

impl fmt::Display for SignatureMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SignatureMethod {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::UnknownSignatureMethod(s.to_owned()))
    }
}

/// What a signature is computed with. HMAC and PLAINTEXT use the two secrets, RSA the key.
#[derive(Debug, Clone, Copy)]
pub struct SigningKey<'a> {
    pub consumer_secret: &'a Secret,
    pub token_secret: &'a Secret,
    pub rsa_key: Option<&'a RsaKey>,
}

/// Signs `base_string` and returns the `oauth_signature` value (not yet percent-encoded).
pub fn sign(method: SignatureMethod, base_string: &str, key: SigningKey<'_>) -> Result<String, Error> {
    let secrets = || hmac_key(key.consumer_secret, key.token_secret);
    match method {
        SignatureMethod::HmacSha1 | SignatureMethod::HmacSha256 | SignatureMethod::HmacSha512 => {
            Ok(hmac::sign(method.digest(), secrets().expose(), base_string))
        }
        SignatureMethod::RsaSha1 | SignatureMethod::RsaSha256 | SignatureMethod::RsaSha512 => {
            let rsa = key.rsa_key.ok_or(Error::MissingRsaKey {
                method: method.as_str(),
            })?;
            #[cfg(feature = "rsa")]
            return rsa.sign(method.digest(), base_string);
            #[cfg(not(feature = "rsa"))]
            return {
                let _ = rsa;
                Err(Error::NoRsaSigner {
                    method: method.as_str(),
                })
            };
        }
        // §3.4.4: the key itself, never the base string.
        SignatureMethod::Plaintext => Ok(plaintext::sign(key.consumer_secret, key.token_secret)),
    }
}

/// Checks a received signature in constant time. For RSA the consumer's public key is used.
pub fn verify(
    method: SignatureMethod,
    base_string: &str,
    signature: &str,
    consumer_secret: &Secret,
    token_secret: &Secret,
    rsa_public: Option<&RsaPublicKey>,
) -> Result<bool, Error> {
    verify_text(
        method,
        base_string,
        signature,
        consumer_secret,
        token_secret,
        rsa_public,
    )
}

/// [`verify`] for any signed text: the shared-secret methods feed it straight into the MAC.
pub(crate) fn verify_text(
    method: SignatureMethod,
    text: &(impl BaseText + ?Sized),
    signature: &str,
    consumer_secret: &Secret,
    token_secret: &Secret,
    rsa_public: Option<&RsaPublicKey>,
) -> Result<bool, Error> {
    let key = || hmac_key(consumer_secret, token_secret);
    let expected = match method {
        SignatureMethod::RsaSha1 | SignatureMethod::RsaSha256 | SignatureMethod::RsaSha512 => {
            let public = rsa_public.ok_or(Error::MissingRsaKey {
                method: method.as_str(),
            })?;
            let mut base_string = String::new();
            text.write_to(&mut base_string);
            return Ok(public.verify(method.digest(), &base_string, signature));
        }
        SignatureMethod::HmacSha1 | SignatureMethod::HmacSha256 | SignatureMethod::HmacSha512 => {
            hmac::KeyedMac::new(method.digest(), key().expose()).sign(text)
        }
        SignatureMethod::Plaintext => plaintext::sign(consumer_secret, token_secret),
    };
    Ok(constant_time_eq(expected.as_bytes(), signature.as_bytes()))
}

/// Compares secrets (signatures, verifiers) without leaking how much of a guess was right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// `oauth_body_hash`: base64 of the body's digest (OAuth Request Body Hash §3.1).
pub fn body_hash(digest: Digest, body: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest as _;
    let bytes = match digest {
        Digest::Sha1 => sha1::Sha1::digest(body).to_vec(),
        Digest::Sha256 => sha2::Sha256::digest(body).to_vec(),
        Digest::Sha512 => sha2::Sha512::digest(body).to_vec(),
    };
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_is_rfc_4231s() {
        // RFC 4231 §4.3, test case 2: the key's bytes are used as they are.
        let mac: String = hmac_sha256("Jefe", "what do ya want for nothing?")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            mac,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn names_round_trip() {
        for m in SignatureMethod::ALL {
            assert_eq!(m.as_str().parse::<SignatureMethod>().unwrap(), m);
            assert_eq!(serde_json_name(m), format!("\"{}\"", m.as_str()));
        }
        assert_eq!(
            "hmac-sha256".parse::<SignatureMethod>().unwrap(),
            SignatureMethod::HmacSha256
        );
        assert!(matches!(
            "MD5".parse::<SignatureMethod>(),
            Err(Error::UnknownSignatureMethod(_))
        ));
    }

    fn serde_json_name(m: SignatureMethod) -> String {
        serde_json::to_string(&m).unwrap()
    }

    #[test]
    fn body_hash_of_hello_world() {
        // OAuth Request Body Hash, Appendix A.1: "Hello World!" with SHA-1.
        assert_eq!(
            body_hash(Digest::Sha1, b"Hello World!"),
            "Lve95gjOVATpfV8EL5X4nxwjKHE="
        );
        assert_eq!(body_hash(Digest::Sha1, b""), "2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
    }

    #[test]
    fn rsa_without_key_is_an_error() {
        let s = Secret::new("s");
        let key = SigningKey {
            consumer_secret: &s,
            token_secret: &s,
            rsa_key: None,
        };
        assert_eq!(
            sign(SignatureMethod::RsaSha256, "x", key),
            Err(Error::MissingRsaKey { method: "RSA-SHA256" })
        );
    }
}

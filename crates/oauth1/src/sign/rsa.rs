//! RSA-SHA1/256/512 (RSASSA-PKCS1-v1_5), RFC 5849 §3.4.3.
//!
//! With the `rsa` feature (the default) this crate signs and verifies. Without it, a key is
//! read and checked but the signature comes from an external signer (the app uses the
//! browser's Web Crypto): see [`crate::UnsignedRequest`].

use std::fmt;

#[cfg(feature = "rsa")]
use super::Digest;
use super::pem::pkcs8_der_from_pem;
use crate::Error;

/// A consumer's RSA private key. `Debug` prints `[redacted]`.
#[derive(Clone, PartialEq)]
pub struct RsaKey {
    /// PKCS#8 `PrivateKeyInfo` DER, the form external signers import.
    pkcs8: Vec<u8>,
    #[cfg(feature = "rsa")]
    key: rsa::RsaPrivateKey,
}

impl RsaKey {
    /// Reads a PEM private key, PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, Error> {
        let pkcs8 = pkcs8_der_from_pem(pem)?;
        #[cfg(feature = "rsa")]
        let key = {
            use rsa::pkcs8::DecodePrivateKey;
            rsa::RsaPrivateKey::from_pkcs8_der(&pkcs8).map_err(|e| Error::InvalidRsaKey(e.to_string()))?
        };
        Ok(Self {
            pkcs8,
            #[cfg(feature = "rsa")]
            key,
        })
    }

    /// The key as PKCS#8 DER, for a signer such as Web Crypto's `importKey("pkcs8", …)`.
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8
    }
}

#[cfg(feature = "rsa")]
impl RsaKey {
    pub fn public_key(&self) -> RsaPublicKey {
        RsaPublicKey(self.key.to_public_key())
    }

    pub(super) fn sign(&self, digest: Digest, text: &str) -> Result<String, Error> {
        use base64::Engine;
        let (scheme, hashed) = prehash(digest, text);
        let sig = self
            .key
            .sign(scheme, &hashed)
            .map_err(|e| Error::Signing(e.to_string()))?;
        Ok(base64::engine::general_purpose::STANDARD.encode(sig))
    }
}

/// The matching public key, as a provider holds it.
#[cfg(feature = "rsa")]
#[derive(Clone, PartialEq)]
pub struct RsaPublicKey(rsa::RsaPublicKey);

/// Without the `rsa` feature there is no verifier, so no public key can be made.
#[cfg(not(feature = "rsa"))]
#[derive(Clone, PartialEq)]
pub struct RsaPublicKey(std::convert::Infallible);

#[cfg(feature = "rsa")]
impl RsaPublicKey {
    /// Reads `BEGIN PUBLIC KEY` (SPKI) or `BEGIN RSA PUBLIC KEY` (PKCS#1).
    pub fn from_pem(pem: &str) -> Result<Self, Error> {
        use rsa::pkcs1::DecodeRsaPublicKey;
        use rsa::pkcs8::DecodePublicKey;
        let pem = pem.trim();
        let key = if pem.contains("BEGIN RSA PUBLIC KEY") {
            rsa::RsaPublicKey::from_pkcs1_pem(pem).map_err(|e| Error::InvalidRsaPublicKey(e.to_string()))?
        } else {
            rsa::RsaPublicKey::from_public_key_pem(pem)
                .map_err(|e| Error::InvalidRsaPublicKey(e.to_string()))?
        };
        Ok(Self(key))
    }

    /// SPKI PEM (`BEGIN PUBLIC KEY`), the form providers ask consumers to register.
    pub fn to_pem(&self) -> String {
        use rsa::pkcs1::EncodeRsaPublicKey;
        use rsa::pkcs8::{EncodePublicKey, LineEnding};
        self.0
            .to_public_key_pem(LineEnding::LF)
            .or_else(|_| self.0.to_pkcs1_pem(LineEnding::LF))
            .unwrap_or_default()
    }

    pub(super) fn verify(&self, digest: Digest, text: &str, signature: &str) -> bool {
        use base64::Engine;
        let Ok(sig) = base64::engine::general_purpose::STANDARD.decode(signature) else {
            return false;
        };
        let (scheme, hashed) = prehash(digest, text);
        self.0.verify(scheme, &hashed, &sig).is_ok()
    }
}

#[cfg(not(feature = "rsa"))]
impl RsaPublicKey {
    pub fn from_pem(_pem: &str) -> Result<Self, Error> {
        Err(Error::InvalidRsaPublicKey(
            "this build has no RSA verifier (the oauth1 crate's rsa feature is off)".into(),
        ))
    }

    pub fn to_pem(&self) -> String {
        match self.0 {}
    }

    pub(super) fn verify(&self, _digest: super::Digest, _text: &str, _signature: &str) -> bool {
        match self.0 {}
    }
}

#[cfg(feature = "rsa")]
fn prehash(digest: Digest, text: &str) -> (rsa::Pkcs1v15Sign, Vec<u8>) {
    use sha2::Digest as _;
    let bytes = text.as_bytes();
    match digest {
        Digest::Sha1 => (
            rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
            sha1::Sha1::digest(bytes).to_vec(),
        ),
        Digest::Sha256 => (
            rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
            sha2::Sha256::digest(bytes).to_vec(),
        ),
        Digest::Sha512 => (
            rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
            sha2::Sha512::digest(bytes).to_vec(),
        ),
    }
}

impl fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RsaPublicKey")
    }
}

//! RSA-SHA1/256/512 (RSASSA-PKCS1-v1_5), RFC 5849 §3.4.3.

use std::fmt;

use base64::Engine;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey, LineEnding};
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::Digest as _;

use super::Digest;
use crate::Error;

/// A consumer's RSA private key. `Debug` prints `[redacted]`.
#[derive(Clone, PartialEq)]
pub struct RsaKey(RsaPrivateKey);

/// The matching public key, as a provider holds it.
#[derive(Clone, PartialEq)]
pub struct RsaPublicKey(rsa::RsaPublicKey);

impl RsaKey {
    /// Reads a PEM private key, PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, Error> {
        let pem = pem.trim();
        if pem.contains("ENCRYPTED") {
            return Err(Error::InvalidRsaKey(
                "it is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)".into(),
            ));
        }
        let key = if pem.contains("BEGIN RSA PRIVATE KEY") {
            RsaPrivateKey::from_pkcs1_pem(pem).map_err(|e| Error::InvalidRsaKey(e.to_string()))?
        } else if pem.contains("BEGIN PRIVATE KEY") {
            RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| Error::InvalidRsaKey(e.to_string()))?
        } else if pem.contains("PUBLIC KEY") || pem.contains("CERTIFICATE") {
            return Err(Error::InvalidRsaKey(
                "this is a public key or certificate; the consumer signs with its private key".into(),
            ));
        } else {
            return Err(Error::InvalidRsaKey("no PEM private key found".into()));
        };
        Ok(Self(key))
    }

    pub fn public_key(&self) -> RsaPublicKey {
        RsaPublicKey(self.0.to_public_key())
    }

    pub(super) fn sign(&self, digest: Digest, text: &str) -> Result<String, Error> {
        let (scheme, hashed) = prehash(digest, text);
        let sig = self
            .0
            .sign(scheme, &hashed)
            .map_err(|e| Error::Signing(e.to_string()))?;
        Ok(base64::engine::general_purpose::STANDARD.encode(sig))
    }
}

impl RsaPublicKey {
    /// Reads `BEGIN PUBLIC KEY` (SPKI) or `BEGIN RSA PUBLIC KEY` (PKCS#1).
    pub fn from_pem(pem: &str) -> Result<Self, Error> {
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
        self.0
            .to_public_key_pem(LineEnding::LF)
            .or_else(|_| self.0.to_pkcs1_pem(LineEnding::LF))
            .unwrap_or_default()
    }

    pub(super) fn verify(&self, digest: Digest, text: &str, signature: &str) -> bool {
        let Ok(sig) = base64::engine::general_purpose::STANDARD.decode(signature) else {
            return false;
        };
        let (scheme, hashed) = prehash(digest, text);
        self.0.verify(scheme, &hashed, &sig).is_ok()
    }
}

fn prehash(digest: Digest, text: &str) -> (Pkcs1v15Sign, Vec<u8>) {
    let bytes = text.as_bytes();
    match digest {
        Digest::Sha1 => (
            Pkcs1v15Sign::new::<sha1::Sha1>(),
            sha1::Sha1::digest(bytes).to_vec(),
        ),
        Digest::Sha256 => (
            Pkcs1v15Sign::new::<sha2::Sha256>(),
            sha2::Sha256::digest(bytes).to_vec(),
        ),
        Digest::Sha512 => (
            Pkcs1v15Sign::new::<sha2::Sha512>(),
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

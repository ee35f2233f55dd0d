//! The `native` feature: a [`JwsSigner`] and a [`JwsVerifier`] built on RustCrypto (`rsa`,
//! `p256`, `p384`, `ed25519-dalek`), for the CLI, the sandbox and the tests. The app leaves
//! it off and uses Web Crypto, which keeps these crates out of the wasm.
//!
//! RS*, ES* and EdDSA signatures are deterministic (RFC 8017 §8.2, RFC 6979 as the `ecdsa`
//! crate implements it, RFC 8032), so signing needs no randomness. PS* needs a random salt
//! (RFC 8017 §9.1.1): it signs only after [`NativeSigner::with_salt_source`] gave it one.

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::rand_core::{CryptoRng, RngCore};
use rsa::signature::RandomizedSigner;
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use serde_json::{Map, Value};
use sha2::{Sha256, Sha384, Sha512};
use std::sync::Mutex;

use super::verify::verify_hmac;
use super::{Alg, JwsSigner, JwsVerifier, JwtError};
use crate::b64;
use crate::jwks::Jwk;

/// RFC 7518 §3.3: RSA keys of 2048 bits or more.
pub const MIN_RSA_BITS: usize = 2048;

enum Key {
    Rsa(Box<RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Ed25519(Box<ed25519_dalek::SigningKey>),
}

/// A private key that signs JWS: the client's for `private_key_jwt`, a DPoP key, the
/// sandbox's id_token key.
pub struct NativeSigner {
    key: Key,
    alg: Alg,
    kid: Option<String>,
    salt: Option<Mutex<SaltSource>>,
}

type SaltSource = Box<dyn FnMut(&mut [u8]) + Send>;

/// The caller's CSPRNG, a `fill(&mut [u8])` function, as the `rand_core` generator the
/// `rsa` crate asks for (PSS salts here, key generation in the sandbox). It is only as
/// unpredictable as the function it wraps: give it the OS's generator.
pub struct FillRng<F>(pub F);

impl<F: FnMut(&mut [u8])> RngCore for FillRng<F> {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        (self.0)(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        (self.0)(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        (self.0)(dest)
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        (self.0)(dest);
        Ok(())
    }
}

impl<F: FnMut(&mut [u8])> CryptoRng for FillRng<F> {}

impl std::fmt::Debug for NativeSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NativeSigner({}, kid {:?}, [redacted])", self.alg, self.kid)
    }
}

fn bad(e: impl std::fmt::Display) -> JwtError {
    JwtError::BadKey(e.to_string())
}

impl NativeSigner {
    /// A PEM private key: PKCS#8 (`BEGIN PRIVATE KEY`: RSA, P-256, P-384, Ed25519), PKCS#1
    /// (`BEGIN RSA PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`). `alg` defaults to RS256,
    /// ES256, ES384 or EdDSA by key type.
    pub fn from_pem(pem: &str, alg: Option<Alg>, kid: Option<String>) -> Result<Self, JwtError> {
        let pem = pem.trim();
        let key = if pem.contains("BEGIN RSA PRIVATE KEY") {
            Key::Rsa(Box::new(RsaPrivateKey::from_pkcs1_pem(pem).map_err(bad)?))
        } else if pem.contains("BEGIN EC PRIVATE KEY") {
            if let Ok(k) = p256::SecretKey::from_sec1_pem(pem) {
                Key::P256(k.into())
            } else {
                Key::P384(p384::SecretKey::from_sec1_pem(pem).map_err(bad)?.into())
            }
        } else if let Ok(k) = RsaPrivateKey::from_pkcs8_pem(pem) {
            Key::Rsa(Box::new(k))
        } else if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_pem(pem) {
            Key::P256(k)
        } else if let Ok(k) = p384::ecdsa::SigningKey::from_pkcs8_pem(pem) {
            Key::P384(k)
        } else if let Ok(k) = ed25519_dalek::SigningKey::from_pkcs8_pem(pem) {
            Key::Ed25519(Box::new(k))
        } else {
            return Err(JwtError::BadKey(
                "not a PEM private key of a kind this playground signs with (RSA, P-256, P-384 or Ed25519)"
                    .into(),
            ));
        };
        Self::with_key(key, alg, kid)
    }

    /// A private JWK (RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2), as the RFC examples give them.
    pub fn from_jwk(jwk: &Jwk, alg: Option<Alg>) -> Result<Self, JwtError> {
        let b = |m: &'static str| jwk.bytes(m).map_err(bad);
        let key = match (jwk.kty.as_str(), jwk.crv.as_deref()) {
            ("RSA", _) => {
                let n = |m| b(m).map(|v| BigUint::from_bytes_be(&v));
                Key::Rsa(Box::new(
                    RsaPrivateKey::from_components(n("n")?, n("e")?, n("d")?, vec![n("p")?, n("q")?])
                        .map_err(bad)?,
                ))
            }
            ("EC", Some("P-256")) => Key::P256(p256::ecdsa::SigningKey::from_slice(&b("d")?).map_err(bad)?),
            ("EC", Some("P-384")) => Key::P384(p384::ecdsa::SigningKey::from_slice(&b("d")?).map_err(bad)?),
            ("OKP", Some("Ed25519")) => {
                let d: [u8; 32] = b("d")?.try_into().map_err(|_| bad("an Ed25519 d is 32 bytes"))?;
                Key::Ed25519(Box::new(ed25519_dalek::SigningKey::from_bytes(&d)))
            }
            (kty, crv) => {
                return Err(bad(format!(
                    "kty {kty} with crv {crv:?} is not a key this playground signs with"
                )));
            }
        };
        Self::with_key(key, alg, jwk.kid.clone())
    }

    fn with_key(key: Key, alg: Option<Alg>, kid: Option<String>) -> Result<Self, JwtError> {
        let default = match &key {
            Key::Rsa(k) => {
                if k.size() * 8 < MIN_RSA_BITS {
                    return Err(bad(format!(
                        "the RSA key has {} bits; RFC 7518 §3.3 wants at least 2048",
                        k.size() * 8
                    )));
                }
                Alg::RS256
            }
            Key::P256(_) => Alg::ES256,
            Key::P384(_) => Alg::ES384,
            Key::Ed25519(_) => Alg::EdDSA,
        };
        let alg = alg.unwrap_or(default);
        let fits = match &key {
            Key::Rsa(_) => matches!(
                alg,
                Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512
            ),
            _ => alg == default,
        };
        if !fits {
            return Err(bad(format!(
                "this key signs {default}{}, not {alg}",
                if default == Alg::RS256 {
                    "/384/512 or PS256/384/512"
                } else {
                    ""
                }
            )));
        }
        Ok(Self {
            key,
            alg,
            kid,
            salt: None,
        })
    }

    /// The random source for PS* salts: `fill` must fill its buffer from a CSPRNG.
    pub fn with_salt_source(mut self, fill: impl FnMut(&mut [u8]) + Send + 'static) -> Self {
        self.salt = Some(Mutex::new(Box::new(fill)));
        self
    }

    fn sign_pss(&self, key: &RsaPrivateKey, input: &[u8]) -> Result<Vec<u8>, JwtError> {
        use rsa::pss::BlindedSigningKey;
        let salt = self.salt.as_ref().ok_or(JwtError::Unsupported(
            self.alg.to_string(),
            "PS* signing needs a random salt: give the signer one with with_salt_source",
        ))?;
        let mut source = salt.lock().map_err(|_| bad("the salt source panicked before"))?;
        let mut rng = FillRng(&mut *source);
        let key = key.clone();
        Ok(match self.alg {
            Alg::PS256 => BlindedSigningKey::<Sha256>::new(key)
                .sign_with_rng(&mut rng, input)
                .to_vec(),
            Alg::PS384 => BlindedSigningKey::<Sha384>::new(key)
                .sign_with_rng(&mut rng, input)
                .to_vec(),
            _ => BlindedSigningKey::<Sha512>::new(key)
                .sign_with_rng(&mut rng, input)
                .to_vec(),
        })
    }
}

fn rsa_public_jwk(k: &RsaPublicKey) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("kty".into(), "RSA".into());
    m.insert("n".into(), b64::encode(k.n().to_bytes_be()).into());
    m.insert("e".into(), b64::encode(k.e().to_bytes_be()).into());
    m
}

fn ec_public_jwk(crv: &str, point: &[u8]) -> Map<String, Value> {
    // An uncompressed SEC1 point: 0x04 || x || y, each half the rest.
    let half = (point.len() - 1) / 2;
    let mut m = Map::new();
    m.insert("kty".into(), "EC".into());
    m.insert("crv".into(), crv.into());
    m.insert("x".into(), b64::encode(&point[1..1 + half]).into());
    m.insert("y".into(), b64::encode(&point[1 + half..]).into());
    m
}

impl JwsSigner for NativeSigner {
    fn alg(&self) -> Alg {
        self.alg
    }

    fn kid(&self) -> Option<String> {
        self.kid.clone()
    }

    fn public_jwk(&self) -> Option<Value> {
        let mut m = match &self.key {
            Key::Rsa(k) => rsa_public_jwk(&k.to_public_key()),
            Key::P256(k) => ec_public_jwk("P-256", k.verifying_key().to_encoded_point(false).as_bytes()),
            Key::P384(k) => ec_public_jwk("P-384", k.verifying_key().to_encoded_point(false).as_bytes()),
            Key::Ed25519(k) => {
                let mut m = Map::new();
                m.insert("kty".into(), "OKP".into());
                m.insert("crv".into(), "Ed25519".into());
                m.insert("x".into(), b64::encode(k.verifying_key().as_bytes()).into());
                m
            }
        };
        if let Some(kid) = &self.kid {
            m.insert("kid".into(), kid.clone().into());
        }
        Some(Value::Object(m))
    }

    fn sign(&self, input: &[u8]) -> Result<Vec<u8>, JwtError> {
        use rsa::pkcs1v15::SigningKey;
        Ok(match (&self.key, self.alg) {
            (Key::Rsa(k), Alg::RS256) => SigningKey::<Sha256>::new((**k).clone()).sign(input).to_vec(),
            (Key::Rsa(k), Alg::RS384) => SigningKey::<Sha384>::new((**k).clone()).sign(input).to_vec(),
            (Key::Rsa(k), Alg::RS512) => SigningKey::<Sha512>::new((**k).clone()).sign(input).to_vec(),
            (Key::Rsa(k), Alg::PS256 | Alg::PS384 | Alg::PS512) => return self.sign_pss(k, input),
            (Key::P256(k), _) => {
                let s: p256::ecdsa::Signature = k.sign(input);
                s.to_bytes().to_vec()
            }
            (Key::P384(k), _) => {
                let s: p384::ecdsa::Signature = k.sign(input);
                s.to_bytes().to_vec()
            }
            (Key::Ed25519(k), _) => k.sign(input).to_bytes().to_vec(),
            (_, alg) => return Err(JwtError::Unsupported(alg.to_string(), "this key cannot sign it")),
        })
    }
}

/// Verifies every [`Alg`] against a public JWK.
#[derive(Debug, Clone, Copy, Default)]
pub struct NativeVerifier;

fn rsa_key(jwk: &Jwk) -> Result<RsaPublicKey, JwtError> {
    let n = BigUint::from_bytes_be(&jwk.bytes("n").map_err(bad)?);
    let e = BigUint::from_bytes_be(&jwk.bytes("e").map_err(bad)?);
    let key = RsaPublicKey::new(n, e).map_err(bad)?;
    if key.size() * 8 < MIN_RSA_BITS {
        return Err(bad(format!(
            "the RSA key has {} bits; RFC 7518 §3.3 wants at least 2048",
            key.size() * 8
        )));
    }
    Ok(key)
}

fn ec_point(jwk: &Jwk, len: usize) -> Result<Vec<u8>, JwtError> {
    let (x, y) = (jwk.bytes("x").map_err(bad)?, jwk.bytes("y").map_err(bad)?);
    if x.len() != len || y.len() != len {
        return Err(bad(format!(
            "x and y must be {len} bytes each (RFC 7518 §6.2.1.2)"
        )));
    }
    Ok([&[4u8][..], &x, &y].concat())
}

impl JwsVerifier for NativeVerifier {
    fn verify(&self, alg: Alg, key: &Jwk, input: &[u8], sig: &[u8]) -> Result<(), JwtError> {
        let wrong = |_| {
            JwtError::BadSignature(format!(
                "{alg} and key {:?}",
                key.kid.as_deref().unwrap_or("(no kid)")
            ))
        };
        match alg {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => verify_hmac(alg, key, input, sig),
            Alg::RS256 | Alg::RS384 | Alg::RS512 => {
                use rsa::pkcs1v15::{Signature, VerifyingKey};
                let k = rsa_key(key)?;
                let s = Signature::try_from(sig).map_err(wrong)?;
                match alg {
                    Alg::RS256 => VerifyingKey::<Sha256>::new(k).verify(input, &s),
                    Alg::RS384 => VerifyingKey::<Sha384>::new(k).verify(input, &s),
                    _ => VerifyingKey::<Sha512>::new(k).verify(input, &s),
                }
                .map_err(wrong)
            }
            Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                use rsa::pss::{Signature, VerifyingKey};
                let k = rsa_key(key)?;
                let s = Signature::try_from(sig).map_err(wrong)?;
                match alg {
                    Alg::PS256 => VerifyingKey::<Sha256>::new(k).verify(input, &s),
                    Alg::PS384 => VerifyingKey::<Sha384>::new(k).verify(input, &s),
                    _ => VerifyingKey::<Sha512>::new(k).verify(input, &s),
                }
                .map_err(wrong)
            }
            Alg::ES256 => {
                let point = ec_point(key, 32)?;
                let k = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(bad)?;
                let s = p256::ecdsa::Signature::from_slice(sig).map_err(wrong)?;
                k.verify(input, &s).map_err(wrong)
            }
            Alg::ES384 => {
                let point = ec_point(key, 48)?;
                let k = p384::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(bad)?;
                let s = p384::ecdsa::Signature::from_slice(sig).map_err(wrong)?;
                k.verify(input, &s).map_err(wrong)
            }
            Alg::EdDSA => {
                let x: [u8; 32] = key
                    .bytes("x")
                    .map_err(bad)?
                    .try_into()
                    .map_err(|_| bad("an Ed25519 x is 32 bytes"))?;
                let k = ed25519_dalek::VerifyingKey::from_bytes(&x).map_err(bad)?;
                let s = ed25519_dalek::Signature::from_slice(sig).map_err(wrong)?;
                k.verify_strict(input, &s).map_err(wrong)
            }
        }
    }
}

//! The server's signing keys: an RSA key (RS256) and a P-256 key (ES256), published as a
//! JWKS (RFC 7517) with RFC 7638 thumbprints as `kid`s. A rotation makes a new pair and keeps
//! the previous one published, so tokens signed just before still verify (OIDC Core §10.1.1).
//! The first RSA key is committed (making one in a debug build takes seconds); every EC key
//! and every rotated RSA key is new.

use oauth2::jwks::Jwk;
use oauth2::jwt::native::{FillRng, NativeSigner};
use oauth2::jwt::{Alg, JwsSigner, JwtError, UnsignedJws};
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use serde_json::{Map, Value, json};

use super::Random;

/// The sandbox's first RSA signing key: a PUBLIC demo key, committed on purpose.
const FIRST_RSA_PEM: &str = include_str!("demo_signing_rsa_private.pem");

struct Pair {
    rsa: NativeSigner,
    ec: NativeSigner,
}

pub struct Keys {
    current: Pair,
    previous: Option<Pair>,
}

fn with_thumbprint(pem: &str, alg: Alg) -> Result<NativeSigner, JwtError> {
    let kid = thumbprint_of(&NativeSigner::from_pem(pem, Some(alg), None)?)?;
    NativeSigner::from_pem(pem, Some(alg), Some(kid))
}

fn thumbprint_of(signer: &NativeSigner) -> Result<String, JwtError> {
    signer
        .public_jwk()
        .and_then(|v| Jwk::parse(&v).ok())
        .and_then(|j| j.thumbprint().ok())
        .ok_or_else(|| JwtError::BadKey("the key has no RFC 7638 thumbprint".into()))
}

fn new_ec(random: &Random) -> Result<NativeSigner, JwtError> {
    let bad = |e: oauth2::Error| JwtError::BadKey(e.to_string());
    // A random scalar; the rare one out of range (zero, or above the order) is drawn again.
    let mut last = JwtError::BadKey("no P-256 scalar drawn".into());
    for _ in 0..8 {
        let mut d = [0u8; 32];
        random(&mut d);
        let mut jwk = json!({"kty": "EC", "crv": "P-256", "d": oauth2::base64url_encode(d)});
        match NativeSigner::from_jwk(&Jwk::parse(&jwk).map_err(bad)?, Some(Alg::ES256)) {
            Ok(bare) => {
                jwk["kid"] = thumbprint_of(&bare)?.into();
                return NativeSigner::from_jwk(&Jwk::parse(&jwk).map_err(bad)?, Some(Alg::ES256));
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn new_rsa(random: &Random) -> Result<NativeSigner, JwtError> {
    let key = rsa::RsaPrivateKey::new(&mut FillRng(&**random), 2048)
        .map_err(|e| JwtError::BadKey(e.to_string()))?;
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| JwtError::BadKey(e.to_string()))?;
    with_thumbprint(&pem, Alg::RS256)
}

impl Keys {
    pub fn first(random: &Random) -> Result<Self, JwtError> {
        Ok(Self {
            current: Pair {
                rsa: with_thumbprint(FIRST_RSA_PEM, Alg::RS256)?,
                ec: new_ec(random)?,
            },
            previous: None,
        })
    }

    /// A new pair; the current one stays published as the previous.
    pub fn rotate(&mut self, random: &Random) -> Result<(), JwtError> {
        let next = Pair {
            rsa: new_rsa(random)?,
            ec: new_ec(random)?,
        };
        self.previous = Some(std::mem::replace(&mut self.current, next));
        Ok(())
    }

    /// The public keys, current first (RFC 7517 §5).
    pub fn jwks(&self) -> Value {
        let mut keys = Vec::new();
        for pair in std::iter::once(&self.current).chain(self.previous.as_ref()) {
            for signer in [&pair.rsa, &pair.ec] {
                if let Some(Value::Object(mut k)) = signer.public_jwk() {
                    k.insert("use".into(), "sig".into());
                    k.insert("alg".into(), signer.alg().as_str().into());
                    keys.push(Value::Object(k));
                }
            }
        }
        json!({ "keys": keys })
    }

    /// A JWT signed by the current key for `alg` (RS256 or ES256), `kid` in its header.
    pub fn sign(&self, alg: Alg, typ: &str, claims: Map<String, Value>) -> Result<String, JwtError> {
        let signer = if alg == Alg::ES256 {
            &self.current.ec
        } else {
            &self.current.rsa
        };
        let mut header = Map::new();
        header.insert("typ".into(), typ.into());
        if let Some(kid) = signer.kid() {
            header.insert("kid".into(), kid.into());
        }
        UnsignedJws::new(signer.alg(), header, claims).sign_with(signer)
    }
}

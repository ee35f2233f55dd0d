//! Making a JWS (RFC 7515 §5.1): the header and claims serialised, the signing input, and
//! the signature from a [`JwsSigner`]. A signer that cannot answer at once (Web Crypto) signs
//! [`UnsignedJws::signing_input`] itself and calls [`UnsignedJws::finish`].

use serde_json::{Map, Value};

use super::verify::hmac_tag;
use super::{Alg, JwtError};
use crate::jwks::Jwk;
use crate::{Secret, b64};

pub trait JwsSigner {
    fn alg(&self) -> Alg;
    /// The `kid` to put in the header, if the server knows the key by one.
    fn kid(&self) -> Option<String> {
        None
    }
    /// The public key as a JWK, for headers that carry it (DPoP).
    fn public_jwk(&self) -> Option<Value> {
        None
    }
    /// The JWS signature over `signing_input` (RFC 7518 §3: ECDSA as `r || s`).
    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, JwtError>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsignedJws {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    /// `BASE64URL(header) . BASE64URL(claims)`.
    pub signing_input: String,
}

impl UnsignedJws {
    /// `alg` is set from `alg`, whatever `header` says.
    pub fn new(alg: Alg, mut header: Map<String, Value>, claims: Map<String, Value>) -> Self {
        header.insert("alg".into(), alg.as_str().into());
        let signing_input = format!(
            "{}.{}",
            b64::encode(Value::Object(header.clone()).to_string()),
            b64::encode(Value::Object(claims.clone()).to_string())
        );
        Self {
            header,
            claims,
            signing_input,
        }
    }

    pub fn finish(&self, signature: &[u8]) -> String {
        format!("{}.{}", self.signing_input, b64::encode(signature))
    }

    pub fn sign_with(&self, signer: &dyn JwsSigner) -> Result<String, JwtError> {
        Ok(self.finish(&signer.sign(self.signing_input.as_bytes())?))
    }
}

/// HS256/384/512 over a shared secret: `client_secret_jwt` (RFC 7523 §3, OIDC Core §9) uses
/// the client secret's UTF-8 bytes as the key.
#[derive(Debug, Clone)]
pub struct HmacSigner {
    pub alg: Alg,
    pub key: Secret,
}

impl HmacSigner {
    pub fn new(alg: Alg, key: Secret) -> Result<Self, JwtError> {
        if !alg.is_symmetric() {
            return Err(JwtError::BadKey(format!(
                "a shared secret signs HS256/384/512, not {alg}"
            )));
        }
        Ok(Self { alg, key })
    }

    pub fn jwk(&self) -> Jwk {
        Jwk::symmetric(&self.key)
    }
}

impl JwsSigner for HmacSigner {
    fn alg(&self) -> Alg {
        self.alg
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, JwtError> {
        hmac_tag(self.alg, self.key.expose().as_bytes(), signing_input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::{CoreVerifier, Jws, verify_jws};

    #[test]
    fn hmac_round_trip_and_rfc7515_a1_signature() {
        let key = crate::b64::decode(
            "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
        )
        .unwrap();
        // The RFC's signing input, signed with the RFC's key, gives the RFC's signature.
        let tag = hmac_tag(
            Alg::HS256,
            &key,
            b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ",
        )
        .unwrap();
        assert_eq!(
            crate::b64::encode(tag),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        let signer = HmacSigner::new(Alg::HS512, Secret::new("a client secret")).unwrap();
        let mut claims = Map::new();
        claims.insert("sub".into(), "x".into());
        let token = UnsignedJws::new(Alg::HS512, Map::new(), claims)
            .sign_with(&signer)
            .unwrap();
        let jws = Jws::decode(&token).unwrap();
        assert!(verify_jws(&jws, &[signer.jwk()], &[Alg::HS512], &CoreVerifier).is_ok());
        assert!(HmacSigner::new(Alg::RS256, Secret::new("x")).is_err());
    }
}

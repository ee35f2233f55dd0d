//! Client assertions, RFC 7523 §3 with OIDC Core §9: `iss` and `sub` are the client id,
//! `aud` the token endpoint (or the issuer, which RFC 7523 §3 also allows), a fresh `jti`
//! against replay, and a short lifetime. Time and randomness come from the caller.

use serde_json::{Map, Value};

use super::{Alg, JwsSigner, JwtError, UnsignedJws};
use crate::client_auth::{ClientAuth, JwtMethod};
use crate::{Secret, random};

/// A lifetime servers accept: short, since the assertion is a bearer credential.
pub const DEFAULT_LIFETIME_SECS: u64 = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAssertion {
    pub client_id: String,
    pub audience: String,
    pub jti: String,
    pub issued_at: u64,
    pub lifetime_secs: u64,
}

impl ClientAssertion {
    /// With a `jti` of 32 random bytes from `fill`.
    pub fn new(client_id: &str, audience: &str, now_secs: u64, fill: impl FnOnce(&mut [u8])) -> Self {
        Self {
            client_id: client_id.to_owned(),
            audience: audience.to_owned(),
            jti: random::random_token(fill),
            issued_at: now_secs,
            lifetime_secs: DEFAULT_LIFETIME_SECS,
        }
    }

    pub fn claims(&self) -> Map<String, Value> {
        let mut c = Map::new();
        c.insert("iss".into(), self.client_id.clone().into());
        c.insert("sub".into(), self.client_id.clone().into());
        c.insert("aud".into(), self.audience.clone().into());
        c.insert("jti".into(), self.jti.clone().into());
        c.insert("iat".into(), self.issued_at.into());
        c.insert(
            "exp".into(),
            self.issued_at.saturating_add(self.lifetime_secs).into(),
        );
        c
    }

    pub fn unsigned(&self, alg: Alg, kid: Option<String>) -> UnsignedJws {
        let mut header = Map::new();
        header.insert("typ".into(), "JWT".into());
        if let Some(k) = kid {
            header.insert("kid".into(), k.into());
        }
        UnsignedJws::new(alg, header, self.claims())
    }

    /// Signs it and wraps it as the client authentication to send: `client_secret_jwt` for
    /// an HS* signer, `private_key_jwt` otherwise.
    pub fn authenticate(&self, signer: &dyn JwsSigner) -> Result<ClientAuth, JwtError> {
        let alg = signer.alg();
        let token = self.unsigned(alg, signer.kid()).sign_with(signer)?;
        Ok(ClientAuth::Jwt {
            method: if alg.is_symmetric() {
                JwtMethod::ClientSecretJwt
            } else {
                JwtMethod::PrivateKeyJwt
            },
            client_id: self.client_id.clone(),
            assertion: Secret::new(token),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::{CoreVerifier, HmacSigner, Jws, verify_jws};
    use crate::token_request::{Grant, TokenRequest};

    #[test]
    fn client_secret_jwt_assertion() {
        let a = ClientAssertion::new("s6BhdRkqt3", "https://as.example/token", 1_700_000_000, |b| {
            b.fill(7)
        });
        let signer = HmacSigner::new(Alg::HS256, Secret::new("7Fjfp0ZBr1KtDRbnfVdmIw")).unwrap();
        let auth = a.authenticate(&signer).unwrap();
        let ClientAuth::Jwt {
            method, assertion, ..
        } = &auth
        else {
            panic!()
        };
        assert_eq!(*method, JwtMethod::ClientSecretJwt);
        let jws = Jws::decode(assertion.expose()).unwrap();
        let c = jws.claims().unwrap();
        assert_eq!(
            (c["iss"].as_str(), c["sub"].as_str(), c["aud"].as_str()),
            (
                Some("s6BhdRkqt3"),
                Some("s6BhdRkqt3"),
                Some("https://as.example/token")
            )
        );
        assert_eq!(
            (c["iat"].as_u64(), c["exp"].as_u64()),
            (Some(1_700_000_000), Some(1_700_000_060))
        );
        assert_eq!(c["jti"].as_str().map(str::len), Some(43));
        assert!(verify_jws(&jws, &[signer.jwk()], &[Alg::HS256], &CoreVerifier).is_ok());
        let b = TokenRequest::new(
            "https://as.example/token",
            Grant::ClientCredentials { scope: None },
            auth,
        )
        .build()
        .unwrap();
        assert!(b.request.body.starts_with(
            "grant_type=client_credentials&client_id=s6BhdRkqt3&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJ"
        ));
        assert!(b.request.header("Authorization").is_none());
    }
}

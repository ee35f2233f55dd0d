//! Checking a JWS signature (RFC 7515 §5.2) against a key set. The alg must be on the
//! caller's allow-list; the key is chosen by `kid` (§4.1.4) among those whose `kty`, `crv`,
//! `use` and `alg` fit the alg, so a key can never be used with an algorithm of another
//! family. The cryptography is a [`JwsVerifier`]: [`CoreVerifier`] does HS*, the `native`
//! feature everything, the app Web Crypto (it calls [`candidate_keys`] and verifies each).

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Sha256, Sha384, Sha512};

use super::alg::names;
use super::{Alg, Jws, JwtError};
use crate::jwks::Jwk;

pub trait JwsVerifier {
    /// `Ok` when `signature` is `key`'s signature over `signing_input` with `alg`.
    fn verify(&self, alg: Alg, key: &Jwk, signing_input: &[u8], signature: &[u8]) -> Result<(), JwtError>;
}

/// HS256/384/512 with the key's `k`; every other alg is refused as unavailable here.
#[derive(Debug, Clone, Copy, Default)]
pub struct CoreVerifier;

impl JwsVerifier for CoreVerifier {
    fn verify(&self, alg: Alg, key: &Jwk, signing_input: &[u8], signature: &[u8]) -> Result<(), JwtError> {
        verify_hmac(alg, key, signing_input, signature)
    }
}

pub(crate) fn hmac_tag(alg: Alg, key: &[u8], input: &[u8]) -> Result<Vec<u8>, JwtError> {
    fn tag<M: Mac + hmac::digest::KeyInit>(key: &[u8], input: &[u8]) -> Vec<u8> {
        // KeyInit for HMAC accepts keys of any length.
        let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
        mac.update(input);
        mac.finalize().into_bytes().to_vec()
    }
    Ok(match alg {
        Alg::HS256 => tag::<Hmac<Sha256>>(key, input),
        Alg::HS384 => tag::<Hmac<Sha384>>(key, input),
        Alg::HS512 => tag::<Hmac<Sha512>>(key, input),
        other => {
            return Err(JwtError::Unsupported(
                other.to_string(),
                "HMAC keys sign HS256/384/512 only",
            ));
        }
    })
}

pub(crate) fn verify_hmac(alg: Alg, key: &Jwk, input: &[u8], signature: &[u8]) -> Result<(), JwtError> {
    if !alg.is_symmetric() {
        return Err(JwtError::Unsupported(
            alg.to_string(),
            "this build verifies HS* only; enable the native feature or verify with Web Crypto",
        ));
    }
    let secret = key.bytes("k").map_err(|e| JwtError::BadKey(e.to_string()))?;
    let expected = hmac_tag(alg, &secret, input)?;
    if subtle::ConstantTimeEq::ct_eq(expected.as_slice(), signature).into() {
        Ok(())
    } else {
        Err(JwtError::BadSignature(format!("{alg} and the shared secret")))
    }
}

/// Whether `key` may verify `alg`: same key type and curve, not an encryption key, and its
/// own `alg`, when it names one, the same.
pub fn key_fits(key: &Jwk, alg: Alg) -> bool {
    key.kty == alg.kty()
        && alg.crv().is_none_or(|c| key.crv.as_deref() == Some(c))
        && key.use_.as_deref().is_none_or(|u| u == "sig")
        && key.alg.as_deref().is_none_or(|a| a == alg.as_str())
}

/// The keys to try, in order: the one with the header's `kid`, or, without a `kid`, every
/// key that fits. An unknown `kid` is [`JwtError::UnknownKid`]: fetch the JWKS again once.
pub fn candidate_keys<'k>(
    jws: &Jws,
    keys: &'k [Jwk],
    allowed: &[Alg],
) -> Result<(Alg, Vec<&'k Jwk>), JwtError> {
    let alg = jws.header.alg()?;
    if !allowed.contains(&alg) {
        return Err(JwtError::AlgNotAllowed {
            alg: alg.to_string(),
            allowed: names(allowed),
        });
    }
    let fitting = keys.iter().filter(|k| key_fits(k, alg));
    let chosen: Vec<&Jwk> = match &jws.header.kid {
        Some(kid) => {
            let with_kid: Vec<&Jwk> = fitting.filter(|k| k.kid.as_deref() == Some(kid)).collect();
            if with_kid.is_empty() {
                return Err(if keys.iter().any(|k| k.kid.as_deref() == Some(kid)) {
                    JwtError::NoCompatibleKey(format!("{alg} with kid {kid:?}"))
                } else {
                    JwtError::UnknownKid(kid.clone())
                });
            }
            with_kid
        }
        None => fitting.collect(),
    };
    if chosen.is_empty() {
        return Err(JwtError::NoCompatibleKey(alg.to_string()));
    }
    Ok((alg, chosen))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    pub alg: Alg,
    pub kid: Option<String>,
}

/// Verifies `jws` with the first candidate key whose signature checks.
pub fn verify_jws(
    jws: &Jws,
    keys: &[Jwk],
    allowed: &[Alg],
    verifier: &impl JwsVerifier,
) -> Result<Verified, JwtError> {
    let (alg, candidates) = candidate_keys(jws, keys, allowed)?;
    let mut last = None;
    for key in candidates {
        match verifier.verify(alg, key, jws.signing_input.as_bytes(), &jws.signature) {
            Ok(()) => {
                return Ok(Verified {
                    alg,
                    kid: key.kid.clone(),
                });
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| JwtError::NoCompatibleKey(alg.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwks::parse_jwks;

    /// RFC 7515 Appendix A.1 and its key.
    const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const A1_KEY: &str = r#"{"keys":[{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]}"#;

    #[test]
    fn rfc7515_a1_hs256_verifies_only_when_allowed() {
        let jws = Jws::decode(A1).unwrap();
        let keys = parse_jwks(A1_KEY.as_bytes()).unwrap().keys;
        assert_eq!(
            verify_jws(&jws, &keys, &[Alg::HS256], &CoreVerifier).unwrap().alg,
            Alg::HS256
        );
        // The default for id_tokens against a JWKS: asymmetric only.
        assert!(matches!(
            verify_jws(&jws, &keys, Alg::ASYMMETRIC, &CoreVerifier),
            Err(JwtError::AlgNotAllowed { .. })
        ));
        let mut tampered = jws.clone();
        tampered.signing_input.push('x');
        assert!(matches!(
            verify_jws(&tampered, &keys, &[Alg::HS256], &CoreVerifier),
            Err(JwtError::BadSignature(_))
        ));
    }

    #[test]
    fn an_rsa_key_is_never_an_hmac_secret() {
        // The RS/HS confusion: an HS256 token "signed" with the server's public RSA key.
        let rsa = parse_jwks(br#"{"keys":[{"kty":"RSA","kid":"r1","n":"AQAB","e":"AQAB"}]}"#)
            .unwrap()
            .keys;
        let header = crate::b64::encode(r#"{"alg":"HS256","kid":"r1"}"#);
        let jws = Jws::decode(&format!("{header}.e30.AA")).unwrap();
        assert!(matches!(
            verify_jws(&jws, &rsa, &[Alg::HS256], &CoreVerifier),
            Err(JwtError::NoCompatibleKey(_))
        ));
    }

    #[test]
    fn kid_selection() {
        let keys = parse_jwks(
            br#"{"keys":[{"kty":"EC","crv":"P-256","kid":"a","x":"","y":""},{"kty":"EC","crv":"P-256","kid":"b","x":"","y":"","use":"enc"},{"kty":"RSA","kid":"c","n":"","e":""}]}"#,
        )
        .unwrap()
        .keys;
        let token = |h: &str| Jws::decode(&format!("{}.e30.AA", crate::b64::encode(h))).unwrap();
        let (_, c) = candidate_keys(&token(r#"{"alg":"ES256","kid":"a"}"#), &keys, Alg::ASYMMETRIC).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(
            candidate_keys(&token(r#"{"alg":"ES256","kid":"z"}"#), &keys, Alg::ASYMMETRIC).unwrap_err(),
            JwtError::UnknownKid("z".into())
        );
        assert!(matches!(
            candidate_keys(&token(r#"{"alg":"ES256","kid":"b"}"#), &keys, Alg::ASYMMETRIC),
            Err(JwtError::NoCompatibleKey(_))
        ));
        let (_, c) = candidate_keys(&token(r#"{"alg":"RS256"}"#), &keys, Alg::ASYMMETRIC).unwrap();
        assert_eq!(c[0].kid.as_deref(), Some("c"));
        assert!(matches!(
            candidate_keys(&token(r#"{"alg":"ES384"}"#), &keys, Alg::ASYMMETRIC),
            Err(JwtError::NoCompatibleKey(_))
        ));
    }
}

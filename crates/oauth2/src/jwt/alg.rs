//! JWS algorithms, RFC 7518 §3.1 and RFC 8037 §3.1 (EdDSA), and the key each needs. The key
//! type is fixed by the algorithm, never the reverse: an RSA public key is never used as an
//! HMAC secret (the RS/HS confusion of RFC 8725 §2.1), and `none` does not parse at all.

use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::JwtError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    EdDSA,
}

impl Alg {
    pub const ALL: [Alg; 12] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::EdDSA,
    ];
    /// What an id_token or JWT access token may be checked against a JWKS with: all but
    /// the three HS* at the head of [`Alg::ALL`].
    pub const ASYMMETRIC: &'static [Alg] = Self::ALL.split_at(3).1;

    pub fn as_str(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::EdDSA => "EdDSA",
        }
    }

    /// Exact, case-sensitive names (RFC 7515 §4.1.1).
    pub fn parse(s: &str) -> Result<Self, JwtError> {
        if s.eq_ignore_ascii_case("none") {
            return Err(JwtError::AlgNone);
        }
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| JwtError::UnknownAlg(s.to_owned()))
    }

    /// The JWK `kty` this algorithm's key has (RFC 7518 §6.1, RFC 8037 §2).
    pub fn kty(self) -> &'static str {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => "oct",
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => "RSA",
            Alg::ES256 | Alg::ES384 => "EC",
            Alg::EdDSA => "OKP",
        }
    }

    /// The curve, for EC and OKP keys (RFC 7518 §3.4; Ed25519 only, for EdDSA here).
    pub fn crv(self) -> Option<&'static str> {
        match self {
            Alg::ES256 => Some("P-256"),
            Alg::ES384 => Some("P-384"),
            Alg::EdDSA => Some("Ed25519"),
            _ => None,
        }
    }

    pub fn is_symmetric(self) -> bool {
        self.kty() == "oct"
    }

    /// The left half of the hash the algorithm uses, base64url: `at_hash` and `c_hash`
    /// (OIDC Core §3.1.3.6, §3.3.2.11). Ed25519 hashes with SHA-512.
    pub fn half_hash(self, value: &str) -> String {
        let digest: Vec<u8> = match self {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 => Sha256::digest(value).to_vec(),
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => Sha384::digest(value).to_vec(),
            Alg::HS512 | Alg::RS512 | Alg::PS512 | Alg::EdDSA => Sha512::digest(value).to_vec(),
        };
        crate::b64::encode(&digest[..digest.len() / 2])
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub(crate) fn names(algs: &[Alg]) -> String {
    algs.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_refuses_none_and_case_changes() {
        assert_eq!(Alg::parse("none"), Err(JwtError::AlgNone));
        assert_eq!(Alg::parse("NONE"), Err(JwtError::AlgNone));
        assert!(matches!(Alg::parse("rs256"), Err(JwtError::UnknownAlg(_))));
        for a in Alg::ALL {
            assert_eq!(Alg::parse(a.as_str()), Ok(a));
        }
    }

    #[test]
    fn oidc_at_hash_example() {
        // OIDC Core Appendix A.3/A.4: at_hash of this access token with RS256.
        assert_eq!(
            Alg::RS256.half_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
        // And c_hash of the code in A.4.
        assert_eq!(
            Alg::RS256.half_hash("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"),
            "LDktKdoQak3Pk0cnXxCltA"
        );
    }
}

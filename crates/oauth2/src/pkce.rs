//! PKCE, RFC 7636: the verifier (§4.1), the challenge (§4.2) and its method, and the
//! computation shown step by step, since S256 is base64url of the SHA-256 digest, not its hex.

use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Error, Secret, b64, random};

/// `code_challenge_method` (§4.3). OAuth 2.1 and every careful server want S256; `plain` is
/// for clients that cannot hash (§4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ChallengeMethod {
    S256,
    Plain,
}

impl ChallengeMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeMethod::S256 => "S256",
            ChallengeMethod::Plain => "plain",
        }
    }

    /// Exact names, as §4.3 defines them (`s256` is not `S256`).
    pub fn parse(s: &str) -> Result<Self, Error> {
        match s {
            "S256" => Ok(Self::S256),
            "plain" => Ok(Self::Plain),
            _ => Err(Error::InvalidValue {
                what: "code_challenge_method",
                value: s.to_owned(),
                why: "use S256 or plain".into(),
            }),
        }
    }
}

impl fmt::Display for ChallengeMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `code_verifier`: 43 to 128 characters of `[A-Za-z0-9-._~]` (§4.1). A secret until the
/// token request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeVerifier(Secret);

impl CodeVerifier {
    /// 32 random bytes from `fill`, base64url-encoded: the 43 characters §4.1 recommends.
    pub fn generate(fill: impl FnOnce(&mut [u8])) -> Self {
        Self(Secret::new(random::random_token(fill)))
    }

    /// A verifier given by the user, checked against §4.1's length and alphabet.
    pub fn new(value: &str) -> Result<Self, Error> {
        let invalid = |why: &str| Error::InvalidValue {
            what: "code_verifier",
            value: value.to_owned(),
            why: why.to_owned(),
        };
        if !(43..=128).contains(&value.len()) {
            return Err(invalid(&format!(
                "it is {} characters long; RFC 7636 §4.1 wants 43 to 128",
                value.len()
            )));
        }
        if let Some(c) = value
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')))
        {
            return Err(invalid(&format!(
                "{c:?} is not one of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)"
            )));
        }
        Ok(Self(Secret::new(value)))
    }

    pub fn secret(&self) -> &Secret {
        &self.0
    }

    pub fn challenge(&self, method: ChallengeMethod) -> CodeChallenge {
        CodeChallenge {
            value: challenge_of(self.0.expose(), method),
            method,
        }
    }

    /// Each step from the verifier to the challenge, for the workings.
    pub fn workings(&self, method: ChallengeMethod) -> PkceWorkings {
        let digest = Sha256::digest(self.0.expose().as_bytes());
        PkceWorkings {
            method,
            verifier_length: self.0.expose().len(),
            sha256_hex: (method == ChallengeMethod::S256).then(|| hex(&digest)),
            challenge: challenge_of(self.0.expose(), method),
        }
    }
}

/// `code_challenge` (§4.2): `BASE64URL(SHA256(ASCII(code_verifier)))` for S256, the verifier
/// itself for plain.
pub fn challenge_of(verifier: &str, method: ChallengeMethod) -> String {
    match method {
        ChallengeMethod::S256 => b64::encode(Sha256::digest(verifier.as_bytes())),
        ChallengeMethod::Plain => verifier.to_owned(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeChallenge {
    pub value: String,
    pub method: ChallengeMethod,
}

/// verifier → SHA-256 → base64url, with the digest in hex so a learner who expected hex sees
/// that it is the same digest, encoded otherwise. The verifier itself is not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PkceWorkings {
    pub method: ChallengeMethod,
    pub verifier_length: usize,
    pub sha256_hex: Option<String>,
    pub challenge: String,
}

impl fmt::Display for PkceWorkings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "code_verifier: {} characters (kept secret until the token request)",
            self.verifier_length
        )?;
        match &self.sha256_hex {
            Some(hex) => {
                writeln!(f, "SHA-256 of its ASCII bytes (hex): {hex}")?;
                writeln!(
                    f,
                    "base64url of those 32 bytes, no padding (RFC 7636 §4.2): {}",
                    self.challenge
                )
            }
            None => writeln!(f, "plain: the challenge is the verifier itself (RFC 7636 §4.2)"),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B. (Issue 14 and the shared reference quote the challenge as
    /// `E9Melhoa2OwvFrEMTJguCHaoeK1zNLMYfXRqjPJPzA`: 42 characters, which no SHA-256 digest
    /// encodes to; the RFC's value, and Python's hashlib, give the one below.)
    #[test]
    fn rfc7636_appendix_b() {
        let v = CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        let c = v.challenge(ChallengeMethod::S256);
        assert_eq!(c.value, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert_eq!(c.value.len(), 43);
        let w = v.workings(ChallengeMethod::S256);
        assert_eq!(
            w.sha256_hex.as_deref(),
            Some("13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3")
        );
        assert_eq!(w.challenge, c.value);
        assert_eq!(format!("{v:?}"), "CodeVerifier([redacted])");
    }

    #[test]
    fn appendix_b_verifier_comes_from_its_octets() {
        // RFC 7636 Appendix B: these 32 octets encode to the verifier above.
        let octets = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105,
            214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let v = CodeVerifier::generate(|buf| buf.copy_from_slice(&octets));
        assert_eq!(v.secret().expose(), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    #[test]
    fn plain_and_bad_verifiers() {
        let v = CodeVerifier::new(&"a".repeat(43)).unwrap();
        assert_eq!(v.challenge(ChallengeMethod::Plain).value, "a".repeat(43));
        assert_eq!(v.workings(ChallengeMethod::Plain).sha256_hex, None);
        assert!(CodeVerifier::new(&"a".repeat(42)).is_err());
        assert!(CodeVerifier::new(&"a".repeat(129)).is_err());
        let e = CodeVerifier::new(&format!("{}+", "a".repeat(42))).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "the code_verifier {:?} is not allowed: '+' is not one of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)",
                format!("{}+", "a".repeat(42))
            )
        );
        assert!(ChallengeMethod::parse("s256").is_err());
        assert_eq!(ChallengeMethod::parse("S256").unwrap(), ChallengeMethod::S256);
    }
}

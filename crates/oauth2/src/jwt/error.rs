//! What can be wrong with a JWT, each in words that say what to do.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JwtError {
    #[error("the token is not a compact JWS: {0}")]
    Malformed(String),
    /// A well-formed token whose contents are refused, the reason in full.
    #[error("{0}")]
    Refused(String),
    #[error("the token has 5 parts: it is an encrypted JWT (JWE), which this playground does not decrypt")]
    Encrypted,
    #[error("the token is {0} bytes long; tokens over 65536 bytes are refused")]
    TooLong(usize),
    #[error("alg \"none\" is never accepted: an unsigned token proves nothing (RFC 8725 §3.1)")]
    AlgNone,
    #[error(
        "the alg {0:?} is not one this playground knows; use RS256/384/512, PS256/384/512, ES256/384, EdDSA or HS256/384/512"
    )]
    UnknownAlg(String),
    #[error("the alg {alg} is not allowed here (allowed: {allowed})")]
    AlgNotAllowed { alg: String, allowed: String },
    #[error(
        "the header marks {0:?} as critical, an extension this playground does not implement (RFC 7515 §4.1.11)"
    )]
    Critical(String),
    #[error(
        "no key in the JWKS has kid {0:?}: the server may have rotated its keys, so fetch the JWKS again"
    )]
    UnknownKid(String),
    #[error("no key in the JWKS fits {0} (wrong kty, crv, use or alg)")]
    NoCompatibleKey(String),
    #[error("the signature does not verify with {0}")]
    BadSignature(String),
    #[error("the key cannot be used: {0}")]
    BadKey(String),
    #[error("{0} is not available in this build: {1}")]
    Unsupported(String, &'static str),
}

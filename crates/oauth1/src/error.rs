//! Errors a user can act on: every `Display` says what is wrong and what to do.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Error {
    #[error("the URL {url:?} is not valid: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("the URL {0:?} must start with http:// or https://")]
    UnsupportedScheme(String),
    #[error("the port in {0:?} is not a number from 1 to 65535")]
    InvalidPort(String),
    #[error("{0:?} is not an HTTP method (use GET, POST, PUT, PATCH, DELETE, …)")]
    InvalidMethod(String),
    #[error("{0:?} is not a signature method; use one of {methods}", methods = crate::SignatureMethod::NAMES.join(", "))]
    UnknownSignatureMethod(String),
    #[error("{method} needs an RSA private key (PEM, PKCS#1 or PKCS#8)")]
    MissingRsaKey { method: &'static str },
    #[error(
        "the RSA key could not be read: {0}. Paste a PEM private key beginning with -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----"
    )]
    InvalidRsaKey(String),
    #[error("the RSA public key could not be read: {0}")]
    InvalidRsaPublicKey(String),
    #[error("the consumer key is empty; every OAuth request needs one")]
    MissingConsumerKey,
    #[error(
        "the parameter {0} is given more than once; OAuth protocol parameters may appear only once per request"
    )]
    DuplicateProtocolParameter(String),
    #[error("{0} is set by the signer; remove it from the URL and the extra parameters")]
    ReservedParameter(String),
    #[error(
        "body placement needs a form body (application/x-www-form-urlencoded) on a method that has a body, but this request is {method} with {content_type}"
    )]
    BodyPlacementNeedsForm { method: String, content_type: String },
    #[error("the percent-encoding in {0:?} is broken (a % must be followed by two hex digits)")]
    InvalidPercentEncoding(String),
    #[error("{0:?} does not decode to UTF-8 text")]
    InvalidUtf8(String),
    #[error("the Authorization header is not an OAuth header: {0}")]
    InvalidAuthorizationHeader(String),
    #[error("the response is not a token response: {0}")]
    InvalidTokenResponse(String),
    #[error(
        "{method} is signed outside this build (the oauth1 crate's rsa feature is off): sign UnsignedRequest::base_string and pass the signature to UnsignedRequest::finish"
    )]
    NoRsaSigner { method: &'static str },
    #[error("the signing failed: {0}")]
    Signing(String),
}

//! Errors a user can act on: every `Display` says what is wrong and, where it helps, what to
//! do. Errors the server sent (RFC 6749 §5.2, §4.1.2.1) are data, [`crate::ErrorResponse`],
//! not these.

use thiserror::Error;

use crate::error_response::ErrorResponse;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Error {
    #[error("{0}")]
    Url(String),
    #[error("the {what} {value:?} is not allowed: {why}")]
    InvalidValue {
        what: &'static str,
        value: String,
        why: String,
    },
    #[error("{0} is set by this request; remove it from the extra parameters")]
    ReservedParameter(String),
    #[error(
        "the parameter {0} appears more than once; OAuth parameters may appear only once (RFC 6749 §3.1)"
    )]
    DuplicateParameter(String),
    #[error("the response is not JSON: {0}")]
    NotJson(String),
    #[error("the {document} is missing the required member {member:?}")]
    MissingMember {
        document: &'static str,
        member: &'static str,
    },
    #[error("the {document}'s member {member:?} has the wrong type: {why}")]
    WrongType {
        document: &'static str,
        member: String,
        why: String,
    },
    #[error("the server answered with an error: {}", .0.explain())]
    Server(ErrorResponse),
    #[error("the server answered HTTP {status} without an OAuth error document: {body}")]
    UnexpectedStatus { status: u16, body: String },
    #[error("{0}")]
    Callback(#[from] crate::callback::CallbackError),
    #[error(
        "the issuer in the document is {found:?}, but it was fetched for {expected:?}; they must be equal (RFC 8414 §3.3)"
    )]
    IssuerMismatch { expected: String, found: String },
    #[error("{0}")]
    Jwt(#[from] crate::jwt::JwtError),
    #[error("signing failed: {0}")]
    Signing(String),
}

pub(crate) fn url_error(e: oauth1::Error) -> Error {
    Error::Url(e.to_string())
}

//! OAuth 1.0a, RFC 5849, as pure functions: no I/O, no clock, no randomness of its own.
//!
//! [`sign_request`] turns a [`RequestSpec`] into a [`PreparedRequest`] plus an
//! [`Explanation`] of every step ([`prepare_request`] and [`UnsignedRequest::finish`] are its
//! two halves, for signers outside this crate); [`Signer`] and [`sign_request_lazily`] sign
//! without building the explanation until [`LazySigned::explanation`] is called; [`verify::collect`] and [`verify::CollectedRequest::verify`]
//! are the provider's side; [`TokenResponse`] and [`Problem`] parse what comes back.

mod assemble;
pub mod base_string;
pub mod encode;
mod error;
pub mod explain;
pub mod header;
pub mod http_syntax;
pub mod nonce;
mod normalized;
pub mod params;
mod place;
pub mod problem;
pub mod request;
pub mod response;
mod secret;
pub mod sign;
mod signer;
mod split_url;
pub mod unsigned;
pub mod uri;
pub mod verify;
mod workings;

pub use base_string::{SignatureBaseString, first_difference};
pub use error::Error;
pub use explain::Explanation;
pub use nonce::generate_nonce;
pub use params::{Parameter, Source};
pub use problem::{Challenge, Problem};
pub use request::{
    Credentials, FORM_CONTENT_TYPE, Placement, PreparedRequest, RequestSpec, SignOptions, Signed,
};
pub use response::TokenResponse;
pub use secret::{Secret, mask};
pub use sign::{RsaKey, RsaPublicKey, SignatureMethod};
pub use signer::{LazySigned, Signer, sign_request_lazily};
pub use unsigned::{UnsignedRequest, prepare_request, sign_request};

//! JSON Web Tokens in compact JWS form (RFC 7515 §7.1, RFC 7519): decoding, the algorithm
//! allow-list (RFC 8725 §3.1), key selection from a JWKS, and the seams where a signature is
//! made or checked, so the app can use Web Crypto and the CLI RustCrypto (`native`).
//!
//! - [`alg`]: the algorithms, and which key type each needs.
//! - [`compact`]: `header.payload.signature` taken apart.
//! - [`verify`]: [`JwsVerifier`], choosing keys by `kid`, HS* checked here.
//! - [`sign`]: [`JwsSigner`], [`UnsignedJws`], HS* signed here.
//! - [`claims`], [`id_token`]: the registered claims and OIDC id_token validation.
//! - [`assertion`], [`dpop`]: client assertions (RFC 7523) and DPoP proofs (RFC 9449).

pub mod alg;
pub mod assertion;
pub mod claims;
pub mod compact;
pub mod dpop;
mod error;
pub mod id_token;
#[cfg(feature = "native")]
pub mod native;
pub mod sign;
pub mod verify;

pub use alg::Alg;
pub use assertion::ClientAssertion;
pub use compact::{Header, Jws};
pub use error::JwtError;
pub use id_token::{Check, CheckOutcome, IdTokenExpectation, IdTokenReport, validate_id_token};
pub use sign::{HmacSigner, JwsSigner, UnsignedJws};
pub use verify::{CoreVerifier, JwsVerifier, Verified, candidate_keys, verify_jws};

//! OAuth 2.0 and OpenID Connect as pure functions: no I/O, no clock, no randomness of its own.
//!
//! Every step builds an [`HttpRequest`] (the engine's `Transport` sends it, as it sends an
//! OAuth 1.0a leg) with its [`RequestWorkings`], and reads a [`Response`] back into a typed
//! value or a typed [`Error`]. Randomness comes in as a `fill` closure, time as seconds.
//!
//! - [`pkce`], [`authorize`], [`par`], [`callback`]: the front channel (RFC 7636, RFC 6749
//!   §4.1, RFC 9126, RFC 9207).
//! - [`client_auth`], [`token_request`], [`device`], [`token_response`], [`error_response`]:
//!   the token endpoint (RFC 6749 §2.3, §4–§6, RFC 7523, RFC 8628, RFC 8693).
//! - [`resource`]: a protected resource's request, the token placed per RFC 6750 §2 or DPoP.
//! - [`revocation`], [`introspection`], [`userinfo`], [`discovery`], [`jwks`]: the other
//!   endpoints (RFC 7009, RFC 7662, OIDC Core §5.3, RFC 8414, RFC 7517).
//! - [`jwt`]: compact JWS, id_token validation, client assertions, DPoP proofs, with the
//!   signature itself behind [`jwt::JwsSigner`] and [`jwt::JwsVerifier`] (the `native`
//!   feature implements both with RustCrypto; the app uses Web Crypto).

pub mod authorize;
mod b64;
pub mod callback;
pub mod client_auth;
pub mod device;
pub mod discovery;
mod error;
pub mod error_response;
pub mod http;
pub mod introspection;
pub mod jwks;
pub mod jwt;
pub mod par;
pub mod pkce;
pub mod presets;
pub mod random;
pub mod redirect;
pub mod resource;
pub mod revocation;
pub mod token_request;
pub mod token_response;
pub mod userinfo;
pub mod workings;

pub use authorize::{AuthorizationRequest, AuthorizationUrl};
pub use b64::{decode as base64url_decode, encode as base64url_encode};
pub use callback::{Callback, CallbackError, CallbackExpectation, parse_callback};
pub use client_auth::{AuthMethod, ClientAuth, JwtMethod};
pub use error::Error;
pub use error_response::ErrorResponse;
pub use http::{HttpRequest, Response};
pub use oauth_secret::Secret;
pub use pkce::{ChallengeMethod, CodeChallenge, CodeVerifier};
pub use random::random_token;
pub use token_request::{Grant, TokenRequest};
pub use token_response::{TokenResponse, TokenType, parse_token_response};
pub use workings::{BuiltRequest, RequestWorkings};

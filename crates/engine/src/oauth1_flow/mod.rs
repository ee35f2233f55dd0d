//! OAuth 1.0a's flow (RFC 5849 §2) and single signed calls (§3), typed from the user's
//! input to the [`LegRequest`] the runner signs and sends, and back.
//!
//! - [`Client`]: the consumer, how it signs, its callback; it builds each leg's request
//!   ([`Client::request_token`], [`Client::access_token`], [`Client::resource`]) and the
//!   authorize URL ([`authorize_url`], §2.2).
//! - [`Pending`]: what the flow holds between the legs, and the checks on the provider's
//!   return (§2.2, §4.13).
//! - [`resolve_saved`]: a saved token → credentials, one rule everywhere.
//! - [`signed_call`]: a request the user composed (the console, `request`) → a leg;
//!   [`one_legged_call`]: the same, signed by the consumer alone (§3.1, no token).

mod authorize;
mod call_spec;
mod client;
mod one_legged;
mod pending;
mod saved;

pub use authorize::authorize_url;
pub use call_spec::{Body, CallSpec, CallSpecError, signed_call, target_url};
pub use client::{AuthorizeEndpoint, Callback, Client, Consumer, Endpoint, Leg, LegError, Signing, Verifier};
pub use one_legged::{ConsumerOnly, one_legged_call};
pub use pending::{Pasted, Pending, ProviderReturn, ReturnRefused, Returned};
pub use saved::{Configured, CredentialsError, ResolvedToken, SavedCredentials, Supplied, resolve_saved};

use oauth1::{Credentials, RequestSpec, Secret, SignOptions, TokenResponse};

pub use crate::outcome::Expect;

/// Everything one signed request needs but the nonce and the clock: what the core signs,
/// the headers sent beside the signature, and how to read the answer.
#[derive(Debug, Clone)]
pub struct LegRequest {
    pub spec: RequestSpec,
    pub credentials: Credentials,
    pub options: SignOptions,
    /// Sent as given after signing; OAuth 1.0a signs no headers (§3.4.1).
    pub extra_headers: Vec<(String, String)>,
    pub expects: Expect,
}

/// A token and its secret (§1.1): temporary credentials or token credentials.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenCredentials {
    pub token: String,
    pub secret: Secret,
}

impl From<&TokenResponse> for TokenCredentials {
    fn from(t: &TokenResponse) -> Self {
        Self {
            token: t.token.clone(),
            secret: t.token_secret.clone(),
        }
    }
}

/// The core's oauthlib test key, for the tests that sign RSA.
#[cfg(test)]
const TEST_PKCS8: &str = include_str!("../../../oauth1/tests/fixtures/oauthlib_rsa_1024_pkcs8.pem");

#[cfg(test)]
mod call_spec_tests;
#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod test_support;

//! The seam for signers. The core builds the base string (RFC 5849 §3.4.1) with a nonce and
//! timestamp from an injected [`Entropy`] (§3.3); a [`SignatureProvider`] computes the
//! signature: [`CoreSigner`] for HMAC-SHA* and PLAINTEXT (and RSA-SHA* with the `rsa`
//! feature), the browser's Web Crypto for RSA-SHA* in the app.
//!
//! This module is the one place that reaches into the core's signing API
//! (`prepare_request`, `UnsignedRequest::finish`, `Signed`), so a change there is a change here.

use std::fmt;
use std::future::Future;

use oauth1::sign::SigningKey;
use oauth1::{Credentials, Explanation, PreparedRequest, SignatureMethod, Signed, generate_nonce};

use crate::oauth1_flow::LegRequest;

/// What a signature needs from the world: randomness for the nonce and the time for the
/// timestamp (§3.3). The browser's `crypto.getRandomValues` and `Date.now`, the OS natively,
/// fixed values in tests.
pub trait Entropy {
    /// Fills `buf` from a CSPRNG; the error says what failed.
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), String>;
    /// Milliseconds since the Unix epoch.
    fn now_millis(&mut self) -> Result<u64, String>;
}

impl<E: Entropy + ?Sized> Entropy for &mut E {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), String> {
        (**self).fill(buf)
    }

    fn now_millis(&mut self) -> Result<u64, String> {
        (**self).now_millis()
    }
}

/// The core's nonce (32 alphanumerics, §3.3) from a source that can fail. The first failure
/// is returned; the bytes after it are never used.
pub fn try_generate_nonce<E>(mut fill: impl FnMut(&mut [u8]) -> Result<(), E>) -> Result<String, E> {
    let mut failure = None;
    let nonce = generate_nonce(|buf| {
        if failure.is_none()
            && let Err(e) = fill(buf)
        {
            failure = Some(e);
        }
        if failure.is_some() {
            // Zero bytes are all accepted, so the core's loop ends at once.
            buf.fill(0);
        }
    });
    failure.map_or(Ok(nonce), Err)
}

/// A computed `oauth_signature`, not yet percent-encoded, and what the learner should know
/// about who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub value: String,
    /// Added to the workings' notes (e.g. "signed by this browser's Web Crypto").
    pub note: Option<String>,
}

/// Computes the signature of a base string (§3.4.2–3.4.4).
pub trait SignatureProvider {
    fn sign(
        &self,
        method: SignatureMethod,
        base_string: &str,
        credentials: &Credentials,
    ) -> impl Future<Output = Result<Signature, SignError>>;
}

impl<S: SignatureProvider + ?Sized> SignatureProvider for &S {
    fn sign(
        &self,
        method: SignatureMethod,
        base_string: &str,
        credentials: &Credentials,
    ) -> impl Future<Output = Result<Signature, SignError>> {
        (**self).sign(method, base_string, credentials)
    }
}

/// The core's signers. Without the `rsa` feature an RSA-SHA* method is refused with
/// [`oauth1::Error::NoRsaSigner`]: the app signs those with Web Crypto instead.
#[derive(Debug, Clone, Copy, Default)]
pub struct CoreSigner;

impl CoreSigner {
    pub fn sign_now(
        method: SignatureMethod,
        base_string: &str,
        credentials: &Credentials,
    ) -> Result<Signature, SignError> {
        let key = SigningKey {
            consumer_secret: &credentials.consumer_secret,
            token_secret: &credentials.token_secret,
            rsa_key: credentials.rsa_key.as_ref(),
        };
        let value = oauth1::sign::sign(method, base_string, key).map_err(SignError::Core)?;
        Ok(Signature { value, note: None })
    }
}

impl SignatureProvider for CoreSigner {
    fn sign(
        &self,
        method: SignatureMethod,
        base_string: &str,
        credentials: &Credentials,
    ) -> impl Future<Output = Result<Signature, SignError>> {
        std::future::ready(Self::sign_now(method, base_string, credentials))
    }
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignError {
    /// The core refused the request or the key (a bad URL, no consumer key, no RSA signer).
    Core(oauth1::Error),
    /// No nonce: the random generator failed.
    Nonce(String),
    /// No timestamp: the clock could not be read.
    Clock(String),
    /// An outside signer (Web Crypto) failed; the text says why and what to do.
    Signer(String),
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::Core(e) => write!(f, "{e}"),
            SignError::Nonce(why) => write!(f, "no nonce could be made: {why}"),
            SignError::Clock(why) => write!(f, "the clock could not be read: {why}"),
            SignError::Signer(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for SignError {}

/// A signed request (its extra headers added) and the workings of its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    pub request: PreparedRequest,
    pub explanation: Explanation,
}

/// Signs `leg` with a fresh nonce and the current time. Used by [`crate::run::run_call`],
/// and alone where a request is signed but not sent (the app's curl export).
pub async fn sign(
    signer: &impl SignatureProvider,
    entropy: &mut impl Entropy,
    leg: &LegRequest,
) -> Result<SignedRequest, SignError> {
    let nonce = try_generate_nonce(|buf| entropy.fill(buf)).map_err(SignError::Nonce)?;
    let timestamp = entropy.now_millis().map_err(SignError::Clock)? / 1000;
    let unsigned = oauth1::prepare_request(&leg.spec, &leg.credentials, &leg.options, &nonce, timestamp)
        .map_err(SignError::Core)?;
    let method = unsigned.signature_method();
    let signature = signer
        .sign(method, unsigned.base_string(), &leg.credentials)
        .await?;
    let Signed {
        mut request,
        mut explanation,
    } = unsigned.finish(signature.value);
    explanation.notes.extend(signature.note);
    // Headers the signature does not cover (OAuth 1.0a signs none, §3.4.1).
    request.headers.extend(leg.extra_headers.iter().cloned());
    Ok(SignedRequest { request, explanation })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_source_is_an_error_not_a_weak_nonce() {
        let mut calls = 0;
        let e = try_generate_nonce(|_| {
            calls += 1;
            Err("crypto.getRandomValues is unavailable")
        });
        assert_eq!(e, Err("crypto.getRandomValues is unavailable"));
        assert_eq!(calls, 1);
        let mut n = 0u8;
        let nonce = try_generate_nonce(|buf| {
            for b in buf {
                *b = n;
                n = n.wrapping_add(1);
            }
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(nonce, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef");
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(
            SignError::Nonce("getrandom: no entropy".into()).to_string(),
            "no nonce could be made: getrandom: no entropy"
        );
        assert_eq!(
            SignError::Core(oauth1::Error::MissingConsumerKey).to_string(),
            "the consumer key is empty; every OAuth request needs one"
        );
    }
}

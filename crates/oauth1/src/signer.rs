//! Signing without the workings: the base string (RFC 5849 §3.4.1.1) goes straight into
//! the MAC, and the [`Explanation`] is built only when asked for ([`LazySigned`]).
//!
//! A [`Signer`] keeps the keyed HMAC state for one credential pair: the HMAC-SHA* key depends
//! only on the two secrets (§3.4.2), so a caller that signs many requests with them (a
//! provider's verifier, a console) keys the MAC once and clones it per request.

use std::borrow::Cow;

use crate::Error;
use crate::assemble::{Assembled, assemble};
use crate::base_string::BaseText;
use crate::explain::{Explanation, key_mask_of};
use crate::place::{Unplaced, place};
use crate::request::{Credentials, PreparedRequest, RequestSpec, SignOptions, Signed};
use crate::sign::hmac::{KeyedMac, SIGNATURE_LEN};
use crate::sign::{SignatureMethod, hmac_key};
use crate::split_url::decimal;
use crate::workings::Workings;

/// What a signature is computed with, prepared once.
// The HMAC state is the common case and is kept in place; boxing it would cost the one-shot
// path an allocation per signature.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Key {
    Hmac(KeyedMac),
    /// PLAINTEXT: the signature is the key itself (§3.4.4).
    Plaintext(crate::Secret),
    /// RSA-SHA*: the key is the credentials' (§3.4.3).
    Rsa,
}

impl Key {
    /// The key, and the lengths its masked form shows (see [`crate::explain::key_mask`]),
    /// read off the key text built here anyway.
    fn new(credentials: &Credentials, method: SignatureMethod) -> (Self, [usize; 2]) {
        if method.is_rsa() {
            // The masked form of an RSA key names it; it has no lengths to show.
            return (Key::Rsa, [0; 2]);
        }
        let secrets = hmac_key(&credentials.consumer_secret, &credentials.token_secret);
        let mask = key_mask_of(secrets.expose());
        let key = match method {
            SignatureMethod::Plaintext => Key::Plaintext(secrets),
            _ => Key::Hmac(KeyedMac::new(method.digest(), secrets.expose())),
        };
        (key, mask)
    }

    /// The `oauth_signature` value; an HMAC's is written into `buf`.
    fn sign<'b>(
        &'b self,
        method: SignatureMethod,
        text: &Assembled<'_>,
        credentials: &Credentials,
        buf: &'b mut [u8; SIGNATURE_LEN],
    ) -> Result<Cow<'b, str>, Error> {
        match self {
            Key::Hmac(mac) => Ok(mac.sign_into(text, buf).into()),
            Key::Plaintext(key) => Ok(key.expose().into()),
            Key::Rsa => {
                let mut base_string = String::with_capacity(text.base_string_capacity());
                text.write_to(&mut base_string);
                let key = crate::sign::SigningKey {
                    consumer_secret: &credentials.consumer_secret,
                    token_secret: &credentials.token_secret,
                    rsa_key: credentials.rsa_key.as_ref(),
                };
                crate::sign::sign(method, &base_string, key).map(Cow::Owned)
            }
        }
    }
}

/// Signs many requests with one credential pair and one set of options, the HMAC keyed once.
/// The nonce and timestamp are still handed in for each request (§3.3).
#[derive(Clone)]
pub struct Signer {
    credentials: Credentials,
    options: SignOptions,
    key: Key,
    key_mask: [usize; 2],
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("credentials", &self.credentials)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Signer {
    pub fn new(credentials: Credentials, options: SignOptions) -> Self {
        let (key, key_mask) = Key::new(&credentials, options.signature_method);
        Self {
            credentials,
            options,
            key,
            key_mask,
        }
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub fn options(&self) -> &SignOptions {
        &self.options
    }

    /// Signs `spec` as [`crate::sign_request`] does, to the same bytes, but keeps only a
    /// compact record of the workings.
    pub fn sign(&self, spec: &RequestSpec, nonce: &str, timestamp: u64) -> Result<LazySigned, Error> {
        sign_with(
            &self.key,
            self.key_mask,
            spec,
            &self.credentials,
            &self.options,
            nonce,
            timestamp,
        )
    }
}

/// [`crate::sign_request`] without the workings until they are asked for: the fast path for
/// one request. For many with the same credentials, a [`Signer`] saves keying the MAC.
pub fn sign_request_lazily(
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
    nonce: &str,
    timestamp: u64,
) -> Result<LazySigned, Error> {
    let (key, key_mask) = Key::new(credentials, options.signature_method);
    sign_with(&key, key_mask, spec, credentials, options, nonce, timestamp)
}

fn sign_with(
    key: &Key,
    key_mask: [usize; 2],
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
    nonce: &str,
    timestamp: u64,
) -> Result<LazySigned, Error> {
    let mut digits = [0; 20];
    let timestamp = decimal(timestamp, &mut digits);
    let assembled = assemble(spec, credentials, options, nonce, timestamp)?;
    let mut buf = [0; SIGNATURE_LEN];
    let signature = key.sign(options.signature_method, &assembled, credentials, &mut buf)?;
    let Assembled {
        method,
        url,
        body,
        content_type,
        form,
        protocol,
        plain,
        mut notes,
        ..
    } = assembled;
    let query_len = url.query().map_or(0, str::len);
    let form_len = form.then_some(body.len());
    let request = place(
        Unplaced {
            method,
            url,
            body,
            content_type,
        },
        options,
        protocol.iter().map(|(n, v)| (*n, v.as_ref())),
        plain,
        &signature,
        &mut notes,
    );
    Ok(LazySigned {
        request,
        workings: Workings {
            signature_method: options.signature_method,
            placement: options.placement,
            query_len,
            form_len,
            key_mask,
            notes,
        },
    })
}

/// A signed request whose [`Explanation`] is built only when asked for.
#[derive(Debug, Clone)]
pub struct LazySigned {
    request: PreparedRequest,
    workings: Workings,
}

impl LazySigned {
    pub fn request(&self) -> &PreparedRequest {
        &self.request
    }

    pub fn into_request(self) -> PreparedRequest {
        self.request
    }

    /// The same workings [`crate::sign_request`] returns, built now from the request.
    pub fn explanation(&self) -> Explanation {
        self.workings.explain(&self.request)
    }

    pub fn into_signed(self) -> Signed {
        let explanation = self.explanation();
        Signed {
            request: self.request,
            explanation,
        }
    }
}

//! The workings of one signature, every intermediate value, for the app and the CLI.

use std::fmt;

use serde::Serialize;

use crate::base_string::SignatureBaseString;
use crate::encode::encode;
use crate::params::Parameter;
use crate::request::{Credentials, Placement};
use crate::secret::{mask, mask_of_length};
use crate::sign::{SignatureMethod, hmac_key};

/// Everything between the inputs and the signed request. Secrets appear masked only,
/// except the PLAINTEXT signature, which is the key by definition (§3.4.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub method: String,
    pub signature_method: SignatureMethod,
    pub placement: Placement,
    /// Every signed parameter, with where it came from, in collection order.
    pub parameters: Vec<Parameter>,
    /// §3.4.1.3.2.
    pub normalized_parameters: String,
    /// §3.4.1.2.
    pub base_string_uri: String,
    /// §3.4.1.1, as signed.
    pub base_string: String,
    pub base_string_parts: SignatureBaseString,
    /// The key with the secrets masked, e.g. `••••&••••`, or a description of the RSA key.
    pub signing_key: String,
    /// The `oauth_signature` value, not percent-encoded.
    pub signature: String,
    pub authorization: Option<String>,
    pub url: String,
    pub body: String,
    pub content_type: Option<String>,
    /// Choices the signer made that a learner should know about.
    pub notes: Vec<String>,
}

pub(crate) fn masked_signing_key(method: SignatureMethod, credentials: &Credentials) -> String {
    masked_key(method, key_mask(credentials))
}

/// The length of each encoded secret of the key (§3.4.2): all its mask needs, so a lazy
/// explanation keeps two numbers, not the secrets.
pub(crate) fn key_mask(credentials: &Credentials) -> [usize; 2] {
    key_mask_of(hmac_key(&credentials.consumer_secret, &credentials.token_secret).expose())
}

/// [`key_mask`] read off the key `enc(consumer_secret)&enc(token_secret)`: encoded, a
/// secret holds no `&`.
pub(crate) fn key_mask_of(key: &str) -> [usize; 2] {
    let consumer = key.find('&').unwrap_or(key.len());
    [consumer, key.len().saturating_sub(consumer + 1)]
}

/// The key with the secrets masked, e.g. `••••&••••`, or a description of the RSA key.
pub(crate) fn masked_key(method: SignatureMethod, [consumer, token]: [usize; 2]) -> String {
    if method.is_rsa() {
        "the consumer's RSA private key (RSASSA-PKCS1-v1_5)".to_owned()
    } else {
        format!("{}&{}", mask_of_length(consumer), mask_of_length(token))
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Parameters ({} signed):", self.parameters.len())?;
        let width = self.parameters.iter().map(|p| p.name.len()).max().unwrap_or(0);
        for p in &self.parameters {
            writeln!(
                f,
                "  {:width$}  {:<22} {}",
                p.name,
                format!("[{}]", p.source.label()),
                p.value
            )?;
        }
        writeln!(
            f,
            "\nNormalised parameters (RFC 5849 §3.4.1.3.2):\n  {}",
            self.normalized_parameters
        )?;
        writeln!(f, "\nBase string URI (§3.4.1.2):\n  {}", self.base_string_uri)?;
        writeln!(f, "\nSignature base string (§3.4.1.1):\n  {}", self.base_string)?;
        writeln!(
            f,
            "\nSigning key ({}):\n  {}",
            self.signature_method, self.signing_key
        )?;
        let signature = if self.signature_method == SignatureMethod::Plaintext {
            mask(&self.signature)
        } else {
            self.signature.clone()
        };
        writeln!(f, "\nSignature:\n  {signature}")?;
        if let Some(a) = &self.authorization {
            let shown = if self.signature_method == SignatureMethod::Plaintext {
                a.replace(&encode(&self.signature), &mask(&self.signature))
            } else {
                a.clone()
            };
            writeln!(f, "\nAuthorization header:\n  {shown}")?;
        }
        writeln!(f, "\nRequest:\n  {} {}", self.method, self.url)?;
        if let Some(ct) = &self.content_type {
            writeln!(f, "  Content-Type: {ct}")?;
        }
        if !self.body.is_empty() {
            writeln!(f, "  Body: {}", self.body)?;
        }
        for note in &self.notes {
            writeln!(f, "\nNote: {note}")?;
        }
        Ok(())
    }
}

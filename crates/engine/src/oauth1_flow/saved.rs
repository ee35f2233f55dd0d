//! A saved token → the credentials that sign with it: one rule for the app's console and
//! export and the CLI's `request`. Values given for this call (the CLI's flags) win; then
//! what was saved with the token; then the configuration's, but only when it is for the same
//! consumer (another consumer's secret would only make a signature the provider refuses).
//! An unknown signature method is refused, never guessed.

use std::fmt;

use oauth1::{Credentials, RsaKey, Secret, SignatureMethod};

/// What a saved token holds, as the store keeps it (the signature method as text: a file
/// may hold any spelling).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedCredentials {
    /// The token's name, for messages.
    pub name: String,
    pub consumer_key: String,
    pub consumer_secret: Option<String>,
    pub token: String,
    pub token_secret: String,
    /// Empty is HMAC-SHA1 (files written before the field existed).
    pub signature_method: String,
    /// PEM, for RSA-SHA* tokens.
    pub rsa_private_key: Option<String>,
    pub realm: Option<String>,
}

impl SavedCredentials {
    /// An OAuth 1.0a entry of the token store; `None` for an OAuth 2.0 entry.
    pub fn from_entry(entry: &token_store::Entry) -> Option<Self> {
        let token = entry.oauth1()?;
        let exposed = |s: &Option<token_store::Secret>| s.as_ref().map(|s| s.expose().to_owned());
        Some(Self {
            name: entry.name.clone(),
            consumer_key: token.consumer_key.clone(),
            consumer_secret: exposed(&token.consumer_secret),
            token: token.token.clone(),
            token_secret: token.token_secret.expose().to_owned(),
            signature_method: token.signature_method.clone(),
            rsa_private_key: exposed(&token.rsa_private_key),
            realm: token.realm.clone(),
        })
    }
}

/// Values supplied from outside the token; empty strings count as not given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Supplied {
    pub consumer_secret: Option<String>,
    /// PEM text (the CLI reads `--rsa-key FILE` first).
    pub rsa_private_key: Option<String>,
    pub realm: Option<String>,
}

/// The configuration's values and the consumer they belong to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Configured {
    pub consumer_key: String,
    pub values: Supplied,
}

/// What signs with a saved token.
#[derive(Debug, Clone)]
pub struct ResolvedToken {
    pub credentials: Credentials,
    pub signature_method: SignatureMethod,
    pub realm: Option<String>,
}

/// Why a saved token cannot sign. Each side adds where the missing value can be given
/// (the CLI its flags, the app its configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialsError {
    UnknownSignatureMethod {
        token: String,
        method: String,
    },
    MissingConsumerSecret {
        token: String,
        consumer_key: String,
        method: SignatureMethod,
    },
    MissingRsaKey {
        token: String,
        method: SignatureMethod,
    },
    InvalidRsaKey {
        token: String,
        method: SignatureMethod,
        error: oauth1::Error,
    },
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsError::UnknownSignatureMethod { token, method } => write!(
                f,
                "the token \"{token}\" was saved with the signature method \"{method}\", which is not one of \
                 {}; correct its signature_method to sign with it",
                SignatureMethod::NAMES.join(", ")
            ),
            CredentialsError::MissingConsumerSecret {
                token,
                consumer_key,
                method,
            } => write!(
                f,
                "the token \"{token}\" has no consumer secret saved, and none was given for the consumer \
                 \"{consumer_key}\"; {method} needs it"
            ),
            CredentialsError::MissingRsaKey { token, method } => write!(
                f,
                "the token \"{token}\" is signed with {method}, which needs the consumer's RSA private key, \
                 and none is saved with the token or given"
            ),
            CredentialsError::InvalidRsaKey { token, method, error } => write!(
                f,
                "the token \"{token}\" is signed with {method}, but its RSA private key cannot be used: {error}"
            ),
        }
    }
}

impl std::error::Error for CredentialsError {}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

/// Resolves `saved` with `flags` (win) and the `configuration` (a fallback for the same
/// consumer only).
pub fn resolve_saved(
    saved: &SavedCredentials,
    flags: &Supplied,
    configuration: Option<&Configured>,
) -> Result<ResolvedToken, CredentialsError> {
    let method_name = saved.signature_method.trim();
    let signature_method = if method_name.is_empty() {
        SignatureMethod::HmacSha1
    } else {
        method_name
            .parse()
            .map_err(|_| CredentialsError::UnknownSignatureMethod {
                token: saved.name.clone(),
                method: saved.signature_method.clone(),
            })?
    };
    let same_consumer = configuration
        .filter(|c| c.consumer_key.trim() == saved.consumer_key.trim())
        .map(|c| &c.values);
    let pick = |field: fn(&Supplied) -> &Option<String>, own: &Option<String>| {
        given(field(flags))
            .or(given(own))
            .or(same_consumer.and_then(|c| given(field(c))))
            .map(str::to_owned)
    };
    let rsa_key = if signature_method.is_rsa() {
        let pem = pick(|s| &s.rsa_private_key, &saved.rsa_private_key).ok_or_else(|| {
            CredentialsError::MissingRsaKey {
                token: saved.name.clone(),
                method: signature_method,
            }
        })?;
        Some(
            RsaKey::from_pem(&pem).map_err(|error| CredentialsError::InvalidRsaKey {
                token: saved.name.clone(),
                method: signature_method,
                error,
            })?,
        )
    } else {
        None
    };
    let consumer_secret = pick(|s| &s.consumer_secret, &saved.consumer_secret);
    if consumer_secret.is_none() && !signature_method.is_rsa() {
        return Err(CredentialsError::MissingConsumerSecret {
            token: saved.name.clone(),
            consumer_key: saved.consumer_key.clone(),
            method: signature_method,
        });
    }
    let realm = pick(|s| &s.realm, &saved.realm).map(|r| r.trim().to_owned());
    Ok(ResolvedToken {
        credentials: Credentials {
            consumer_key: saved.consumer_key.trim().to_owned(),
            consumer_secret: Secret::new(consumer_secret.unwrap_or_default()),
            // An empty token signs as the consumer alone (two-legged).
            token: Some(saved.token.clone()).filter(|t| !t.is_empty()),
            token_secret: Secret::new(saved.token_secret.as_str()),
            rsa_key,
        },
        signature_method,
        realm,
    })
}

#[cfg(test)]
#[path = "saved_tests.rs"]
mod tests;

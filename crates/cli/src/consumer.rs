//! The consumer's flags (the client credentials, RFC 5849 §1.1), one set for `authorize` and
//! `lti launch`, and the one-legged signer that `request --consumer-key` and `lti launch`
//! make from them.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use engine::oauth1_flow::ConsumerOnly;
use oauth1::{Secret, SignatureMethod};

use crate::authorize::with_flags;
use crate::request::{ENV_CONSUMER_SECRET, read_rsa_key};
use crate::tokens;

#[derive(Args, Debug)]
pub struct ConsumerArgs {
    #[arg(long)]
    pub consumer_key: String,
    /// Not needed for RSA-* methods.
    #[arg(long, env = ENV_CONSUMER_SECRET, hide_env_values = true, value_name = "SECRET")]
    pub consumer_secret: Option<String>,
    /// HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512 or PLAINTEXT.
    #[arg(long, default_value = "HMAC-SHA1")]
    pub signature_method: String,
    /// PEM file with the consumer's RSA private key, for RSA-*.
    #[arg(long, value_name = "FILE")]
    pub rsa_key: Option<PathBuf>,
}

impl ConsumerArgs {
    pub fn consumer_only(&self, realm: Option<&str>, empty_token: bool) -> Result<ConsumerOnly> {
        consumer_only(
            &self.consumer_key,
            self.consumer_secret.as_deref(),
            &self.signature_method,
            self.rsa_key.as_deref(),
            realm,
            empty_token,
        )
    }
}

/// The consumer alone as the signer: the method by name, the RSA key read from its file,
/// the secret as given (empty counts as not given) or else typed at a no-echo prompt;
/// RSA-* needs none.
pub fn consumer_only(
    key: &str,
    secret: Option<&str>,
    method: &str,
    rsa_key: Option<&Path>,
    realm: Option<&str>,
    empty_token: bool,
) -> Result<ConsumerOnly> {
    let method: SignatureMethod = method.parse()?;
    let rsa_pem = rsa_key.map(read_rsa_key).transpose()?;
    let secret = match secret.filter(|s| !s.is_empty()) {
        Some(s) => Secret::new(s),
        None if method.is_rsa() => Secret::default(),
        None => tokens::ask(
            "Consumer secret",
            &format!("--consumer-secret SECRET or ${ENV_CONSUMER_SECRET}"),
        )?,
    };
    ConsumerOnly::new(
        key,
        secret.expose(),
        method,
        rsa_pem.as_deref(),
        realm,
        empty_token,
    )
    .map_err(with_flags)
}

//! HMAC-SHA1/256/512, RFC 5849 §3.4.2.

use base64::Engine;
use hmac::{Hmac, Mac};

use super::Digest;
use crate::{Secret, encode::encode_into};

/// The key: `enc(consumer_secret) & enc(token_secret)`, the `&` kept when the token
/// secret is empty (§3.4.2). PLAINTEXT sends the same string.
pub fn hmac_key(consumer_secret: &Secret, token_secret: &Secret) -> Secret {
    let mut key = String::with_capacity(consumer_secret.expose().len() + token_secret.expose().len() + 8);
    encode_into(&mut key, consumer_secret.expose());
    key.push('&');
    encode_into(&mut key, token_secret.expose());
    Secret::new(key)
}

pub(super) fn sign(digest: Digest, key: &str, text: &str) -> String {
    let bytes = match digest {
        Digest::Sha1 => mac::<Hmac<sha1::Sha1>>(key, text),
        Digest::Sha256 => mac::<Hmac<sha2::Sha256>>(key, text),
        Digest::Sha512 => mac::<Hmac<sha2::Sha512>>(key, text),
    };
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn mac<M: Mac + hmac::digest::KeyInit>(key: &str, text: &str) -> Vec<u8> {
    let Ok(mut mac) = <M as hmac::digest::KeyInit>::new_from_slice(key.as_bytes()) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(text.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

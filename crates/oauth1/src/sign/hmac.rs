//! HMAC-SHA1/256/512, RFC 5849 §3.4.2.

use base64::Engine;
use hmac::{Hmac, Mac};

use super::Digest;
use crate::Secret;
use crate::base_string::BaseText;
use crate::encode::{Sink, encode_into, hex_escape};

/// The key: `enc(consumer_secret) & enc(token_secret)`, the `&` kept when the token
/// secret is empty (§3.4.2). PLAINTEXT sends the same string.
pub fn hmac_key(consumer_secret: &Secret, token_secret: &Secret) -> Secret {
    let mut key = String::with_capacity(consumer_secret.expose().len() + token_secret.expose().len() + 8);
    encode_into(&mut key, consumer_secret.expose());
    key.push('&');
    encode_into(&mut key, token_secret.expose());
    Secret::new(key)
}

/// One text, one key: the path the app takes, kept apart from [`KeyedMac`] so that the
/// page carries no buffered sink it never uses.
pub(super) fn sign(digest: Digest, key: &str, text: &str) -> String {
    let engine = base64::engine::general_purpose::STANDARD;
    match digest {
        Digest::Sha1 => engine.encode(mac::<Hmac<sha1::Sha1>>(key, text)),
        Digest::Sha256 => engine.encode(mac::<Hmac<sha2::Sha256>>(key, text)),
        Digest::Sha512 => engine.encode(mac::<Hmac<sha2::Sha512>>(key, text)),
    }
}

/// HMAC-SHA256 of `text` keyed with `key`'s bytes as they are (no §3.4.2 encoding): for
/// other HS256 users (MediaWiki's identify JWT), so the page carries one SHA-256 HMAC.
pub fn hmac_sha256(key: &str, text: &str) -> [u8; 32] {
    mac::<Hmac<sha2::Sha256>>(key, text).into()
}

fn mac<M: Mac + hmac::digest::KeyInit>(key: &str, text: &str) -> hmac::digest::Output<M> {
    let mut mac: M = keyed(key);
    mac.update(text.as_bytes());
    mac.finalize().into_bytes()
}

/// The length of the longest `oauth_signature` an HMAC makes: SHA-512's 64 bytes in base64.
pub(crate) const SIGNATURE_LEN: usize = 88;

/// An HMAC with its key already absorbed. The key depends only on the two secrets (§3.4.2),
/// so one who signs many requests with one credential pair keys it once and clones it.
#[derive(Clone)]
pub(crate) enum KeyedMac {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha512(Hmac<sha2::Sha512>),
}

impl KeyedMac {
    pub fn new(digest: Digest, key: &str) -> Self {
        match digest {
            Digest::Sha1 => Self::Sha1(keyed(key)),
            Digest::Sha256 => Self::Sha256(keyed(key)),
            Digest::Sha512 => Self::Sha512(keyed(key)),
        }
    }

    /// The base64 `oauth_signature` of `text`, which is written straight into the MAC.
    pub fn sign(&self, text: &(impl BaseText + ?Sized)) -> String {
        self.sign_into(text, &mut [0; SIGNATURE_LEN]).to_owned()
    }

    /// [`KeyedMac::sign`] into a buffer on the stack.
    pub fn sign_into<'b>(
        &self,
        text: &(impl BaseText + ?Sized),
        buf: &'b mut [u8; SIGNATURE_LEN],
    ) -> &'b str {
        let engine = base64::engine::general_purpose::STANDARD;
        let written = match self {
            Self::Sha1(mac) => engine.encode_slice(mac_of(mac.clone(), text), buf),
            Self::Sha256(mac) => engine.encode_slice(mac_of(mac.clone(), text), buf),
            Self::Sha512(mac) => engine.encode_slice(mac_of(mac.clone(), text), buf),
        };
        // Base64 is ASCII, and SIGNATURE_LEN holds the longest digest's.
        std::str::from_utf8(&buf[..written.unwrap_or(0)]).unwrap_or_default()
    }
}

fn keyed<M: Mac + hmac::digest::KeyInit>(key: &str) -> M {
    let Ok(mac) = <M as hmac::digest::KeyInit>::new_from_slice(key.as_bytes()) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac
}

fn mac_of<M: Mac>(mac: M, text: &(impl BaseText + ?Sized)) -> hmac::digest::Output<M> {
    let mut sink = MacSink {
        mac,
        buf: [0; BUF],
        len: 0,
    };
    text.write_to(&mut sink);
    sink.flush();
    sink.mac.finalize().into_bytes()
}

const BUF: usize = 256;

/// Collects the many short pieces of a base string and feeds the MAC in larger blocks.
struct MacSink<M> {
    mac: M,
    buf: [u8; BUF],
    len: usize,
}

impl<M: Mac> MacSink<M> {
    fn bytes(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > BUF {
            self.flush();
            if bytes.len() > BUF / 2 {
                self.mac.update(bytes);
                return;
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    fn flush(&mut self) {
        self.mac.update(&self.buf[..self.len]);
        self.len = 0;
    }
}

impl<M: Mac> Sink for MacSink<M> {
    fn put(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    fn escape(&mut self, b: u8) {
        self.bytes(&hex_escape(b));
    }
}

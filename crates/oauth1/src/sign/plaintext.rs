//! PLAINTEXT, RFC 5849 §3.4.4: the signature is the key, `enc(cs)&enc(ts)`.

use crate::Secret;

pub(super) fn sign(consumer_secret: &Secret, token_secret: &Secret) -> String {
    super::hmac_key(consumer_secret, token_secret).expose().to_owned()
}

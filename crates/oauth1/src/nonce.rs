//! Nonces, RFC 5849 §3.3. The randomness is injected: WebCrypto in the browser,
//! the OS generator natively, a fixed source in tests.

const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Length of generated nonces. Strict servers (oauthlib) want 20–30 alphanumerics.
pub const NONCE_LEN: usize = 32;

/// Builds a 32-character alphanumeric nonce from `fill`, which must fill a buffer with
/// random bytes (a CSPRNG). Rejection sampling keeps the characters uniform.
pub fn generate_nonce(mut fill: impl FnMut(&mut [u8])) -> String {
    let mut out = String::with_capacity(NONCE_LEN);
    let mut buf = [0u8; 64];
    while out.len() < NONCE_LEN {
        fill(&mut buf);
        for &b in &buf {
            // 248 = 4 × 62: bytes at or above it would bias the first characters.
            if b < 248 && out.len() < NONCE_LEN {
                out.push(ALPHABET[(b % 62) as usize] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonce_is_alphanumeric_and_long_enough() {
        let mut counter = 0u8;
        let n = generate_nonce(|buf| {
            for b in buf {
                *b = counter;
                counter = counter.wrapping_add(7);
            }
        });
        assert_eq!(n.len(), NONCE_LEN);
        assert!(n.bytes().all(|b| b.is_ascii_alphanumeric()));
    }

    #[test]
    fn rejects_biased_bytes() {
        let mut calls = 0;
        let n = generate_nonce(|buf| {
            calls += 1;
            buf.fill(if calls == 1 { 255 } else { 0 });
        });
        assert_eq!(n, "A".repeat(NONCE_LEN));
        assert_eq!(calls, 2);
    }
}

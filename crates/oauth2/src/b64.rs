//! base64url without padding (RFC 7515 §2, RFC 7636 Appendix A): the whole string is
//! translated, never just the first `-` or `_`, and padding or standard-alphabet characters
//! are refused rather than guessed at.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|e| format!("{text:.40?} is not base64url without padding ({e})"))
}

/// Standard Base64 with padding, as HTTP Basic uses (RFC 7617 §2).
pub fn encode_standard(bytes: impl AsRef<[u8]>) -> String {
    STANDARD.encode(bytes)
}

pub fn decode_standard(text: &str) -> Result<Vec<u8>, String> {
    STANDARD.decode(text).map_err(|e| format!("not Base64 ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_safe_character_is_translated() {
        // Three `-`/`_` pairs: a decoder that replaced only the first would fail.
        let bytes = [0xfb, 0xff, 0xbf, 0xfb, 0xff, 0xbf];
        assert_eq!(encode(bytes), "-_-_-_-_");
        assert_eq!(decode("-_-_-_-_").unwrap(), bytes);
        assert!(decode("+/+/").is_err());
        assert!(decode("YQ==").is_err());
        assert_eq!(decode("YQ").unwrap(), b"a");
    }
}

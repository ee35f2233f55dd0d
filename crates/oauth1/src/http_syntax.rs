//! HTTP syntax the protocol leans on, RFC 9110.

/// A `token` (RFC 9110 §5.6.2): one or more `tchar`s. HTTP methods (§9.1) and header field
/// names (§5.1) are tokens.
pub fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(is_tchar)
}

/// `tchar`: a visible ASCII character other than a delimiter (RFC 9110 §5.6.2).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_tchars_only() {
        for good in ["GET", "X-Custom_1", "!#$%&'*+-.^_`|~", "m-search"] {
            assert!(is_token(good), "{good}");
        }
        for bad in ["", "GE T", "Na:me", "a\"b", "é", "a(b)", "a,b", "tab\there"] {
            assert!(!is_token(bad), "{bad}");
        }
    }
}

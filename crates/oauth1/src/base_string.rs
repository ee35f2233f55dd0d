//! The signature base string, RFC 5849 §3.4.1.1.

use std::fmt;

use serde::Serialize;

use crate::encode::{Sink, encode, encode_to};

/// The three parts that are joined, each encoded, with `&` (§3.4.1.1). Kept apart so a
/// view can show which part differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureBaseString {
    /// The HTTP method, uppercase.
    pub method: String,
    /// The base string URI (§3.4.1.2), not yet encoded.
    pub uri: String,
    /// The normalised parameter string (§3.4.1.3.2), not yet encoded.
    pub parameters: String,
}

impl SignatureBaseString {
    pub fn new(method: &str, uri: String, parameters: String) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            uri,
            parameters,
        }
    }

    /// The three parts as they appear in the base string, each encoded.
    pub fn encoded_parts(&self) -> [String; 3] {
        [encode(&self.method), encode(&self.uri), encode(&self.parameters)]
    }
}

impl SignatureBaseString {
    /// The base string itself, built in one buffer.
    pub fn to_base_string(&self) -> String {
        let mut out =
            String::with_capacity(self.method.len() + (self.uri.len() + self.parameters.len()) * 3 / 2 + 2);
        self.write_to(&mut out);
        out
    }
}

/// Text that is signed, written piece by piece into a [`Sink`] (a `String`, or a MAC when
/// nobody asks for the base string).
pub(crate) trait BaseText {
    fn write_to<S: Sink>(&self, out: &mut S);
}

impl BaseText for str {
    fn write_to<S: Sink>(&self, out: &mut S) {
        out.put(self);
    }
}

impl BaseText for SignatureBaseString {
    fn write_to<S: Sink>(&self, out: &mut S) {
        encode_to(out, &self.method);
        out.put("&");
        encode_to(out, &self.uri);
        out.put("&");
        encode_to(out, &self.parameters);
    }
}

impl fmt::Display for SignatureBaseString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base_string())
    }
}

/// Where two base strings first differ, as a byte offset on a char boundary of both,
/// or `None` when they are equal. The app highlights from there.
pub fn first_difference(ours: &str, theirs: &str) -> Option<usize> {
    let mut a = ours.char_indices();
    let mut b = theirs.chars();
    loop {
        match (a.next(), b.next()) {
            (Some((i, x)), Some(y)) if x != y => return Some(i),
            (Some(_), Some(_)) => {}
            (Some((i, _)), None) => return Some(i),
            (None, Some(_)) => return Some(ours.len()),
            (None, None) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_encoded_parts() {
        let sbs = SignatureBaseString::new(
            "post",
            "http://example.com/request".into(),
            "a2=r%20b&a3=2%20q".into(),
        );
        assert_eq!(
            sbs.to_string(),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q"
        );
    }

    #[test]
    fn finds_first_difference() {
        assert_eq!(first_difference("abc", "abc"), None);
        assert_eq!(first_difference("abc", "abd"), Some(2));
        assert_eq!(first_difference("ab", "abc"), Some(2));
        assert_eq!(first_difference("abc", "ab"), Some(2));
        assert_eq!(first_difference("é1", "é2"), Some(2));
    }
}

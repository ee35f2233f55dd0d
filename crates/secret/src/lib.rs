//! Secrets as types: `Debug` never prints them, reading one is explicit, and they serialise
//! as the plain string so stored documents (the token store) can hold them.
//!
//! Its own crate because it sits below everything that keeps a secret: the protocol cores
//! (`oauth1` re-exports it) and the protocol-neutral token store both use it, and neither
//! depends on the other for it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A consumer or client secret, a token secret, a bearer or refresh token, a private key.
/// `Debug` prints `[redacted]`; [`Secret::expose`] is the one way to read it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call sites that reveal it are easy to find.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What a view shows in its place ([`mask`]).
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

/// The plain string: a stored document must hold the secret to be useful. Exports that
/// must not carry it leave the field out before writing.
impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

/// Masks a secret for display: the length stays visible so a learner can spot
/// an empty or truncated secret, the characters do not.
pub fn mask(value: &str) -> String {
    mask_of_length(value.chars().count())
}

/// The mask of a secret `chars` characters long, for callers that know the length only.
pub fn mask_of_length(chars: usize) -> String {
    "•".repeat(chars.min(12))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("kd94hf93k423kf44");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([redacted])");
        assert_eq!(s.expose(), "kd94hf93k423kf44");
    }

    #[test]
    fn mask_keeps_length_hint() {
        assert_eq!(mask(""), "");
        assert_eq!(mask("abc"), "•••");
        assert_eq!(Secret::new("abc").masked(), "•••");
        assert_eq!(mask(&"x".repeat(40)).chars().count(), 12);
    }

    #[test]
    fn serialises_as_the_plain_string() {
        let s = Secret::new("a\"b");
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""a\"b""#);
        let back: Secret = serde_json::from_str(r#""a\"b""#).unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Secret>("7").is_err());
    }
}

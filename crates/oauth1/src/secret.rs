//! Secrets as types: `Debug` never prints them, reading one is explicit.

use std::fmt;

/// A consumer secret or token secret. `Debug` prints `[redacted]`.
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

/// Masks a secret for display: the length stays visible so a learner can spot
/// an empty or truncated secret, the characters do not.
pub fn mask(value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        "•".repeat(value.chars().count().min(12))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("kd94hf93k423kf44");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(s.expose(), "kd94hf93k423kf44");
    }

    #[test]
    fn mask_keeps_length_hint() {
        assert_eq!(mask(""), "");
        assert_eq!(mask("abc"), "•••");
        assert_eq!(mask(&"x".repeat(40)).chars().count(), 12);
    }
}

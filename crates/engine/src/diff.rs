//! Our signature base string against the one a provider computed (its `debug_sbs`), the
//! quickest way to see why a signature was refused (RFC 5849 §3.4.1.1).

use oauth1::first_difference;

/// Both base strings and where they first differ. The app shows them side by side with the
/// rest highlighted; the CLI prints the character position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseStringDiff {
    pub ours: String,
    pub theirs: String,
    /// Byte offset of the first difference, on a char boundary of both; `None` when equal.
    pub at: Option<usize>,
}

impl BaseStringDiff {
    pub fn new(ours: &str, theirs: &str) -> Self {
        Self {
            ours: ours.to_owned(),
            theirs: theirs.to_owned(),
            at: first_difference(ours, theirs),
        }
    }

    /// The 1-based position, in characters, of the first difference.
    pub fn character(&self) -> Option<usize> {
        self.at.map(|i| self.ours[..i].chars().count() + 1)
    }

    /// Splits `text` (either side) at the difference: (the same, from the difference on).
    pub fn split<'a>(&self, text: &'a str) -> (&'a str, &'a str) {
        match self.at {
            Some(i) if text.is_char_boundary(i) => text.split_at(i),
            Some(_) => ("", text),
            None => (text, ""),
        }
    }

    /// One sentence on what the comparison shows.
    pub fn summary(&self) -> String {
        match self.character() {
            Some(n) => format!("The base strings first differ at character {n}."),
            None => "The base strings are identical, so the keys differ: check the consumer secret and the \
                     token secret."
                .to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_difference_is_located_in_bytes_and_characters() {
        let d = BaseStringDiff::new("GET&é&a%3D1", "GET&é&a%3D2");
        assert_eq!(d.at, Some(11));
        assert_eq!(d.character(), Some(11));
        assert_eq!(d.split(&d.ours), ("GET&é&a%3D", "1"));
        assert_eq!(d.split(&d.theirs), ("GET&é&a%3D", "2"));
        assert_eq!(d.summary(), "The base strings first differ at character 11.");
        let same = BaseStringDiff::new("x", "x");
        assert_eq!((same.at, same.character()), (None, None));
        assert_eq!(same.split("x"), ("x", ""));
        assert!(same.summary().starts_with("The base strings are identical"));
    }
}

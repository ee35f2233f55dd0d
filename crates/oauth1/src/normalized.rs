//! The normalised parameter string, RFC 5849 §3.4.1.3.2, built in one buffer: each name
//! and value is encoded once (§3.6) into `text`, and the pairs are sorted by their encoded
//! bytes, name then value, which is exactly the order the RFC asks for.
//!
//! The base string encodes the normalised string again (§3.4.1.1), which turns each `%`
//! into `%25`, each `=` into `%3D` and each `&` into `%26`. So `text` holds each pair as
//! the base string has it, `name%3Dvalue%26` with escapes as `%25XX`, and the base
//! string's last part is the pairs copied in order. Sorting names and values so written
//! gives the same order: where two encoded strings first differ, a `%` compares with the
//! other byte as the `%` of `%25` does. The normalised string itself, for the workings,
//! turns each `%25` back into `%`.

use crate::encode::{Sink, encode_to, hex_escape, is_unreserved_text};
use crate::params::Parameter;

/// Where one encoded pair sits in [`EncodedPairs::text`]: `start..eq` is the name, `%3D`
/// follows, then the value up to `end`, then `%26`. `key` is the name's first eight bytes,
/// big-endian, padded with zeros (which encoded text never holds), so it orders pairs as
/// the names do, ties aside.
#[derive(Debug, Clone, Copy)]
struct Pair {
    key: u64,
    start: usize,
    eq: usize,
    end: usize,
}

/// The signed parameters, encoded, in one buffer. Duplicates and empty values are kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct EncodedPairs {
    text: String,
    pairs: Vec<Pair>,
}

/// `=` and `&` as the base string has them between the pairs.
const EQ: &str = "%3D";
const AMP: &str = "%26";

/// Writes escapes as the base string has them, `%25XX` (see the module's comment).
struct Twice<'a>(&'a mut String);

impl Sink for Twice<'_> {
    fn put(&mut self, text: &str) {
        self.0.push_str(text);
    }

    fn escape(&mut self, b: u8) {
        let [_, hi, lo] = hex_escape(b);
        for c in [b'%', b'2', b'5', hi, lo] {
            self.0.push(c as char);
        }
    }
}

impl EncodedPairs {
    pub fn with_capacity(bytes: usize, pairs: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            pairs: Vec::with_capacity(pairs),
        }
    }

    pub fn of<'a>(params: impl IntoIterator<Item = &'a Parameter>) -> Self {
        let mut pairs = Self::default();
        for p in params {
            pairs.push(&p.name, &p.value);
        }
        pairs.sort();
        pairs
    }

    /// Adds one decoded pair, encoding each side once. True when the value is written as it
    /// is, being unreserved characters only.
    pub fn push(&mut self, name: &str, value: &str) -> bool {
        self.add(name, value, true, true)
    }

    /// [`EncodedPairs::push`] for a protocol parameter, whose name (`oauth_…`) is unreserved
    /// and copied as it is.
    pub fn push_protocol(&mut self, name: &'static str, value: &str) -> bool {
        debug_assert!(is_unreserved_text(name));
        self.add(name, value, false, true)
    }

    /// [`EncodedPairs::push`] for a pair of unreserved characters only, which encoding
    /// leaves as they are.
    pub fn push_unreserved(&mut self, name: &str, value: &str) {
        debug_assert!(is_unreserved_text(name) && is_unreserved_text(value));
        self.add(name, value, false, false);
    }

    fn add(&mut self, name: &str, value: &str, encode_name: bool, encode_value: bool) -> bool {
        let start = self.text.len();
        self.write_part(name, encode_name);
        let eq = self.text.len();
        self.text.push_str(EQ);
        self.write_part(value, encode_value);
        let end = self.text.len();
        self.text.push_str(AMP);
        // The name's first eight bytes, big-endian, zero-padded.
        let key = (self.text.as_bytes()[start..eq].iter().take(8))
            .enumerate()
            .fold(0, |key, (i, b)| key | u64::from(*b) << (56 - 8 * i));
        self.pairs.push(Pair { key, start, eq, end });
        end - eq - EQ.len() == value.len()
    }

    fn write_part(&mut self, text: &str, encode: bool) {
        match encode {
            true => encode_to(&mut Twice(&mut self.text), text),
            false => self.text.push_str(text),
        }
    }

    /// Sorts by encoded name, then encoded value (§3.4.1.3.2, step 2).
    pub fn sort(&mut self) {
        let text = self.text.as_bytes();
        self.pairs.sort_unstable_by(|a, b| {
            let rest = |p: &Pair| (&text[p.start..p.eq], &text[p.eq + EQ.len()..p.end]);
            a.key.cmp(&b.key).then_with(|| rest(a).cmp(&rest(b)))
        });
    }

    /// The sorted pairs as `name=value` joined with `&` (§3.4.1.3.2, steps 3 and 4).
    pub fn normalized(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 2 * self.pairs.len());
        let once = |out: &mut String, mut rest: &str| {
            // Every `%` in `text` is followed by `25`: the `%` stays, the `25` goes.
            while let Some(at) = rest.bytes().position(|b| b == b'%') {
                out.push_str(&rest[..=at]);
                rest = rest.get(at + 3..).unwrap_or_default();
            }
            out.push_str(rest);
        };
        for (i, p) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            once(&mut out, &self.text[p.start..p.eq]);
            out.push('=');
            once(&mut out, &self.text[p.eq + EQ.len()..p.end]);
        }
        out
    }

    /// The normalised string encoded again, as it appears in the base string (§3.4.1.1):
    /// each pair with the `%26` that follows it, but the last.
    pub fn write_reencoded(&self, out: &mut impl Sink) {
        for (i, p) in self.pairs.iter().enumerate() {
            let end = if i + 1 < self.pairs.len() {
                p.end + AMP.len()
            } else {
                p.end
            };
            out.put(&self.text[p.start..end]);
        }
    }

    /// The length of the re-encoded string, for sizing a buffer.
    pub fn reencoded_len(&self) -> usize {
        self.text.len().saturating_sub(AMP.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{Source, normalize};

    #[test]
    fn agrees_with_the_reference_normalisation() {
        let params: Vec<Parameter> = [
            ("b", "2 q"),
            ("a", "x"),
            ("Z", "%"),
            ("b", " "),
            ("c@", ""),
            ("a", ""),
            ("oauth_nonce_", "1"),
            ("oauth_nonce", "%25"),
            ("oauth_nonce", "%"),
            ("oauth_no%", "1"),
        ]
        .into_iter()
        .map(|(n, v)| Parameter::new(n, v, Source::Query))
        .collect();
        let pairs = EncodedPairs::of(&params);
        assert_eq!(
            pairs.normalized(),
            "Z=%25&a=&a=x&b=%20&b=2%20q&c%40=&oauth_no%25=1&oauth_nonce=%25&oauth_nonce=%2525\
             &oauth_nonce_=1"
        );
        assert_eq!(pairs.normalized(), normalize(&params));
        let mut again = String::new();
        pairs.write_reencoded(&mut again);
        assert_eq!(again, crate::encode::encode(&pairs.normalized()));
        assert_eq!(pairs.reencoded_len(), again.len());
    }

    #[test]
    fn tells_which_values_are_written_as_they_are() {
        let mut pairs = EncodedPairs::default();
        assert!(pairs.push("a b", "xyz-._~09"));
        assert!(!pairs.push("a", "x y"));
        assert!(pairs.push("a", ""));
    }
}

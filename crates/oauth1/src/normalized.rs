//! The normalised parameter string, RFC 5849 §3.4.1.3.2, built in one buffer: each name
//! and value is encoded once (§3.6) into `text`, and the pairs are sorted by their encoded
//! bytes, name then value, which is exactly the order the RFC asks for.

use crate::encode::{Sink, encode_to, reencode_to};
use crate::params::Parameter;

/// Where one encoded pair sits in [`EncodedPairs::text`]: `start..eq` is the name,
/// `eq..end` the value.
#[derive(Debug, Clone, Copy)]
struct Pair {
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

    /// Adds one decoded pair, encoding each side once.
    pub fn push(&mut self, name: &str, value: &str) {
        let start = self.text.len();
        encode_to(&mut self.text, name);
        let eq = self.text.len();
        encode_to(&mut self.text, value);
        self.pairs.push(Pair {
            start,
            eq,
            end: self.text.len(),
        });
    }

    /// Sorts by encoded name, then encoded value (§3.4.1.3.2, step 2).
    pub fn sort(&mut self) {
        let text = self.text.as_bytes();
        self.pairs.sort_unstable_by(|a, b| {
            let key = |p: &Pair| (&text[p.start..p.eq], &text[p.eq..p.end]);
            key(a).cmp(&key(b))
        });
    }

    /// The sorted pairs as `name=value` joined with `&` (§3.4.1.3.2, steps 3 and 4).
    pub fn normalized(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 2 * self.pairs.len());
        self.write(&mut out, |out, s| out.put(s), "=", "&");
        out
    }

    /// The normalised string encoded again, as it appears in the base string (§3.4.1.1),
    /// written without building the normalised string first.
    pub fn write_reencoded(&self, out: &mut impl Sink) {
        self.write(out, |out, s| reencode_to(out, s), "%3D", "%26");
    }

    fn write<S: Sink>(&self, out: &mut S, part: impl Fn(&mut S, &str), eq: &str, amp: &str) {
        for (i, p) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.put(amp);
            }
            part(out, &self.text[p.start..p.eq]);
            out.put(eq);
            part(out, &self.text[p.eq..p.end]);
        }
    }

    /// The length of the re-encoded string, for sizing a buffer: every `%` grows by two, and
    /// each `=` and `&` becomes three characters.
    pub fn reencoded_len(&self) -> usize {
        let escapes = self.text.bytes().filter(|b| *b == b'%').count();
        self.text.len() + 2 * escapes + (6 * self.pairs.len()).saturating_sub(3)
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
        ]
        .into_iter()
        .map(|(n, v)| Parameter::new(n, v, Source::Query))
        .collect();
        let pairs = EncodedPairs::of(&params);
        assert_eq!(pairs.normalized(), "Z=%25&a=&a=x&b=%20&b=2%20q&c%40=");
        assert_eq!(pairs.normalized(), normalize(&params));
        let mut again = String::new();
        pairs.write_reencoded(&mut again);
        assert_eq!(again, crate::encode::encode(&pairs.normalized()));
        assert_eq!(pairs.reencoded_len(), again.len());
    }
}

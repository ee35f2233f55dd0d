//! Percent-encoding, RFC 5849 §3.6, and the decoding rules of §3.4.1.3.1.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::Error;

/// Everything except the unreserved set `ALPHA / DIGIT / "-" / "." / "_" / "~"` (§3.6).
pub const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Encodes per §3.6: UTF-8, unreserved characters kept, the rest `%XX` in uppercase hex.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 2);
    encode_into(&mut out, value);
    out
}

/// Appends the §3.6 encoding of `value` to `out`. Signing spends most of its time here, so
/// unreserved runs are copied whole; a property test checks it against `percent-encoding`.
pub fn encode_into(out: &mut String, value: &str) {
    encode_to(out, value);
}

/// Where encoded text goes: a `String`, or straight into a MAC when nobody asks for the
/// base string (see `sign::hmac`). Every piece written is ASCII.
pub(crate) trait Sink {
    fn put(&mut self, text: &str);
    /// Writes `%XX` for byte `b`, uppercase hex (§3.6).
    fn escape(&mut self, b: u8);
}

impl Sink for String {
    fn put(&mut self, text: &str) {
        self.push_str(text);
    }

    fn escape(&mut self, b: u8) {
        for c in hex_escape(b) {
            self.push(c as char);
        }
    }
}

pub(crate) fn hex_escape(b: u8) -> [u8; 3] {
    [b'%', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]
}

/// [`encode_into`] for any [`Sink`].
pub(crate) fn encode_to(out: &mut impl Sink, value: &str) {
    let bytes = value.as_bytes();
    let mut start = 0;
    loop {
        // A run of unreserved ASCII starts and ends on char boundaries.
        let end = start + unreserved_prefix(&bytes[start..]);
        if start < end {
            out.put(&value[start..end]);
        }
        let Some(&b) = bytes.get(end) else { return };
        out.escape(b);
        start = end + 1;
    }
}

/// True when `text` is unreserved characters only, which encode to themselves (§3.6).
pub(crate) fn is_unreserved_text(text: &str) -> bool {
    unreserved_prefix(text.as_bytes()) == text.len()
}

/// How many bytes at the start are unreserved: eight at a time while they all are (most
/// text is), with no branch per byte.
fn unreserved_prefix(bytes: &[u8]) -> usize {
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        if !chunk.iter().fold(true, |all, b| all & UNRESERVED[*b as usize]) {
            break;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| UNRESERVED[**b as usize]).count()
}

/// The unreserved set as a table: encoding runs byte by byte, and a lookup is the cheapest
/// test (the app is built for size, where a call per byte would stay a call).
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
        b += 1;
    }
    table
};

/// Decodes `%XX` (either case of hex). A broken escape or non-UTF-8 result is an error,
/// not a silent replacement, so a mangled parameter is reported where it happens.
pub fn decode(value: &str) -> Result<String, Error> {
    decode_bytes(value.as_bytes(), false, value)
}

/// Decodes with the form rules (`+` is a space), for query strings and form bodies
/// (§3.4.1.3.1, via W3C HTML 4.0 application/x-www-form-urlencoded).
pub fn form_decode(value: &str) -> Result<String, Error> {
    decode_bytes(value.as_bytes(), true, value)
}

fn decode_bytes(bytes: &[u8], plus_is_space: bool, original: &str) -> Result<String, Error> {
    let mut out = Vec::with_capacity(bytes.len());
    decode_to(&mut out, bytes, plus_is_space, original)?;
    String::from_utf8(out).map_err(|_| Error::InvalidUtf8(original.to_owned()))
}

/// Form-decodes `value` (as [`form_decode`]) into `scratch`, or borrows it when it holds no
/// escape and no `+`, which is the common case and costs no allocation.
pub(crate) fn form_decode_in<'a>(scratch: &'a mut Vec<u8>, value: &'a str) -> Result<&'a str, Error> {
    if !value.bytes().any(|b| b == b'%' || b == b'+') {
        return Ok(value);
    }
    scratch.clear();
    decode_to(scratch, value.as_bytes(), true, value)?;
    std::str::from_utf8(scratch).map_err(|_| Error::InvalidUtf8(value.to_owned()))
}

fn decode_to(out: &mut Vec<u8>, bytes: &[u8], plus_is_space: bool, original: &str) -> Result<(), Error> {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|b| hex(*b));
                let lo = bytes.get(i + 2).and_then(|b| hex(*b));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => return Err(Error::InvalidPercentEncoding(original.to_owned())),
                }
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Splits `a=1&b=2` into decoded pairs with the form rules. Empty segments are skipped;
/// a name without `=` has an empty value (both kept in the base string, §3.4.1.3.2).
pub fn parse_form(input: &str) -> Result<Vec<(String, String)>, Error> {
    form_pairs(input)
        .map(|(name, value)| Ok((form_decode(name)?, form_decode(value)?)))
        .collect()
}

/// The pairs of [`parse_form`], not yet decoded.
pub(crate) fn form_pairs(input: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = Some(input);
    std::iter::from_fn(move || {
        loop {
            let (pair, next) = match split_once_byte(rest?, b'&') {
                Some((pair, next)) => (pair, Some(next)),
                None => (rest?, None),
            };
            rest = next;
            if !pair.is_empty() {
                return Some(split_once_byte(pair, b'=').unwrap_or((pair, "")));
            }
        }
    })
}

/// `str::split_once` for one ASCII byte, as a plain loop: form fields are short, and on
/// short text the general searcher costs more than it saves.
fn split_once_byte(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == separator)?;
    Some((&text[..at], &text[at + 1..]))
}

/// Joins pairs as `name=value&…`, each side encoded per §3.6 (valid form encoding too).
pub fn to_form<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    write_form(&mut out, pairs);
    out
}

/// [`to_form`] written at the end of `out`.
pub(crate) fn write_form<'a>(out: &mut String, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
    for (i, (name, value)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_to(out, name);
        out.push('=');
        encode_to(out, value);
    }
}

/// Appends pairs to form text such as a body: `text&name=value…`, or just the pairs when
/// `text` is empty.
pub(crate) fn append_form<'a>(text: &mut String, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
    let mut pairs = pairs.into_iter().peekable();
    if !text.is_empty() && pairs.peek().is_some() {
        text.push('&');
    }
    write_form(text, pairs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_per_rfc5849_3_6() {
        assert_eq!(encode("abcABC123"), "abcABC123");
        assert_eq!(encode("-._~"), "-._~");
        assert_eq!(encode("%"), "%25");
        assert_eq!(encode("+"), "%2B");
        assert_eq!(encode(" "), "%20");
        assert_eq!(encode("&=*"), "%26%3D%2A");
        assert_eq!(encode("\u{000A}"), "%0A");
        assert_eq!(encode("\u{0080}"), "%C2%80");
        assert_eq!(encode("\u{3001}"), "%E3%80%81");
        assert_eq!(encode("searchCriteria[pageSize]"), "searchCriteria%5BpageSize%5D");
    }

    #[test]
    fn decodes_both_hex_cases_and_form_plus() {
        assert_eq!(decode("%e3%80%81%2B+").unwrap(), "\u{3001}++");
        assert_eq!(form_decode("a+b%20c").unwrap(), "a b c");
    }

    #[test]
    fn rejects_broken_escapes_and_bad_utf8() {
        assert!(matches!(decode("%G1"), Err(Error::InvalidPercentEncoding(_))));
        assert!(matches!(decode("abc%2"), Err(Error::InvalidPercentEncoding(_))));
        assert!(matches!(decode("%FF"), Err(Error::InvalidUtf8(_))));
    }

    #[test]
    fn parses_forms_with_empty_and_duplicate_values() {
        assert_eq!(
            parse_form("a=1&a=2&b&c=&&d=x+y").unwrap(),
            vec![
                ("a".into(), "1".into()),
                ("a".into(), "2".into()),
                ("b".into(), "".into()),
                ("c".into(), "".into()),
                ("d".into(), "x y".into()),
            ]
        );
    }
}

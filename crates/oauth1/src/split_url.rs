//! The request URL as the text that is sent, with the places of the parts the base string
//! URI is made of (RFC 5849 §3.4.1.2): scheme, host, port and path.
//!
//! Most URLs are written in the form the WHATWG parser would give back anyway: lowercase
//! `http`/`https`, a lowercase host name or dotted IPv4 address, no default port, a path
//! of plain characters and `%XX`, a query likewise. [`SplitUrl::parse`] takes those apart
//! in one pass and hands every other URL to the `url` crate ([`crate::uri::parse_url`]);
//! a property test checks that both ways give the same text, parts and errors.

use std::ops::Range;

use url::{Position, Url};

use crate::Error;
use crate::encode::{Sink, encode_to, write_form};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SplitUrl {
    /// The serialisation, without a fragment.
    text: String,
    scheme_end: usize,
    host: Range<usize>,
    /// The port when it is not the scheme's default, as `Url::port` gives it.
    port: Option<u16>,
    /// `text[path]` is the path; after it comes `?query` or nothing.
    path: Range<usize>,
}

impl SplitUrl {
    /// Checks and splits a target URL as [`crate::uri::parse_url`] does, the fragment
    /// dropped, with `room` bytes to spare for the query to grow by.
    pub fn parse(input: &str, room: usize) -> Result<Self, Error> {
        if let Some(url) = normal(input.trim(), room) {
            return Ok(url);
        }
        let mut url = Self::from_url(crate::uri::parse_url(input)?);
        url.text.reserve(room);
        Ok(url)
    }

    pub fn from_url(mut url: Url) -> Self {
        url.set_fragment(None);
        let at = |p: Position| url[..p].len();
        let (scheme_end, host, path) = (
            at(Position::AfterScheme),
            at(Position::BeforeHost)..at(Position::AfterHost),
            at(Position::BeforePath)..at(Position::AfterPath),
        );
        Self {
            port: url.port(),
            text: url.into(),
            scheme_end,
            host,
            path,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn into_string(self) -> String {
        self.text
    }

    pub fn query(&self) -> Option<&str> {
        self.text.get(self.path.end + 1..)
    }

    /// Appends `name=value` pairs, encoded (§3.6), to the query, after a `&` when it has
    /// some already.
    pub fn extend_query<'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
        let mut pairs = pairs.into_iter().peekable();
        if pairs.peek().is_none() {
            return;
        }
        match self.query() {
            None => self.text.push('?'),
            Some("") => {}
            Some(_) => self.text.push('&'),
        }
        write_form(&mut self.text, pairs);
    }

    /// The base string URI, encoded (§3.4.1.2 and §3.6), written in pieces: encoding works
    /// byte by byte, so encoding the pieces is encoding the whole.
    pub fn write_base_string_uri(&self, out: &mut impl Sink) {
        encode_to(out, &self.text[..self.scheme_end]);
        out.put("%3A%2F%2F");
        encode_to(out, &self.text[self.host.clone()]);
        if let Some(port) = self.port {
            out.put("%3A");
            let mut digits = [0; 5];
            out.put(decimal(u64::from(port), &mut digits));
        }
        match &self.text[self.path.clone()] {
            "" => out.put("%2F"),
            path => encode_to(out, path),
        }
    }
}

/// `n` in decimal, written into the end of `buf`, which must be long enough.
pub(crate) fn decimal(mut n: u64, buf: &mut [u8]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

/// Splits `url` when it is already in the form the `url` crate would serialise it to, with
/// no fragment; `None` leaves it to the `url` crate. Anything unusual is left to it: upper
/// case, user info, IPv6, `xn--` labels, a default or zero-led port, `.` segments, `\`, a
/// `%` not followed by two hex digits, any character that the parser would escape. One
/// pass over the bytes, each looked up in [`CLASS`].
fn normal(url: &str, room: usize) -> Option<SplitUrl> {
    let (scheme_end, default_port) = if url.starts_with("https://") {
        (5, 443)
    } else if url.starts_with("http://") {
        (4, 80)
    } else {
        return None;
    };
    let bytes = url.as_bytes();
    let host_start = scheme_end + 3;
    let host_end = run(bytes, host_start, HOST);
    if !normal_host(&bytes[host_start..host_end]) {
        return None;
    }
    let (port, path_start) = match bytes.get(host_end) {
        Some(b':') => {
            let end = run(bytes, host_end + 1, DIGIT);
            (Some(normal_port(&bytes[host_end + 1..end], default_port)?), end)
        }
        _ => (None, host_end),
    };
    let path_end = normal_path(bytes, path_start)?;
    if path_end < bytes.len() && !normal_query(&bytes[path_end + 1..]) {
        return None;
    }
    let mut text = String::with_capacity(url.len() + room);
    text.push_str(url);
    Some(SplitUrl {
        text,
        scheme_end,
        host: host_start..host_end,
        port,
        path: path_start..path_end,
    })
}

/// What each byte may be, as bits: in a host name, a port, a path segment, a query. `%`
/// is in none: an escape is checked where it is met.
const HOST: u8 = 1;
const DIGIT: u8 = 2;
const PATH: u8 = 4;
const QUERY: u8 = 8;
const CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let unreserved = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
        let sub_delim = matches!(
            c,
            b'!' | b'$' | b'&' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
        );
        let mut bits = 0;
        if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'-' | b'.') {
            bits |= HOST;
        }
        if c.is_ascii_digit() {
            bits |= DIGIT;
        }
        if unreserved || sub_delim || matches!(c, b'\'' | b':' | b'@') {
            bits |= PATH;
        }
        // The parser escapes `'` in the query of an http(s) URL.
        if unreserved || sub_delim || matches!(c, b':' | b'@' | b'/' | b'?') {
            bits |= QUERY;
        }
        class[b] = bits;
        b += 1;
    }
    class
};

/// The end of the run of bytes of `class` that starts at `from`.
fn run(bytes: &[u8], from: usize, class: u8) -> usize {
    let n = bytes[from..]
        .iter()
        .take_while(|b| CLASS[**b as usize] & class != 0)
        .count();
    from + n
}

/// True when `%` at `i` starts an escape, two hex digits.
fn escape_at(bytes: &[u8], i: usize) -> bool {
    let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
    hex(i + 1) && hex(i + 2)
}

/// A host name of lowercase letters, digits and inner `-` whose last label starts with a
/// letter (else the WHATWG parser reads it as IPv4), or a dotted IPv4 address as it is
/// serialised: four numbers up to 255 without leading zeros. `host` is of [`HOST`] bytes.
fn normal_host(host: &[u8]) -> bool {
    let labels = || host.split(|b| *b == b'.');
    let name_label =
        |l: &[u8]| !l.is_empty() && l[0] != b'-' && l[l.len() - 1] != b'-' && l.get(2..4) != Some(b"--");
    let ipv4_number = |l: &[u8]| match l {
        [b'0'..=b'9'] | [b'1'..=b'9', b'0'..=b'9'] => true,
        [b'1'..=b'9', b'0'..=b'9', b'0'..=b'9'] => number(l) <= 255,
        _ => false,
    };
    let last = host.iter().rposition(|b| *b == b'.').map_or(0, |dot| dot + 1);
    if host.get(last).is_some_and(u8::is_ascii_lowercase) {
        labels().all(name_label)
    } else {
        labels().count() == 4 && labels().all(ipv4_number)
    }
}

/// A port the parser keeps as written: digits without a leading zero, in range, not the
/// scheme's default (which it drops).
fn normal_port(digits: &[u8], default: u16) -> Option<u16> {
    match digits {
        [b'1'..=b'9', ..] if digits.len() <= 5 => {
            u16::try_from(number(digits)).ok().filter(|p| *p != default)
        }
        _ => None,
    }
}

/// Up to five ASCII digits as a number.
fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

/// Where a path the parser keeps as written ends (at `?` or the end), if it is one: it
/// starts with `/`, holds [`PATH`] bytes, `/` and `%XX` only, and no `.` or `..` segment
/// or `%2E` (which the parser resolves, or reads as a dot).
fn normal_path(bytes: &[u8], start: usize) -> Option<usize> {
    if bytes.get(start) != Some(&b'/') {
        return None;
    }
    let (mut segment, mut i) = (start + 1, start + 1);
    loop {
        match bytes.get(i) {
            None | Some(b'/' | b'?') => {
                if matches!(&bytes[segment..i], b"." | b"..") {
                    return None;
                }
                if bytes.get(i) != Some(&b'/') {
                    return Some(i);
                }
                segment = i + 1;
                i += 1;
            }
            Some(b'%') if escape_at(bytes, i) && !matches!(&bytes[i + 1..i + 3], b"2e" | b"2E") => i += 3,
            Some(b) if CLASS[*b as usize] & PATH != 0 => i += 1,
            Some(_) => return None,
        }
    }
}

/// A query the parser keeps as written: [`QUERY`] bytes and `%XX` only.
fn normal_query(query: &[u8]) -> bool {
    let mut i = 0;
    while i < query.len() {
        match query[i] {
            b'%' if escape_at(query, i) => i += 3,
            b if CLASS[b as usize] & QUERY != 0 => i += 1,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn by_url_crate(input: &str) -> Result<SplitUrl, Error> {
        crate::uri::parse_url(input).map(SplitUrl::from_url)
    }

    #[test]
    fn takes_apart_urls_in_normal_form() {
        for url in [
            "https://api.example.com/1.1/statuses/home_timeline.json?count=20&since_id=12345",
            "http://127.0.0.1:8080/oauth/request_token",
            "https://a-b.example.com:8443/r%20x/Y?",
            "http://localhost/?a=b?c&d=%2F",
            "https://example.com/a;b=c/@d:e/(f)*!$'",
        ] {
            let split = normal(url, 0).unwrap_or_else(|| panic!("{url}"));
            assert_eq!(Ok(split), by_url_crate(url), "{url}");
        }
    }

    #[test]
    fn leaves_the_rest_to_the_url_crate() {
        for url in [
            "HTTPS://api.example.com/",
            "https://API.example.com/",
            "https://api.example.com",
            "https://api.example.com:443/",
            "http://api.example.com:80/",
            "http://api.example.com:080/",
            "https://user@api.example.com/",
            "https://[::1]/",
            "https://xn--nxasmq6b.example/",
            "http://1.2.3/",
            "http://01.2.3.4/",
            "http://1.2.3.256/",
            "http://example.123/",
            "https://api.example.com/a/./b",
            "https://api.example.com/a/%2E%2e/b",
            "https://api.example.com/a\\b",
            "https://api.example.com/a b",
            "https://api.example.com/%zz",
            "https://api.example.com/?a='",
            "https://api.example.com/#top",
            "ftp://example.com/",
        ] {
            assert_eq!(normal(url, 0), None, "{url}");
            assert_eq!(SplitUrl::parse(url, 0), by_url_crate(url), "{url}");
        }
    }

    #[test]
    fn the_base_string_uri_is_written_from_the_parts() {
        for url in [
            "HTTP://EXAMPLE.COM:80/r%20v/X?id=123#f",
            "https://www.example.net:8080/?q=1",
            "http://[2001:DB8::1]:8080",
            "https://user:pw@example.com/p",
        ] {
            let split = SplitUrl::parse(url, 0).unwrap();
            let mut written = String::new();
            split.write_base_string_uri(&mut written);
            let reference = crate::uri::base_string_uri(&crate::uri::parse_url(url).unwrap());
            assert_eq!(written, crate::encode::encode(&reference), "{url}");
        }
    }

    #[test]
    fn appends_to_the_query() {
        let mut url = SplitUrl::parse("https://a.example/p", 0).unwrap();
        url.extend_query([("a b", "&")]);
        assert_eq!(url.as_str(), "https://a.example/p?a%20b=%26");
        url.extend_query([("c", "")]);
        assert_eq!(url.query(), Some("a%20b=%26&c="));
        let mut empty = SplitUrl::parse("https://a.example/p?", 0).unwrap();
        empty.extend_query([("c", "d")]);
        assert_eq!(empty.as_str(), "https://a.example/p?c=d");
    }

    fn url_text() -> impl Strategy<Value = String> {
        let scheme = prop_oneof![
            8 => Just("https://"),
            8 => Just("http://"),
            1 => prop::sample::select(vec!["HTTP://", "Https://", "ftp://", "http:/", "https:", "http://u:p@", "https://@"]),
        ];
        let label = prop_oneof![
            30 => "[a-z][a-z0-9]{0,5}",
            4 => "[a-z][a-z0-9-]{0,5}",
            1 => "[a-zA-Z0-9_-]{0,4}",
            1 => "xn--[a-z0-9]{1,4}",
            1 => "0x[0-9a-f]{1,2}",
            2 => "(0|[1-9][0-9]{0,2})",
        ];
        let host = prop_oneof![
            20 => prop::collection::vec(label, 1..5).prop_map(|l| l.join(".")),
            2 => "(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}",
            1 => prop::sample::select(vec!["[::1]", "[2001:DB8::1]", "127.0.0.1", "a..b", "a.", "", "é.example"]).prop_map(String::from),
        ];
        let port = prop::option::weighted(
            0.3,
            prop_oneof![
                Just(String::new()),
                "[0-9]{1,6}".prop_map(String::from),
                prop::sample::select(vec!["80", "443", "0", "08080", "65535", "65536", "x"])
                    .prop_map(String::from),
            ],
        );
        // No non-ASCII in the path: right after an upper-case host (`https://Aé`) it trips
        // a debug assertion in the `url` crate's IDNA adapter; the query has some.
        let segment = prop_oneof![
            30 => "[a-zA-Z0-9._~!$&'()*+,;=:@-]{0,6}",
            2 => prop::sample::select(vec![".", "..", "%2e", "%2E.", "%41", "%zz", "%", "%4", " ", "\\", "|", "^", "`", "{", "\"", "<", "a%2eb"]).prop_map(String::from),
        ];
        let path = prop::collection::vec(segment, 0..5).prop_map(|s| s.join("/"));
        let query = prop::option::of(prop_oneof![
            10 => "([a-zA-Z0-9._~!$&()*+,;=:@/?-]|%[0-9a-fA-F]{2}){0,10}",
            1 => "[a-zA-Z0-9._~!$&()*+,;=:@/?%-]{0,10}",
            1 => "[a-z=&' #é%\\^`{}]{0,6}",
        ]);
        let fragment = prop::option::weighted(0.1, "[a-z#?]{0,4}");
        let space = prop::sample::select(
            vec![""; 12]
                .into_iter()
                .chain([" ", "\t", "\n"])
                .collect::<Vec<_>>(),
        );
        (
            space.clone(),
            scheme,
            host,
            port,
            prop::bool::weighted(0.9),
            path,
            query,
            fragment,
            space,
        )
            .prop_map(
                |(lead, scheme, host, port, slash, path, query, fragment, trail)| {
                    let mut url = format!("{lead}{scheme}{host}");
                    if let Some(port) = port {
                        url.push(':');
                        url.push_str(&port);
                    }
                    if slash {
                        url.push('/');
                    }
                    url.push_str(&path);
                    if let Some(query) = query {
                        url.push('?');
                        url.push_str(&query);
                    }
                    if let Some(fragment) = fragment {
                        url.push('#');
                        url.push_str(&fragment);
                    }
                    url.push_str(trail);
                    url
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Split in one pass or by the `url` crate, a URL gives the same text, parts and
        /// errors as the `url` crate gives.
        #[test]
        fn the_one_pass_split_agrees_with_the_url_crate(url in url_text()) {
            prop_assert_eq!(SplitUrl::parse(&url, 0), by_url_crate(&url));
            if let Some(split) = normal(url.trim(), 0) {
                prop_assert_eq!(Ok(split), by_url_crate(&url));
            }
        }
    }

    #[test]
    fn writes_decimals() {
        let mut buf = [0; 20];
        assert_eq!(decimal(0, &mut buf), "0");
        assert_eq!(decimal(u64::MAX, &mut buf), "18446744073709551615");
        assert_eq!(decimal(8080, &mut buf[..5]), "8080");
    }
}

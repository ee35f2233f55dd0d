//! The one-pass check and split of a URL already in normal form (see [`super`]).

use super::SplitUrl;

/// Splits `url` when it is already in the form the `url` crate would serialise it to, with
/// no fragment; `None` leaves it to the `url` crate. Anything unusual is left to it: upper
/// case, user info, IPv6, `xn--` labels, a default or zero-led port, `.` segments, `\`, a
/// `%` not followed by two hex digits, any character that the parser would escape. One
/// pass over the bytes, each looked up in [`CLASS`].
pub(super) fn normal(url: &str, room: usize) -> Option<SplitUrl> {
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

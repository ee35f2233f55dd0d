//! The url crate's `ParseError`, with its texts. The browser throws one `TypeError` for
//! every refusal, so the kind is worked out here from the input, in the order the URL
//! Standard's parser meets it (§4.4): the scheme, then the host, then the port.

use std::fmt;

use percent_encoding::percent_decode_str;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    EmptyHost,
    IdnaError,
    InvalidPort,
    InvalidIpv4Address,
    InvalidIpv6Address,
    InvalidDomainCharacter,
    RelativeUrlWithoutBase,
    RelativeUrlWithCannotBeABaseBase,
    SetHostOnCannotBeABaseUrl,
    Overflow,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseError::EmptyHost => "empty host",
            ParseError::IdnaError => "invalid international domain name",
            ParseError::InvalidPort => "invalid port number",
            ParseError::InvalidIpv4Address => "invalid IPv4 address",
            ParseError::InvalidIpv6Address => "invalid IPv6 address",
            ParseError::InvalidDomainCharacter => "invalid domain character",
            ParseError::RelativeUrlWithoutBase => "relative URL without a base",
            ParseError::RelativeUrlWithCannotBeABaseBase => "relative URL with a cannot-be-a-base base",
            ParseError::SetHostOnCannotBeABaseUrl => "a cannot-be-a-base URL doesn’t have a host to set",
            ParseError::Overflow => "URLs more than 4 GB are not supported",
        })
    }
}

impl std::error::Error for ParseError {}

/// The input as the parser reads it (§4.4 steps 1–3): leading and trailing C0 controls and
/// spaces gone, tabs and newlines removed.
fn cleaned(input: &str) -> String {
    input
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme (lowercased) and what follows its `:`, if the input starts with one (§4.4,
/// scheme start and scheme states).
fn split_scheme(input: &str) -> Option<(String, &str)> {
    let (scheme, rest) = input.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (scheme.to_ascii_lowercase(), rest))
}

/// The host as written and what follows it in the authority (`:` and the port, or after an
/// IPv6 address's `]`, anything).
fn host_and_port(rest: &str) -> (&str, &str) {
    let authority = rest.trim_start_matches(['/', '\\']);
    let authority = &authority[..authority.find(['/', '\\', '?', '#']).unwrap_or(authority.len())];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host_len = if host_port.starts_with('[') {
        host_port.find(']').map_or(host_port.len(), |i| i + 1)
    } else {
        host_port.find(':').unwrap_or(host_port.len())
    };
    host_port.split_at(host_len)
}

fn is_web_scheme(scheme: &str) -> bool {
    matches!(scheme, "http" | "https" | "ws" | "wss" | "ftp")
}

/// What the browser would accept but the url crate refuses: a host that is not ASCII once
/// percent-decoded (its IDNA back end here is ASCII-only), or that holds a forbidden domain
/// code point (Chromium lets a space through, as `%20`).
pub(super) fn refuse_before_parsing(input: &str) -> Result<(), ParseError> {
    let input = cleaned(input);
    if let Some((scheme, rest)) = split_scheme(&input)
        && is_web_scheme(&scheme)
    {
        let (host, _) = host_and_port(rest);
        if !host.starts_with('[') {
            let decoded = percent_decode_str(host).decode_utf8_lossy();
            if decoded.chars().any(|c| !c.is_ascii() || forbidden_in_domain(c)) {
                return Err(ParseError::IdnaError);
            }
        }
    }
    Ok(())
}

/// §3.5: the forbidden domain code points (the url crate's IDNA step refuses them first).
fn forbidden_in_domain(c: char) -> bool {
    c.is_ascii_control()
        || matches!(
            c,
            ' ' | '#' | '%' | '/' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '^' | '|'
        )
}

/// §3.5, "ends in a number": the last label (a trailing dot aside) is digits or `0x…`.
fn ends_in_a_number(domain: &str) -> bool {
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    let last = domain.rsplit('.').next().unwrap_or_default();
    !last.is_empty()
        && (last.bytes().all(|b| b.is_ascii_digit())
            || last
                .strip_prefix("0x")
                .or_else(|| last.strip_prefix("0X"))
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())))
}

/// Why the browser refused `input`, as the url crate would say it.
pub(super) fn kind_of_refusal(input: &str) -> ParseError {
    let input = cleaned(input);
    let Some((scheme, rest)) = split_scheme(&input) else {
        return ParseError::RelativeUrlWithoutBase;
    };
    if !is_web_scheme(&scheme) {
        // A non-special URL fails only on its opaque host or its port.
        return match split_authority(rest) {
            Some((host, after)) if host.starts_with('[') && !after.is_empty() && !after.starts_with(':') => {
                ParseError::InvalidIpv6Address
            }
            Some((_, after)) if !valid_port(after) => ParseError::InvalidPort,
            Some((host, _)) if host.starts_with('[') => ParseError::InvalidIpv6Address,
            _ => ParseError::InvalidDomainCharacter,
        };
    }
    let (host, after) = host_and_port(rest);
    if host.is_empty() {
        return ParseError::EmptyHost;
    }
    if let Some(inner) = host.strip_prefix('[') {
        let bad = inner
            .strip_suffix(']')
            .is_none_or(|ip| ip.parse::<std::net::Ipv6Addr>().is_err());
        if bad || !(after.is_empty() || after.starts_with(':')) {
            return ParseError::InvalidIpv6Address;
        }
    } else if ends_in_a_number(&host.to_ascii_lowercase()) {
        return ParseError::InvalidIpv4Address;
    }
    if valid_port(after) {
        ParseError::IdnaError
    } else {
        ParseError::InvalidPort
    }
}

/// A non-special URL's host and port, when it has an authority (`//`).
fn split_authority(rest: &str) -> Option<(&str, &str)> {
    rest.strip_prefix("//").map(host_and_port)
}

/// `after` is the authority past the host: nothing, or `:` and up to five digits ≤ 65535.
fn valid_port(after: &str) -> bool {
    let Some(port) = after.strip_prefix(':') else {
        return after.is_empty();
    };
    port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u32>().map_or(port.is_empty(), |p| p <= 65535)
}

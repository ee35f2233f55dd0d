//! `Url` over the browser's WHATWG parser (URL Standard §4.4, "URL parsing"): the browser
//! parses, this keeps its serialisation (`href`) and where each component sits in it,
//! as the url crate does, so the accessors are slices of one string.

mod error;
mod host;
mod slicing;

use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

pub use error::ParseError;
pub use host::Host;
pub use slicing::Position;

/// URL Standard §1.3: the query percent-encode set, and the special-query one (`'` too).
const QUERY: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>');
const SPECIAL_QUERY: &AsciiSet = &QUERY.add(b'\'');
/// URL Standard §1.3: the fragment percent-encode set.
const FRAGMENT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

#[derive(Clone)]
pub struct Url {
    serialization: String,
    scheme_end: usize,
    username_end: usize,
    host_start: usize,
    host_end: usize,
    host: HostKind,
    port: Option<u16>,
    path_start: usize,
    query_start: Option<usize>,
    fragment_start: Option<usize>,
}

#[derive(Clone, Copy)]
enum HostKind {
    None,
    Domain,
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
}

/// URL Standard §4.1: the special schemes, and their default ports.
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

fn is_special(scheme: &str) -> bool {
    default_port(scheme).is_some() || scheme == "file"
}

impl Url {
    pub fn parse(input: &str) -> Result<Url, ParseError> {
        // The browser would turn a Unicode host into `xn--` labels; the url crate as built
        // here (ASCII-only IDNA) refuses it, and so does this.
        error::refuse_before_parsing(input)?;
        match web_sys::Url::new(input) {
            Ok(parsed) => {
                let url = Url::from_serialization(parsed.href()).ok_or(ParseError::IdnaError)?;
                Ok(url.with_bars_unescaped(input))
            }
            Err(_) => Err(error::kind_of_refusal(input)),
        }
    }

    /// Finds the components in a serialisation the parser made (URL Standard §4.5), where
    /// `/`, `?`, `#` and `@` only appear as delimiters up to the path.
    fn from_serialization(serialization: String) -> Option<Url> {
        let s = serialization.as_str();
        let scheme_end = s.find(':')?;
        let after = scheme_end + 1;
        let (username_end, host_start, host_end, host, port, path_start);
        if s[after..].starts_with("//") {
            let authority_start = after + 2;
            let authority_end = s[authority_start..]
                .find(['/', '?', '#'])
                .map_or(s.len(), |i| authority_start + i);
            let authority = &s[authority_start..authority_end];
            let userinfo_end = authority.rfind('@').map(|i| authority_start + i);
            host_start = userinfo_end.map_or(authority_start, |i| i + 1);
            username_end = match userinfo_end {
                Some(end) => s[authority_start..end]
                    .find(':')
                    .map_or(end, |i| authority_start + i),
                None => authority_start,
            };
            let host_port = &s[host_start..authority_end];
            let host_len = if host_port.starts_with('[') {
                host_port.find(']').map(|i| i + 1)?
            } else {
                host_port.find(':').unwrap_or(host_port.len())
            };
            host_end = host_start + host_len;
            port = match &host_port[host_len..] {
                "" => None,
                p => Some(p.strip_prefix(':')?.parse().ok()?),
            };
            host = host::kind(&s[host_start..host_end], is_special(&s[..scheme_end]))?;
            path_start = authority_end;
        } else {
            username_end = after;
            host_start = after;
            host_end = after;
            host = HostKind::None;
            port = None;
            // §4.5: a path starting `//` without a host is written after `/.`.
            path_start = if s[after..].starts_with("/.//") {
                after + 2
            } else {
                after
            };
        }
        let fragment_start = s[path_start..].find('#').map(|i| path_start + i);
        let query_start = s[path_start..fragment_start.unwrap_or(s.len())]
            .find('?')
            .map(|i| path_start + i);
        Some(Url {
            serialization,
            scheme_end,
            username_end,
            host_start,
            host_end,
            host,
            port,
            path_start,
            query_start,
            fragment_start,
        })
    }

    /// Chromium writes a `|` in the path as `%7C`, which the URL Standard's path
    /// percent-encode set (§1.3) leaves alone; put it back, unless the input already had a
    /// `%7C` (kept as written, so then which was which is not known: the browser's form stays).
    fn with_bars_unescaped(self, input: &str) -> Url {
        let path = self.path();
        if !path.contains("%7C") || input.contains("%7C") {
            return self;
        }
        let mut s = self.serialization[..self.path_start].to_owned();
        s.push_str(&path.replace("%7C", "|"));
        s.push_str(&self[Position::AfterPath..]);
        Url::from_serialization(s).unwrap_or(self)
    }

    pub fn as_str(&self) -> &str {
        &self.serialization
    }

    pub fn scheme(&self) -> &str {
        &self.serialization[..self.scheme_end]
    }

    fn has_authority(&self) -> bool {
        self.serialization[self.scheme_end..].starts_with("://")
    }

    pub fn username(&self) -> &str {
        if self.has_authority() {
            &self.serialization[self.scheme_end + 3..self.username_end]
        } else {
            ""
        }
    }

    pub fn password(&self) -> Option<&str> {
        (self.has_authority() && self.serialization[self.username_end..].starts_with(':'))
            .then(|| &self.serialization[self.username_end + 1..self.host_start - 1])
    }

    pub fn host_str(&self) -> Option<&str> {
        match self.host {
            HostKind::None => None,
            _ => Some(&self.serialization[self.host_start..self.host_end]),
        }
    }

    pub fn host(&self) -> Option<Host<&str>> {
        match self.host {
            HostKind::None => None,
            HostKind::Domain => self.host_str().map(Host::Domain),
            HostKind::Ipv4(ip) => Some(Host::Ipv4(ip)),
            HostKind::Ipv6(ip) => Some(Host::Ipv6(ip)),
        }
    }

    pub fn domain(&self) -> Option<&str> {
        match self.host {
            HostKind::Domain => self.host_str(),
            _ => None,
        }
    }

    pub fn port(&self) -> Option<u16> {
        self.port
    }

    pub fn port_or_known_default(&self) -> Option<u16> {
        self.port.or_else(|| default_port(self.scheme()))
    }

    pub fn path(&self) -> &str {
        let end = self
            .query_start
            .or(self.fragment_start)
            .unwrap_or(self.serialization.len());
        &self.serialization[self.path_start..end]
    }

    pub fn query(&self) -> Option<&str> {
        let end = self.fragment_start.unwrap_or(self.serialization.len());
        self.query_start.map(|q| &self.serialization[q + 1..end])
    }

    pub fn fragment(&self) -> Option<&str> {
        self.fragment_start.map(|f| &self.serialization[f + 1..])
    }

    pub fn query_pairs(&self) -> form_urlencoded::Parse<'_> {
        form_urlencoded::parse(self.query().unwrap_or("").as_bytes())
    }

    /// As the url crate: tabs and newlines dropped, then percent-encoded (URL Standard §4.4,
    /// query state); `None` removes the `?` too.
    pub fn set_query(&mut self, query: Option<&str>) {
        let fragment = self.fragment_start.map(|f| self.serialization.split_off(f));
        self.serialization
            .truncate(self.query_start.unwrap_or(self.serialization.len()));
        self.query_start = query.map(|q| {
            let start = self.serialization.len();
            let set = if is_special(self.scheme()) {
                SPECIAL_QUERY
            } else {
                QUERY
            };
            self.serialization.push('?');
            let q = without_tabs_or_newlines(q);
            self.serialization.extend(utf8_percent_encode(&q, set));
            start
        });
        self.fragment_start = fragment.map(|f| {
            let start = self.serialization.len();
            self.serialization.push_str(&f);
            start
        });
    }

    pub fn set_fragment(&mut self, fragment: Option<&str>) {
        if let Some(f) = self.fragment_start.take() {
            self.serialization.truncate(f);
        }
        if let Some(fragment) = fragment {
            self.fragment_start = Some(self.serialization.len());
            self.serialization.push('#');
            let fragment = without_tabs_or_newlines(fragment);
            self.serialization
                .extend(utf8_percent_encode(&fragment, FRAGMENT));
        }
    }

    /// URL Standard §4.7, "origin": a tuple for the special schemes but `file`, a blob:
    /// URL's inner http(s) URL's, otherwise opaque.
    pub fn origin(&self) -> Origin {
        match self.scheme() {
            "blob" => match Url::parse(self.path()) {
                Ok(inner) if matches!(inner.scheme(), "http" | "https") => inner.origin(),
                _ => Origin(None),
            },
            "file" => Origin(None),
            scheme if is_special(scheme) => Origin(Some(format!(
                "{scheme}://{}{}",
                self.host_str().unwrap_or_default(),
                self.port.map(|p| format!(":{p}")).unwrap_or_default()
            ))),
            _ => Origin(None),
        }
    }
}

fn without_tabs_or_newlines(s: &str) -> Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        Cow::Owned(s.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// An origin (URL Standard §4.7): a tuple is kept as its ASCII serialisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin(Option<String>);

impl Origin {
    pub fn is_tuple(&self) -> bool {
        self.0.is_some()
    }

    pub fn ascii_serialization(&self) -> String {
        self.0.clone().unwrap_or_else(|| "null".to_owned())
    }
}

impl std::str::FromStr for Url {
    type Err = ParseError;

    fn from_str(input: &str) -> Result<Url, ParseError> {
        Url::parse(input)
    }
}

impl From<Url> for String {
    fn from(url: Url) -> String {
        url.serialization
    }
}

impl AsRef<str> for Url {
    fn as_ref(&self) -> &str {
        &self.serialization
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.serialization)
    }
}

impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Url").field(&self.serialization).finish()
    }
}

impl PartialEq for Url {
    fn eq(&self, other: &Url) -> bool {
        self.serialization == other.serialization
    }
}

impl Eq for Url {}

impl std::hash::Hash for Url {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.serialization.hash(state);
    }
}

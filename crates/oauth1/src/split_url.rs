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

mod normal;
use normal::normal;

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

#[cfg(test)]
mod tests;

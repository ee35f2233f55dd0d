//! After the signature: the protocol parameters go where the options say, RFC 5849 §3.5.

use url::Url;

use crate::Error;
use crate::encode::append_form;
use crate::header::write_authorization;
use crate::request::{Placement, PreparedRequest, SignOptions};
use crate::split_url::SplitUrl;

/// The URL a request goes to, as the checks and [`place`] need it: the `url` crate's
/// [`Url`] on the eager path, a [`SplitUrl`] on the fast one.
pub(crate) trait Target: Sized {
    /// Checks a target URL ([`crate::uri::parse_url`]) and drops its fragment. `room` is
    /// how many bytes the query may grow by, for a buffer sized once.
    fn parse(input: &str, room: usize) -> Result<Self, Error>;
    /// Appends `name=value` pairs, encoded (§3.6), to the query, after a `&` when it has
    /// some already.
    fn extend_query<'a>(&mut self, pairs: impl Iterator<Item = (&'a str, &'a str)>);
    fn into_string(self) -> String;
}

impl Target for Url {
    fn parse(input: &str, _room: usize) -> Result<Self, Error> {
        let mut url = crate::uri::parse_url(input)?;
        url.set_fragment(None);
        Ok(url)
    }

    fn extend_query<'a>(&mut self, pairs: impl Iterator<Item = (&'a str, &'a str)>) {
        let mut query = Url::query(self).unwrap_or("").to_owned();
        append_form(&mut query, pairs);
        self.set_query(Some(&query));
    }

    fn into_string(self) -> String {
        self.into()
    }
}

impl Target for SplitUrl {
    fn parse(input: &str, room: usize) -> Result<Self, Error> {
        SplitUrl::parse(input, room)
    }

    fn extend_query<'a>(&mut self, pairs: impl Iterator<Item = (&'a str, &'a str)>) {
        SplitUrl::extend_query(self, pairs);
    }

    fn into_string(self) -> String {
        SplitUrl::into_string(self)
    }
}

/// The signed request's parts, before the protocol parameters are placed.
pub(crate) struct Unplaced<U> {
    pub method: String,
    pub url: U,
    pub body: String,
    pub content_type: Option<String>,
}

/// Adds `oauth_signature` (not yet percent-encoded) to the protocol parameters and puts
/// them where the options say (§3.5). Bit `i` of `plain` marks the `i`th protocol
/// parameter as unreserved characters only (see [`write_authorization`]).
pub(crate) fn place<'p, U: Target>(
    request: Unplaced<U>,
    options: &SignOptions,
    protocol: impl Iterator<Item = (&'p str, &'p str)>,
    plain: u32,
    signature: &'p str,
    notes: &mut Vec<String>,
) -> PreparedRequest {
    let Unplaced {
        method,
        mut url,
        mut body,
        content_type,
    } = request;
    let sent = protocol.chain([("oauth_signature", signature)]);
    let mut headers = Vec::with_capacity(2);
    match options.placement {
        Placement::Header => {
            let value = write_authorization(options.realm.as_deref(), sent, plain);
            headers.push(("Authorization".to_owned(), value));
        }
        Placement::Query => url.extend_query(sent),
        Placement::Body => append_form(&mut body, sent),
    }
    if options.placement != Placement::Header && options.realm.is_some() {
        notes.push("realm is sent in the Authorization header only, so it is left out here".into());
    }
    if let Some(ct) = content_type {
        headers.push(("Content-Type".to_owned(), ct));
    }
    PreparedRequest {
        method,
        url: url.into_string(),
        headers,
        body,
    }
}

//! What every way of signing shares: check the request, gather its parameters
//! (RFC 5849 §3.4.1.3.1), add the protocol ones (§3.1), encode each name and value once
//! (§3.4.1.3.2), and write the base string (§3.4.1.1) into any [`Sink`]. After the
//! signature, [`place`] puts the protocol parameters where the options say (§3.5).

use std::borrow::Cow;

use url::Url;

use crate::Error;
use crate::base_string::BaseText;
use crate::encode::{Sink, encode_to, form_decode_in, to_form};
use crate::header::build_authorization;
use crate::normalized::EncodedPairs;
use crate::params::{Parameter, Source, is_form_content_type};
use crate::request::{Credentials, FORM_CONTENT_TYPE, Placement, PreparedRequest, RequestSpec, SignOptions};
use crate::sign;

/// The `oauth_*` parameters in the order they are sent (§3.1), borrowed where they can be.
pub(crate) type Protocol<'a> = Vec<(&'static str, Cow<'a, str>)>;

/// A request checked and gathered, its signed parameters encoded and sorted.
pub(crate) struct Assembled<'a> {
    pub method: String,
    pub url: Url,
    pub body: String,
    pub content_type: Option<String>,
    pub form: bool,
    pub protocol: Protocol<'a>,
    pub pairs: EncodedPairs,
    pub notes: Vec<String>,
}

/// Every protocol parameter a signer may add, for the duplicate check.
const PROTOCOL_NAMES: [&str; 9] = [
    "oauth_consumer_key",
    "oauth_token",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_version",
    "oauth_callback",
    "oauth_verifier",
    "oauth_body_hash",
];

/// Which reserved names the request's own parameters use.
#[derive(Default)]
struct Seen {
    signature: bool,
    protocol: u16,
}

impl Seen {
    fn note(&mut self, name: &str) {
        if name == "oauth_signature" {
            self.signature = true;
        } else if let Some(i) = PROTOCOL_NAMES.iter().position(|n| *n == name) {
            self.protocol |= 1 << i;
        }
    }

    fn has(&self, name: &str) -> bool {
        PROTOCOL_NAMES
            .iter()
            .position(|n| *n == name)
            .is_some_and(|i| self.protocol & (1 << i) != 0)
    }
}

fn has_body(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH")
}

fn valid_method(method: &str) -> bool {
    // RFC 9110 §9.1: a token.
    !method.is_empty()
        && method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A request checked (method, consumer key, RSA key, URL) and its extra parameters and
/// the body placement applied: what the eager and the fast path both start from.
pub(crate) struct Checked {
    pub method: String,
    pub url: Url,
    pub body: String,
    pub content_type: Option<String>,
    pub form: bool,
    pub notes: Vec<String>,
}

pub(crate) fn check(
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
) -> Result<Checked, Error> {
    let method = spec.method.trim().to_ascii_uppercase();
    if !valid_method(&method) {
        return Err(Error::InvalidMethod(spec.method.clone()));
    }
    if credentials.consumer_key.is_empty() {
        return Err(Error::MissingConsumerKey);
    }
    if options.signature_method.is_rsa() && credentials.rsa_key.is_none() {
        return Err(Error::MissingRsaKey {
            method: options.signature_method.as_str(),
        });
    }
    let mut url = crate::uri::parse_url(&spec.url)?;
    url.set_fragment(None);

    let notes = Vec::new();
    let mut content_type = spec.content_type.clone().filter(|c| !c.trim().is_empty());
    let mut body = spec.body.clone();
    let mut form = is_form_content_type(content_type.as_deref());

    // Extra parameters join the form body when the method carries one, else the query.
    if !spec.extra_params.is_empty() {
        let to_body = has_body(&method) && (form || (content_type.is_none() && body.is_empty()));
        let extra = to_form(spec.extra_params.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        if to_body {
            body = join_form(&body, &extra);
            content_type.get_or_insert_with(|| FORM_CONTENT_TYPE.to_owned());
            form = true;
        } else {
            let query = join_form(url.query().unwrap_or(""), &extra);
            url.set_query(Some(&query));
        }
    }
    if options.placement == Placement::Body {
        let ok = has_body(&method) && (form || (content_type.is_none() && body.is_empty()));
        if !ok {
            return Err(Error::BodyPlacementNeedsForm {
                method,
                content_type: content_type.unwrap_or_else(|| "no body".into()),
            });
        }
        content_type.get_or_insert_with(|| FORM_CONTENT_TYPE.to_owned());
        form = true;
    }

    Ok(Checked {
        method,
        url,
        body,
        content_type,
        form,
        notes,
    })
}

/// Checks and gathers a request. With `record`, the decoded parameters are kept too, with
/// where they came from, for an explanation built at once.
pub(crate) fn assemble<'a>(
    spec: &RequestSpec,
    credentials: &'a Credentials,
    options: &'a SignOptions,
    nonce: &'a str,
    timestamp: u64,
    mut record: Option<&mut Vec<Parameter>>,
) -> Result<Assembled<'a>, Error> {
    let Checked {
        method,
        url,
        body,
        content_type,
        form,
        mut notes,
    } = check(spec, credentials, options)?;

    // §3.4.1.3.1: query, then form body; the header's parameters are our protocol ones.
    let query = url.query().unwrap_or("");
    let signed_len = query.len() + if form { body.len() } else { 0 };
    let mut pairs = EncodedPairs::with_capacity(signed_len + 320, 12);
    let mut seen = Seen::default();
    let mut scratch = (Vec::new(), Vec::new());
    gather_form(
        &mut pairs,
        query,
        Source::Query,
        &mut seen,
        &mut scratch,
        record.as_deref_mut(),
    )?;
    if form {
        gather_form(
            &mut pairs,
            &body,
            Source::FormBody,
            &mut seen,
            &mut scratch,
            record.as_deref_mut(),
        )?;
    }
    if seen.signature {
        return Err(Error::ReservedParameter("oauth_signature".into()));
    }

    let protocol = protocol_parameters(credentials, options, nonce, timestamp, form, &body, &mut notes);
    for (name, value) in &protocol {
        if seen.has(name) {
            return Err(Error::DuplicateProtocolParameter(name.to_string()));
        }
        pairs.push(name, value);
        if let Some(record) = record.as_deref_mut() {
            record.push(Parameter::new(*name, value.as_ref(), Source::Protocol));
        }
    }
    pairs.sort();
    Ok(Assembled {
        method,
        url,
        body,
        content_type,
        form,
        protocol,
        pairs,
        notes,
    })
}

/// Decodes `a=1&b=2` with the form rules, as [`crate::encode::parse_form`] does, and
/// encodes each side into `pairs` without keeping the decoded text.
fn gather_form(
    pairs: &mut EncodedPairs,
    input: &str,
    source: Source,
    seen: &mut Seen,
    (name_buf, value_buf): &mut (Vec<u8>, Vec<u8>),
    mut record: Option<&mut Vec<Parameter>>,
) -> Result<(), Error> {
    for pair in input.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = form_decode_in(name_buf, name)?;
        let value = form_decode_in(value_buf, value)?;
        seen.note(name);
        pairs.push(name, value);
        if let Some(record) = record.as_deref_mut() {
            record.push(Parameter::new(name, value, source));
        }
    }
    Ok(())
}

/// The signature base string (§3.4.1.1): the method, the base string URI (§3.4.1.2)
/// and the normalised parameters, each encoded, joined with `&`.
impl BaseText for Assembled<'_> {
    fn write_to<S: Sink>(&self, out: &mut S) {
        encode_to(out, &self.method);
        out.put("&");
        write_base_string_uri(out, &self.url);
        out.put("&");
        self.pairs.write_reencoded(out);
    }
}

impl Assembled<'_> {
    /// A buffer large enough for the base string.
    pub fn base_string_capacity(&self) -> usize {
        self.method.len() + self.url.as_str().len() * 3 / 2 + self.pairs.reencoded_len() + 2
    }
}

/// The base string URI, encoded (§3.4.1.2 and §3.6), written in pieces: encoding works
/// byte by byte, so encoding the pieces is encoding the whole.
fn write_base_string_uri(out: &mut impl Sink, url: &Url) {
    encode_to(out, url.scheme());
    out.put("%3A%2F%2F");
    encode_to(out, url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        out.put("%3A");
        out.put(&port.to_string());
    }
    match url.path() {
        "" => out.put("%2F"),
        path => encode_to(out, path),
    }
}

/// The `oauth_*` parameters, in the order they are sent (§3.1).
pub(crate) fn protocol_parameters<'a>(
    credentials: &'a Credentials,
    options: &'a SignOptions,
    nonce: &'a str,
    timestamp: u64,
    form: bool,
    body: &str,
    notes: &mut Vec<String>,
) -> Protocol<'a> {
    let mut p: Protocol<'a> = Vec::with_capacity(8);
    p.push(("oauth_consumer_key", credentials.consumer_key.as_str().into()));
    match credentials.token.as_deref() {
        Some(t) if !t.is_empty() => p.push(("oauth_token", t.into())),
        _ if options.send_empty_token => p.push(("oauth_token", "".into())),
        _ => {}
    }
    p.push(("oauth_signature_method", options.signature_method.as_str().into()));
    p.push(("oauth_timestamp", timestamp.to_string().into()));
    p.push(("oauth_nonce", nonce.into()));
    if options.include_version {
        p.push(("oauth_version", "1.0".into()));
    }
    if let Some(cb) = &options.callback {
        p.push(("oauth_callback", cb.as_str().into()));
    }
    if let Some(v) = &options.verifier {
        p.push(("oauth_verifier", v.as_str().into()));
    }
    if options.body_hash {
        if form {
            // Body Hash §3.2: never on form-encoded bodies, whose parameters are signed already.
            notes.push("oauth_body_hash is left out: the extension forbids it on form-encoded bodies".into());
        } else {
            let digest = options.signature_method.digest();
            p.push(("oauth_body_hash", sign::body_hash(digest, body.as_bytes()).into()));
        }
    }
    p
}

/// The signed request's parts, before the protocol parameters are placed.
pub(crate) struct Unplaced {
    pub method: String,
    pub url: Url,
    pub body: String,
    pub content_type: Option<String>,
}

/// Adds `oauth_signature` (not yet percent-encoded) to the protocol parameters and puts
/// them where the options say (§3.5).
pub(crate) fn place<'p>(
    request: Unplaced,
    options: &SignOptions,
    protocol: impl Iterator<Item = (&'p str, &'p str)>,
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
            let value = build_authorization(options.realm.as_deref(), sent);
            headers.push(("Authorization".to_owned(), value));
        }
        Placement::Query => {
            let query = join_form(url.query().unwrap_or(""), &to_form(sent));
            url.set_query(Some(&query));
        }
        Placement::Body => body = join_form(&body, &to_form(sent)),
    }
    if options.placement != Placement::Header && options.realm.is_some() {
        notes.push("realm is sent in the Authorization header only, so it is left out here".into());
    }
    if let Some(ct) = content_type {
        headers.push(("Content-Type".to_owned(), ct));
    }
    PreparedRequest {
        method,
        url: url.into(),
        headers,
        body,
    }
}

pub(crate) fn join_form(existing: &str, extra: &str) -> String {
    match (existing.is_empty(), extra.is_empty()) {
        (true, _) => extra.to_owned(),
        (_, true) => existing.to_owned(),
        _ => format!("{existing}&{extra}"),
    }
}

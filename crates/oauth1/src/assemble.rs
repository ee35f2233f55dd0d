//! What every way of signing shares: check the request, gather its parameters
//! (RFC 5849 §3.4.1.3.1), add the protocol ones (§3.1), encode each name and value once
//! (§3.4.1.3.2), and write the base string (§3.4.1.1) into any [`Sink`]. After the
//! signature, [`crate::place::place`] puts the protocol parameters where the options say
//! (§3.5).

use std::borrow::Cow;

use crate::Error;
use crate::base_string::BaseText;
use crate::encode::{Sink, append_form, encode_to, form_decode_in, form_pairs, is_unreserved_text};
use crate::normalized::EncodedPairs;
use crate::params::is_form_content_type;
use crate::place::Target;
use crate::request::{Credentials, FORM_CONTENT_TYPE, Placement, RequestSpec, SignOptions};
use crate::sign;
use crate::split_url::SplitUrl;

/// The `oauth_*` parameters in the order they are sent (§3.1), borrowed where they can be.
pub(crate) type Protocol<'a> = Vec<(&'static str, Cow<'a, str>)>;

/// A request checked and gathered, its signed parameters encoded and sorted.
pub(crate) struct Assembled<'a> {
    pub method: String,
    pub url: SplitUrl,
    pub body: String,
    pub content_type: Option<String>,
    pub form: bool,
    pub protocol: Protocol<'a>,
    /// Bit `i` is set when the `i`th protocol value is unreserved characters only (its
    /// name always is), so that it is sent as it is.
    pub plain: u32,
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
        if !name.starts_with("oauth_") {
            return;
        }
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
pub(crate) struct Checked<U> {
    pub method: String,
    pub url: U,
    pub body: String,
    pub content_type: Option<String>,
    pub form: bool,
    pub notes: Vec<String>,
}

pub(crate) fn check<U: Target>(
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
) -> Result<Checked<U>, Error> {
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
    let extras = || spec.extra_params.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    // Each byte of an extra parameter encodes to at most three.
    let room = extras().map(|(n, v)| 3 * (n.len() + v.len()) + 2).sum();
    let mut url = U::parse(&spec.url, room)?;

    let notes = Vec::new();
    let mut content_type = spec.content_type.clone().filter(|c| !c.trim().is_empty());
    let mut body = spec.body.clone();
    let mut form = is_form_content_type(content_type.as_deref());

    // Extra parameters join the form body when the method carries one, else the query.
    if !spec.extra_params.is_empty() {
        let to_body = has_body(&method) && (form || (content_type.is_none() && body.is_empty()));
        if to_body {
            append_form(&mut body, extras());
            content_type.get_or_insert_with(|| FORM_CONTENT_TYPE.to_owned());
            form = true;
        } else {
            url.extend_query(extras());
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

/// Checks and gathers a request for the fast path ([`crate::Signer`]).
pub(crate) fn assemble<'a>(
    spec: &RequestSpec,
    credentials: &'a Credentials,
    options: &'a SignOptions,
    nonce: &'a str,
    timestamp: &'a str,
) -> Result<Assembled<'a>, Error> {
    let Checked {
        method,
        url,
        body,
        content_type,
        form,
        mut notes,
    } = check::<SplitUrl>(spec, credentials, options)?;

    // §3.4.1.3.1: query, then form body; the header's parameters are our protocol ones.
    let query = url.query().unwrap_or("");
    let signed_len = query.len() + if form { body.len() } else { 0 };
    let mut pairs = EncodedPairs::with_capacity(signed_len + 320, 12);
    let mut seen = Seen::default();
    let mut scratch = (Vec::new(), Vec::new());
    gather_form(&mut pairs, query, &mut seen, &mut scratch)?;
    if form {
        gather_form(&mut pairs, &body, &mut seen, &mut scratch)?;
    }
    if seen.signature {
        return Err(Error::ReservedParameter("oauth_signature".into()));
    }

    let protocol = protocol_parameters(credentials, options, nonce, timestamp, form, &body, &mut notes);
    let mut plain = 0;
    for (i, (name, value)) in protocol.iter().enumerate() {
        if seen.has(name) {
            return Err(Error::DuplicateProtocolParameter(name.to_string()));
        }
        if pairs.push_protocol(name, value) {
            plain |= 1 << i;
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
        plain,
        pairs,
        notes,
    })
}

/// Decodes `a=1&b=2` with the form rules, as [`crate::encode::parse_form`] does, and
/// encodes each side into `pairs` without keeping the decoded text.
fn gather_form(
    pairs: &mut EncodedPairs,
    input: &str,
    seen: &mut Seen,
    (name_buf, value_buf): &mut (Vec<u8>, Vec<u8>),
) -> Result<(), Error> {
    for (name, value) in form_pairs(input) {
        // The common case: unreserved characters only, which decoding and encoding leave
        // as they are.
        if is_unreserved_text(name) && is_unreserved_text(value) {
            seen.note(name);
            pairs.push_unreserved(name, value);
            continue;
        }
        let name = form_decode_in(name_buf, name)?;
        let value = form_decode_in(value_buf, value)?;
        seen.note(name);
        pairs.push(name, value);
    }
    Ok(())
}

/// The signature base string (§3.4.1.1): the method, the base string URI (§3.4.1.2)
/// and the normalised parameters, each encoded, joined with `&`.
impl BaseText for Assembled<'_> {
    fn write_to<S: Sink>(&self, out: &mut S) {
        encode_to(out, &self.method);
        out.put("&");
        self.url.write_base_string_uri(out);
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

/// The `oauth_*` parameters, in the order they are sent (§3.1).
pub(crate) fn protocol_parameters<'a>(
    credentials: &'a Credentials,
    options: &'a SignOptions,
    nonce: &'a str,
    timestamp: &'a str,
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
    p.push(("oauth_timestamp", timestamp.into()));
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

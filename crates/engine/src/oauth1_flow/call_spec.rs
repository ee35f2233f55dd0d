//! A request the user composed, signed with a saved token: the app's API console and the
//! CLI's `request` both describe theirs as a [`CallSpec`].

use std::fmt;

use oauth1::encode::to_form;
use oauth1::request::find_header;
use oauth1::uri::parse_url;
use oauth1::{FORM_CONTENT_TYPE, Placement, RequestSpec, SignOptions};
use url::Url;

use super::{Expect, LegRequest, ResolvedToken};

/// The entity body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Body {
    #[default]
    None,
    /// Form parameters: encoded as `application/x-www-form-urlencoded`, and signed
    /// (§3.4.1.3.1).
    Form(Vec<(String, String)>),
    /// Sent as given with its content type; only `oauth_body_hash` covers it.
    Text { text: String, content_type: String },
}

/// What the user asked to send.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallSpec {
    pub method: String,
    /// Absolute http(s), its own query included.
    pub url: String,
    /// Appended to the URL's query.
    pub query: Vec<(String, String)>,
    /// Request parameters placed by the core: in a form body when the method carries one,
    /// else in the query (the CLI's `-d`).
    pub params: Vec<(String, String)>,
    /// Sent beside the signature. A `Content-Type` here is the body's content type.
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// `oauth_body_hash` (OAuth Request Body Hash), for text bodies only.
    pub body_hash: bool,
}

/// Why a composed request cannot be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallSpecError {
    MissingUrl,
    Url(oauth1::Error),
    /// The signer writes `Authorization` when the parameters go in the header (§3.5.1).
    AuthorizationHeader,
    /// GET and HEAD carry no body (RFC 9110 §9.3.1, §9.3.2; fetch refuses one).
    BodyNotAllowed(String),
}

impl fmt::Display for CallSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallSpecError::MissingUrl => f.write_str("fill in the URL"),
            CallSpecError::Url(e) => write!(f, "{e}"),
            CallSpecError::AuthorizationHeader => f.write_str(
                "remove the Authorization header: the signature goes there (or place the OAuth parameters in \
                 the query or the body)",
            ),
            CallSpecError::BodyNotAllowed(method) => {
                write!(
                    f,
                    "a {method} request cannot carry a body; send it without one, or use another method"
                )
            }
        }
    }
}

impl std::error::Error for CallSpecError {}

/// `url` with `query` appended, RFC 3986-encoded as it is signed; the fragment dropped (it
/// is never sent). Only absolute http(s) URLs pass.
pub fn target_url(url: &str, query: &[(String, String)]) -> Result<Url, CallSpecError> {
    if url.trim().is_empty() {
        return Err(CallSpecError::MissingUrl);
    }
    let mut url = parse_url(url).map_err(CallSpecError::Url)?;
    url.set_fragment(None);
    if !query.is_empty() {
        let added = to_form(query.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let joined = match url.query() {
            Some(q) if !q.is_empty() => format!("{q}&{added}"),
            _ => added,
        };
        url.set_query(Some(&joined));
    }
    Ok(url)
}

impl CallSpec {
    /// The body as sent and its content type: a `Content-Type` header wins over the body's.
    /// Without a body it is the header's, if any: the form body the core builds from
    /// `params` then goes with it (a form type, a charset added, is still signed).
    pub fn body_and_type(&self) -> (String, Option<String>) {
        let header = find_header(&self.headers, "content-type").map(str::to_owned);
        match &self.body {
            Body::None => (String::new(), header),
            Body::Form(pairs) => (
                to_form(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
                header.or_else(|| Some(FORM_CONTENT_TYPE.to_owned())),
            ),
            Body::Text { text, content_type } => {
                (text.clone(), header.or_else(|| Some(content_type.clone())))
            }
        }
    }

    /// The headers sent beside the signature: all but `Content-Type`, which the core sets.
    pub fn other_headers(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("content-type"))
            .cloned()
            .collect()
    }
}

/// The leg that sends `spec` signed with `token`.
pub fn signed_call(
    spec: &CallSpec,
    token: &ResolvedToken,
    placement: Placement,
    include_version: bool,
) -> Result<LegRequest, CallSpecError> {
    let url = target_url(&spec.url, &spec.query)?;
    if placement == Placement::Header && find_header(&spec.headers, "authorization").is_some() {
        return Err(CallSpecError::AuthorizationHeader);
    }
    let method = spec.method.trim().to_ascii_uppercase();
    let (body, content_type) = spec.body_and_type();
    if !body.is_empty() && matches!(method.as_str(), "GET" | "HEAD") {
        return Err(CallSpecError::BodyNotAllowed(method));
    }
    Ok(LegRequest {
        spec: RequestSpec {
            method,
            url: url.into(),
            content_type,
            body,
            extra_params: spec.params.clone(),
        },
        credentials: token.credentials.clone(),
        options: SignOptions {
            signature_method: token.signature_method,
            placement,
            realm: token.realm.clone(),
            include_version,
            body_hash: spec.body_hash && matches!(spec.body, Body::Text { .. }),
            ..SignOptions::default()
        },
        extra_headers: spec.other_headers(),
        expects: Expect::Resource,
    })
}

//! Signing one request: RFC 5849 §3.1 (the protocol parameters), §3.4 (the signature) and
//! §3.5 (where the parameters go). Sans-IO: the nonce and timestamp are handed in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::base_string::SignatureBaseString;
use crate::encode::{parse_form, to_form};
use crate::explain::{Explanation, masked_signing_key};
use crate::header::build_authorization;
use crate::params::{Parameter, Source, is_form_content_type, normalize};
use crate::sign::{self, RsaKey, SignatureMethod, SigningKey};
use crate::uri::{base_string_uri, parse_url};
use crate::{Error, Secret};

pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Where the protocol parameters are sent (§3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// `Authorization: OAuth …` (§3.5.1), the one most providers want.
    #[default]
    Header,
    /// Appended to the request URI's query (§3.5.3).
    Query,
    /// In a form-encoded entity body (§3.5.2).
    Body,
}

impl Placement {
    pub const ALL: [Placement; 3] = [Placement::Header, Placement::Query, Placement::Body];

    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Header => "header",
            Placement::Query => "query",
            Placement::Body => "body",
        }
    }
}

impl fmt::Display for Placement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Placement {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("{s:?} is not a placement; use header, query or body"))
    }
}

/// Who signs: the consumer and, after the first leg, a token.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub consumer_key: String,
    pub consumer_secret: Secret,
    /// A request token (second leg) or access token (resources); `None` on the first leg.
    pub token: Option<String>,
    pub token_secret: Secret,
    /// Needed by the RSA-* methods only.
    pub rsa_key: Option<RsaKey>,
}

/// How to sign, independent of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOptions {
    pub signature_method: SignatureMethod,
    pub placement: Placement,
    /// Sent in the header only; never signed (§3.4.1.3.1).
    pub realm: Option<String>,
    /// `oauth_version=1.0` is optional (§3.1); some servers insist on it, some on its absence.
    pub include_version: bool,
    /// `oauth_callback`: a URL or `oob` (§2.1). Request-token leg only.
    pub callback: Option<String>,
    /// `oauth_verifier` (§2.3). Access-token leg only.
    pub verifier: Option<String>,
    /// Adds `oauth_body_hash` for non-form bodies (OAuth Request Body Hash).
    pub body_hash: bool,
    /// Sends and signs `oauth_token=""` when there is no token. Some servers (reportedly Jira)
    /// want it; most reject it, so it is off by default.
    pub send_empty_token: bool,
}

impl Default for SignOptions {
    fn default() -> Self {
        Self {
            signature_method: SignatureMethod::HmacSha1,
            placement: Placement::Header,
            realm: None,
            include_version: true,
            callback: None,
            verifier: None,
            body_hash: false,
            send_empty_token: false,
        }
    }
}

/// The request before signing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestSpec {
    pub method: String,
    /// Absolute URL, its query included.
    pub url: String,
    pub content_type: Option<String>,
    pub body: String,
    /// Extra request parameters (e.g. a legacy `scope`): put in a form body when the method
    /// carries one, otherwise in the query. Signed either way.
    pub extra_params: Vec<(String, String)>,
}

impl RequestSpec {
    pub fn new(method: &str, url: &str) -> Self {
        Self {
            method: method.to_owned(),
            url: url.to_owned(),
            ..Self::default()
        }
    }

    pub fn with_form_body(mut self, body: &str) -> Self {
        self.content_type = Some(FORM_CONTENT_TYPE.to_owned());
        self.body = body.to_owned();
        self
    }
}

/// The signed request, ready for any transport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreparedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// The first value of header `name` (case-insensitive, RFC 9110 §5.1) in a header list.
pub fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl PreparedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The request as it goes on the wire (HTTP/1.1 form), for the workings view.
    pub fn to_http(&self) -> String {
        let (target, host) = match url::Url::parse(&self.url) {
            Ok(u) => {
                let mut target = u.path().to_owned();
                if let Some(q) = u.query() {
                    target.push('?');
                    target.push_str(q);
                }
                let host = match u.port() {
                    Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
                    None => u.host_str().unwrap_or_default().to_owned(),
                };
                (target, host)
            }
            Err(_) => (self.url.clone(), String::new()),
        };
        let mut out = format!("{} {} HTTP/1.1\r\nHost: {}\r\n", self.method, target, host);
        for (n, v) in &self.headers {
            out.push_str(&format!("{n}: {v}\r\n"));
        }
        if !self.body.is_empty() {
            out.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        out.push_str("\r\n");
        out.push_str(&self.body);
        out
    }
}

/// What signing produced: the request, and every step that led to it.
#[derive(Debug, Clone)]
pub struct Signed {
    pub request: PreparedRequest,
    pub explanation: Explanation,
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

/// Signs a request. `nonce` and `timestamp` come from the caller (§3.3) so tests can
/// assert exact bytes; see [`crate::generate_nonce`].
pub fn sign_request(
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
    nonce: &str,
    timestamp: u64,
) -> Result<Signed, Error> {
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
    let mut url = parse_url(&spec.url)?;
    url.set_fragment(None);

    let mut notes = Vec::new();
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

    // §3.4.1.3.1: query, then form body; the header's parameters are our protocol ones.
    let mut parameters: Vec<Parameter> = Vec::new();
    if let Some(q) = url.query() {
        for (n, v) in parse_form(q)? {
            parameters.push(Parameter::new(n, v, Source::Query));
        }
    }
    if form {
        for (n, v) in parse_form(&body)? {
            parameters.push(Parameter::new(n, v, Source::FormBody));
        }
    }
    if let Some(p) = parameters.iter().find(|p| p.name == "oauth_signature") {
        return Err(Error::ReservedParameter(p.name.clone()));
    }

    let protocol = protocol_parameters(credentials, options, nonce, timestamp, form, &body, &mut notes);
    for (name, _) in &protocol {
        if parameters.iter().any(|p| p.name == *name) {
            return Err(Error::DuplicateProtocolParameter(name.to_string()));
        }
    }
    parameters.extend(
        protocol
            .iter()
            .map(|(n, v)| Parameter::new(*n, v.clone(), Source::Protocol)),
    );

    let normalized = normalize(&parameters);
    let base_string = SignatureBaseString::new(&method, base_string_uri(&url), normalized.clone());
    let base_string_text = base_string.to_base_string();
    let key = SigningKey {
        consumer_secret: &credentials.consumer_secret,
        token_secret: &credentials.token_secret,
        rsa_key: credentials.rsa_key.as_ref(),
    };
    let signature = sign::sign(options.signature_method, &base_string_text, key)?;

    let mut sent: Vec<(&str, &str)> = protocol.iter().map(|(n, v)| (*n, v.as_str())).collect();
    sent.push(("oauth_signature", &signature));
    let mut headers = Vec::new();
    let mut authorization = None;
    match options.placement {
        Placement::Header => {
            let value = build_authorization(options.realm.as_deref(), sent);
            headers.push(("Authorization".to_owned(), value.clone()));
            authorization = Some(value);
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
    if let Some(ct) = &content_type {
        headers.push(("Content-Type".to_owned(), ct.clone()));
    }

    let request = PreparedRequest {
        method: method.clone(),
        url: url.to_string(),
        headers,
        body,
    };
    let explanation = Explanation {
        method,
        signature_method: options.signature_method,
        placement: options.placement,
        parameters,
        normalized_parameters: normalized,
        base_string_uri: base_string.uri.clone(),
        base_string: base_string_text,
        base_string_parts: base_string,
        signing_key: masked_signing_key(options.signature_method, credentials),
        signature,
        authorization,
        url: request.url.clone(),
        body: request.body.clone(),
        content_type,
        notes,
    };
    Ok(Signed { request, explanation })
}

/// The `oauth_*` parameters, in the order they are sent (§3.1).
fn protocol_parameters(
    credentials: &Credentials,
    options: &SignOptions,
    nonce: &str,
    timestamp: u64,
    form: bool,
    body: &str,
    notes: &mut Vec<String>,
) -> Vec<(&'static str, String)> {
    let mut p = vec![("oauth_consumer_key", credentials.consumer_key.clone())];
    match credentials.token.as_deref() {
        Some(t) if !t.is_empty() => p.push(("oauth_token", t.to_owned())),
        _ if options.send_empty_token => p.push(("oauth_token", String::new())),
        _ => {}
    }
    p.push((
        "oauth_signature_method",
        options.signature_method.as_str().to_owned(),
    ));
    p.push(("oauth_timestamp", timestamp.to_string()));
    p.push(("oauth_nonce", nonce.to_owned()));
    if options.include_version {
        p.push(("oauth_version", "1.0".to_owned()));
    }
    if let Some(cb) = &options.callback {
        p.push(("oauth_callback", cb.clone()));
    }
    if let Some(v) = &options.verifier {
        p.push(("oauth_verifier", v.clone()));
    }
    if options.body_hash {
        if form {
            // Body Hash §3.2: never on form-encoded bodies, whose parameters are signed already.
            notes.push("oauth_body_hash is left out: the extension forbids it on form-encoded bodies".into());
        } else {
            let digest = options.signature_method.digest();
            p.push(("oauth_body_hash", sign::body_hash(digest, body.as_bytes())));
        }
    }
    p
}

fn join_form(existing: &str, extra: &str) -> String {
    match (existing.is_empty(), extra.is_empty()) {
        (true, _) => extra.to_owned(),
        (_, true) => existing.to_owned(),
        _ => format!("{existing}&{extra}"),
    }
}

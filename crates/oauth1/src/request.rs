//! What a signer takes and gives: the request, the credentials (§3.1), the placement of the
//! protocol parameters (§3.5), and the signed request. Signing itself is in [`crate::unsigned`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Secret;
use crate::explain::Explanation;
use crate::sign::{RsaKey, SignatureMethod};

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

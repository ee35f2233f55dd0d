//! The API console: a request editor (method, URL, query, headers, body) turned into what
//! the core signs with a saved token. Pure; the reducer is in `console_reducer.rs`, the
//! history in `console_history`.

use oauth1::encode::to_form;
use oauth1::{Credentials, FORM_CONTENT_TYPE, PreparedRequest, RequestSpec, RsaKey, Secret};
use oauth1::{Placement, SignOptions, SignatureMethod};
use serde::Serialize;

use super::json::Fields;

use super::config::Config;
use super::tokens::SavedToken;

pub const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyType {
    #[default]
    None,
    Form,
    Json,
    Raw,
}

impl BodyType {
    pub const ALL: [BodyType; 4] = [BodyType::None, BodyType::Form, BodyType::Json, BodyType::Raw];

    /// The option value.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyType::None => "none",
            BodyType::Form => "form",
            BodyType::Json => "json",
            BodyType::Raw => "raw",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BodyType::None => "None",
            BodyType::Form => "Form",
            BodyType::Json => "JSON",
            BodyType::Raw => "Raw text",
        }
    }

    pub fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|b| b.as_str() == value)
            .unwrap_or_default()
    }

    /// The content type sent unless a `Content-Type` header says otherwise.
    pub fn content_type(self) -> Option<&'static str> {
        match self {
            BodyType::None => None,
            BodyType::Form => Some(FORM_CONTENT_TYPE),
            BodyType::Json => Some("application/json"),
            BodyType::Raw => Some("text/plain; charset=utf-8"),
        }
    }
}

/// What the user typed. Also the history's record of a call (see `without_secrets`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsoleRequest {
    pub method: String,
    pub url: String,
    /// `name=value` lines, appended to the URL's query.
    pub query: String,
    /// `Name: value` lines, sent as given (OAuth 1.0a signs no headers).
    pub headers: String,
    pub body_type: BodyType,
    /// `name=value` lines for a form body; the text itself otherwise.
    pub body: String,
    /// `oauth_body_hash` for JSON and raw bodies.
    pub body_hash: bool,
}

impl Default for ConsoleRequest {
    fn default() -> Self {
        Self {
            method: "GET".into(),
            url: String::new(),
            query: String::new(),
            headers: String::new(),
            body_type: BodyType::None,
            body: String::new(),
            body_hash: false,
        }
    }
}

impl ConsoleRequest {
    /// Reads what `Serialize` wrote; missing fields take their defaults.
    pub fn read(f: &Fields) -> Result<Self, String> {
        let mut r = ConsoleRequest::default();
        f.string("method", &mut r.method)?;
        f.string("url", &mut r.url)?;
        f.string("query", &mut r.query)?;
        f.string("headers", &mut r.headers)?;
        f.variant("body_type", &BodyType::ALL, &mut r.body_type)?;
        f.string("body", &mut r.body)?;
        f.boolean("body_hash", &mut r.body_hash)?;
        Ok(r)
    }
}

/// Headers that carry credentials: refused in the editor's history.
pub fn is_secret_header(name: &str) -> bool {
    ["authorization", "proxy-authorization", "cookie"].contains(&name.trim().to_ascii_lowercase().as_str())
}

/// `name=value` lines: names trimmed, values literal (a line without `=` is a bare name).
pub fn param_lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.split_once('=') {
            Some((n, v)) => (n.trim().to_owned(), v.to_owned()),
            None => (l.trim().to_owned(), String::new()),
        })
        .collect()
}

/// `Name: value` lines; a line without a colon is an error naming it.
pub fn header_lines(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("The header line {line:?} has no colon; write Name: value."))?;
        let name = name.trim();
        let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if name.is_empty() || !name.bytes().all(token) {
            return Err(format!("{name:?} is not a valid header name."));
        }
        out.push((name.to_owned(), value.trim().to_owned()));
    }
    Ok(out)
}

impl ConsoleRequest {
    /// The same request with credentials taken out: secret headers and `oauth_*`
    /// parameters (URL, query lines, form body) are dropped.
    pub fn without_secrets(&self) -> Self {
        let keep_param = |line: &str| !line.trim_start().starts_with("oauth_");
        let keep_lines = |text: &str, keep: &dyn Fn(&str) -> bool| {
            text.lines().filter(|l| keep(l)).collect::<Vec<_>>().join("\n")
        };
        let url = match url::Url::parse(self.url.trim()) {
            Ok(mut u) => {
                let pairs: Vec<(String, String)> = u
                    .query_pairs()
                    .filter(|(n, _)| !n.starts_with("oauth_"))
                    .map(|(n, v)| (n.into(), v.into()))
                    .collect();
                if u.query().is_some_and(|q| q.contains("oauth_")) {
                    let q = to_form(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
                    u.set_query(Some(&q).filter(|q| !q.is_empty()).map(String::as_str));
                }
                u.to_string()
            }
            Err(_) => self.url.clone(),
        };
        let body = if self.body_type == BodyType::Form {
            keep_lines(&self.body, &keep_param)
        } else {
            self.body.clone()
        };
        Self {
            url,
            query: keep_lines(&self.query, &keep_param),
            headers: keep_lines(&self.headers, &|l: &str| {
                !is_secret_header(l.split(':').next().unwrap_or(l))
            }),
            body,
            ..self.clone()
        }
    }

    /// The URL with the query lines appended (RFC 3986 encoding, as signed).
    pub fn full_url(&self) -> Result<String, String> {
        let raw = self.url.trim();
        if raw.is_empty() {
            return Err("Fill in the URL.".into());
        }
        let mut url = super::safe_url::checked(raw)?;
        url.set_fragment(None);
        let extra = param_lines(&self.query);
        if !extra.is_empty() {
            let added = to_form(extra.iter().map(|(n, v)| (n.as_str(), v.as_str())));
            let query = match url.query() {
                Some(q) if !q.is_empty() => format!("{q}&{added}"),
                _ => added,
            };
            url.set_query(Some(&query));
        }
        Ok(url.to_string())
    }

    /// The body text as sent, and its content type (a `Content-Type` header wins).
    pub fn body_and_type(&self, headers: &[(String, String)]) -> (String, Option<String>) {
        let given = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.clone());
        let body = match self.body_type {
            BodyType::None => String::new(),
            BodyType::Form => {
                let pairs = param_lines(&self.body);
                to_form(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
            }
            BodyType::Json | BodyType::Raw => self.body.clone(),
        };
        let content_type = given.or_else(|| self.body_type.content_type().map(str::to_owned));
        (body, content_type.filter(|_| self.body_type != BodyType::None))
    }
}

/// Everything `oauth1::sign_request` needs, plus the headers added after signing.
#[derive(Debug)]
pub struct ConsoleInput {
    pub spec: RequestSpec,
    pub credentials: Credentials,
    pub options: SignOptions,
    /// The user's headers other than `Content-Type` (which the core sets).
    pub headers: Vec<(String, String)>,
}

/// The consumer secret for a token: its own, else the configuration's for the same consumer.
pub fn consumer_secret_for(token: &SavedToken, config: &Config) -> Option<String> {
    token
        .consumer_secret
        .clone()
        .filter(|s| !s.is_empty())
        .or_else(|| {
            (config.consumer_key.trim() == token.consumer_key).then(|| config.consumer_secret.clone())
        })
        .filter(|s| !s.is_empty())
}

/// The RSA private key for an RSA-* token: its own, else the configuration's.
pub fn rsa_pem_for(token: &SavedToken, config: &Config) -> String {
    token
        .rsa_private_key
        .clone()
        .filter(|k| !k.trim().is_empty())
        .unwrap_or_else(|| config.rsa_private_key.clone())
}

/// The signature method a token was obtained with (HMAC-SHA1 when unknown).
pub fn method_of(token: &SavedToken) -> SignatureMethod {
    token
        .signature_method
        .parse()
        .unwrap_or(SignatureMethod::HmacSha1)
}

/// Builds the signing input for the selected token; placement and the oauth_version
/// choice come from the configuration.
pub fn console_input(
    req: &ConsoleRequest,
    token: &SavedToken,
    config: &Config,
) -> Result<ConsoleInput, String> {
    let url = req.full_url()?;
    let mut headers = header_lines(&req.headers)?;
    let method = req.method.trim().to_ascii_uppercase();
    if config.placement == Placement::Header
        && headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    {
        return Err("Remove the Authorization header: the signature goes there.".into());
    }
    let (body, content_type) = req.body_and_type(&headers);
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
    if !body.is_empty() && matches!(method.as_str(), "GET" | "HEAD") {
        return Err(format!(
            "A {method} request cannot carry a body; choose Body type None or another method."
        ));
    }
    let signature_method = method_of(token);
    let rsa_key = if signature_method.is_rsa() {
        Some(
            RsaKey::from_pem(&rsa_pem_for(token, config))
                .map_err(|e| format!("This token is {signature_method}: {e}"))?,
        )
    } else {
        None
    };
    let consumer_secret = consumer_secret_for(token, config);
    if consumer_secret.is_none() && !signature_method.is_rsa() {
        return Err(format!(
            "The token \"{}\" has no consumer secret saved, and the configuration is for another consumer. \
             Enter the consumer secret of {} in the configuration.",
            token.name, token.consumer_key
        ));
    }
    let realm = token
        .realm
        .clone()
        .or_else(|| Some(config.realm.trim().to_owned()))
        .filter(|r| !r.is_empty());
    let options = SignOptions {
        signature_method,
        placement: config.placement,
        realm,
        include_version: config.send_version,
        body_hash: req.body_hash && req.body_type != BodyType::Form && req.body_type != BodyType::None,
        ..SignOptions::default()
    };
    let credentials = Credentials {
        consumer_key: token.consumer_key.clone(),
        consumer_secret: Secret::new(consumer_secret.unwrap_or_default()),
        token: Some(token.token.clone()),
        token_secret: Secret::new(token.token_secret.clone()),
        rsa_key,
    };
    let spec = RequestSpec {
        method,
        url,
        content_type,
        body,
        extra_params: Vec::new(),
    };
    Ok(ConsoleInput {
        spec,
        credentials,
        options,
        headers,
    })
}

/// The request that goes out: the signed one plus the user's headers.
pub fn with_headers(mut signed: PreparedRequest, headers: &[(String, String)]) -> PreparedRequest {
    signed.headers.extend(headers.iter().cloned());
    signed
}

#[path = "console_reducer.rs"]
mod reducer;
pub use reducer::{Console, ConsoleAction, ConsoleField};

#[cfg(test)]
#[path = "console_tests.rs"]
mod tests;

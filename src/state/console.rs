//! The API console: a request editor (method, URL, query, headers, body) turned into the
//! engine's [`CallSpec`] and signed with a saved token by the engine's rule
//! ([`resolve_saved`], the same as `oauth-playground request`), or by the configured
//! consumer alone ([`one_legged_input`], RFC 5849 §3.1). Pure; the reducer is in
//! `console_reducer.rs`, the history in `console_history`.

use super::json::{Fields, Object};
use engine::lines;
use engine::oauth1_flow::{
    Body, CallSpec, CallSpecError, Configured, ConsumerOnly, CredentialsError, LegRequest, ResolvedToken,
    SavedCredentials, Supplied, one_legged_call, resolve_saved, signed_call, target_url,
};
use oauth1::encode::to_form;
use oauth1::{FORM_CONTENT_TYPE, SignatureMethod};

use super::config::Config;
use super::tokens::SavedToken;

pub const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Every field, in this order; the body type by [`BodyType::as_str`].
    pub fn write(&self, out: &mut String) {
        Object::new(out)
            .str("method", &self.method)
            .str("url", &self.url)
            .str("query", &self.query)
            .str("headers", &self.headers)
            .str("body_type", self.body_type.as_str())
            .str("body", &self.body)
            .bool("body_hash", self.body_hash)
            .end();
    }

    /// Reads what [`ConsoleRequest::write`] wrote; missing fields take their defaults.
    pub fn read(f: &Fields) -> Result<Self, String> {
        let mut r = ConsoleRequest::default();
        f.string("method", &mut r.method)?;
        f.string("url", &mut r.url)?;
        f.string("query", &mut r.query)?;
        f.string("headers", &mut r.headers)?;
        f.variant("body_type", &BodyType::ALL, BodyType::as_str, &mut r.body_type)?;
        f.string("body", &mut r.body)?;
        f.boolean("body_hash", &mut r.body_hash)?;
        Ok(r)
    }
}

/// Headers that carry credentials: refused in the editor's history.
pub fn is_secret_header(name: &str) -> bool {
    ["authorization", "proxy-authorization", "cookie"].contains(&name.trim().to_ascii_lowercase().as_str())
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
        target_url(&self.url, &lines::parameters(&self.query))
            .map(String::from)
            .map_err(|e| spec_error(&e))
    }

    /// What the user asked to send, as the engine describes it.
    pub fn call_spec(&self) -> Result<CallSpec, String> {
        let headers = lines::headers(&self.headers).map_err(|e| sentence(&e))?;
        let body = match (self.body_type, self.body_type.content_type()) {
            (BodyType::None, _) | (_, None) => Body::None,
            (BodyType::Form, _) => Body::Form(lines::parameters(&self.body)),
            (_, Some(content_type)) => Body::Text {
                text: self.body.clone(),
                content_type: content_type.to_owned(),
            },
        };
        Ok(CallSpec {
            method: self.method.clone(),
            url: self.url.clone(),
            query: lines::parameters(&self.query),
            params: Vec::new(),
            headers,
            body,
            body_hash: self.body_hash,
        })
    }
}

/// An engine message (lower case, no full stop, as the CLI prints it) as a sentence.
fn sentence(e: &impl std::fmt::Display) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    match chars.next() {
        // ASCII only: the engine's messages start with a word of English (and Unicode case
        // tables would weigh on the page budget).
        Some(first) => format!("{}{}.", first.to_ascii_uppercase(), chars.as_str()),
        None => text,
    }
}

fn spec_error(e: &CallSpecError) -> String {
    match e {
        CallSpecError::MissingUrl => "Fill in the URL.".into(),
        CallSpecError::Url(e) => format!("Refused: {e}."),
        other => sentence(other),
    }
}

/// Where the app takes the value a saved token lacks: the configuration, for the same
/// consumer.
fn credentials_error(e: &CredentialsError) -> String {
    match e {
        CredentialsError::MissingConsumerSecret { consumer_key, .. } => format!(
            "{} Enter the consumer secret of {consumer_key} in the configuration.",
            sentence(e)
        ),
        CredentialsError::MissingRsaKey { .. } => format!(
            "{} Paste it in the configuration, with this token's consumer key.",
            sentence(e)
        ),
        other => sentence(other),
    }
}

/// A saved token as the engine reads it (`SavedCredentials`, as the CLI reads the file).
pub fn saved_credentials(token: &SavedToken) -> SavedCredentials {
    SavedCredentials {
        name: token.name.clone(),
        consumer_key: token.consumer_key.clone(),
        consumer_secret: token.consumer_secret.clone(),
        token: token.token.clone(),
        token_secret: token.token_secret.clone(),
        signature_method: token.signature_method.clone(),
        rsa_private_key: token.rsa_private_key.clone(),
        realm: token.realm.clone(),
    }
}

/// The configuration's secret, RSA key and realm, for a token of its consumer.
fn configured(config: &Config) -> Configured {
    Configured {
        consumer_key: config.consumer_key.clone(),
        values: Supplied {
            consumer_secret: Some(config.consumer_secret.clone()),
            rsa_private_key: Some(config.rsa_private_key.clone()),
            realm: Some(config.realm.clone()),
        },
    }
}

/// What a saved token signs with: its own values, else the configuration's for the same
/// consumer. A token the engine cannot sign with (an unknown signature method, no secret)
/// is refused with the reason, as `oauth-playground request` refuses it.
pub fn resolve_token(token: &SavedToken, config: &Config) -> Result<ResolvedToken, String> {
    resolve_saved(
        &saved_credentials(token),
        &Supplied::default(),
        Some(&configured(config)),
    )
    .map_err(|e| credentials_error(&e))
}

/// The call for the selected token; placement and the oauth_version choice come from the
/// configuration.
pub fn console_input(
    req: &ConsoleRequest,
    token: &SavedToken,
    config: &Config,
) -> Result<LegRequest, String> {
    let spec = req.call_spec()?;
    let resolved = resolve_token(token, config)?;
    signed_call(&spec, &resolved, config.placement, config.send_version).map_err(|e| spec_error(&e))
}

/// The one-legged call (§3.1): the configuration's consumer signs alone, and the token
/// parameter follows the engine's rule ([`one_legged_call`]): none, or `oauth_token=""`
/// when `empty_token` asks for it.
pub fn one_legged_input(
    req: &ConsoleRequest,
    config: &Config,
    empty_token: bool,
) -> Result<LegRequest, String> {
    let spec = req.call_spec()?;
    let method = config.signature_method;
    let who = ConsumerOnly::new(
        &config.consumer_key,
        &config.consumer_secret,
        method,
        method.is_rsa().then_some(config.rsa_private_key.as_str()),
        Some(&config.realm),
        empty_token,
    )
    .map_err(|e| {
        format!(
            "{} (in the configuration above).",
            sentence(&e).trim_end_matches('.')
        )
    })?;
    one_legged_call(&spec, &who, config.placement, config.send_version).map_err(|e| spec_error(&e))
}

/// The engine's warnings about this call, before it is sent: `token` signs it, or the
/// configuration's consumer alone when `None`. Shown by `components::console::warnings_note`.
pub fn call_warnings(req: &ConsoleRequest, token: Option<&SavedToken>, config: &Config) -> Vec<String> {
    let method = match token {
        Some(t) => t.signature_method.parse().unwrap_or(SignatureMethod::HmacSha1),
        None => config.signature_method,
    };
    req.full_url()
        .map(|url| engine::warnings::warnings(&url, method, token.is_none()))
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The engine's warnings for the flow's legs as configured (the three legs and the
/// protected resource, all signed with the configuration's method), each said once.
pub fn flow_warnings(config: &Config) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for url in [
        &config.request_token_url,
        &config.access_token_url,
        &config.resource_url,
    ] {
        for w in engine::warnings::warnings(url, config.signature_method, false) {
            let w = w.to_string();
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

#[path = "console_reducer.rs"]
mod reducer;
pub use reducer::{Console, ConsoleAction, ConsoleField};

#[cfg(test)]
#[path = "console_tests.rs"]
mod tests;

//! The OAuth 2.0 console's pure state: which stored token sets it can send with, the request
//! as the user describes it, built by the protocol crate's one rule (`oauth2::resource`:
//! the token in the header by default, the body or query only when picked, with a warning),
//! and the DPoP proof's header and claims (RFC 9449 §4.2) that Web Crypto then signs.

use oauth2::jwt::dpop::{self, DpopProof};
use oauth2::jwt::{Alg, UnsignedJws};
use oauth2::resource::{self, Placement, ResourceCall};
use oauth2::{BuiltRequest, Response, TokenType};
use token_store::{Document, Entry, OAuth2Token};

/// A stored OAuth 2.0 token set the console can use.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    /// What the picker shows: name, token type, scope, the token masked.
    pub label: String,
    pub token: OAuth2Token,
}

/// Every OAuth 2.0 entry of the stored document `raw`, newest first; `Err` when the stored
/// text is not a store this version reads (nothing is changed then).
pub fn choices(raw: Option<&str>) -> Result<Vec<Choice>, String> {
    let doc = match raw {
        Some(text) if !text.trim().is_empty() => Document::parse(text).map_err(|e| e.to_string())?,
        _ => return Ok(Vec::new()),
    };
    Ok(doc.tokens.iter().rev().filter_map(choice).collect())
}

fn choice(entry: &Entry) -> Option<Choice> {
    let t = entry.oauth2()?;
    let scope = if t.scope.is_empty() {
        String::new()
    } else {
        format!(", scope {}", t.scope)
    };
    Some(Choice {
        id: entry.id.clone(),
        label: format!(
            "{} — {} {}{scope}",
            entry.name,
            TokenType::parse(&t.token_type),
            t.access_token.masked()
        ),
        token: t.clone(),
    })
}

/// What the user asked to send.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    pub method: String,
    pub url: String,
    pub body: String,
    pub placement: Placement,
}

impl Form {
    /// The sandbox's or the provider's userinfo endpoint is a resource that always answers.
    pub fn for_token(token: &OAuth2Token) -> Self {
        let url = token
            .issuer
            .as_deref()
            .filter(|i| i.starts_with("http://") || i.starts_with("https://"))
            .map(|i| format!("{}/userinfo", i.trim_end_matches('/')))
            .unwrap_or_default();
        Self {
            method: "GET".into(),
            url,
            ..Self::default()
        }
    }

    pub fn method(&self) -> String {
        self.method.trim().to_ascii_uppercase()
    }
}

/// Whether the token is DPoP-bound (RFC 9449 §5 `token_type` DPoP).
pub fn is_dpop(token: &OAuth2Token) -> bool {
    TokenType::parse(&token.token_type) == TokenType::DPoP
}

/// The body's type: a form when it looks like `a=b&c=d` (RFC 6750 §2.2 needs one), JSON when
/// it starts like JSON, else plain text.
pub fn content_type(body: &str) -> Option<&'static str> {
    let b = body.trim_start();
    if b.is_empty() {
        None
    } else if b.starts_with('{') || b.starts_with('[') {
        Some("application/json")
    } else if b
        .split('&')
        .all(|p| p.contains('=') && !p.contains(char::is_whitespace))
    {
        Some(oauth2::http::FORM_CONTENT_TYPE)
    } else {
        Some("text/plain; charset=utf-8")
    }
}

/// Checks the form before any key is used: an http(s) URL, a placement the token allows.
pub fn check(form: &Form, token: &OAuth2Token) -> Result<(), String> {
    build(form, token, is_dpop(token).then_some("")).map(|_| ())
}

/// Why the page leaves out the `Cache-Control: no-store` a query placement asks for.
pub const NO_CACHE_CONTROL: &str = "From a browser the request goes without Cache-Control: no-store: \
     CORS preflights (the sandbox's, the relay's, most APIs') do not allow that header.";

/// The request; `dpop_proof` signed over its method and URL for a DPoP-bound token.
pub fn build(form: &Form, token: &OAuth2Token, dpop_proof: Option<&str>) -> Result<BuiltRequest, String> {
    let mut built = build_as_cli(form, token, dpop_proof)?;
    if built.request.header("Cache-Control").is_some() {
        built
            .request
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case("cache-control"));
        built.workings.http = built.workings.http.replace("Cache-Control: no-store\r\n", "");
        built.workings.notes.push(NO_CACHE_CONTROL.into());
    }
    Ok(built)
}

fn build_as_cli(form: &Form, token: &OAuth2Token, dpop_proof: Option<&str>) -> Result<BuiltRequest, String> {
    let token_type = TokenType::parse(&token.token_type);
    resource::build(&ResourceCall {
        method: &form.method(),
        url: &form.url,
        token_type: &token_type,
        access_token: &token.access_token,
        placement: form.placement,
        body: &form.body,
        content_type: content_type(&form.body),
        dpop_proof,
    })
    .map_err(|e| e.to_string())
}

/// The proof for `method` and `url` (htu without query and fragment, §4.2), with `ath` when
/// it goes with an access token (§4.3) and the server's `nonce` when it asked (§8, §9).
pub fn proof(
    method: &str,
    url: &str,
    access_token: Option<&oauth2::Secret>,
    nonce: Option<String>,
    now_secs: u64,
    jwk: serde_json::Value,
    fill: impl FnOnce(&mut [u8]),
) -> Result<UnsignedJws, String> {
    let mut p = DpopProof::new(method, url, now_secs, fill)
        .map_err(|e| e.to_string())?
        .with_nonce(nonce);
    if let Some(t) = access_token {
        p = p.with_access_token(t);
    }
    p.unsigned_with(Alg::ES256, jwk).map_err(|e| e.to_string())
}

/// The nonce to retry with once, when the response asks for one (RFC 9449 §8, §9).
pub fn retry_nonce(
    sent_nonce: Option<&str>,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Option<String> {
    dpop::retry_nonce(sent_nonce, Response::new(status, headers, body))
}

/// The decoded proof for the workings: its header and claims, pretty JSON.
pub fn decoded(proof: &UnsignedJws) -> String {
    let pretty =
        |m: &serde_json::Map<String, serde_json::Value>| serde_json::to_string_pretty(m).unwrap_or_default();
    format!(
        "DPoP proof (RFC 9449 §4.2)\nheader: {}\nclaims: {}",
        pretty(&proof.header),
        pretty(&proof.claims)
    )
}

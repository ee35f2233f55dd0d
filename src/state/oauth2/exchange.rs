//! Token exchange on the page (RFC 8693): a subject token picked from the shared store or
//! pasted, its type (§3), an optional audience, resource and scope (§2.1), and whether
//! what came back is an access token to save (§2.2.1 `issued_token_type`).

use oauth2::token_request::TokenExchange;
use oauth2::{BuiltRequest, ClientAuth, Grant, Secret, TokenRequest, TokenResponse};
use token_store::Document;

pub const ACCESS_TOKEN: &str = "urn:ietf:params:oauth:token-type:access_token";
/// §3's token type identifiers.
pub const TOKEN_TYPES: [&str; 4] = [
    ACCESS_TOKEN,
    "urn:ietf:params:oauth:token-type:refresh_token",
    "urn:ietf:params:oauth:token-type:id_token",
    "urn:ietf:params:oauth:token-type:jwt",
];

/// A token of the store that may be the subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The entry's name, what kind of token and when it was saved; never the token.
    pub label: String,
    pub token: Secret,
    pub token_type: &'static str,
}

/// The OAuth 2.0 tokens of the stored document `raw`, newest first; none when it is not
/// a store this version reads.
pub fn subjects(raw: Option<&str>) -> Vec<Subject> {
    let Some(doc) = raw.and_then(|r| Document::parse(r).ok()) else {
        return vec![];
    };
    let mut out = Vec::new();
    for e in doc.tokens.iter().rev() {
        let Some(t) = e.oauth2() else { continue };
        let kinds = [
            (Some(&t.access_token), TOKEN_TYPES[0], "access token"),
            (t.refresh_token.as_ref(), TOKEN_TYPES[1], "refresh token"),
            (t.id_token.as_ref(), TOKEN_TYPES[2], "id_token"),
        ];
        for (token, token_type, what) in kinds {
            if let Some(token) = token.filter(|s| !s.expose().is_empty()) {
                out.push(Subject {
                    label: format!("{}: {what} ({})", e.name, e.created),
                    token: token.clone(),
                    token_type,
                });
            }
        }
    }
    out
}

/// What the learner asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ask {
    pub subject_token: Secret,
    pub subject_token_type: String,
    /// Space-separated: each a value of its own (§2.1 allows several).
    pub audience: String,
    pub resource: String,
    pub scope: String,
}

/// The exchange request (§2.1) to `token_endpoint`.
pub fn request(token_endpoint: &str, auth: &ClientAuth, ask: &Ask) -> Result<BuiltRequest, String> {
    if ask.subject_token.expose().trim().is_empty() {
        return Err("Pick a stored token or paste one as the subject_token (RFC 8693 §2.1).".into());
    }
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    let grant = Grant::TokenExchange(TokenExchange {
        subject_token: Secret::new(ask.subject_token.expose().trim()),
        subject_token_type: ask.subject_token_type.trim().to_owned(),
        resource: words(&ask.resource),
        audience: words(&ask.audience),
        scope: Some(ask.scope.trim().to_owned()).filter(|s| !s.is_empty()),
        ..TokenExchange::default()
    });
    TokenRequest::new(token_endpoint.trim(), grant, auth.clone())
        .build()
        .map_err(|e| e.to_string())
}

/// An access token goes to the store (§2.2.1: `issued_token_type` says so; a server that
/// leaves it out, against §2.2.1, sent one as §5.1 does). Other kinds are shown only.
pub fn is_access_token(t: &TokenResponse) -> bool {
    t.issued_token_type.as_deref().is_none_or(|k| k == ACCESS_TOKEN)
}

#[cfg(test)]
#[path = "exchange_tests.rs"]
mod tests;

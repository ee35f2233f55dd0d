//! A finished token response as an entry of the shared token store (crates/store's
//! OAuth 2.0 credential, docs/token-store.md), the same document and key the OAuth 1.0a
//! page keeps its tokens in (`state::tokens::STORAGE_KEY`): both pages see one store.

use oauth2::TokenResponse;
use token_store::json::{Map, parse};
use token_store::{ClientAuth, Credential, Document, Entry, OAuth2Endpoints, OAuth2Token, Secret};

use super::flow::Pending;

/// The store entry for `response`, received at `now` (seconds since 1970): the expiry is
/// `now + expires_in` (RFC 6749 §5.1); `created`/`created_ms` are the page's clock.
pub fn entry(pending: &Pending, response: &TokenResponse, now: u64, created: &str, created_ms: u64) -> Entry {
    let mut extra = Map::new();
    for (name, value) in &response.extra {
        // serde_json's value in the store's own JSON type, through its text.
        if let Ok(v) = parse(&value.to_string()) {
            extra.insert(name.clone(), v);
        }
    }
    let token = OAuth2Token {
        client_id: pending.client_id.clone(),
        client_secret: None,
        token_endpoint_auth_method: ClientAuth::None,
        private_key: None,
        access_token: response.access_token.clone(),
        token_type: response.token_type.to_string(),
        expires_at: response.expires_in.map(|s| now.saturating_add(s)),
        refresh_token: response.refresh_token.clone(),
        id_token: response.id_token.clone(),
        scope: response.scope.clone().unwrap_or_else(|| pending.scope.clone()),
        issuer: (!pending.issuer.is_empty()).then(|| pending.issuer.clone()),
        subject: None,
        endpoints: OAuth2Endpoints {
            token: Some(pending.token_endpoint.clone()),
            ..OAuth2Endpoints::default()
        },
        extra,
    };
    let provider = provider(&pending.token_endpoint);
    Entry::new(
        Credential::OAuth2(token),
        provider.clone(),
        provider,
        created,
        created_ms,
    )
}

/// The token endpoint's host, as the OAuth 1.0a page names a provider it has no preset for.
fn provider(endpoint: &str) -> String {
    url::Url::parse(endpoint)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| endpoint.to_owned())
}

/// Adds `entry` to the stored document `raw` (none yet: a new one) by the store's upsert
/// rule, keeping every other entry, OAuth 1.0a ones included, as it was. `Err` when the
/// stored text is not a store this version reads: nothing is overwritten then.
pub fn save(raw: Option<&str>, entry: Entry) -> Result<String, String> {
    let mut doc = match raw {
        Some(text) if !text.trim().is_empty() => Document::parse(text).map_err(|e| e.to_string())?,
        _ => Document::default(),
    };
    doc.upsert(entry);
    doc.to_json().map_err(|e| e.to_string())
}

/// The access token of the newest OAuth 2.0 entry, for showing it masked after a reload.
pub fn access_token_of(entry: &Entry) -> Option<&Secret> {
    entry.oauth2().map(|t| &t.access_token)
}

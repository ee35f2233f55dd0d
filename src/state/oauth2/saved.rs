//! A finished token response as an entry of the shared token store (crates/store's
//! OAuth 2.0 credential, docs/token-store.md), the same document and key the OAuth 1.0a
//! page keeps its tokens in (`state::tokens::STORAGE_KEY`): both pages see one store.

use engine::oauth2_token::{Issued, SavedClient, provider_name, token_from};
use oauth2::TokenResponse;
use token_store::{Credential, Document, Entry, OAuth2Endpoints, Secret};

use super::flow::Pending;

/// The store entry for `response`, received at `now` (seconds since 1970), by the rule the
/// CLI saves with (`engine::oauth2_token`); `created`/`created_ms` are the page's clock.
/// `auth` is how the token request authenticated: the store keeps its method and secret,
/// so a later refresh authenticates the same way.
pub fn entry(
    pending: &Pending,
    auth: &oauth2::ClientAuth,
    response: &TokenResponse,
    now: u64,
    created: &str,
    created_ms: u64,
) -> Entry {
    let asked = Asked {
        issuer: &pending.issuer,
        token_endpoint: &pending.token_endpoint,
        scope: Some(&pending.scope),
    };
    entry_for(&asked, auth, response, now, created, created_ms)
}

/// Where a token was asked for, and what for: every flow's token is saved by it.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    /// Empty: not known (no discovery).
    pub issuer: &'a str,
    pub token_endpoint: &'a str,
    pub scope: Option<&'a str>,
}

/// [`entry`] for any grant: the device code, client credentials, a token exchange.
pub fn entry_for(
    asked: &Asked<'_>,
    auth: &oauth2::ClientAuth,
    response: &TokenResponse,
    now: u64,
    created: &str,
    created_ms: u64,
) -> Entry {
    let client = SavedClient::of(auth);
    let issued = Issued {
        asked_scope: asked.scope.map(str::to_owned),
        issuer: (!asked.issuer.is_empty()).then(|| asked.issuer.to_owned()),
        subject: None,
        endpoints: OAuth2Endpoints {
            token: Some(asked.token_endpoint.to_owned()),
            ..OAuth2Endpoints::default()
        },
        now,
    };
    let token = token_from(response, client, issued);
    let provider = provider_name(asked.token_endpoint);
    Entry::new(
        Credential::OAuth2(token),
        provider.clone(),
        provider,
        created,
        created_ms,
    )
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

//! A token set into the token store (crates/store's OAuth 2.0 entry, the file shared with
//! OAuth 1.0a tokens), and what the commands print about it. Only a grant that succeeded
//! gets here: a failed one changes nothing in the file.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Args;
use oauth2::TokenResponse;
use oauth2::discovery::Metadata;
use token_store::{Credential, Entry, OAuth2Endpoints, OAuth2Token};

use super::client::{Client, OutputArgs, now_secs};
use crate::terminal::printable_line;
use crate::token_file;

/// `--name` and `--tokens`, which every grant that saves a new token takes.
#[derive(Args, Debug, Clone)]
pub struct SaveArgs {
    /// Name to save the token under (default: "HOST token").
    #[arg(long)]
    pub name: Option<String>,
    /// Token file (default: $OAUTH_PLAYGROUND_TOKENS, else ~/.config/oauth-playground/tokens.json).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
}

impl SaveArgs {
    /// The token file, resolved before any request so a bad path fails first.
    pub fn path(&self) -> Result<PathBuf> {
        token_file::resolve_path(self.tokens.as_deref())
    }
}

/// What a grant got from the token endpoint, to be saved as a new token.
pub struct Granted<'a> {
    pub response: &'a TokenResponse,
    pub client: &'a Client,
    pub metadata: Option<&'a Metadata>,
    /// The id_token's `sub`, once verified.
    pub subject: Option<String>,
    pub token_url: &'a str,
}

/// Saves a grant's token in `path` under `name` (default: "HOST token" for the token
/// endpoint's host) and prints its summary.
pub fn save_granted(path: &Path, name: Option<&str>, out: OutputArgs, granted: Granted<'_>) -> Result<()> {
    let Granted {
        response,
        client,
        metadata,
        subject,
        token_url,
    } = granted;
    let token = token_from(
        response,
        client,
        metadata.map(|m| m.issuer.clone()),
        subject,
        endpoints(token_url, metadata),
        now_secs()?,
    );
    let name = name.map_or_else(|| default_name(token_url), str::to_owned);
    let saved_as = save_new(path, token, &name, &provider(token_url))?;
    print_summary(out, &summary(response, &saved_as, path))
}

/// The endpoints a token needs later: refresh, revoke, introspect.
fn endpoints(token: &str, metadata: Option<&Metadata>) -> OAuth2Endpoints {
    OAuth2Endpoints {
        token: Some(token.to_owned()),
        revocation: metadata.and_then(|m| m.revocation_endpoint.clone()),
        introspection: metadata.and_then(|m| m.introspection_endpoint.clone()),
        other: Default::default(),
    }
}

/// The new store entry for a token response received at `now`.
fn token_from(
    response: &TokenResponse,
    client: &Client,
    issuer: Option<String>,
    subject: Option<String>,
    endpoints: OAuth2Endpoints,
    now: u64,
) -> OAuth2Token {
    OAuth2Token {
        client_id: client.client_id.clone(),
        client_secret: client.secret.clone(),
        token_endpoint_auth_method: client.saved_method(),
        private_key: client.private_key.clone(),
        access_token: response.access_token.clone(),
        token_type: response.token_type.to_string(),
        expires_at: response.expires_in.map(|s| now.saturating_add(s)),
        refresh_token: response.refresh_token.clone(),
        id_token: response.id_token.clone(),
        scope: response.scope.clone().unwrap_or_default(),
        issuer,
        subject,
        endpoints,
        extra: extra_fields(response),
    }
}

/// A refresh's answer applied to the saved token (RFC 6749 §6): a new access token; a new
/// refresh token when the server rotated it, else the old one stays; the scope unchanged
/// unless echoed.
pub fn refreshed(old: &OAuth2Token, response: &TokenResponse, now: u64) -> OAuth2Token {
    OAuth2Token {
        access_token: response.access_token.clone(),
        token_type: response.token_type.to_string(),
        expires_at: response.expires_in.map(|s| now.saturating_add(s)),
        refresh_token: response
            .refresh_token
            .clone()
            .or_else(|| old.refresh_token.clone()),
        id_token: response.id_token.clone().or_else(|| old.id_token.clone()),
        scope: response.scope.clone().unwrap_or_else(|| old.scope.clone()),
        extra: extra_fields(response),
        ..old.clone()
    }
}

/// Saves a new token under `name` by the store's upsert rule, says so on stderr, and
/// returns the name it got.
fn save_new(path: &Path, token: OAuth2Token, name: &str, provider: &str) -> Result<String> {
    let client_id = token.client_id.clone();
    let created = std::time::SystemTime::now();
    let entry = Entry::new(
        Credential::OAuth2(token),
        name,
        provider,
        humantime::format_rfc3339_millis(created).to_string(),
        token_file::millis(created)?,
    );
    let saved_as = token_file::upsert(path, entry)?;
    eprintln!(
        "{}",
        token_file::saved_note("The token of client", &client_id, &saved_as, name, path)
    );
    Ok(saved_as)
}

/// Replaces the credential of the entry `id` (a refresh keeps the entry, whatever the
/// upsert rule would say of a rotated refresh token).
pub fn replace(path: &Path, id: &str, token: OAuth2Token) -> Result<()> {
    token_file::update(path, |file| {
        let entry = file.tokens.iter_mut().find(|e| e.id == id);
        match entry {
            Some(e) => {
                e.credential = Credential::OAuth2(token);
                Ok(())
            }
            None => Err(anyhow!(
                "the token was removed from the file meanwhile; nothing saved"
            )),
        }
    })?
}

/// The default name: "HOST token" for the token endpoint's host.
fn default_name(token_endpoint: &str) -> String {
    format!("{} token", provider(token_endpoint))
}

fn provider(token_endpoint: &str) -> String {
    url::Url::parse(token_endpoint)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "OAuth 2.0".to_owned())
}

/// What a grant gave, never the secrets themselves (they are in the file).
pub fn summary(response: &TokenResponse, saved_as: &str, path: &Path) -> serde_json::Value {
    serde_json::json!({
        "saved_as": saved_as,
        "tokens": path.display().to_string(),
        "token_type": response.token_type.to_string(),
        "expires_in": response.expires_in,
        "scope": response.scope,
        "refresh_token": response.refresh_token.is_some(),
        "id_token": response.id_token.is_some(),
    })
}

/// Prints [`summary`]: JSON on stdout, or lines of `name: value`.
pub fn print_summary(out: OutputArgs, summary: &serde_json::Value) -> Result<()> {
    if out.json {
        println!("{}", serde_json::to_string_pretty(summary)?);
        return Ok(());
    }
    if let Some(map) = summary.as_object() {
        for (k, v) in map {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => "(none)".to_owned(),
                other => other.to_string(),
            };
            println!("{k}: {}", printable_line(&text));
        }
    }
    Ok(())
}

/// The response's other members, in the store's JSON type (its reader keeps them as sent).
fn extra_fields(response: &TokenResponse) -> token_store::json::Map {
    let mut extra = token_store::json::Map::new();
    for (name, value) in &response.extra {
        extra.insert(name.clone(), token_store::json::Value::from(value.clone()));
    }
    extra
}

//! A token set into the token store (crates/store's OAuth 2.0 entry, the file shared with
//! OAuth 1.0a tokens), and what the commands print about it. Only a grant that succeeded
//! gets here: a failed one changes nothing in the file.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Args;
use engine::oauth2_token::{Issued, provider_name, token_from};
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
    /// The scope the request asked for.
    pub asked_scope: Option<&'a str>,
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
        asked_scope,
    } = granted;
    let issued = Issued {
        asked_scope: asked_scope.map(str::to_owned),
        issuer: metadata.map(|m| m.issuer.clone()),
        subject,
        endpoints: endpoints(token_url, metadata),
        now: now_secs()?,
    };
    let token = token_from(response, client.saved(), issued);
    let name = name.map_or_else(|| default_name(token_url), str::to_owned);
    let saved_as = save_new(path, token, &name, &provider_name(token_url))?;
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
        file.set_credential(id, Credential::OAuth2(token))
            .then_some(())
            .ok_or_else(|| anyhow!("the token was removed from the file meanwhile; nothing saved"))
    })?
}

/// The default name: "HOST token" for the token endpoint's host.
fn default_name(token_endpoint: &str) -> String {
    format!("{} token", provider_name(token_endpoint))
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

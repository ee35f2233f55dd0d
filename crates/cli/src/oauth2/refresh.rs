//! `oauth2 refresh`: the refresh token grant (RFC 6749 §6) for a saved token, with the
//! client authentication it was saved with; the new access token and the rotated refresh
//! token (when the server rotates) replace the old ones. A refusal changes nothing.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Args;
use engine::oauth2_ops;
use oauth2::jwt::native::NativeSigner;
use token_store::OAuth2Token;

use super::client::{Client, ENV_CLIENT_SECRET, OutputArgs, now_secs};
use super::{dpop, exchange, saved};
use crate::http::HttpClient;
use crate::token_file::{self, resolve_path};

#[derive(Args, Debug)]
pub struct RefreshArgs {
    /// The token to refresh, by name or id (default: the current one, else the only one).
    #[arg(long, value_name = "NAME")]
    pub token: Option<String>,
    /// Token file (default: $OAUTH_PLAYGROUND_TOKENS, else ~/.config/oauth-playground/tokens.json).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// The scope to ask for (RFC 6749 §6: no more than was granted; default: the same).
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// The client secret, when the token file has none.
    #[arg(long, env = ENV_CLIENT_SECRET, hide_env_values = true, value_name = "S")]
    pub client_secret: Option<String>,
    /// The DPoP key the token is bound to (RFC 9449), for a DPoP token.
    #[arg(long, value_name = "FILE")]
    pub dpop_key: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: &RefreshArgs) -> Result<()> {
    let path = resolve_path(args.tokens.as_deref())?;
    let file = token_file::load(&path)?;
    let entry = token_file::select(&file, args.token.as_deref())?;
    let token = oauth2_token(entry, &path)?;
    let http = HttpClient::new()?;
    let dpop = dpop::load(args.dpop_key.as_deref())?;
    let supplied = Supplied {
        client_secret: args.client_secret.as_deref(),
        scope: args.scope.clone(),
        dpop: dpop.as_ref(),
    };
    let (_, response) = refresh(&http, &path, &entry.id, token, supplied, args.out.explain)?;
    eprintln!(
        "Refreshed \"{}\" in {}{}.",
        crate::terminal::printable_line(&entry.name),
        path.display(),
        if response.refresh_token.is_some() {
            ", with the rotated refresh token"
        } else {
            ""
        }
    );
    saved::print_summary(args.out, &saved::summary(&response, &entry.name, &path))
}

/// The OAuth 2.0 token of an entry, or an error naming what it is instead.
pub fn oauth2_token<'a>(entry: &'a token_store::Entry, path: &Path) -> Result<&'a OAuth2Token> {
    entry.oauth2().ok_or_else(|| {
        anyhow!(
            "the token {:?} in {} is an OAuth 1.0a token; this command takes OAuth 2.0 tokens",
            entry.name,
            path.display()
        )
    })
}

/// What a refresh takes besides the saved token.
#[derive(Default)]
pub struct Supplied<'a> {
    /// For a client saved without its secret.
    pub client_secret: Option<&'a str>,
    pub scope: Option<String>,
    /// The key a DPoP token is bound to.
    pub dpop: Option<&'a NativeSigner>,
}

/// Refreshes `token` (entry `id` of the file at `path`) and saves the new pair.
pub fn refresh(
    http: &HttpClient,
    path: &Path,
    id: &str,
    token: &OAuth2Token,
    supplied: Supplied<'_>,
    explain: bool,
) -> Result<(OAuth2Token, oauth2::TokenResponse)> {
    let Supplied {
        client_secret,
        scope,
        dpop,
    } = supplied;
    let token_url = token
        .endpoints
        .token
        .clone()
        .ok_or_else(|| anyhow!("the token has no token endpoint saved; log in again"))?;
    let client = Client::from_saved(token)?.with_supplied(client_secret, None)?;
    let request =
        oauth2_ops::refresh_request(token, &token_url, scope, client.auth(&token_url)?, dpop.is_some())
            .map_err(|e| match e {
                oauth2_ops::OpError::DpopBound => anyhow!("{e}: give it with --dpop-key FILE"),
                e => anyhow!("{e}"),
            })?;
    let response = exchange::grant(http, &request.build()?, dpop, explain)?;
    let new = engine::oauth2_token::refreshed(token, &response, now_secs()?);
    saved::replace(path, id, new.clone())?;
    Ok((new, response))
}

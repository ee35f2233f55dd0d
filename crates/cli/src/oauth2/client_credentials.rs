//! `oauth2 client-credentials`: the client alone asks for a token (RFC 6749 §4.4.2), and
//! the token is saved.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use oauth2::{Grant, TokenRequest};

use super::client::{ClientArgs, OutputArgs, now_secs};
use super::{dpop, exchange, saved};
use crate::http::HttpClient;
use crate::token_file::resolve_path;

#[derive(Args, Debug)]
pub struct ClientCredentialsArgs {
    /// The issuer, whose metadata gives the endpoints (RFC 8414).
    #[arg(long, value_name = "URL", required_unless_present = "token_url")]
    pub issuer: Option<String>,
    /// The token endpoint (instead of, or overriding, --issuer's).
    #[arg(long, value_name = "URL")]
    pub token_url: Option<String>,
    #[command(flatten)]
    pub client: ClientArgs,
    /// The scope to ask for, space-separated.
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// An extra token request parameter. Repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// Name to save the token under (default: "HOST token").
    #[arg(long)]
    pub name: Option<String>,
    /// Token file (default: $OAUTH_PLAYGROUND_TOKENS, else ~/.config/oauth-playground/tokens.json).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `--param name=value`.
pub fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((n, v)) if !n.is_empty() => Ok((n.to_owned(), v.to_owned())),
        _ => Err(format!("{s:?} is not a parameter; write it as NAME=VALUE")),
    }
}

pub fn run(args: &ClientCredentialsArgs) -> Result<()> {
    let path = resolve_path(args.tokens.as_deref())?;
    let http = HttpClient::new()?;
    let metadata = args
        .issuer
        .as_deref()
        .map(|i| exchange::discover(&http, i, args.out.explain))
        .transpose()?;
    let token_url = exchange::endpoint(
        args.token_url.as_deref(),
        metadata.as_ref(),
        |m| m.token_endpoint.as_ref(),
        "token endpoint",
        "--token-url",
    )?;
    let client = args
        .client
        .client(metadata.as_ref().map(|m| m.preferred_auth_method()))?;
    let mut request = TokenRequest::new(
        &token_url,
        Grant::ClientCredentials {
            scope: args.scope.clone(),
        },
        client.auth(&token_url)?,
    );
    request.extra = args.params.clone();
    let dpop = dpop::load(args.client.dpop_key.as_deref())?;
    let response = exchange::grant(&http, &request.build()?, dpop.as_ref(), args.out.explain)?;
    let token = saved::token_from(
        &response,
        &client,
        metadata.as_ref().map(|m| m.issuer.clone()),
        None,
        saved::endpoints(&token_url, metadata.as_ref()),
        now_secs()?,
    );
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| saved::default_name(&token_url));
    let saved_as = saved::save_new(&path, token, &name, &saved::provider(&token_url))?;
    saved::print_summary(args.out, &saved::summary(&response, &saved_as, &path))
}

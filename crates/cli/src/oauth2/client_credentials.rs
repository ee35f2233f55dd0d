//! `oauth2 client-credentials`: the client alone asks for a token (RFC 6749 §4.4.2), and
//! the token is saved.

use anyhow::Result;
use clap::Args;
use oauth2::{Grant, TokenRequest};

use super::client::{ClientArgs, OutputArgs};
use super::saved::{self, SaveArgs};
use super::start::Start;
use super::{dpop, exchange};
use crate::param::parse_param;

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
    #[command(flatten)]
    pub save: SaveArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: &ClientCredentialsArgs) -> Result<()> {
    let explain = args.out.explain;
    let Start { path, http, metadata } = Start::new(&args.save, args.issuer.as_deref(), explain)?;
    let md = metadata.as_ref();
    let token_url = exchange::token_endpoint(args.token_url.as_deref(), md)?;
    let client = args.client.client_for(md)?;
    let mut request = TokenRequest::new(
        &token_url,
        Grant::ClientCredentials {
            scope: args.scope.clone(),
        },
        client.auth(&token_url)?,
    );
    request.extra = args.params.clone();
    let dpop = dpop::load(args.client.dpop_key.as_deref())?;
    let response = exchange::grant(&http, &request.build()?, dpop.as_ref(), explain)?;
    let granted = saved::Granted {
        response: &response,
        client: &client,
        metadata: md,
        subject: None,
        token_url: &token_url,
        asked_scope: args.scope.as_deref(),
    };
    saved::save_granted(&path, args.save.name.as_deref(), args.out, granted)
}

//! `oauth2 revoke` (RFC 7009) and `oauth2 introspect` (RFC 7662) of a saved token, with
//! the client authentication it was saved with. Revoking leaves the entry in the file
//! (`tokens remove` removes it); the server's word is what counts.

use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use clap::{Args, ValueEnum};
use engine::oauth2_ops::{self, OpError, Which};
use oauth2::introspection::{introspection_request, parse_introspection};
use oauth2::revocation::{Revocation, parse_revocation, revocation_request};

use super::client::{Client, ENV_CLIENT_SECRET, OutputArgs};
use super::exchange;
use super::refresh::oauth2_token;
use crate::http::HttpClient;
use crate::terminal::printable_text;
use crate::token_file::{self, resolve_path};

#[derive(Args, Debug)]
pub struct TokenOpArgs {
    /// The saved token, by name or id (default: the current one, else the only one).
    #[arg(long, value_name = "NAME")]
    pub token: Option<String>,
    /// Token file (default: $OAUTH_PLAYGROUND_TOKENS, else ~/.config/oauth-playground/tokens.json).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// Which of its tokens (default: the refresh token when there is one, else the access token).
    #[arg(long, value_enum)]
    pub which: Option<WhichArg>,
    /// The endpoint, when the token was saved without it.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The client secret, when the token file has none.
    #[arg(long, env = ENV_CLIENT_SECRET, hide_env_values = true, value_name = "S")]
    pub client_secret: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WhichArg {
    Access,
    Refresh,
}

struct Target {
    op: oauth2_ops::Target,
    client: Client,
}

fn target(
    args: &TokenOpArgs,
    pick: fn(&token_store::OAuth2Endpoints) -> Option<&String>,
    what: &'static str,
) -> Result<Target> {
    let path = resolve_path(args.tokens.as_deref())?;
    let file = token_file::load(&path)?;
    let saved = oauth2_token(token_file::select(&file, args.token.as_deref())?, &path)?;
    let which = args.which.map_or_else(
        || Which::default_for(saved),
        |w| match w {
            WhichArg::Access => Which::Access,
            WhichArg::Refresh => Which::Refresh,
        },
    );
    let endpoint = args.url.clone().or_else(|| pick(&saved.endpoints).cloned());
    let t = oauth2_ops::target(saved, endpoint, which, what).map_err(|e| match e {
        OpError::NoEndpoint(_) => anyhow!("{e}; give it with --url URL"),
        e => anyhow!("{e}"),
    })?;
    Ok(Target {
        client: Client::from_saved(saved)?.with_supplied(args.client_secret.as_deref(), None)?,
        op: t,
    })
}

pub fn revoke(args: &TokenOpArgs) -> Result<()> {
    let t = target(args, |e| e.revocation.as_ref(), "a revocation endpoint")?;
    let built = revocation_request(
        &t.op.endpoint,
        &t.op.token,
        Some(t.op.hint),
        &t.client.auth(&t.op.audience)?,
    )?;
    let http = HttpClient::new()?;
    let response = exchange::send_built(&http, &built, args.out.explain)?;
    let outcome = parse_revocation(exchange::view(&response))?;
    let revoked = outcome == Revocation::Revoked;
    if args.out.json {
        println!(
            "{}",
            serde_json::json!({ "revoked": revoked, "token_type_hint": t.op.hint.as_str() })
        );
    } else {
        println!(
            "revoked: {} ({})",
            t.op.hint.as_str(),
            if revoked { "yes" } else { "no" }
        );
    }
    if let Revocation::RetryLater { retry_after } = outcome {
        // RFC 7009 §2.2.1: 503, the token is still valid; try again.
        let after = retry_after.map(|s| format!(" after {s} s")).unwrap_or_default();
        bail!("the server could not revoke the token now (HTTP 503); try again{after}");
    }
    Ok(())
}

pub fn introspect(args: &TokenOpArgs) -> Result<()> {
    let t = target(args, |e| e.introspection.as_ref(), "an introspection endpoint")?;
    let built = introspection_request(
        &t.op.endpoint,
        &t.op.token,
        Some(t.op.hint),
        &t.client.auth(&t.op.audience)?,
    )?;
    let http = HttpClient::new()?;
    let response = exchange::send_built(&http, &built, args.out.explain)?;
    let info = parse_introspection(exchange::view(&response))?;
    let value = serde_json::to_value(&info)?;
    if args.out.json {
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let mut text = String::new();
    if let Some(map) = value.as_object() {
        for (k, v) in map {
            if v.is_null()
                || v.as_array().is_some_and(Vec::is_empty)
                || v.as_object().is_some_and(|o| o.is_empty())
            {
                continue;
            }
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            text.push_str(&format!("{k}: {v}\n"));
        }
    }
    print!("{}", printable_text(&text));
    Ok(())
}

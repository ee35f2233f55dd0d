//! `request` with an OAuth 2.0 token: the access token as `Authorization: Bearer` (RFC 6750
//! §2.1; never in the query, OAuth 2.1; the rule is the protocol crate's `resource::build`), refreshed first (RFC 6749 §6) when it has expired
//! and a refresh token exists, the new pair saved.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use engine::oauth1_flow::{Body, target_url};
use oauth2::TokenType;
use oauth2::jwt::native::NativeSigner;
use oauth2::resource::{self, Placement, ResourceCall};
use token_store::{Entry, OAuth2Token};

use super::client::now_secs;
use super::{dpop, exchange, refresh};
use crate::http::HttpClient;
use crate::request::{RequestArgs, call_spec, print_response};
use crate::terminal::printable_line;

pub fn run(args: &RequestArgs, path: &Path, entry: &Entry) -> Result<()> {
    let saved = refresh::oauth2_token(entry, path)?;
    let http = HttpClient::new()?;
    let dpop = dpop::load(args.dpop_key.as_deref())?;
    let token = fresh(&http, path, entry, saved, dpop.as_ref(), args.explain)?;
    let token_type = TokenType::parse(&token.token_type);
    if token_type == TokenType::DPoP && dpop.is_none() {
        bail!(
            "the token {:?} is DPoP-bound: give the key it is bound to with --dpop-key FILE",
            entry.name
        );
    }
    let spec = call_spec(args)?;
    let method = spec.method.trim().to_ascii_uppercase();
    // `-d` as for OAuth 1.0a: a form body when the method carries one, else the query.
    let form_method = matches!(method.as_str(), "POST" | "PUT" | "PATCH");
    let (query, body) = match (&spec.body, form_method) {
        (Body::None, true) if !spec.params.is_empty() => (Vec::new(), Body::Form(spec.params.clone())),
        (_, true) => (Vec::new(), spec.body.clone()),
        (_, false) => (spec.params.clone(), spec.body.clone()),
    };
    let url = target_url(&spec.url, &query).map_err(|e| anyhow!("{e}"))?;
    let spec = engine::oauth1_flow::CallSpec { body, ..spec };
    let (text, content_type) = spec.body_and_type();
    // The proof is made when sending (crate::oauth2::dpop); an empty one passes the check.
    let mut request = resource::build(&ResourceCall {
        method: &method,
        url: url.as_str(),
        token_type: &token_type,
        access_token: &token.access_token,
        placement: Placement::Header,
        body: &text,
        content_type: content_type.as_deref(),
        dpop_proof: dpop.as_ref().map(|_| ""),
    })?
    .request;
    for (n, v) in spec.other_headers() {
        if n.eq_ignore_ascii_case("authorization") {
            bail!("-H Authorization: the token is the Authorization header; leave it out");
        }
        request.headers.push((n, v));
    }
    if args.explain {
        // The request as sent, the token masked.
        let mut shown = request.clone();
        for (n, v) in &mut shown.headers {
            if n.eq_ignore_ascii_case("authorization") {
                *v = format!("{token_type} {}", token.access_token.masked());
            }
        }
        eprintln!("{}", shown.to_http());
    }
    let response = match &dpop {
        Some(key) if token_type == TokenType::DPoP => {
            dpop::send(&http, key, request, Some(&token.access_token), args.explain)?
        }
        _ => exchange::send(&http, &request, false)?,
    };
    print_response(args, &response)?;
    if response.status >= 400 {
        if let Some(challenge) = response.header("www-authenticate") {
            // RFC 6750 §3: why the resource refused the token.
            eprintln!("WWW-Authenticate: {}", printable_line(challenge));
        }
        bail!(
            "the resource answered {}",
            printable_line(&response.status_line())
        );
    }
    Ok(())
}

/// The saved token, or a refreshed one when it has expired and can be refreshed.
fn fresh(
    http: &HttpClient,
    path: &Path,
    entry: &Entry,
    token: &OAuth2Token,
    dpop: Option<&NativeSigner>,
    explain: bool,
) -> Result<OAuth2Token> {
    if !token.is_expired(now_secs()?) {
        return Ok(token.clone());
    }
    if token.refresh_token.is_none() {
        eprintln!("warning: the access token has expired and there is no refresh token; sending it anyway");
        return Ok(token.clone());
    }
    eprintln!("The access token has expired; refreshing it first.");
    let supplied = refresh::Supplied {
        dpop,
        ..refresh::Supplied::default()
    };
    let (new, _) = refresh::refresh(http, path, &entry.id, token, supplied, explain)?;
    Ok(new)
}

//! `oauth-playground request`: twurl-style. Reads a saved token, describes the request as
//! the engine's [`CallSpec`] (the console's model), signs and sends it through the engine's
//! runner, prints the response; on an HTTP error explains it with the engine's report.
//! With `--consumer-key` the call is one-legged: the consumer alone signs, by the engine's
//! [`one_legged_call`].

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use engine::HttpResponse;
use engine::lines;
use engine::oauth1_flow::{
    Body, CallSpec, CredentialsError, LegRequest, SavedCredentials, Supplied, one_legged_call, resolve_saved,
    signed_call,
};
use oauth1::{FORM_CONTENT_TYPE, Placement};
use token_store::Entry;

use crate::call;
use crate::consumer::consumer_only;
use crate::http::HttpClient;
use crate::terminal::{printable_line, write_body};
use crate::token_file::{self, resolve_path};

pub const ENV_CONSUMER_SECRET: &str = "OAUTH_CONSUMER_SECRET";

#[derive(Args, Debug)]
pub struct RequestArgs {
    /// HTTP method: GET, POST, PUT, PATCH, DELETE, …
    pub method: String,
    /// Absolute URL, query included.
    pub url: String,
    /// Token file (default: $OAUTH_PLAYGROUND_TOKENS, else ~/.config/oauth-playground/tokens.json).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// The token to use, by name or id (default: the file's current token, else its only one).
    #[arg(long, value_name = "NAME", conflicts_with = "consumer_key")]
    pub token: Option<String>,
    /// One-legged: sign with this consumer alone, no token (no token file is read).
    #[arg(long, value_name = "KEY", conflicts_with = "tokens")]
    pub consumer_key: Option<String>,
    /// The one-legged call's signature method (default HMAC-SHA1).
    #[arg(long, value_name = "METHOD", requires = "consumer_key")]
    pub signature_method: Option<String>,
    /// One-legged: send and sign an empty oauth_token="" (a few servers want it).
    #[arg(long, requires = "consumer_key")]
    pub empty_token: bool,
    /// Leave out oauth_version (it is optional, §3.1; WooCommerce wants it left out).
    #[arg(long)]
    pub no_version: bool,
    /// A parameter: form body for POST/PUT/PATCH, query for the others. Signed. Repeatable.
    #[arg(short = 'd', long = "data", value_name = "NAME=VALUE")]
    pub data: Vec<String>,
    /// An extra request header. Repeatable.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// A body sent as given (signed when it is a form body).
    #[arg(long, value_name = "BODY")]
    pub data_raw: Option<String>,
    /// Content-Type of --data-raw (default: application/x-www-form-urlencoded).
    #[arg(long, value_name = "TYPE")]
    pub content_type: Option<String>,
    /// Add oauth_body_hash (non-form bodies only).
    #[arg(long)]
    pub body_hash: bool,
    /// Where the OAuth parameters go: header, query or body.
    #[arg(long, default_value = "header")]
    pub placement: Placement,
    /// realm for the Authorization header (default: the token's realm, if any).
    #[arg(long)]
    pub realm: Option<String>,
    /// Print the status line and headers before the body.
    #[arg(short = 'i', long = "include")]
    pub include: bool,
    /// Print the workings (parameters, base string, signature) to stderr before sending.
    #[arg(long)]
    pub explain: bool,
    /// The consumer secret, when the token file has none.
    #[arg(long, env = ENV_CONSUMER_SECRET, hide_env_values = true, value_name = "SECRET")]
    pub consumer_secret: Option<String>,
    /// PEM file with the consumer's RSA private key, for RSA-* tokens.
    #[arg(long, value_name = "FILE")]
    pub rsa_key: Option<PathBuf>,
    /// OAuth 2.0: the private key a DPoP token is bound to (RFC 9449).
    #[arg(long, value_name = "FILE", conflicts_with = "consumer_key")]
    pub dpop_key: Option<PathBuf>,
}

pub fn run(args: &RequestArgs) -> Result<()> {
    let leg = match &args.consumer_key {
        Some(key) => one_legged(args, key)?,
        None => match with_saved_token(args)? {
            Saved::OAuth1(leg) => *leg,
            // OAuth 2.0: the token itself is the credential (crate::oauth2::bearer).
            Saved::OAuth2 { path, entry } => return crate::oauth2::bearer::run(args, &path, &entry),
        },
    };

    let client = HttpClient::new()?;
    let (response, outcome) = call::send(&client, leg, |explanation| {
        if args.explain {
            eprintln!("{explanation}");
        }
    })?;

    print_response(args, &response)?;
    // Below 400 is the provider's answer, a redirect included (none is followed).
    if response.status >= 400 {
        eprint!("{}", call::report(&response, &outcome));
        bail!(
            "the provider answered {}",
            printable_line(&response.status_line())
        );
    }
    Ok(())
}

/// The response on stdout: with `-i` its status line and headers, then the body as it came.
pub fn print_response(args: &RequestArgs, response: &HttpResponse) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let terminal = std::io::IsTerminal::is_terminal(&out);
    if args.include {
        let mut head = format!("{}\n", response.status_line());
        for (n, v) in &response.headers {
            head.push_str(&format!("{n}: {v}\n"));
        }
        head.push('\n');
        write_body(&mut out, head.as_bytes(), terminal)?;
    }
    write_body(&mut out, &response.body, terminal)?;
    out.flush()?;
    Ok(())
}

enum Saved {
    OAuth1(Box<LegRequest>),
    OAuth2 { path: PathBuf, entry: Box<Entry> },
}

/// A call signed with a saved token.
fn with_saved_token(args: &RequestArgs) -> Result<Saved> {
    let path = resolve_path(args.tokens.as_deref())?;
    let file = token_file::load(&path)?;
    let entry = token_file::select(&file, args.token.as_deref())?;
    let Some(saved) = SavedCredentials::from_entry(entry) else {
        let entry = Box::new(entry.clone());
        return Ok(Saved::OAuth2 { path, entry });
    };
    let supplied = Supplied {
        consumer_secret: args.consumer_secret.clone(),
        rsa_private_key: args.rsa_key.as_deref().map(read_rsa_key).transpose()?,
        realm: args.realm.clone(),
    };
    let token = resolve_saved(&saved, &supplied, None).map_err(|e| with_remedy(e, &path))?;
    Ok(Saved::OAuth1(Box::new(signed_call(
        &call_spec(args)?,
        &token,
        args.placement,
        !args.no_version,
    )?)))
}

/// A one-legged call (`--consumer-key`): the consumer alone signs, by the engine's rule
/// for the token parameter. The secret may be typed at a prompt.
fn one_legged(args: &RequestArgs, key: &str) -> Result<LegRequest> {
    let who = consumer_only(
        key,
        args.consumer_secret.as_deref(),
        args.signature_method.as_deref().unwrap_or("HMAC-SHA1"),
        args.rsa_key.as_deref(),
        args.realm.as_deref(),
        args.empty_token,
    )?;
    Ok(one_legged_call(
        &call_spec(args)?,
        &who,
        args.placement,
        !args.no_version,
    )?)
}

/// The request as the flags describe it. `-d` and `-H` are read by the engine's line
/// parsers, one flag a line; `--content-type` is the `Content-Type` header by another name.
pub fn call_spec(args: &RequestArgs) -> Result<CallSpec> {
    let mut headers = args
        .headers
        .iter()
        .map(|h| lines::header(h).map_err(|e| anyhow!("-H {h:?}: {e}")))
        .collect::<Result<Vec<_>>>()?;
    if let Some(content_type) = &args.content_type {
        if headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            bail!("give the Content-Type once, with --content-type or with -H");
        }
        headers.push(("Content-Type".to_owned(), content_type.clone()));
    }
    let params = args
        .data
        .iter()
        .map(|d| {
            lines::parameter(d).ok_or_else(|| anyhow!("-d {d:?} is not a parameter; write it as NAME=VALUE"))
        })
        .collect::<Result<Vec<_>>>()?;
    let body = match &args.data_raw {
        Some(text) => Body::Text {
            text: text.clone(),
            content_type: FORM_CONTENT_TYPE.to_owned(),
        },
        None => Body::None,
    };
    Ok(CallSpec {
        method: args.method.clone(),
        url: args.url.clone(),
        query: Vec::new(),
        params,
        headers,
        body,
        body_hash: args.body_hash,
    })
}

/// `--rsa-key FILE`'s PEM text.
pub fn read_rsa_key(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .with_context(|| format!("could not read the RSA key file {}", path.display()))
}

/// The engine says what is missing; this adds where the CLI takes it from.
fn with_remedy(e: CredentialsError, file: &Path) -> anyhow::Error {
    let file = file.display();
    match &e {
        CredentialsError::UnknownSignatureMethod { .. } => anyhow!("{e} (in {file})"),
        CredentialsError::MissingConsumerSecret { .. } => anyhow!(
            "{e}: give it with --consumer-secret SECRET or {ENV_CONSUMER_SECRET}, or add \"consumer_secret\" \
             to the token in {file}"
        ),
        CredentialsError::MissingRsaKey { .. } => {
            anyhow!(
                "{e}: give it with --rsa-key FILE, or add \"rsa_private_key\" (PEM) to the token in {file}"
            )
        }
        CredentialsError::InvalidRsaKey { .. } => {
            anyhow!("{e}; give another with --rsa-key FILE, or correct \"rsa_private_key\" in {file}")
        }
    }
}

//! `oauth-playground request`: twurl-style. Reads a saved token, signs the request with the
//! core, sends it, prints the response; on an HTTP error explains the provider's problem.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use oauth1::{
    Credentials, Explanation, FORM_CONTENT_TYPE, Placement, Problem, RequestSpec, RsaKey, Secret,
    SignOptions, SignatureMethod, Signed, first_difference, sign_request,
};

use token_store::Entry;

use crate::http::{HttpClient, Response, block_on};
use crate::sign::{now, random_nonce};
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
    #[arg(long, value_name = "NAME")]
    pub token: Option<String>,
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
}

pub fn run(args: &RequestArgs) -> Result<()> {
    let path = resolve_path(args.tokens.as_deref())?;
    let file = token_file::load(&path)?;
    let entry = token_file::select(&file, args.token.as_deref())?;
    let (credentials, signature_method) = credentials(
        entry,
        args.consumer_secret.as_deref(),
        args.rsa_key.as_deref(),
        &path,
    )?;

    let (spec, extra_headers) = build_spec(args)?;
    let options = SignOptions {
        signature_method,
        placement: args.placement,
        realm: args
            .realm
            .clone()
            .or_else(|| entry.oauth1().and_then(|t| t.realm.clone())),
        body_hash: args.body_hash,
        ..SignOptions::default()
    };
    let signed = sign_now(&spec, &credentials, &options)?;
    if args.explain {
        eprint!("{}", signed.explanation);
        eprintln!();
    }
    let response = block_on(async { HttpClient::new()?.send(&signed.request, &extra_headers).await })?;

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
    if response.status >= 400 {
        eprint!("{}", explain_failure(&response, Some(&signed.explanation)));
        bail!("the provider answered {}", response.status_line());
    }
    Ok(())
}

/// The request before signing, and the headers sent besides the signed ones.
fn build_spec(args: &RequestArgs) -> Result<(RequestSpec, Vec<(String, String)>)> {
    let mut content_type = args.content_type.clone();
    let mut headers = Vec::new();
    for h in &args.headers {
        let (name, value) = h
            .split_once(':')
            .ok_or_else(|| anyhow!("-H {h:?} is not a header; write it as 'Name: value'"))?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() {
            bail!("-H {h:?} has no header name");
        }
        if name.eq_ignore_ascii_case("content-type") {
            if content_type.is_some() {
                bail!("give the Content-Type once, with --content-type");
            }
            content_type = Some(value.to_owned());
        } else if name.eq_ignore_ascii_case("authorization") && args.placement == Placement::Header {
            bail!("the Authorization header is written by the signer; drop -H 'Authorization: …'");
        } else {
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    let mut extra_params = Vec::new();
    for d in &args.data {
        let (name, value) = d
            .split_once('=')
            .ok_or_else(|| anyhow!("-d {d:?} is not a parameter; write it as NAME=VALUE"))?;
        extra_params.push((name.to_owned(), value.to_owned()));
    }
    let body = args.data_raw.clone().unwrap_or_default();
    if args.data_raw.is_some() && content_type.is_none() {
        content_type = Some(FORM_CONTENT_TYPE.to_owned());
    }
    let spec = RequestSpec {
        method: args.method.trim().to_ascii_uppercase(),
        url: args.url.clone(),
        content_type,
        body,
        extra_params,
    };
    Ok((spec, headers))
}

/// The credentials of a saved token; flags and the environment fill in or override the
/// consumer secret and the RSA key. A signature method the core does not know is refused.
pub fn credentials(
    entry: &Entry,
    consumer_secret: Option<&str>,
    rsa_key: Option<&Path>,
    file: &Path,
) -> Result<(Credentials, SignatureMethod)> {
    let Some(token) = entry.oauth1() else {
        bail!(
            "the token {:?} in {} is an OAuth 2.0 token; `request` signs OAuth 1.0a requests only",
            entry.name,
            file.display()
        );
    };
    let signature_method: SignatureMethod = token
        .signature_method
        .parse()
        .with_context(|| format!("the token {:?} in {} cannot be used", entry.name, file.display()))?;
    let rsa_key = if signature_method.is_rsa() {
        let saved = token.rsa_private_key.as_ref().map(Secret::expose);
        Some(load_rsa_key(rsa_key, saved).with_context(|| {
            format!(
                "the token {:?} is signed with {signature_method} and needs the consumer's RSA private key: \
                 give it with --rsa-key FILE, or add \"rsa_private_key\" (PEM) to the token in {}",
                entry.name,
                file.display()
            )
        })?)
    } else {
        None
    };
    let consumer_secret = match (consumer_secret, &token.consumer_secret) {
        (Some(s), _) => Secret::new(s),
        (None, Some(s)) => s.clone(),
        (None, None) if signature_method.is_rsa() => Secret::default(),
        (None, None) => bail!(
            "the token {:?} in {} has no consumer secret, which {signature_method} needs: give it with \
             --consumer-secret SECRET or {ENV_CONSUMER_SECRET}, or add \"consumer_secret\" to the token \
             in the file",
            entry.name,
            file.display()
        ),
    };
    let credentials = Credentials {
        consumer_key: token.consumer_key.clone(),
        consumer_secret,
        token: Some(token.token.clone()).filter(|t| !t.is_empty()),
        token_secret: token.token_secret.clone(),
        rsa_key,
    };
    Ok((credentials, signature_method))
}

/// From `--rsa-key FILE`, else the PEM text saved with the token.
pub fn load_rsa_key(path: Option<&Path>, saved_pem: Option<&str>) -> Result<RsaKey> {
    let pem = match (path, saved_pem) {
        (Some(path), _) => std::fs::read_to_string(path)
            .with_context(|| format!("could not read the RSA key file {}", path.display()))?,
        (None, Some(pem)) if !pem.trim().is_empty() => pem.to_owned(),
        _ => bail!("no RSA private key given"),
    };
    Ok(RsaKey::from_pem(&pem)?)
}

/// Signs with a fresh nonce and the current time.
pub fn sign_now(spec: &RequestSpec, credentials: &Credentials, options: &SignOptions) -> Result<Signed> {
    Ok(sign_request(
        spec,
        credentials,
        options,
        &random_nonce()?,
        now()?,
    )?)
}

/// What the provider said went wrong, for people: its `oauth_problem` (body or
/// `WWW-Authenticate`), what that means, and its base string beside ours.
pub fn explain_failure(response: &Response, ours: Option<&Explanation>) -> String {
    let mut out = format!(
        "The provider answered {}.\n",
        printable_line(&response.status_line())
    );
    let problem = Problem::from_body(&response.text()).or_else(|| {
        response
            .header("www-authenticate")
            .and_then(Problem::from_www_authenticate)
    });
    let Some(p) = problem else {
        out.push_str("It did not say why (no oauth_problem in the body or the WWW-Authenticate header).\n");
        if response.status == 401 {
            out.push_str(
                "A 401 usually means the consumer key, the token or a secret is wrong; \
                 --explain shows what was signed.\n",
            );
        }
        return out;
    };
    out.push_str(&format!(
        "oauth_problem={}\n  {}\n",
        printable_line(&p.problem),
        p.explanation()
    ));
    let mut line = |label: &str, value: &str| out.push_str(&format!("{label}: {}\n", printable_line(value)));
    if let Some(a) = &p.advice {
        line("Advice", a);
    }
    if !p.parameters_absent.is_empty() {
        line("Parameters absent", &p.parameters_absent.join(", "));
    }
    if !p.parameters_rejected.is_empty() {
        line("Parameters rejected", &p.parameters_rejected.join(", "));
    }
    if let Some(v) = &p.acceptable_versions {
        line("Acceptable versions", v);
    }
    if let Some(t) = &p.acceptable_timestamps {
        line("Acceptable timestamps", t);
    }
    if let Some(sbs) = &p.debug_sbs {
        out.push_str(&format!(
            "The provider's base string (debug_sbs):\n  {}\n",
            printable_line(sbs)
        ));
        if let Some(ours) = ours {
            out.push_str(&format!("The base string signed here:\n  {}\n", ours.base_string));
            match first_difference(&ours.base_string, sbs) {
                Some(i) => out.push_str(&format!(
                    "They first differ at character {}: {}\n",
                    ours.base_string[..i].chars().count() + 1,
                    ours.base_string[i..].chars().take(40).collect::<String>()
                )),
                None => out.push_str("They are the same, so the secrets differ: check both.\n"),
            }
        }
    }
    out
}

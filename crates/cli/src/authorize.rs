//! `oauth-playground authorize`: the three legs (RFC 5849 §2) in the terminal, on the
//! engine's flow: the request token, the authorize URL to open, the PIN (or the callback
//! URL) read from stdin and checked against the pending token, the access token saved.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use engine::oauth1_flow::{
    AuthorizeEndpoint, Callback, Client, Consumer, Endpoint, Leg, LegError, LegRequest, Pasted, Pending,
    Returned, Signing, Verifier, authorize_url,
};
use engine::{Failure, Outcome};
use oauth1::{Placement, Secret, SignatureMethod, TokenResponse};
use token_store::{Credential, Entry, OAuth1Endpoints, OAuth1Token};

use crate::call;
use crate::consumer::ConsumerArgs;
use crate::http::HttpClient;
use crate::request::{ENV_CONSUMER_SECRET, read_rsa_key};
use crate::terminal::{printable_line, printable_text};
use crate::token_file::{self, resolve_path};

#[derive(Args, Debug)]
pub struct AuthorizeArgs {
    /// Leg 1: the provider's request-token endpoint.
    #[arg(long, value_name = "URL")]
    pub request_token_url: String,
    /// Leg 2: the page the user opens. oauth_token is appended, or put where {token} is
    /// ({consumer_key} too), e.g. https://us.etrade.com/e/t/etws/authorize?key={consumer_key}&token={token}
    #[arg(long, value_name = "URL")]
    pub authorize_url: String,
    /// Leg 3: the provider's access-token endpoint.
    #[arg(long, value_name = "URL")]
    pub access_token_url: String,
    #[command(flatten)]
    pub consumer: ConsumerArgs,
    /// oauth_callback: "oob" (the provider shows a PIN) or a URL (paste where it redirects).
    #[arg(long, default_value = "oob")]
    pub callback: String,
    /// HTTP method of the token requests (E*TRADE wants GET).
    #[arg(long, default_value = "POST", value_name = "METHOD")]
    pub token_method: String,
    /// Where the OAuth parameters go: header, query or body.
    #[arg(long, default_value = "header")]
    pub placement: Placement,
    /// realm for the Authorization header; saved with the token.
    #[arg(long)]
    pub realm: Option<String>,
    /// Token file to write (default: $OAUTH_PLAYGROUND_TOKENS, else ~/.config/oauth-playground/tokens.json).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// Name to save the token under (default: "HOST token", HOST from the access-token URL).
    /// The same token saved before is replaced; a different one with this name is kept,
    /// and this one is saved as "NAME (2)".
    #[arg(long)]
    pub name: Option<String>,
    /// Do not write the consumer secret or RSA key into the token file (`request` then needs
    /// --consumer-secret, OAUTH_CONSUMER_SECRET or --rsa-key).
    #[arg(long)]
    pub omit_consumer_secret: bool,
    /// Print the workings of each signed request to stderr.
    #[arg(long)]
    pub explain: bool,
}

/// What the flags describe, checked before the provider is asked.
struct Plan {
    client: Client,
    request_token: Endpoint,
    authorize: AuthorizeEndpoint,
    access_token: Endpoint,
    /// `--rsa-key`'s PEM, saved with the token unless `--omit-consumer-secret`.
    rsa_pem: Option<String>,
}

impl Plan {
    fn new(args: &AuthorizeArgs) -> Result<Self> {
        let flags = &args.consumer;
        let method: SignatureMethod = flags.signature_method.parse()?;
        let rsa_pem = flags.rsa_key.as_deref().map(read_rsa_key).transpose()?;
        let secret = flags.consumer_secret.as_deref().unwrap_or_default();
        let client = Client {
            consumer: Consumer::new(&flags.consumer_key, secret, method, rsa_pem.as_deref())
                .map_err(with_flags)?,
            signing: Signing {
                method,
                placement: args.placement,
                realm: args.realm.clone(),
                ..Signing::default()
            },
            callback: Callback::parse(&args.callback).map_err(with_flags)?,
        };
        let endpoint =
            |leg, url: &str| Endpoint::new(leg, &args.token_method, url, Vec::new()).map_err(with_flags);
        Ok(Self {
            request_token: endpoint(Leg::RequestToken, &args.request_token_url)?,
            authorize: AuthorizeEndpoint::new(&args.authorize_url, Vec::new()).map_err(with_flags)?,
            access_token: endpoint(Leg::AccessToken, &args.access_token_url)?,
            client,
            rsa_pem,
        })
    }

    /// The access token as the store keeps it; `keep_secret`: with the consumer secret
    /// and the RSA key.
    fn credential(&self, access: &TokenResponse, keep_secret: bool) -> Credential {
        let Client {
            consumer, signing, ..
        } = &self.client;
        Credential::OAuth1(OAuth1Token {
            consumer_key: consumer.key.clone(),
            consumer_secret: (keep_secret && !consumer.secret.is_empty()).then(|| consumer.secret.clone()),
            token: access.token.clone(),
            token_secret: access.token_secret.clone(),
            signature_method: signing.method.as_str().to_owned(),
            rsa_private_key: self.rsa_pem.clone().filter(|_| keep_secret).map(Secret::new),
            realm: signing.realm.clone(),
            scopes: String::new(),
            extra: access.extra.clone(),
            endpoints: OAuth1Endpoints {
                request_token: Some(self.request_token.url.clone()),
                authorize: Some(self.authorize.template.clone()),
                access_token: Some(self.access_token.url.clone()),
                ..OAuth1Endpoints::default()
            },
        })
    }
}

pub fn run(args: &AuthorizeArgs) -> Result<()> {
    let plan = Plan::new(args)?;
    let client = &plan.client;
    // A broken token file should fail before the provider is asked too. It is read again
    // just before the save, since it may change during the PIN wait.
    let path = resolve_path(args.tokens.as_deref())?;
    token_file::load_or_new(&path)?;
    let provider = url::Url::parse(&plan.access_token.url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "provider".into());
    let name = args.name.clone().unwrap_or_else(|| format!("{provider} token"));
    let http = HttpClient::new()?;

    // Leg 1: a request token.
    let leg = client.request_token(&plan.request_token);
    let request_token = token_leg(&http, leg, Leg::RequestToken, args.explain)?;
    let mut pending = Pending::default();
    pending.request_token_received(request_token.clone());
    if let Some(note) = pending.unconfirmed_callback(&client.callback) {
        eprintln!("Note: {note}");
    }

    // Leg 2: the user authorizes; the verifier comes back on stdin.
    let url = authorize_url(&plan.authorize, &request_token.token, &client.consumer.key)?;
    eprintln!("Open this URL in a browser and allow access:");
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{url}")?;
    stdout.flush()?;
    eprint!(
        "{}",
        match client.callback {
            Callback::Oob => "Then paste the verification code (PIN) here and press Enter: ",
            Callback::Url(_) => {
                "Then paste the URL you were redirected to (or its oauth_verifier) and press Enter: "
            }
        }
    );
    std::io::stderr().flush()?;
    let pasted = read_pasted(&mut std::io::stdin().lock())?;
    // A pasted callback URL must name the pending token (RFC 5849 §4.13).
    if pending.pasted(pasted)? == Returned::Denied {
        bail!("{}", Returned::Denied.message());
    }
    let verifier = Verifier::new(&pending.verifier)?;

    // Leg 3: the access token.
    let leg = client.access_token(&plan.access_token, &request_token, &verifier);
    let access = token_leg(&http, leg, Leg::AccessToken, args.explain)?;

    let created = std::time::SystemTime::now();
    let entry = Entry::new(
        plan.credential(&access, !args.omit_consumer_secret),
        name.as_str(),
        provider,
        humantime::format_rfc3339_millis(created).to_string(),
        token_file::millis(created)?,
    );
    // Merged into the file as it is now (another run or an edit may have changed it).
    let saved_as = token_file::upsert(&path, entry)?;
    eprintln!(
        "{}",
        token_file::saved_note("Access token", &access.token, &saved_as, &name, &path)
    );
    for (n, v) in &access.extra {
        eprintln!("  {} = {}", printable_line(n), printable_line(v));
    }
    Ok(())
}

/// One token leg through the engine's runner: the token response, or why not on stderr.
fn token_leg(http: &HttpClient, leg: LegRequest, which: Leg, explain: bool) -> Result<TokenResponse> {
    let step = which.name();
    let (response, outcome) = call::send(http, leg, |explanation| {
        if explain {
            eprintln!("The {step} request:\n{explanation}");
        }
    })
    .with_context(|| format!("the {step} step failed"))?;
    if let Outcome::Tokens(tokens) = outcome {
        return Ok(tokens);
    }
    eprint!("{}", call::report(&response, &outcome));
    let status = printable_line(&response.status_line()).into_owned();
    if let Outcome::Failed(Failure::NotTokens { .. }) = outcome {
        let shown: String = response.text().chars().take(300).collect();
        eprintln!("It sent:\n{}", printable_text(&shown));
        bail!("the {step} step failed: the provider answered {status}, but not with a token");
    }
    bail!("the {step} step failed: the provider answered {status}")
}

/// The line pasted on stdin; the end of stdin before any line is an error of its own.
fn read_pasted(input: &mut impl BufRead) -> Result<Pasted> {
    let mut line = String::new();
    let read = input
        .read_line(&mut line)
        .context("could not read the verifier")?;
    if read == 0 {
        bail!("no verification code was given (stdin was empty)");
    }
    Ok(Pasted::read(&line))
}

/// The engine's refusals of what the user gave, with the flag that gives it.
pub fn with_flags(e: LegError) -> anyhow::Error {
    match e {
        LegError::MissingConsumerSecret(method) => anyhow!(
            "{method} needs the consumer secret: give it with --consumer-secret SECRET or {ENV_CONSUMER_SECRET}"
        ),
        LegError::RsaKey {
            method,
            error: oauth1::Error::MissingRsaKey { .. },
        } => anyhow!("{method} needs the consumer's RSA private key: give it with --rsa-key FILE"),
        LegError::MissingConsumerKey => anyhow!("--consumer-key is empty"),
        LegError::MissingUrl(leg) => anyhow!("--{}-url is empty", leg.name()),
        LegError::MissingAuthorizeUrl => anyhow!("--authorize-url is empty"),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_stdin_is_not_a_paste() {
        let read = |s: &str| read_pasted(&mut s.as_bytes());
        assert_eq!(read("  1234-abcd \n").unwrap(), Pasted::Pin("1234-abcd".into()));
        assert_eq!(read("\n").unwrap(), Pasted::Nothing);
        assert_eq!(
            read("").unwrap_err().to_string(),
            "no verification code was given (stdin was empty)"
        );
    }

    #[test]
    fn refusals_name_the_flag() {
        let text = |e| with_flags(e).to_string();
        assert_eq!(
            text(LegError::MissingConsumerSecret(SignatureMethod::Plaintext)),
            "PLAINTEXT needs the consumer secret: give it with --consumer-secret SECRET or OAUTH_CONSUMER_SECRET"
        );
        assert_eq!(
            text(LegError::MissingUrl(Leg::AccessToken)),
            "--access-token-url is empty"
        );
        assert_eq!(
            text(LegError::Callback("ftp://x".into())),
            "the callback \"ftp://x\" is neither oob nor an absolute http:// or https:// URL"
        );
    }
}

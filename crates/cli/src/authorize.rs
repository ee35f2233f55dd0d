//! `oauth-playground authorize`: the three legs (RFC 5849 §2) in the terminal. A request
//! token, the authorize URL to open, the PIN read from stdin, the access token saved.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use oauth1::encode::encode;
use oauth1::{Credentials, Placement, RequestSpec, Secret, SignOptions, SignatureMethod, TokenResponse};

use token_store::{Credential, Entry, OAuth1Endpoints, OAuth1Token};

use crate::http::{HttpClient, block_on};
use crate::request::{ENV_CONSUMER_SECRET, explain_failure, load_rsa_key, sign_now};
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
    #[arg(long)]
    pub consumer_key: String,
    /// Not needed for RSA-* methods.
    #[arg(long, env = ENV_CONSUMER_SECRET, hide_env_values = true, value_name = "SECRET")]
    pub consumer_secret: Option<String>,
    /// HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512 or PLAINTEXT.
    #[arg(long, default_value = "HMAC-SHA1")]
    pub signature_method: String,
    /// PEM file with the consumer's RSA private key, for RSA-*.
    #[arg(long, value_name = "FILE")]
    pub rsa_key: Option<PathBuf>,
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

pub fn run(args: &AuthorizeArgs) -> Result<()> {
    let signature_method: SignatureMethod = args.signature_method.parse()?;
    let rsa_key = if signature_method.is_rsa() {
        Some(load_rsa_key(args.rsa_key.as_deref(), None).with_context(|| {
            format!("{signature_method} needs the consumer's RSA private key: give it with --rsa-key FILE")
        })?)
    } else {
        None
    };
    let consumer_secret = match (&args.consumer_secret, signature_method.is_rsa()) {
        (Some(s), _) => s.clone(),
        (None, true) => String::new(),
        (None, false) => bail!(
            "{signature_method} needs the consumer secret: give it with --consumer-secret SECRET or {ENV_CONSUMER_SECRET}"
        ),
    };
    // Read the token file first: a broken one should fail before the provider is asked.
    // It is read again just before the save, since it may change during the PIN wait.
    let path = resolve_path(args.tokens.as_deref())?;
    token_file::load_or_new(&path)?;
    let provider = url::Url::parse(&args.access_token_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "provider".into());
    let name = args.name.clone().unwrap_or_else(|| format!("{provider} token"));

    let consumer = Credentials {
        consumer_key: args.consumer_key.clone(),
        consumer_secret: Secret::new(consumer_secret.as_str()),
        token: None,
        token_secret: Secret::default(),
        rsa_key,
    };
    let options = SignOptions {
        signature_method,
        placement: args.placement,
        realm: args.realm.clone(),
        ..SignOptions::default()
    };
    let client = HttpClient::new()?;
    let leg = |url: &str, credentials: &Credentials, options: &SignOptions, step: &str| {
        let spec = RequestSpec::new(&args.token_method, url);
        block_on(token_leg(
            &client,
            &spec,
            credentials,
            options,
            step,
            args.explain,
        ))
    };

    // Leg 1: a request token.
    let request_token = leg(
        &args.request_token_url,
        &consumer,
        &SignOptions {
            callback: Some(args.callback.clone()),
            ..options.clone()
        },
        "request-token",
    )?;
    if args.callback != "oob" && request_token.callback_confirmed != Some(true) {
        eprintln!(
            "Note: the provider did not send oauth_callback_confirmed=true; it may be an OAuth 1.0 (not 1.0a) \
             provider, which ignores the callback sent on this step."
        );
    }

    // Leg 2: the user authorizes; the verifier comes back on stdin.
    let url = authorize_url(&args.authorize_url, &request_token.token, &args.consumer_key)?;
    eprintln!("Open this URL in a browser and allow access:");
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{url}")?;
    stdout.flush()?;
    eprint!(
        "{}",
        if args.callback == "oob" {
            "Then paste the verification code (PIN) here and press Enter: "
        } else {
            "Then paste the URL you were redirected to (or its oauth_verifier) and press Enter: "
        }
    );
    std::io::stderr().flush()?;
    let verifier = read_verifier(&mut std::io::stdin().lock())?;

    // Leg 3: the access token.
    let with_request_token = Credentials {
        token: Some(request_token.token.clone()),
        token_secret: request_token.token_secret.clone(),
        ..consumer.clone()
    };
    let access = leg(
        &args.access_token_url,
        &with_request_token,
        &SignOptions {
            verifier: Some(verifier),
            ..options.clone()
        },
        "access-token",
    )?;

    let keep_secret = !args.omit_consumer_secret;
    let credential = Credential::OAuth1(OAuth1Token {
        consumer_key: args.consumer_key.clone(),
        consumer_secret: (keep_secret && !consumer_secret.is_empty()).then(|| Secret::new(consumer_secret)),
        token: access.token.clone(),
        token_secret: access.token_secret.clone(),
        signature_method: signature_method.as_str().to_owned(),
        rsa_private_key: match (&args.rsa_key, keep_secret) {
            (Some(p), true) => {
                Some(Secret::new(std::fs::read_to_string(p).with_context(|| {
                    format!("could not read the RSA key file {}", p.display())
                })?))
            }
            _ => None,
        },
        realm: args.realm.clone(),
        scopes: String::new(),
        extra: access.extra.clone(),
        endpoints: OAuth1Endpoints {
            request_token: Some(args.request_token_url.clone()),
            authorize: Some(args.authorize_url.clone()),
            access_token: Some(args.access_token_url.clone()),
            ..OAuth1Endpoints::default()
        },
    });
    let created = std::time::SystemTime::now();
    let created_ms = created
        .duration_since(std::time::UNIX_EPOCH)
        .context("the system clock is before 1970")?
        .as_millis();
    let entry = Entry::new(
        credential,
        name.as_str(),
        provider,
        humantime::format_rfc3339_millis(created).to_string(),
        u64::try_from(created_ms).unwrap_or(u64::MAX),
    );
    // Merged into the file as it is now (another run or an edit may have changed it).
    let saved_as = token_file::update(&path, |file| {
        let id = file.upsert(entry).id;
        file.get(&id).map(|t| t.name.clone()).unwrap_or_default()
    })?;
    let token = printable_line(&access.token);
    if saved_as == name {
        eprintln!(
            "Access token {token} saved as {saved_as:?} in {}.",
            path.display()
        );
    } else {
        eprintln!(
            "Access token {token} saved as {saved_as:?} in {}: a different token is already named {name:?}.",
            path.display()
        );
    }
    for (n, v) in &access.extra {
        eprintln!("  {} = {}", printable_line(n), printable_line(v));
    }
    Ok(())
}

/// One token leg: sign, send, parse `oauth_token=…&oauth_token_secret=…`, or explain why not.
async fn token_leg(
    client: &HttpClient,
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
    step: &str,
    explain: bool,
) -> Result<TokenResponse> {
    let signed = sign_now(spec, credentials, options)?;
    if explain {
        eprintln!("The {step} request:\n{}", signed.explanation);
    }
    let response = client.send(&signed.request, &[]).await?;
    if response.status >= 400 {
        eprint!("{}", explain_failure(&response, Some(&signed.explanation)));
        bail!(
            "the {step} step failed: the provider answered {}",
            response.status_line()
        );
    }
    TokenResponse::parse(&response.text()).map_err(|e| {
        let text = response.text();
        let shown: String = text.chars().take(300).collect();
        anyhow!(
            "the {step} step failed: {e}. The provider sent ({}):\n{}",
            printable_line(&response.status_line()),
            printable_text(&shown)
        )
    })
}

/// The authorize URL: `{token}`/`{consumer_key}` filled in, else `oauth_token` appended.
pub fn authorize_url(template: &str, token: &str, consumer_key: &str) -> Result<String> {
    if template.contains("{token}") || template.contains("{consumer_key}") {
        return Ok(template
            .replace("{token}", &encode(token))
            .replace("{consumer_key}", &encode(consumer_key)));
    }
    let mut url =
        url::Url::parse(template).map_err(|e| anyhow!("the authorize URL {template:?} is not valid: {e}"))?;
    let added = format!("oauth_token={}", encode(token));
    let query = match url.query() {
        Some(q) if !q.is_empty() => format!("{q}&{added}"),
        _ => added,
    };
    url.set_query(Some(&query));
    Ok(url.to_string())
}

/// A PIN, or a pasted callback URL (or query) carrying `oauth_verifier`.
fn read_verifier(input: &mut impl BufRead) -> Result<String> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .context("could not read the verifier")?;
    let line = line.trim();
    if line.is_empty() {
        bail!("no verification code was given (stdin was empty)");
    }
    if line.contains("oauth_verifier=") {
        let query = line.split_once('?').map_or(line, |(_, q)| q);
        let query = query.split('#').next().unwrap_or(query);
        if let Some((_, v)) = form_urlencoded::parse(query.as_bytes()).find(|(n, _)| n == "oauth_verifier") {
            return Ok(v.into_owned());
        }
    }
    Ok(line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_url_appends_or_fills_the_template() {
        assert_eq!(
            authorize_url("https://x.test/oauth/authorize", "a b+c", "k").unwrap(),
            "https://x.test/oauth/authorize?oauth_token=a%20b%2Bc"
        );
        assert_eq!(
            authorize_url("https://x.test/auth?lang=en#top", "t1", "k").unwrap(),
            "https://x.test/auth?lang=en&oauth_token=t1#top"
        );
        assert_eq!(
            authorize_url(
                "https://us.etrade.com/e/t/etws/authorize?key={consumer_key}&token={token}",
                "t/1",
                "k=1"
            )
            .unwrap(),
            "https://us.etrade.com/e/t/etws/authorize?key=k%3D1&token=t%2F1"
        );
        assert!(authorize_url("not a url", "t", "k").is_err());
    }

    #[test]
    fn verifier_is_a_pin_or_comes_from_a_pasted_url() {
        let read = |s: &str| read_verifier(&mut s.as_bytes());
        assert_eq!(read("  1234-abcd \n").unwrap(), "1234-abcd");
        assert_eq!(
            read("http://localhost/cb?oauth_token=t&oauth_verifier=v%2B1#x\n").unwrap(),
            "v+1"
        );
        assert_eq!(read("oauth_token=t&oauth_verifier=abc").unwrap(), "abc");
        assert!(read("").unwrap_err().to_string().contains("stdin was empty"));
    }
}

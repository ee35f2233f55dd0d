//! `oauth2 login`: the authorization code flow (RFC 6749 §4.1) for a native app (RFC 8252):
//! PKCE S256 (RFC 7636), `state`, the OIDC `nonce`, a loopback redirect on 127.0.0.1
//! (§7.3), the callback checked (state, iss per RFC 9207, exact redirect URI), the code
//! exchanged, the id_token verified against the JWKS, and the token set saved. With
//! `--par` the request is pushed first (RFC 9126).

use anyhow::{Result, bail};
use clap::{ArgGroup, Args};
use oauth2::discovery::Metadata;
use oauth2::par;
use oauth2::{
    AuthorizationRequest, AuthorizationUrl, Callback, CallbackExpectation, ChallengeMethod, CodeVerifier,
    Grant, TokenRequest, parse_callback, random_token,
};

use super::client::{Client, ClientArgs, OutputArgs, fill};
use super::loopback::Loopback;
use super::presets::{PresetArgs, Server};
use super::saved::{self, SaveArgs};
use super::start::Start;
use super::{dpop, exchange, identity};
use crate::http::HttpClient;
use crate::param::parse_param;
use crate::terminal::printable_text;

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("server").required(true).args(["issuer", "authorize_url", "preset"])))]
pub struct LoginArgs {
    /// The issuer, whose metadata gives the endpoints and the JWKS.
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
    /// The authorization endpoint (without --issuer; needs --token-url).
    #[arg(long, value_name = "URL", requires = "token_url")]
    pub authorize_url: Option<String>,
    /// The token endpoint.
    #[arg(long, value_name = "URL")]
    pub token_url: Option<String>,
    #[command(flatten)]
    pub preset: PresetArgs,
    #[command(flatten)]
    pub client: ClientArgs,
    /// The scope to ask for (default: the preset's, else "openid" with --issuer).
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// An extra authorization request parameter (prompt=consent, login_hint=…). Repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// The loopback port (default: one the system picks; the server must allow any port
    /// for loopback redirects, RFC 8252 §7.3).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub redirect_port: u16,
    /// Push the authorization request first (PAR, RFC 9126); the URL then carries only
    /// `client_id` and `request_uri`. On by itself when the server requires it.
    #[arg(long)]
    pub par: bool,
    /// The PAR endpoint (default: the metadata's).
    #[arg(long, value_name = "URL")]
    pub par_url: Option<String>,
    /// Print the URL only; do not open a browser.
    #[arg(long)]
    pub no_browser: bool,
    #[command(flatten)]
    pub save: SaveArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: &LoginArgs) -> Result<()> {
    let explain = args.out.explain;
    let server = args.preset.server(Server {
        issuer: args.issuer.clone(),
        authorize_url: args.authorize_url.clone(),
        token_url: args.token_url.clone(),
        scope: args.scope.clone(),
        ..Server::default()
    })?;
    let Start { path, http, metadata } = Start::new(&args.save, server.issuer.as_deref(), explain)?;
    let md = metadata.as_ref();
    let authorize_url = exchange::endpoint(
        server.authorize_url.as_deref(),
        md,
        |m| m.authorization_endpoint.as_ref(),
        "authorization endpoint",
        "--authorize-url",
    )?;
    let token_url = exchange::token_endpoint(server.token_url.as_deref(), md)?;
    if md.is_some_and(|m| !m.code_challenge_methods_supported.is_empty() && !m.supports_s256()) {
        eprintln!("warning: the server does not list S256 among its PKCE methods; sending it anyway");
    }
    let client = args.client.client_for(md)?;

    let loopback = Loopback::bind(args.redirect_port)?;
    let verifier = CodeVerifier::generate(fill);
    let state = random_token(fill);
    let scope = server.scope.clone().or_else(|| md.map(|_| "openid".to_owned()));
    let openid = scope
        .as_deref()
        .is_some_and(|s| s.split(' ').any(|w| w == "openid"));
    let nonce = openid.then(|| random_token(fill));
    let asked_scope = scope.clone();
    let request = AuthorizationRequest {
        authorization_endpoint: authorize_url,
        client_id: client.client_id.clone(),
        redirect_uri: Some(loopback.redirect_uri.clone()),
        scope,
        state: Some(state.clone()),
        nonce: nonce.clone(),
        pkce: Some(verifier.challenge(ChallengeMethod::S256)),
        extra: server.authorize_params(&args.params),
        ..AuthorizationRequest::default()
    };
    if explain {
        eprintln!("{}", verifier.workings(ChallengeMethod::S256));
    }
    let push =
        args.par || args.par_url.is_some() || md.is_some_and(|m| m.require_pushed_authorization_requests);
    let url = if push {
        pushed(&http, args, md, &request, &client, &token_url)?
    } else {
        let url = request.build()?;
        if explain {
            eprintln!("{url}");
        }
        url
    };
    // The URL was built from a scheme-checked endpoint and percent-encoded parameters.
    eprintln!(
        "Open this URL to log in (waiting for the redirect to {}):",
        loopback.redirect_uri
    );
    eprintln!("{}", url.url);
    if !args.no_browser {
        open_browser(&url.url);
    }

    let (callback_url, pending) = loopback.wait()?;
    let expect = CallbackExpectation {
        redirect_uri: loopback.redirect_uri.clone(),
        state: Some(state),
        issuer: md.map(|m| m.issuer.clone()),
        iss_required: md.is_some_and(|m| m.authorization_response_iss_parameter_supported),
    };
    let callback = parse_callback(&callback_url, &expect);
    if explain {
        // The code itself is left out (serde skips it): it is a credential until exchanged.
        if let Ok(c) = &callback {
            eprintln!("Callback: {}", printable_text(&serde_json::to_string(c)?));
        }
    }
    let code = match callback {
        Ok(Callback::Code { code, .. }) => {
            pending.answer(
                true,
                "Logged in. You can close this tab and return to the terminal.",
            );
            code
        }
        Ok(Callback::Error(e)) => {
            pending.answer(false, "The server refused; see the terminal.");
            bail!("the authorization server refused: {}", e.explain());
        }
        Err(e) => {
            pending.answer(false, "This callback was refused; see the terminal.");
            return Err(e.into());
        }
    };

    let request = TokenRequest::new(
        &token_url,
        Grant::AuthorizationCode {
            code,
            redirect_uri: Some(loopback.redirect_uri.clone()),
            code_verifier: Some(verifier),
        },
        client.auth(&token_url)?,
    );
    let dpop = dpop::load(args.client.dpop_key.as_deref())?;
    let response = exchange::grant(&http, &request.build()?, dpop.as_ref(), explain)?;
    let subject = identity::check(&http, md, &response, &client.client_id, nonce, explain)?;
    let granted = saved::Granted {
        response: &response,
        client: &client,
        metadata: md,
        subject,
        token_url: &token_url,
        asked_scope: asked_scope.as_deref(),
    };
    saved::save_granted(&path, args.save.name.as_deref(), args.out, granted)
}

/// RFC 9126: the parameters POSTed with the client's authentication, and the short URL
/// that points at them.
fn pushed(
    http: &HttpClient,
    args: &LoginArgs,
    md: Option<&Metadata>,
    request: &AuthorizationRequest,
    client: &Client,
    token_url: &str,
) -> Result<AuthorizationUrl> {
    let par_url = exchange::endpoint(
        args.par_url.as_deref(),
        md,
        |m| m.pushed_authorization_request_endpoint.as_ref(),
        "pushed authorization request endpoint",
        "--par-url",
    )?;
    // RFC 9126 §2: an assertion's audience is the issuer (the token endpoint without one).
    let audience = md.map_or(token_url, |m| m.issuer.as_str());
    let built = par::pushed_authorization_request(&par_url, request, &client.auth(audience)?)?;
    let response = exchange::send_built(http, &built, args.out.explain)?;
    let pushed = par::parse_pushed_authorization(exchange::view(&response))?;
    let url = par::authorization_url(&request.authorization_endpoint, &client.client_id, &pushed)?;
    if args.out.explain {
        eprintln!("{url}");
    }
    Ok(url)
}

/// The system's URL opener; failing to start one is not an error, the URL is printed.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let started = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() {
        eprintln!("(could not start {opener}; open the URL yourself)");
    }
}

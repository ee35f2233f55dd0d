//! `oauth-playground`: the playground's native side.

mod assets;
mod authorize;
mod call;
mod consumer;
mod http;
mod jwt;
mod lti;
mod oauth2;
mod param;
mod relay;
mod request;
mod sandbox;
mod serve;
mod server;
mod sign;
mod terminal;
mod token_file;
mod tokens;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "oauth-playground",
    version,
    about = "OAuth playground: sign OAuth 1.0a requests, run OAuth 2.0 flows, serve the app"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sign one request and print the workings (parameters, base string, key, signature).
    Sign(sign::SignArgs),
    /// Serve the app, the relay (/relay) and the sandbox provider (/sandbox).
    Serve(serve::ServeArgs),
    /// Run the relay alone (needs --allow-origin).
    Relay(relay::RelayArgs),
    /// Send a signed request with a saved token and print the response (twurl-style).
    Request(request::RequestArgs),
    /// Get an access token in the terminal (request token, authorize URL, PIN) and save it.
    Authorize(authorize::AuthorizeArgs),
    /// Add a token obtained elsewhere, list the saved tokens, or remove one.
    Tokens(tokens::TokensArgs),
    /// LTI 1.1: sign a Basic LTI launch and print the form to POST.
    Lti(lti::LtiArgs),
    /// Ask a running serve or relay for /healthz; exits 0 when it answers 200 (the
    /// container's health check).
    Health(relay::health::HealthArgs),
    /// OAuth 2.0 / OpenID Connect: discover, login, client-credentials, device, refresh, revoke, introspect.
    Oauth2(oauth2::Oauth2Args),
    /// Decode a JWT, or verify an id_token against a JWKS.
    Jwt(jwt::JwtArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sign(args) => sign::run(&args),
        Command::Serve(args) => serve_with(serve::run(args)),
        Command::Relay(args) => serve_with(relay::run(args)),
        Command::Request(args) => request::run(&args),
        Command::Authorize(args) => authorize::run(&args),
        Command::Tokens(args) => tokens::run(&args),
        Command::Lti(args) => lti::run(&args),
        Command::Health(args) => relay::health::run(&args),
        Command::Oauth2(args) => oauth2::run(&args),
        Command::Jwt(args) => match jwt::run(&args) {
            // `jwt verify` exits 1 when a check fails, having printed the report.
            Ok(code) => return code,
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Errors may quote what a provider sent.
            eprintln!("error: {}", terminal::printable_text(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr (stdout's first line is the address); a runtime for the servers.
fn serve_with(server: impl std::future::Future<Output = anyhow::Result<()>>) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_max_level(tracing::Level::INFO)
        .init();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(server)
}

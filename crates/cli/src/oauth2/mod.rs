//! `oauth-playground oauth2 …`: OAuth 2.0 and OpenID Connect in the terminal, on the
//! protocol crate (crates/oauth2) and the engine's transport, with tokens in the shared
//! token file.

pub mod bearer;
pub mod client;
mod client_credentials;
mod device;
mod discover;
pub mod dpop;
pub mod exchange;
mod identity;
mod login;
mod loopback;
mod presets;
mod refresh;
pub mod saved;
mod start;
mod token_ops;

use anyhow::Result;
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub struct Oauth2Args {
    #[command(subcommand)]
    pub command: Oauth2Command,
}

#[derive(Subcommand, Debug)]
pub enum Oauth2Command {
    /// Fetch and check an issuer's metadata (RFC 8414, OpenID Connect Discovery).
    Discover(discover::DiscoverArgs),
    /// The known providers (`--preset` on login), with their sources.
    Presets(presets::PresetsArgs),
    /// Authorization code + PKCE through a loopback redirect (RFC 8252 §7.3); saves the tokens.
    Login(login::LoginArgs),
    /// The client credentials grant (RFC 6749 §4.4); saves the token.
    ClientCredentials(client_credentials::ClientCredentialsArgs),
    /// The device authorization grant (RFC 8628); saves the tokens.
    Device(device::DeviceArgs),
    /// Refresh a saved token (RFC 6749 §6); saves the new pair (the rotated refresh token).
    Refresh(refresh::RefreshArgs),
    /// Revoke a saved token (RFC 7009).
    Revoke(token_ops::TokenOpArgs),
    /// Ask the server about a saved token (RFC 7662).
    Introspect(token_ops::TokenOpArgs),
}

pub fn run(args: &Oauth2Args) -> Result<()> {
    match &args.command {
        Oauth2Command::Discover(a) => discover::run(a),
        Oauth2Command::Presets(a) => presets::list(a),
        Oauth2Command::Login(a) => login::run(a),
        Oauth2Command::ClientCredentials(a) => client_credentials::run(a),
        Oauth2Command::Device(a) => device::run(a),
        Oauth2Command::Refresh(a) => refresh::run(a),
        Oauth2Command::Revoke(a) => token_ops::revoke(a),
        Oauth2Command::Introspect(a) => token_ops::introspect(a),
    }
}

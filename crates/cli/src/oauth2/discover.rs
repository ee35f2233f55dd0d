//! `oauth2 discover URL`: the metadata document (RFC 8414 §3, OIDC Discovery §4), validated
//! by the protocol crate, its issuer equal to the URL it was fetched for.

use anyhow::Result;
use clap::Args;

use super::client::OutputArgs;
use super::exchange;
use crate::http::HttpClient;
use crate::terminal::printable_text;

#[derive(Args, Debug)]
pub struct DiscoverArgs {
    /// The issuer, e.g. https://accounts.example.com
    pub url: String,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: &DiscoverArgs) -> Result<()> {
    let http = HttpClient::new()?;
    let md = exchange::discover(&http, &args.url, args.out.explain)?;
    if args.out.json {
        println!("{}", serde_json::to_string_pretty(&md)?);
        return Ok(());
    }
    let mut text = format!("issuer: {}\n", md.issuer);
    let endpoints = [
        ("authorization_endpoint", &md.authorization_endpoint),
        ("token_endpoint", &md.token_endpoint),
        ("jwks_uri", &md.jwks_uri),
        ("userinfo_endpoint", &md.userinfo_endpoint),
        ("revocation_endpoint", &md.revocation_endpoint),
        ("introspection_endpoint", &md.introspection_endpoint),
        ("device_authorization_endpoint", &md.device_authorization_endpoint),
        (
            "pushed_authorization_request_endpoint",
            &md.pushed_authorization_request_endpoint,
        ),
    ];
    for (name, value) in endpoints {
        if let Some(v) = value {
            text.push_str(&format!("{name}: {v}\n"));
        }
    }
    let lists = [
        ("grant_types_supported", &md.grant_types_supported),
        (
            "token_endpoint_auth_methods_supported",
            &md.token_endpoint_auth_methods_supported,
        ),
        (
            "code_challenge_methods_supported",
            &md.code_challenge_methods_supported,
        ),
        ("scopes_supported", &md.scopes_supported),
    ];
    for (name, values) in lists {
        if !values.is_empty() {
            text.push_str(&format!("{name}: {}\n", values.join(" ")));
        }
    }
    text.push_str(&format!(
        "default client authentication: {}\n",
        md.preferred_auth_method()
    ));
    for note in &md.notes {
        text.push_str(&format!("note: {note}\n"));
    }
    print!("{}", printable_text(&text));
    Ok(())
}

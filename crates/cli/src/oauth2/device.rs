//! `oauth2 device`: the device authorization grant in the terminal (RFC 8628): the user
//! code and the verification URL printed (§3.3), the token endpoint polled at the server's
//! interval with the protocol crate's rules (§3.5), the token set saved.

use std::time::Duration;

use anyhow::Result;
use clap::Args;
use oauth2::device::{DevicePoller, PollStep, device_authorization_request, parse_device_authorization};
use oauth2::{Grant, TokenRequest};

use super::client::{ClientArgs, OutputArgs, now_secs};
use super::saved::{self, SaveArgs};
use super::start::Start;
use super::{dpop, exchange, identity};
use crate::param::parse_param;

#[derive(Args, Debug)]
pub struct DeviceArgs {
    /// The issuer, whose metadata gives the endpoints.
    #[arg(long, value_name = "URL", required_unless_present = "device_url")]
    pub issuer: Option<String>,
    /// The device authorization endpoint (without --issuer; needs --token-url).
    #[arg(long, value_name = "URL", requires = "token_url")]
    pub device_url: Option<String>,
    /// The token endpoint.
    #[arg(long, value_name = "URL")]
    pub token_url: Option<String>,
    #[command(flatten)]
    pub client: ClientArgs,
    /// The scope to ask for, space-separated.
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// An extra device authorization parameter. Repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    #[command(flatten)]
    pub save: SaveArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: &DeviceArgs) -> Result<()> {
    let explain = args.out.explain;
    let Start { path, http, metadata } = Start::new(&args.save, args.issuer.as_deref(), explain)?;
    let md = metadata.as_ref();
    let device_url = exchange::endpoint(
        args.device_url.as_deref(),
        md,
        |m| m.device_authorization_endpoint.as_ref(),
        "device authorization endpoint",
        "--device-url",
    )?;
    let token_url = exchange::token_endpoint(args.token_url.as_deref(), md)?;
    let client = args.client.client_for(md)?;

    let built = device_authorization_request(
        &device_url,
        &client.auth(&token_url)?,
        args.scope.as_deref(),
        &args.params,
    )?;
    let response = exchange::send_built(&http, &built, explain)?;
    let authorization = parse_device_authorization(exchange::view(&response))?;
    // Both URLs were checked to be http(s) by the parser; the code is the server's text.
    eprintln!(
        "Open {} and enter the code {}",
        authorization.verification_uri,
        crate::terminal::printable_line(&authorization.user_code)
    );
    if let Some(complete) = &authorization.verification_uri_complete {
        eprintln!("(or open {complete})");
    }
    eprintln!(
        "user_code: {}",
        crate::terminal::printable_line(&authorization.user_code)
    );

    let dpop = dpop::load(args.client.dpop_key.as_deref())?;
    let mut poller = DevicePoller::new(&authorization, now_secs()?);
    let mut wait = authorization.interval;
    let response = loop {
        // §3.5: the client waits at least the interval between polls.
        std::thread::sleep(Duration::from_secs(wait));
        let request = TokenRequest::new(
            &token_url,
            Grant::DeviceCode {
                device_code: authorization.device_code.clone(),
            },
            client.auth(&token_url)?,
        );
        let answer = exchange::send_token(&http, &request.build()?, dpop.as_ref(), explain)?;
        match poller.on_response(exchange::view(&answer), now_secs()?) {
            PollStep::Done(t) => break *t,
            PollStep::Wait { seconds, slowed_down } => {
                if slowed_down {
                    eprintln!("The server asked to slow down; polling every {seconds} s.");
                }
                wait = seconds;
            }
            PollStep::Stop(e) => return Err(e.into()),
        }
    };
    let subject = identity::check(&http, md, &response, &client.client_id, None, explain)?;
    let granted = saved::Granted {
        response: &response,
        client: &client,
        metadata: md,
        subject,
        token_url: &token_url,
        asked_scope: args.scope.as_deref(),
    };
    saved::save_granted(&path, args.save.name.as_deref(), args.out, granted)
}

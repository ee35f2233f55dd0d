//! `oauth-playground lti launch`: an LTI 1.1 Basic launch built and signed by the engine
//! ([`engine::lti`]), printed as the form to POST (or `--json`), for a tool to be tried
//! from a terminal or a script.

use anyhow::Result;
use clap::{Args, Subcommand};
use engine::lti::LtiLaunch;
use oauth1::encode::to_form;

use crate::consumer::ConsumerArgs;
use crate::param::parse_param;
use crate::sign::nonce_and_timestamp;

#[derive(Args, Debug)]
pub struct LtiArgs {
    #[command(subcommand)]
    pub command: LtiCommand,
}

#[derive(Subcommand, Debug)]
pub enum LtiCommand {
    /// Sign a Basic LTI launch and print the form to POST to the tool.
    Launch(LaunchArgs),
}

#[derive(Args, Debug)]
pub struct LaunchArgs {
    /// The tool's launch URL (absolute http or https).
    #[arg(long, value_name = "URL")]
    pub url: String,
    #[command(flatten)]
    pub consumer: ConsumerArgs,
    #[arg(long, value_name = "ID")]
    pub resource_link_id: String,
    #[arg(long, default_value = "")]
    pub resource_link_title: String,
    #[arg(long, default_value = "")]
    pub user_id: String,
    /// Comma-separated LIS roles, e.g. Instructor or Learner.
    #[arg(long, default_value = "")]
    pub roles: String,
    #[arg(long, default_value = "")]
    pub lis_person_name_full: String,
    #[arg(long, default_value = "")]
    pub lis_person_contact_email_primary: String,
    #[arg(long, default_value = "")]
    pub context_id: String,
    #[arg(long, default_value = "")]
    pub context_title: String,
    #[arg(long, default_value = "")]
    pub context_label: String,
    #[arg(long, default_value = "", value_name = "URL")]
    pub launch_presentation_return_url: String,
    /// A custom parameter, sent as custom_NAME (lower case, _ for other characters). Repeatable.
    #[arg(long, value_name = "NAME=VALUE", value_parser = parse_param)]
    pub custom: Vec<(String, String)>,
    /// Fixed nonce (default: 32 random alphanumerics).
    #[arg(long)]
    pub nonce: Option<String>,
    /// Fixed timestamp in seconds (default: now).
    #[arg(long)]
    pub timestamp: Option<u64>,
    /// Print one JSON object: the URL, the fields and the workings.
    #[arg(long)]
    pub json: bool,
    /// Print the workings to stderr.
    #[arg(long)]
    pub explain: bool,
}

pub fn run(args: &LtiArgs) -> Result<()> {
    let LtiCommand::Launch(args) = &args.command;
    let who = args.consumer.consumer_only(None, false)?;
    let launch = LtiLaunch {
        url: args.url.clone(),
        resource_link_id: args.resource_link_id.clone(),
        resource_link_title: args.resource_link_title.clone(),
        user_id: args.user_id.clone(),
        roles: args.roles.clone(),
        lis_person_name_full: args.lis_person_name_full.clone(),
        lis_person_contact_email_primary: args.lis_person_contact_email_primary.clone(),
        context_id: args.context_id.clone(),
        context_title: args.context_title.clone(),
        context_label: args.context_label.clone(),
        launch_presentation_return_url: args.launch_presentation_return_url.clone(),
        custom: args.custom.clone(),
    };
    let (nonce, timestamp) = nonce_and_timestamp(args.nonce.as_deref(), args.timestamp)?;
    let signed = launch.sign(&who, &nonce, timestamp)?;
    if args.explain {
        eprint!("{}", signed.explanation);
    }
    let body = to_form(signed.fields.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    if args.json {
        let e = &signed.explanation;
        let out = serde_json::json!({
            "method": "POST",
            "url": signed.url,
            "content_type": oauth1::FORM_CONTENT_TYPE,
            "fields": signed.fields,
            "body": body,
            "base_string": e.base_string,
            "signing_key": e.signing_key,
            "signature": e.signature,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "POST {}\nContent-Type: {}\n\n{body}",
            signed.url,
            oauth1::FORM_CONTENT_TYPE
        );
    }
    Ok(())
}

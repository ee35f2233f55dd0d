//! `oauth-playground jwt decode` and `jwt verify`: a JWS taken apart (RFC 7515 §7.1), and an
//! id_token checked against a JWKS (OIDC Core §3.1.3.7), every check reported on its own.
//! The rules are the protocol crate's (`oauth2::jwt`); this module fetches and prints.

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Args, Subcommand};
use oauth2::jwks::{JwkSet, parse_jwks};
use oauth2::jwt::native::NativeVerifier;
use oauth2::jwt::{Alg, CheckOutcome, IdTokenExpectation, IdTokenReport, Jws, validate_id_token, verify_jws};
use oauth2::{HttpRequest, Secret};

use crate::http::HttpClient;
use crate::oauth2::client::{OutputArgs, now_secs};
use crate::oauth2::exchange;
use crate::terminal::printable_text;

#[derive(Args, Debug)]
pub struct JwtArgs {
    #[command(subcommand)]
    pub command: JwtCommand,
}

#[derive(Subcommand, Debug)]
pub enum JwtCommand {
    /// Print a JWT's header and claims (no signature check).
    Decode {
        /// The compact JWS (an id_token or a JWT access token).
        token: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Check an id_token's signature against a JWKS and its claims; exits 1 when any check fails.
    Verify(VerifyArgs),
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The compact JWS.
    pub token: String,
    /// The JWKS: an http(s) URL (the server's jwks_uri) or a file.
    #[arg(long, value_name = "URL|FILE")]
    pub jwks: String,
    /// The issuer `iss` must equal (unchecked when not given).
    #[arg(long, value_name = "ISS")]
    pub iss: Option<String>,
    /// The client id `aud` must contain, and `azp` name (unchecked when not given).
    #[arg(long, value_name = "AUD")]
    pub aud: Option<String>,
    /// The nonce the authorization request sent.
    #[arg(long, value_name = "N")]
    pub nonce: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: &JwtArgs) -> Result<ExitCode> {
    match &args.command {
        JwtCommand::Decode { token, out } => decode(token, *out).map(|()| ExitCode::SUCCESS),
        JwtCommand::Verify(v) => verify(v),
    }
}

fn decode(token: &str, out: OutputArgs) -> Result<()> {
    let jws = Jws::decode(token)?;
    if out.explain {
        eprintln!(
            "Signing input (what the signature covers): {} bytes; signature: {} bytes; alg {}",
            jws.signing_input.len(),
            jws.signature.len(),
            printable_text(&jws.header.alg)
        );
    }
    if out.json {
        println!("{}", serde_json::to_string_pretty(&decoded_json(&jws))?);
    } else {
        print!("{}", decoded_text(&jws)?);
    }
    Ok(())
}

fn decoded_json(jws: &Jws) -> serde_json::Value {
    serde_json::json!({ "header": jws.header.members, "claims": jws.claims })
}

fn decoded_text(jws: &Jws) -> Result<String> {
    let claims = match &jws.claims {
        Some(c) => serde_json::to_string_pretty(c)?,
        None => format!("(not JSON: {} bytes)", jws.payload.len()),
    };
    let text = format!(
        "Header:\n{}\nClaims:\n{claims}\n",
        serde_json::to_string_pretty(&jws.header.members)?
    );
    Ok(printable_text(&text).into_owned())
}

fn verify(args: &VerifyArgs) -> Result<ExitCode> {
    let jws = Jws::decode(&args.token)?;
    let keys = load_jwks(&args.jwks, args.out.explain)?;
    let mut expect = IdTokenExpectation::new(
        args.iss.as_deref().unwrap_or_default(),
        args.aud.as_deref().unwrap_or_default(),
        i64::try_from(now_secs()?).unwrap_or(i64::MAX),
    );
    expect.nonce = args.nonce.clone();
    let mut report = check_id_token(&jws, &keys, &expect);
    // What the user did not ask about is not a failure.
    skip_unasked(&mut report, "iss", args.iss.is_none(), "no --iss given");
    skip_unasked(&mut report, "aud", args.aud.is_none(), "no --aud given");
    skip_unasked(&mut report, "azp", args.aud.is_none(), "no --aud given");
    if args.out.json {
        let mut v = decoded_json(&jws);
        v["ok"] = report.ok().into();
        v["checks"] = serde_json::to_value(&report.checks)?;
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        if args.out.explain {
            eprint!("{}", decoded_text(&jws)?);
        }
        print!("{}", printable_text(&report.to_string()));
        println!("{}", if report.ok() { "valid" } else { "INVALID" });
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn skip_unasked(report: &mut IdTokenReport, name: &str, unasked: bool, why: &str) {
    if !unasked {
        return;
    }
    for c in report.checks.iter_mut().filter(|c| c.name == name) {
        c.outcome = CheckOutcome::Skipped;
        c.detail = format!("{}; {why}", c.detail);
    }
}

/// The signature (asymmetric algorithms only: an HS* id_token needs the client secret)
/// and the claims.
pub fn check_id_token(jws: &Jws, keys: &JwkSet, expect: &IdTokenExpectation) -> IdTokenReport {
    let signature = verify_jws(jws, &keys.keys, Alg::ASYMMETRIC, &NativeVerifier);
    validate_id_token(jws, &signature, expect)
}

/// An http(s) URL is fetched (scheme-checked by the protocol crate); anything else is a file.
pub fn load_jwks(source: &str, explain: bool) -> Result<JwkSet> {
    let body = if source.starts_with("http://") || source.starts_with("https://") {
        fetch_jwks(&HttpClient::new()?, source, explain)?
    } else {
        std::fs::read(source).with_context(|| format!("could not read the JWKS file {source}"))?
    };
    let set = parse_jwks(&body)?;
    for note in &set.notes {
        eprintln!("note: {}", printable_text(note));
    }
    Ok(set)
}

pub fn fetch_jwks(http: &HttpClient, url: &str, explain: bool) -> Result<Vec<u8>> {
    let request = HttpRequest {
        method: "GET".into(),
        url: oauth2::http::parse_url(url)?.into(),
        headers: vec![("Accept".into(), "application/json".into())],
        body: String::new(),
    };
    let response = exchange::send(http, &request, explain)?;
    if !response.ok() {
        return Err(anyhow!(
            "the JWKS at {url} answered {}",
            printable_text(&response.status_line())
        ));
    }
    Ok(response.body)
}

/// The claim `sub` of a token already checked, for the token store's identity.
pub fn subject(id_token: &Secret) -> Option<String> {
    let jws = Jws::decode(id_token.expose()).ok()?;
    jws.claims?.get("sub")?.as_str().map(str::to_owned)
}

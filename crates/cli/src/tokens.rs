//! `oauth-playground tokens add|list|remove`: the token file by hand. `add` saves token
//! credentials obtained elsewhere, checked by the engine's one rule
//! ([`engine::added_token`]) and saved by the store's upsert rule; its secrets come from
//! the environment or a no-echo prompt, never from the command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand};
use engine::added_token::AddedToken;
use oauth1::Secret;
use serde_json::{Map, Value};
use token_store::{Document, Entry, mask};

use crate::request::{ENV_CONSUMER_SECRET, read_rsa_key};
use crate::terminal::printable_line;
use crate::token_file::{self, resolve_path};

pub const ENV_TOKEN_SECRET: &str = "OAUTH_TOKEN_SECRET";

#[derive(Args, Debug)]
pub struct TokensArgs {
    #[command(subcommand)]
    pub command: TokensCommand,
    /// Token file (default: $OAUTH_PLAYGROUND_TOKENS, else ~/.config/oauth-playground/tokens.json).
    #[arg(long, value_name = "FILE", global = true)]
    pub tokens: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum TokensCommand {
    /// Save a token obtained elsewhere. Secrets: $OAUTH_CONSUMER_SECRET and
    /// $OAUTH_TOKEN_SECRET, else asked for (no echo) on a terminal.
    Add(AddArgs),
    /// List the saved tokens, secrets masked.
    List {
        /// JSON instead of text (secrets still masked).
        #[arg(long)]
        json: bool,
    },
    /// Remove a token, by name or id.
    Remove {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Args, Debug)]
pub struct AddArgs {
    #[arg(long)]
    pub consumer_key: String,
    /// The access token (the secret is read from $OAUTH_TOKEN_SECRET or a prompt).
    #[arg(long)]
    pub token: String,
    /// The API's base URL, absolute http(s), e.g. https://shop.example/rest/V1.
    #[arg(long, value_name = "URL")]
    pub base_url: String,
    /// HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512 or PLAINTEXT.
    #[arg(long, default_value = "HMAC-SHA1")]
    pub signature_method: String,
    /// realm for the Authorization header.
    #[arg(long)]
    pub realm: Option<String>,
    /// PEM file with the consumer's RSA private key, for RSA-*.
    #[arg(long, value_name = "FILE")]
    pub rsa_key: Option<PathBuf>,
    /// Name to save the token under (default: "HOST token", HOST of the base URL).
    #[arg(long)]
    pub name: Option<String>,
}

pub fn run(args: &TokensArgs) -> Result<()> {
    let path = resolve_path(args.tokens.as_deref())?;
    match &args.command {
        TokensCommand::Add(add) => run_add(add, &path),
        TokensCommand::List { json } => {
            let file = token_file::load(&path)?;
            let mut out = std::io::stdout().lock();
            if *json {
                let list: Vec<Value> = file.tokens.iter().map(|e| listed(&file, e)).collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
            } else {
                out.write_all(list_text(&file).as_bytes())?;
            }
            Ok(())
        }
        TokensCommand::Remove { name } => {
            let removed = token_file::update(&path, |file| {
                let id = token_file::select(file, Some(name))?.id.clone();
                file.remove(&id)
                    .ok_or_else(|| anyhow!("no token with the id {id:?}"))
            })??;
            eprintln!(
                "Removed the token {:?} (id {}) from {}.",
                printable_line(&removed.name),
                printable_line(&removed.id),
                path.display()
            );
            Ok(())
        }
    }
}

fn run_add(args: &AddArgs, path: &std::path::Path) -> Result<()> {
    let mut form = AddedToken {
        name: args.name.clone().unwrap_or_default(),
        consumer_key: args.consumer_key.clone(),
        token: args.token.clone(),
        signature_method: args.signature_method.clone(),
        rsa_private_key: args
            .rsa_key
            .as_deref()
            .map(read_rsa_key)
            .transpose()?
            .map(Secret::new),
        realm: args.realm.clone().unwrap_or_default(),
        base_url: args.base_url.clone(),
        ..AddedToken::default()
    };
    let method = form.method()?;
    // RSA-SHA* signs with the key alone: its secrets are not asked for, only taken if given.
    form.consumer_secret = secret(ENV_CONSUMER_SECRET, "Consumer secret", !method.is_rsa())?;
    form.token_secret = secret(ENV_TOKEN_SECRET, "Token secret", !method.is_rsa())?;
    let created = std::time::SystemTime::now();
    let entry = form.entry(
        &humantime::format_rfc3339_millis(created).to_string(),
        token_file::millis(created)?,
    )?;
    // Read (and refused if broken) under the lock, so nothing is lost to a concurrent save.
    let wanted = entry.name.clone();
    let saved_as = token_file::upsert(path, entry)?;
    eprintln!(
        "{}",
        token_file::saved_note("Token", &args.token, &saved_as, &wanted, path)
    );
    Ok(())
}

/// `$VAR` when set and not empty, else a no-echo prompt on a terminal; `needed`: without
/// either it is an error, else empty.
fn secret(var: &str, what: &str, needed: bool) -> Result<Secret> {
    if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        let v = v
            .into_string()
            .map_err(|_| anyhow!("${var} is not valid UTF-8"))?;
        return Ok(Secret::new(v));
    }
    if !needed {
        return Ok(Secret::default());
    }
    ask(what, &format!("${var}"))
}

/// The secret `what` typed at a no-echo prompt when stdin is a terminal; else an error
/// that says to give it with `where_else`.
pub fn ask(what: &str, where_else: &str) -> Result<Secret> {
    let lower = what.to_lowercase();
    if !std::io::stdin().is_terminal() {
        bail!("the {lower} is not set: give it in {where_else} (or run in a terminal to be asked)");
    }
    let typed = rpassword::prompt_password(format!("{what} (not shown): "))
        .with_context(|| format!("could not read the {lower}"))?;
    Ok(Secret::new(typed))
}

/// One entry as listed: its fields (in name order), `current` added, and every field
/// the store leaves out of a shareable export ([`Entry::without_secrets`]) masked.
pub fn listed(file: &Document, entry: &Entry) -> Value {
    let full = serde_json::to_value(entry).unwrap_or_default();
    let shareable = serde_json::to_value(entry.without_secrets()).unwrap_or_default();
    let mut out = masked(&full, &shareable);
    if let Value::Object(m) = &mut out {
        let current = file.current.as_deref() == Some(entry.id.as_str());
        m.insert("current".into(), Value::Bool(current));
    }
    out
}

/// `full`, with what `shareable` lacks or changed masked (a string by [`mask`], anything
/// else as `"[hidden]"`), recursing into objects both have.
fn masked(full: &Value, shareable: &Value) -> Value {
    match (full, shareable) {
        (Value::Object(f), Value::Object(s)) => Value::Object(
            f.iter()
                .map(|(k, v)| {
                    let kept = match s.get(k) {
                        Some(same) if same == v => v.clone(),
                        Some(other @ Value::Object(_)) => masked(v, other),
                        _ => hidden(v),
                    };
                    (k.clone(), kept)
                })
                .collect::<Map<_, _>>(),
        ),
        (f, s) if f == s => f.clone(),
        (f, _) => hidden(f),
    }
}

fn hidden(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(mask(s)),
        Value::Null => Value::Null,
        _ => Value::String("[hidden]".into()),
    }
}

/// The text listing: per token its name (and whether it is current), then one
/// `field value` line per field, nested fields as `endpoints.api`. File text is escaped.
fn list_text(file: &Document) -> String {
    if file.tokens.is_empty() {
        return "No tokens saved.\n".into();
    }
    let mut out = String::new();
    for entry in &file.tokens {
        let v = listed(file, entry);
        let current = v.get("current").and_then(Value::as_bool).unwrap_or(false);
        out.push_str(&format!(
            "{}{}\n",
            printable_line(&entry.name),
            if current { " (current)" } else { "" }
        ));
        if let Value::Object(m) = &v {
            let mut lines = Vec::new();
            flatten("", m, &mut lines);
            let width = lines.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
            for (k, value) in lines {
                out.push_str(&format!(
                    "  {:width$}  {}\n",
                    printable_line(&k),
                    printable_line(&value)
                ));
            }
        }
    }
    out
}

fn flatten(prefix: &str, m: &Map<String, Value>, lines: &mut Vec<(String, String)>) {
    for (k, v) in m {
        if matches!(k.as_str(), "name" | "current") && prefix.is_empty() {
            continue;
        }
        let key = format!("{prefix}{k}");
        match v {
            Value::Object(inner) => flatten(&format!("{key}."), inner, lines),
            // A URL from the file is printed only when it is http(s), by the rule every
            // leg checks it with (a `javascript:` or `file:` text is not echoed).
            Value::String(s) if prefix.starts_with("endpoints.") => {
                let shown = match oauth1::uri::parse_url(s) {
                    Ok(_) => s.clone(),
                    Err(_) => "[not an http(s) URL; not shown]".into(),
                };
                lines.push((key, shown));
            }
            Value::String(s) => lines.push((key, s.clone())),
            Value::Null => {}
            other => lines.push((key, other.to_string())),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn listing_masks_what_an_export_leaves_out() {
        let text = r#"{"schema":"oauth-playground/tokens","version":2,"current":"a","tokens":[
            {"id":"a","name":"Shop","provider":"shop.example","created":"c","protocol":"oauth1",
             "consumer_key":"ck","consumer_secret":"cs-secret","token":"tk","token_secret":"ts",
             "signature_method":"HMAC-SHA1","scopes":"","extra":[],"endpoints":{"api":"https://shop.example/","request_token":"javascript:alert(1)"},
             "x-note":"kept?"}]}"#;
        let file = Document::parse(text).unwrap();
        let v = listed(&file, &file.tokens[0]);
        assert_eq!(v["consumer_secret"], "•••••••••");
        assert_eq!(v["token_secret"], "••");
        assert_eq!(v["token"], "tk");
        assert_eq!(v["x-note"], "•••••");
        assert_eq!(v["endpoints"]["api"], "https://shop.example/");
        assert_eq!(v["current"], true);
        let expected: String = [
            "Shop (current)\n",
            "  consumer_key             ck\n",
            "  consumer_secret          •••••••••\n",
            "  created                  c\n",
            "  endpoints.api            https://shop.example/\n",
            "  endpoints.request_token  [not an http(s) URL; not shown]\n",
            "  extra                    []\n",
            "  id                       a\n",
            "  protocol                 oauth1\n",
            "  provider                 shop.example\n",
            "  scopes                   \n",
            "  signature_method         HMAC-SHA1\n",
            "  token                    tk\n",
            "  token_secret             ••\n",
            "  x-note                   •••••\n",
        ]
        .concat();
        assert_eq!(list_text(&file), expected);
    }
}

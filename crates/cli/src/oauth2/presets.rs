//! Known providers (`oauth2 presets`, and `--preset` on `login`), from the one list in the
//! protocol crate (`oauth2::presets`) that the app uses too.

use anyhow::{Result, anyhow};
use clap::Args;
use oauth2::presets::{self, Endpoints, PRESETS, Preset, Resolved};
use serde_json::json;

use super::client::OutputArgs;
use crate::param::parse_param;

/// `--preset` and the values its placeholders need.
#[derive(Args, Debug, Clone)]
pub struct PresetArgs {
    /// A known provider (`oauth2 presets` lists them): its issuer or endpoints, unless the
    /// flags give them.
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,
    /// A value the preset's URLs need (tenant=…, domain=…, realm=…). Repeatable.
    #[arg(long = "preset-value", value_name = "NAME=VALUE", value_parser = parse_param, requires = "preset")]
    pub values: Vec<(String, String)>,
}

/// The server a command talks to: `--issuer`, else the endpoint flags, else the preset's;
/// the scope to ask for: `--scope`, else the preset's; and the preset's authorization
/// request parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Server {
    pub issuer: Option<String>,
    pub authorize_url: Option<String>,
    pub token_url: Option<String>,
    pub scope: Option<String>,
    pub params: Vec<(String, String)>,
}

impl Server {
    /// The authorization request's extra parameters: the preset's, each unless `given`
    /// (`--param`) names it too, then `given`.
    pub fn authorize_params(&self, given: &[(String, String)]) -> Vec<(String, String)> {
        let kept = self
            .params
            .iter()
            .filter(|(n, _)| !given.iter().any(|(g, _)| g == n));
        kept.chain(given).cloned().collect()
    }
}

impl PresetArgs {
    /// The preset's server with `flags` taking precedence; its notes go to stderr, where a
    /// learner sees them before the browser opens.
    pub fn server(&self, flags: Server) -> Result<Server> {
        let Some(id) = &self.preset else {
            return Ok(flags);
        };
        let preset = find(id)?;
        let values: Vec<(&str, &str)> = self
            .values
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        for (name, _) in &values {
            if !preset.placeholders.iter().any(|p| p.name == *name) {
                return Err(anyhow!(
                    "the preset {id} takes no value {name:?}; it takes: {}",
                    placeholder_names(preset)
                ));
            }
        }
        for note in preset.notes {
            eprintln!("{}: {note}", preset.name);
        }
        let resolved = preset.resolve(&values)?;
        let flags = Server {
            scope: flags.scope.or_else(|| Some(preset.scope.to_owned())),
            params: preset
                .authorize_params
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            ..flags
        };
        Ok(match resolved {
            _ if flags.issuer.is_some() || flags.authorize_url.is_some() => flags,
            Resolved::Discovered { issuer, .. } => Server {
                issuer: Some(issuer),
                ..flags
            },
            Resolved::Fixed {
                authorization, token, ..
            } => Server {
                authorize_url: Some(authorization),
                token_url: flags.token_url.or(Some(token)),
                ..flags
            },
        })
    }
}

fn find(id: &str) -> Result<&'static Preset> {
    presets::find(id).ok_or_else(|| {
        let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
        anyhow!("there is no preset {id:?}; the presets are {}", ids.join(", "))
    })
}

fn placeholder_names(p: &Preset) -> String {
    if p.placeholders.is_empty() {
        return "none".into();
    }
    let names: Vec<&str> = p.placeholders.iter().map(|p| p.name).collect();
    names.join(", ")
}

#[derive(Args, Debug)]
pub struct PresetsArgs {
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `oauth2 presets`: every known provider, with where its facts come from.
pub fn list(args: &PresetsArgs) -> Result<()> {
    if args.out.json {
        let all: Vec<_> = PRESETS.iter().map(preset_json).collect();
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    for p in PRESETS {
        println!("{}  {}", p.id, p.name);
        match p.endpoints {
            Endpoints::Discovered { issuer, .. } => println!("  issuer: {issuer} (endpoints by discovery)"),
            Endpoints::Fixed {
                authorization, token, ..
            } => println!("  authorize: {authorization}\n  token: {token}"),
        }
        for ph in p.placeholders {
            println!(
                "  --preset-value {}=…  {} (e.g. {})",
                ph.name, ph.label, ph.example
            );
        }
        println!("  scope: {}\n  browser: {}", p.scope, p.token_cors.browser());
        for (n, v) in p.authorize_params {
            println!("  authorization parameter: {n}={v}");
        }
        for n in p.notes {
            println!("  note: {n}");
        }
        println!("  source: {}", p.source);
        for u in p.unverified {
            println!("  unverified: {u}");
        }
    }
    Ok(())
}

fn preset_json(p: &Preset) -> serde_json::Value {
    let endpoints = match p.endpoints {
        Endpoints::Discovered { issuer, .. } => json!({ "issuer": issuer }),
        Endpoints::Fixed {
            authorization,
            token,
            device_authorization,
            revocation,
        } => json!({
            "authorization_endpoint": authorization,
            "token_endpoint": token,
            "device_authorization_endpoint": device_authorization,
            "revocation_endpoint": revocation,
        }),
    };
    let placeholders: Vec<_> = p
        .placeholders
        .iter()
        .map(|ph| json!({ "name": ph.name, "label": ph.label, "example": ph.example }))
        .collect();
    json!({
        "id": p.id,
        "name": p.name,
        "endpoints": endpoints,
        "placeholders": placeholders,
        "scope": p.scope,
        "authorize_params": p.authorize_params.iter().map(|(n, v)| json!({ "name": n, "value": v })).collect::<Vec<_>>(),
        "browser": p.token_cors.browser(),
        "notes": p.notes,
        "source": p.source,
        "unverified": p.unverified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(n: &str, v: &str) -> (String, String) {
        (n.to_owned(), v.to_owned())
    }

    #[test]
    fn the_preset_adds_its_parameters_unless_a_flag_names_them() {
        let args = PresetArgs {
            preset: Some("google".into()),
            values: vec![],
        };
        let server = args.server(Server::default()).unwrap();
        assert_eq!(server.issuer.as_deref(), Some("https://accounts.google.com"));
        assert_eq!(
            server.authorize_params(&[]),
            [pair("access_type", "offline"), pair("prompt", "consent")]
        );
        assert_eq!(
            server.authorize_params(&[pair("prompt", "select_account"), pair("login_hint", "a@b")]),
            [
                pair("access_type", "offline"),
                pair("prompt", "select_account"),
                pair("login_hint", "a@b")
            ]
        );
        assert_eq!(
            Server::default().authorize_params(&[pair("a", "1")]),
            [pair("a", "1")]
        );
    }
}

//! The configuration panel's provider picker: the served sandbox, the protocol crate's
//! presets (`oauth2::presets`, the list the CLI's `--preset` reads too) and Custom. A
//! preset fills the issuer (discovery then fills the endpoints) or its fixed endpoints,
//! its scope, its authorization request parameters, and the relay and Origin choices its
//! token endpoint's CORS rule asks for.

use oauth2::discovery::{WellKnown, well_known_url};
use oauth2::presets::{self, Endpoints, PRESETS, Preset, Resolved, TokenCors};

use super::config::Config;

/// The picker's value for the served sandbox (`Config::sandbox`).
pub const SANDBOX: &str = "sandbox";
/// The picker's value for a configuration typed by hand (`Config::preset` empty).
pub const CUSTOM: &str = "custom";

/// The picker's options, `(value, text)`: the sandbox only when `serve` announced one.
pub fn options(served: bool) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::with_capacity(PRESETS.len() + 2);
    if served {
        out.push((SANDBOX, "Local sandbox (oauth-playground serve)"));
    }
    out.extend(PRESETS.iter().map(|p| (p.id, p.name)));
    out.push((CUSTOM, "Custom"));
    out
}

/// The option `config` is at: its preset, else Custom.
pub fn chosen(config: &Config) -> &str {
    match config.preset.as_str() {
        SANDBOX => SANDBOX,
        id if presets::find(id).is_some() => id,
        _ => CUSTOM,
    }
}

/// The configuration after picking `id`: the served `sandbox`'s; Custom keeps what is
/// typed; a preset starts afresh (another provider's client id and secret would be
/// wrong there), with its scope, its authorization parameters and its CORS rule's relay
/// and Origin choices, and its
/// endpoints filled at once when it needs no values. Unknown ids change nothing.
pub fn choose(config: &Config, id: &str, sandbox: Option<&Config>) -> Config {
    match (id, sandbox) {
        (SANDBOX, Some(s)) => s.clone(),
        (CUSTOM, _) => Config {
            preset: String::new(),
            ..config.clone()
        },
        _ => match presets::find(id) {
            Some(p) => {
                let fresh = Config {
                    preset: p.id.into(),
                    scope: p.scope.into(),
                    authorize_params: p.authorize_query(),
                    relay: p.token_cors == TokenCors::None,
                    // Entra ID redeems "spa" codes only with the page's Origin (AADSTS9002327):
                    // the relay must pass it on whenever it is used.
                    forward_origin: p.token_cors == TokenCors::SpaOnly,
                    auth_method: config.auth_method.clone(),
                    ..Config::default()
                };
                if p.placeholders.is_empty() {
                    fill(&fresh, p, &[]).unwrap_or(fresh)
                } else {
                    fresh
                }
            }
            None => config.clone(),
        },
    }
}

/// A placeholder's value refused: its name (the field to show it under) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub name: &'static str,
    pub why: String,
}

/// `config` with `preset`'s issuer or endpoints, its placeholders filled from `values`
/// (checked by the crate's `Part` rules, so a value cannot move the URL to another host
/// or path). A new issuer clears the endpoints: the old ones were another server's.
pub fn fill(config: &Config, preset: &Preset, values: &[(&str, &str)]) -> Result<Config, Refused> {
    let resolved = preset.resolve(values).map_err(|e| Refused {
        name: match &e {
            oauth2::Error::InvalidValue { what, .. } => what,
            _ => "",
        },
        why: e.to_string(),
    })?;
    let mut c = config.clone();
    match resolved {
        Resolved::Discovered { issuer, .. } => {
            if c.issuer != issuer {
                c = Config {
                    issuer,
                    ..keep_client(&c)
                };
            }
        }
        Resolved::Fixed {
            authorization,
            token,
            device_authorization,
            revocation,
        } => {
            c = Config {
                authorization_endpoint: authorization,
                token_endpoint: token,
                device_authorization_endpoint: device_authorization.unwrap_or_default(),
                revocation_endpoint: revocation.unwrap_or_default(),
                ..keep_client(&c)
            };
        }
    }
    Ok(c)
}

/// What stays when the server changes: the client and the choices, not the endpoints.
fn keep_client(c: &Config) -> Config {
    Config {
        client_id: c.client_id.clone(),
        client_secret: c.client_secret.clone(),
        auth_method: c.auth_method.clone(),
        scope: c.scope.clone(),
        authorize_params: c.authorize_params.clone(),
        relay: c.relay,
        forward_origin: c.forward_origin,
        preset: c.preset.clone(),
        redirect_uri: c.redirect_uri.clone(),
        ..Config::default()
    }
}

/// The metadata documents to try for the issuer, in order: the preset's kind first, else
/// OpenID Connect's then RFC 8414's (as the CLI's `oauth2 discover` does).
pub fn discovery_urls(config: &Config) -> Result<Vec<String>, String> {
    let issuer = config.issuer.trim();
    if issuer.is_empty() {
        return Err("Give the issuer first: discovery reads its metadata.".into());
    }
    let first = match presets::find(&config.preset).map(|p| p.endpoints) {
        Some(Endpoints::Discovered { well_known, .. }) => well_known,
        _ => WellKnown::OpenId,
    };
    let second = match first {
        WellKnown::OpenId => WellKnown::OAuth,
        WellKnown::OAuth => WellKnown::OpenId,
    };
    [first, second]
        .into_iter()
        .map(|k| well_known_url(issuer, k).map_err(|e| format!("Discovery refused the issuer: {e}")))
        .collect()
}

/// What a learner should know of a preset, for the panel: notes, the source as a link only
/// when it is http(s), the unverified facts, and the browser's view of its token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    pub name: &'static str,
    pub notes: &'static [&'static str],
    /// `Ok`: the checked link; `Err`: the text, shown unlinked.
    pub source: Result<String, &'static str>,
    pub unverified: &'static [&'static str],
    pub browser: &'static str,
}

pub fn about(id: &str) -> Option<About> {
    let p = presets::find(id)?;
    Some(About {
        name: p.name,
        notes: p.notes,
        source: crate::state::safe_url::navigable(p.source).map_err(|_| p.source),
        unverified: p.unverified,
        browser: p.token_cors.browser(),
    })
}

#[cfg(test)]
#[path = "preset_tests.rs"]
mod tests;

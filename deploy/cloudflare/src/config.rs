//! The Worker's settings, from its environment (wrangler.toml `[vars]`, or the dashboard):
//! the same settings as the native relay's flags, by other names.

use relay_policy::gate::Callers;
use relay_policy::protocol::BodyCaps;
use relay_policy::{AllowedTarget, Policy};

/// The variables, and the flag each stands for.
pub const ALLOWED_ORIGINS: &str = "ALLOWED_ORIGINS"; // --allow-origin
pub const ALLOW_NO_ORIGIN: &str = "ALLOW_NO_ORIGIN"; // --allow-no-origin
pub const ALLOWED_TARGETS: &str = "ALLOWED_TARGETS"; // --allow-target
pub const MAX_REQUEST_BYTES: &str = "MAX_REQUEST_BYTES"; // --max-request-bytes
pub const MAX_RESPONSE_BYTES: &str = "MAX_RESPONSE_BYTES"; // --max-response-bytes
pub const TIMEOUT_MS: &str = "TIMEOUT_MS"; // --timeout
const DEFAULT_TIMEOUT_MS: u64 = 30_000;

pub struct Config {
    pub policy: Policy,
    pub callers: Callers,
    pub caps: BodyCaps,
    pub timeout_ms: u64,
}

/// Reads the settings with `var` (a variable's value, `None` when unset). A setting that
/// does not parse is an error naming it: the Worker answers 500 until it is fixed, rather
/// than running with a policy its operator did not mean.
pub fn read(var: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
    let list = |name: &str| -> Vec<String> {
        var(name)
            .unwrap_or_default()
            .split([',', ' ', '\n', '\t'])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let origins = list(ALLOWED_ORIGINS)
        .iter()
        .map(|o| relay_policy::cors::parse_origin(o).map_err(|e| format!("{ALLOWED_ORIGINS}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    if origins.is_empty() {
        return Err(format!(
            "{ALLOWED_ORIGINS} is not set: name the exact origin of the page that calls this relay \
             (e.g. https://someone.github.io) in wrangler.toml [vars]"
        ));
    }
    let targets = list(ALLOWED_TARGETS)
        .iter()
        .map(|t| {
            t.parse::<AllowedTarget>()
                .map_err(|e| format!("{ALLOWED_TARGETS}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let number = |name: &str, default: u64| -> Result<u64, String> {
        match var(name).filter(|v| !v.trim().is_empty()) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse()
                .map_err(|_| format!("{name}: {v:?} is not a whole number")),
        }
    };
    let defaults = BodyCaps::default();
    let caps = BodyCaps {
        max_request_bytes: usize::try_from(number(MAX_REQUEST_BYTES, defaults.max_request_bytes as u64)?)
            .map_err(|e| format!("{MAX_REQUEST_BYTES}: {e}"))?,
        max_response_bytes: usize::try_from(number(MAX_RESPONSE_BYTES, defaults.max_response_bytes as u64)?)
            .map_err(|e| format!("{MAX_RESPONSE_BYTES}: {e}"))?,
    };
    let allow_no_origin = match var(ALLOW_NO_ORIGIN).as_deref().map(str::trim) {
        None | Some("" | "false" | "0") => false,
        Some("true" | "1") => true,
        Some(v) => return Err(format!("{ALLOW_NO_ORIGIN}: {v:?} is not true or false")),
    };
    Ok(Config {
        // No loopback switch: on the edge, loopback is the edge's own machine.
        policy: Policy {
            allow_loopback: false,
            allow_targets: targets,
        },
        callers: Callers {
            allowed: origins,
            // The Worker serves no pages of its own.
            same_origin: false,
            allow_no_origin,
        },
        caps,
        timeout_ms: number(TIMEOUT_MS, DEFAULT_TIMEOUT_MS)?,
    })
}

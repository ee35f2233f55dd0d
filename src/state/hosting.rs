//! Where the page is hosted: `oauth-playground serve` answers `GET playground.json`;
//! a static host answers 404 (or an HTML error page), which means "no relay, no sandbox".

use super::json::{Map, Value, parse};

use super::presets::SandboxInfo;

/// The configuration's folded line on a first visit while the host has not answered yet
/// (both pages show no form until then).
pub const ASKING_SUMMARY: &str = "Configuration (asking this host what it serves…)";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hosting {
    /// `None`: hosted statically (no playground.json, or an unreadable one).
    pub relay_template: Option<String>,
    pub sandbox: Option<SandboxInfo>,
    /// Still asking.
    pub probing: bool,
}

impl Hosting {
    pub fn served(&self) -> bool {
        self.relay_template.is_some() || self.sandbox.is_some()
    }
}

/// Reads `playground.json` defensively: field names in snake or camel case, anything
/// missing or malformed simply absent. `None` when the body is not a JSON object.
pub fn parse_playground_json(body: &str) -> Option<Hosting> {
    let v = parse(body).ok()?;
    let obj = v.as_object()?;
    let text = |o: &Map, names: &[&str]| {
        names
            .iter()
            .find_map(|n| o.get(n).and_then(Value::as_str))
            .map(str::to_owned)
    };
    let relay_template =
        text(obj, &["relay", "relay_template", "relayTemplate"]).filter(|t| t.contains("{url}"));
    let sandbox = obj.get("sandbox").and_then(Value::as_object).and_then(|s| {
        Some(SandboxInfo {
            base: text(s, &["base", "base_url", "baseUrl"])?,
            consumer_key: text(s, &["consumer_key", "consumerKey"]).unwrap_or_default(),
            consumer_secret: text(s, &["consumer_secret", "consumerSecret"]).unwrap_or_default(),
            rsa_consumer_key: text(s, &["rsa_consumer_key", "rsaConsumerKey"]).unwrap_or_default(),
            rsa_private_key: text(s, &["rsa_private_key", "rsaPrivateKey"]).unwrap_or_default(),
        })
    });
    Some(Hosting {
        relay_template,
        sandbox,
        probing: false,
    })
}

/// Makes a path (`/sandbox`, `/relay?url=…`) absolute with the page's origin: the sandbox's
/// base and a same-origin relay template (`state::safe_url`).
pub fn absolute_base(base: &str, origin: &str) -> String {
    if base.starts_with('/') {
        format!("{}{}", origin.trim_end_matches('/'), base)
    } else {
        base.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_announced_relay_and_sandbox() {
        let h = parse_playground_json(
            r#"{"relay": "/relay?url={url}", "sandbox": {"base": "http://127.0.0.1:8080/sandbox",
                "consumer_key": "playground-demo-key", "consumerSecret": "playground-demo-secret"}}"#,
        )
        .unwrap();
        assert!(h.served());
        assert_eq!(h.relay_template.as_deref(), Some("/relay?url={url}"));
        let s = h.sandbox.unwrap();
        assert_eq!(s.consumer_secret, "playground-demo-secret");
        assert!(s.rsa_private_key.is_empty());
    }

    #[test]
    fn static_hosts_and_garbage_mean_not_served() {
        assert_eq!(parse_playground_json("<!doctype html><h1>404</h1>"), None);
        assert_eq!(parse_playground_json("[1,2]"), None);
        let h = parse_playground_json(r#"{"relay": 5, "sandbox": {"nobase": 1}}"#).unwrap();
        assert!(!h.served());
    }

    #[test]
    fn resolves_path_bases() {
        assert_eq!(
            absolute_base("/sandbox", "http://localhost:8080"),
            "http://localhost:8080/sandbox"
        );
        assert_eq!(absolute_base("http://a/sandbox", "http://b"), "http://a/sandbox");
    }
}

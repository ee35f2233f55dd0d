//! What opening a `#config=` link would change, setting by setting, so the page asks
//! before applying it: a link can point the relay at someone else's server (which then
//! sees every signed request) or switch the signature method to PLAINTEXT.

use oauth1::SignatureMethod;

use super::config::{Config, RelayMode};
use super::presets;

/// One setting the link would change, as the form names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub setting: &'static str,
    pub now: String,
    pub link: String,
}

const EMPTY: &str = "(empty)";

/// A setting as the form names it, how to read it, and whether it is a secret.
type Setting = (&'static str, fn(&Config) -> &str, bool);

fn yes_no(on: bool) -> &'static str {
    if on { "yes" } else { "no" }
}

/// In the order the review lists them: first what decides where requests and the user go.
const SETTINGS: [Setting; 25] = [
    ("Request token URL", |c| &c.request_token_url, false),
    ("Authorize URL", |c| &c.authorize_url, false),
    ("Access token URL", |c| &c.access_token_url, false),
    ("Relay", |c| c.relay.label(), false),
    ("Relay URL template", |c| &c.relay_template, false),
    ("Signature method", |c| c.signature_method.as_str(), false),
    ("Callback", |c| c.callback.label(), false),
    ("Custom callback URL", |c| &c.custom_callback, false),
    ("Protected resource URL", |c| &c.resource_url, false),
    ("Provider", |c| presets::info_of(c.provider).label, false),
    ("Consumer key", |c| &c.consumer_key, false),
    ("Consumer secret", |c| &c.consumer_secret, true),
    ("RSA private key", |c| &c.rsa_private_key, true),
    ("Request token method", |c| &c.request_token_method, false),
    ("Access token method", |c| &c.access_token_method, false),
    ("Protected resource method", |c| &c.resource_method, false),
    (
        "Extra parameters (request token)",
        |c| &c.request_token_params,
        false,
    ),
    ("Extra parameters (authorize)", |c| &c.authorize_params, false),
    (
        "Extra parameters (access token)",
        |c| &c.access_token_params,
        false,
    ),
    (
        "Extra parameters (protected resource)",
        |c| &c.resource_params,
        false,
    ),
    ("Realm", |c| &c.realm, false),
    ("Parameter placement", |c| c.placement.as_str(), false),
    ("Send oauth_version", |c| yes_no(c.send_version), false),
    ("Send empty oauth_token", |c| yes_no(c.send_empty_token), false),
    ("User-Agent", |c| &c.user_agent, false),
];

fn shown(value: &str) -> &str {
    if value.trim().is_empty() { EMPTY } else { value }
}

/// Secrets are never printed: only whether there is one, and whether it differs.
fn secret_marks(now: &str, link: &str) -> (&'static str, &'static str) {
    let mark = |s: &str| if s.is_empty() { EMPTY } else { "(set)" };
    let link_mark = if !now.is_empty() && !link.is_empty() {
        "(a different one)"
    } else {
        mark(link)
    };
    (mark(now), link_mark)
}

/// The settings `link` would change in `now`. Empty when the link changes nothing.
pub fn changes(now: &Config, link: &Config) -> Vec<Change> {
    let mut out = Vec::new();
    for (setting, get, secret) in SETTINGS {
        let (a, b) = (get(now), get(link));
        if a == b {
            continue;
        }
        let (a, b) = if secret {
            secret_marks(a, b)
        } else {
            (shown(a), shown(b))
        };
        out.push(Change {
            setting,
            now: a.to_owned(),
            link: b.to_owned(),
        });
    }
    out
}

/// What deserves a second look before applying `link`.
pub fn warnings(now: &Config, link: &Config) -> Vec<&'static str> {
    let mut w = Vec::new();
    let relay_changes = link.relay != now.relay
        || (link.relay == RelayMode::Template && link.relay_template.trim() != now.relay_template.trim());
    if link.relay != RelayMode::Direct && relay_changes {
        w.push(
            "The relay sees every signed request and the tokens in the responses (with PLAINTEXT, the \
             secrets too). Apply only if you trust it.",
        );
    }
    if link.signature_method == SignatureMethod::Plaintext
        && now.signature_method != SignatureMethod::Plaintext
    {
        w.push("PLAINTEXT sends your consumer and token secrets as the signature (§3.4.4).");
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::config::CallbackMode;
    use crate::state::presets::PresetId;

    fn mine() -> Config {
        Config {
            provider: PresetId::Custom,
            request_token_url: "https://p.example/rt".into(),
            authorize_url: "https://p.example/authorize".into(),
            access_token_url: "https://p.example/at".into(),
            consumer_key: "ck".into(),
            consumer_secret: "my-secret".into(),
            ..Config::default()
        }
    }

    #[test]
    fn lists_what_changes_and_never_a_secret() {
        let link = Config {
            relay: RelayMode::Template,
            relay_template: "https://relay.evil.example/?u={url}".into(),
            signature_method: SignatureMethod::Plaintext,
            callback: CallbackMode::Custom,
            custom_callback: "https://cb.example/".into(),
            consumer_secret: "their-secret".into(),
            ..mine()
        };
        let c = changes(&mine(), &link);
        let row = |setting: &'static str, now: &str, link: &str| Change {
            setting,
            now: now.into(),
            link: link.into(),
        };
        assert_eq!(
            c,
            vec![
                row("Relay", "Direct (endpoint sends CORS headers)", "Relay template"),
                row(
                    "Relay URL template",
                    "(empty)",
                    "https://relay.evil.example/?u={url}"
                ),
                row("Signature method", "HMAC-SHA1", "PLAINTEXT"),
                row("Callback", "Return to this page", "Custom URL"),
                row("Custom callback URL", "(empty)", "https://cb.example/"),
                row("Consumer secret", "(set)", "(a different one)"),
            ]
        );
        let listed = format!("{c:?}");
        assert!(!listed.contains("my-secret") && !listed.contains("their-secret"));
        assert_eq!(warnings(&mine(), &link).len(), 2);
    }

    #[test]
    fn an_identical_link_changes_nothing() {
        assert!(changes(&mine(), &mine()).is_empty());
        assert!(warnings(&mine(), &mine()).is_empty());
        // A link without secrets would empty them: said, not shown.
        let link = Config {
            consumer_secret: String::new(),
            ..mine()
        };
        assert_eq!(
            changes(&mine(), &link),
            vec![Change {
                setting: "Consumer secret",
                now: "(set)".into(),
                link: "(empty)".into()
            }]
        );
    }

    #[test]
    fn the_relay_warning_is_for_a_new_relay_only() {
        let relayed = Config {
            relay: RelayMode::Template,
            relay_template: "https://r.example/{url}".into(),
            ..mine()
        };
        assert!(warnings(&relayed, &relayed).is_empty());
        let other = Config {
            relay_template: "https://other.example/{url}".into(),
            ..relayed.clone()
        };
        assert_eq!(warnings(&relayed, &other).len(), 1);
        let same_origin = Config {
            relay: RelayMode::SameOrigin,
            ..mine()
        };
        assert_eq!(warnings(&mine(), &same_origin).len(), 1);
        assert!(
            warnings(&same_origin, &mine()).is_empty(),
            "going direct needs no warning"
        );
    }
}

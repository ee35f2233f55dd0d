//! The OAuth 2.0 page's shareable link (docs/config-link.md): `#oauth2=1.` and the
//! configuration's form (`Config::to_form`), base64url without padding. Its prefix says the
//! protocol, so the OAuth 1.0a page can send it here and this page can say an OAuth 1.0a
//! link is not for it. As there: in the fragment, so no server logs it; the client secret
//! only when asked for; every URL checked before anything is used; and the page asks before
//! the link replaces the configuration ([`changes`], [`warnings`]).

use oauth2::{base64url_decode, base64url_encode};

use super::config::Config;
use crate::state::link_changes::Change;
use crate::state::safe_url;

pub const PREFIX: &str = crate::state::link::OAUTH2_PREFIX;
pub const VERSION: &str = "1";

/// The fields that name a URL the page fetches or sends the browser to: http(s) only.
fn is_url_field(name: &str) -> bool {
    name == "issuer" || name == "jwks_uri" || name.ends_with("_endpoint")
}

/// The fragment for `config`, starting with `#oauth2=`.
pub fn encode(config: &Config, include_secret: bool) -> String {
    let mut c = config.clone();
    if !include_secret {
        c.client_secret = Default::default();
    }
    format!("{PREFIX}{VERSION}.{}", base64url_encode(c.to_form()))
}

/// Reads a fragment: `Ok(None)` when it carries no OAuth 2.0 configuration; `Err` with
/// what to do when it is damaged, unsafe, or another version's. Unknown fields are ignored
/// and missing ones take their defaults, so older links keep working.
pub fn decode(fragment: &str) -> Result<Option<Config>, String> {
    let Some(payload) = fragment.strip_prefix(PREFIX) else {
        return Ok(None);
    };
    let (version, data) = payload.split_once('.').unwrap_or(("", payload));
    if version != VERSION {
        return Err(format!(
            "the configuration link has format {version:?}, which this version of the page does not know; ask for a new link"
        ));
    }
    let bytes = base64url_decode(data.trim_end_matches('='))
        .map_err(|_| "the configuration link is damaged (not base64url); copy it again".to_owned())?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "the configuration link is damaged (not UTF-8); copy it again".to_owned())?;
    let config = Config::from_form(&text)
        .ok_or_else(|| "the configuration link carries no settings; copy it again".to_owned())?;
    for name in super::config::FIELDS.iter().filter(|n| is_url_field(n)) {
        let value = config.get(name);
        if !value.trim().is_empty()
            && let Err(reason) = safe_url::checked(value.trim())
        {
            return Err(format!(
                "the configuration link was refused and nothing was changed. Its {name}: {reason}"
            ));
        }
    }
    // A native app's redirect URI may have its own scheme (RFC 8252 §7.1), never one that
    // runs or embeds content.
    let scheme = config
        .redirect_uri
        .trim()
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if ["javascript", "data", "vbscript", "file", "blob"].contains(&scheme.as_str()) {
        return Err(format!(
            "the configuration link was refused and nothing was changed. Its redirect_uri uses {scheme}:, which no provider may redirect to"
        ));
    }
    Ok(Some(config))
}

/// The fragment is an OAuth 1.0a `#config=` link: it belongs to the other page.
pub fn is_oauth1(fragment: &str) -> bool {
    fragment.starts_with(crate::state::link::PREFIX)
}

/// Each setting the link would change, `now → link`; the secret shown as set or not.
pub fn changes(now: &Config, link: &Config) -> Vec<Change> {
    let shown = |c: &Config, name: &str| match (name, c.get(name)) {
        (_, v) if v.is_empty() => "(empty)".to_owned(),
        ("client_secret", _) => "(a secret)".to_owned(),
        (_, v) => v,
    };
    super::config::FIELDS
        .iter()
        .filter(|n| now.get(n) != link.get(n))
        .map(|n| Change {
            setting: n,
            now: shown(now, n),
            link: shown(link, n),
        })
        .collect()
}

/// What the review says before "Apply", beyond the list.
pub fn warnings(now: &Config, link: &Config) -> Vec<&'static str> {
    let mut w = vec![];
    if link.token_endpoint.trim() != now.token_endpoint.trim() && !link.token_endpoint.is_empty() {
        w.push("The codes and refresh tokens of this page will go to the link's token endpoint. Apply only if you trust it.");
    }
    if link.relay && !now.relay {
        w.push("The relay sees the token requests and the tokens in their responses. Apply only if you trust it.");
    }
    if !link.client_secret.expose().is_empty() {
        w.push("The link carries a client secret: whoever sent it can act as that client.");
    }
    w
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use oauth2::Secret;

    fn sample() -> Config {
        Config {
            issuer: "https://login.example".into(),
            authorization_endpoint: "https://login.example/authorize".into(),
            token_endpoint: "https://login.example/token".into(),
            client_id: "app".into(),
            client_secret: Secret::new("s3cret"),
            scope: "openid email".into(),
            redirect_uri: "com.example.app:/cb".into(),
            par: true,
            ..Config::default()
        }
    }

    #[test]
    fn round_trips_and_leaves_the_secret_out_unless_asked() {
        let with = encode(&sample(), true);
        assert!(with.starts_with("#oauth2=1."));
        assert_eq!(decode(&with).unwrap(), Some(sample()));
        let without = decode(&encode(&sample(), false)).unwrap().unwrap();
        assert_eq!(without.client_secret.expose(), "");
        assert_eq!(without.client_id, "app");
        assert_eq!(decode("#config=1.abc"), Ok(None));
        assert!(is_oauth1("#config=1.abc") && !is_oauth1(&with));
        assert_eq!(decode(""), Ok(None));
    }

    #[test]
    fn refuses_damage_other_versions_and_unsafe_urls() {
        assert!(decode("#oauth2=9.abc").unwrap_err().contains("format \"9\""));
        assert!(decode("#oauth2=1.!!!").unwrap_err().contains("not base64url"));
        assert!(
            decode(&format!("#oauth2=1.{}", base64url_encode("x=1")))
                .unwrap_err()
                .contains("no settings")
        );
        let evil = Config {
            authorization_endpoint: " JaVaScRiPt:alert(1)".into(),
            ..sample()
        };
        let e = decode(&encode(&evil, false)).unwrap_err();
        assert!(e.starts_with("the configuration link was refused and nothing was changed. Its authorization_endpoint: Refused:"), "{e}");
        let evil = Config {
            redirect_uri: "javascript:alert(1)".into(),
            ..sample()
        };
        assert!(
            decode(&encode(&evil, false))
                .unwrap_err()
                .contains("redirect_uri uses javascript:")
        );
    }

    #[test]
    fn lists_what_would_change_and_warns() {
        let now = Config {
            token_endpoint: "https://mine.example/token".into(),
            ..sample()
        };
        let link = Config {
            relay: true,
            client_secret: Secret::default(),
            ..sample()
        };
        let c = changes(&now, &link);
        assert_eq!(
            c,
            [
                Change {
                    setting: "token_endpoint",
                    now: "https://mine.example/token".into(),
                    link: "https://login.example/token".into()
                },
                Change {
                    setting: "client_secret",
                    now: "(a secret)".into(),
                    link: "(empty)".into()
                },
                Change {
                    setting: "relay",
                    now: "false".into(),
                    link: "true".into()
                },
            ]
        );
        assert_eq!(warnings(&now, &link).len(), 2);
        assert!(changes(&sample(), &sample()).is_empty());
        assert_eq!(
            warnings(&sample(), &sample()),
            ["The link carries a client secret: whoever sent it can act as that client."]
        );
    }
}

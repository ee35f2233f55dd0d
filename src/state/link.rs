//! The shareable `#config=` link (docs/config-link.md): `#config=1.` followed by the
//! configuration as JSON, base64url without padding. In the fragment, so it never reaches
//! a server's logs. Secrets (consumer secret, RSA private key) only when asked for.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::config::Config;
use super::json::{self, Fields};
use super::safe_url;

pub const PREFIX: &str = "#config=";
/// The OAuth 2.0 page's link (`state::oauth2::link`): the prefix names the protocol.
pub const OAUTH2_PREFIX: &str = "#oauth2=";
/// The format version, first in the payload so a later format can be told apart.
pub const VERSION: &str = "1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    UnknownVersion(String),
    NotBase64,
    NotJson(String),
    /// A URL the app would navigate to or fetch is not http(s): the whole link is refused.
    UnsafeUrl {
        field: &'static str,
        reason: String,
    },
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::UnknownVersion(v) => write!(
                f,
                "the configuration link has format {v:?}, which this version of the app does not know; \
                 ask for a new link"
            ),
            LinkError::NotBase64 => {
                f.write_str("the configuration link is damaged (not base64url); copy it again")
            }
            LinkError::NotJson(e) => write!(f, "the configuration link is damaged ({e}); copy it again"),
            LinkError::UnsafeUrl { field, reason } => write!(
                f,
                "the configuration link was refused and nothing was changed. Its {field}: {reason}"
            ),
        }
    }
}

/// The fragment for `config`, starting with `#config=`.
pub fn encode(config: &Config, include_secrets: bool) -> String {
    let mut c = config.clone();
    if !include_secrets {
        c.consumer_secret.clear();
        c.rsa_private_key.clear();
    }
    let json = json::text(|out| c.write(out));
    format!("{PREFIX}{VERSION}.{}", URL_SAFE_NO_PAD.encode(json))
}

/// Reads a fragment. `Ok(None)` when it carries no configuration. Missing fields take
/// their defaults and unknown ones are ignored, so older links keep working. A link with
/// a URL the app must not use (`javascript:` …; `state::safe_url`) is refused whole;
/// `origin` is the page's, which a relay template starting with `/` is on.
pub fn decode(fragment: &str, origin: &str) -> Result<Option<Config>, LinkError> {
    let Some(payload) = fragment
        .strip_prefix(PREFIX)
        .or_else(|| fragment.strip_prefix(&PREFIX[1..]))
    else {
        return Ok(None);
    };
    let (version, data) = payload.split_once('.').unwrap_or(("", payload));
    if version != VERSION {
        return Err(LinkError::UnknownVersion(version.to_owned()));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|_| LinkError::NotBase64)?;
    let text = String::from_utf8(bytes).map_err(|_| LinkError::NotBase64)?;
    let value = json::parse(&text).map_err(LinkError::NotJson)?;
    let config = Fields::of(&value, "the configuration")
        .and_then(|f| Config::read(&f))
        .map_err(LinkError::NotJson)?;
    match safe_url::first_refused(&config, origin) {
        Some((field, reason)) => Err(LinkError::UnsafeUrl { field, reason }),
        None => Ok(Some(config)),
    }
}

/// An OAuth 2.0 link opened on this (the OAuth 1.0a) page: the same fragment on the OAuth
/// 2.0 page beside it (`oauth2/` under this page's folder), where it belongs.
pub fn oauth2_page_for(fragment: &str, page_url: &str) -> Option<String> {
    fragment.starts_with(OAUTH2_PREFIX).then(|| {
        let folder = page_url.rfind('/').map_or(page_url, |i| &page_url[..=i]);
        format!("{folder}oauth2/{fragment}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::presets::{self, PresetId};

    const ORIGIN: &str = "https://someone.github.io";

    fn sample() -> Config {
        let mut c = presets::apply(PresetId::Etrade, None);
        c.consumer_key = "ck".into();
        c.consumer_secret = "cs".into();
        c.rsa_private_key = "-----BEGIN PRIVATE KEY-----".into();
        c
    }

    #[test]
    fn sends_an_oauth2_link_to_its_page() {
        assert_eq!(
            oauth2_page_for("#oauth2=1.abc", "https://someone.github.io/play/").as_deref(),
            Some("https://someone.github.io/play/oauth2/#oauth2=1.abc")
        );
        assert_eq!(
            oauth2_page_for("#oauth2=1.abc", "https://someone.github.io/play/index.html").as_deref(),
            Some("https://someone.github.io/play/oauth2/#oauth2=1.abc")
        );
        assert_eq!(
            oauth2_page_for("#config=1.abc", "https://someone.github.io/"),
            None
        );
    }

    #[test]
    fn round_trips_with_secrets_when_asked() {
        let link = encode(&sample(), true);
        assert!(link.starts_with("#config=1."));
        assert_eq!(decode(&link, ORIGIN).unwrap(), Some(sample()));
    }

    #[test]
    fn leaves_secrets_out_by_default() {
        let c = decode(&encode(&sample(), false), ORIGIN).unwrap().unwrap();
        assert_eq!(c.consumer_key, "ck");
        assert!(c.consumer_secret.is_empty() && c.rsa_private_key.is_empty());
        assert_eq!(c.authorize_url, sample().authorize_url);
    }

    #[test]
    fn tolerates_missing_fields_and_reports_damage() {
        let partial = format!(
            "{PREFIX}1.{}",
            URL_SAFE_NO_PAD.encode(r#"{"consumer_key":"k","future":1}"#)
        );
        let c = decode(&partial, ORIGIN).unwrap().unwrap();
        assert_eq!(c.consumer_key, "k");
        assert_eq!(c.request_token_method, "POST");
        assert_eq!(decode("#other", ORIGIN), Ok(None));
        assert_eq!(decode("", ORIGIN), Ok(None));
        assert!(matches!(
            decode("#config=9.abc", ORIGIN),
            Err(LinkError::UnknownVersion(_))
        ));
        assert_eq!(decode("#config=1.!!!", ORIGIN), Err(LinkError::NotBase64));
        assert!(matches!(
            decode("#config=1.bm90IGpzb24", ORIGIN),
            Err(LinkError::NotJson(_))
        ));
    }

    fn link_of(json: &str) -> String {
        format!("{PREFIX}1.{}", URL_SAFE_NO_PAD.encode(json))
    }

    #[test]
    fn refuses_links_with_urls_the_app_must_not_use() {
        for (json, field) in [
            (r#"{"authorize_url":"  JaVaScRiPt:alert(1)"}"#, "Authorize URL"),
            (
                r#"{"request_token_url":"data:text/plain,x"}"#,
                "Request token URL",
            ),
            (
                r#"{"callback":"custom","custom_callback":"javascript:x"}"#,
                "Custom callback URL",
            ),
            (
                r#"{"relay":"template","relay_template":"javascript:{url}"}"#,
                "Relay URL template",
            ),
            (
                r#"{"resource_url":"file:///etc/passwd"}"#,
                "Protected resource URL",
            ),
        ] {
            match decode(&link_of(json), ORIGIN) {
                Err(LinkError::UnsafeUrl { field: f, .. }) => assert_eq!(f, field, "{json}"),
                other => panic!("{json}: {other:?}"),
            }
        }
        assert_eq!(
            decode(&link_of(r#"{"authorize_url":"javascript:alert(1)"}"#), ORIGIN)
                .unwrap_err()
                .to_string(),
            "the configuration link was refused and nothing was changed. Its Authorize URL: Refused: \
             the URL \"javascript:alert(1)\" must start with http:// or https://."
        );
        // The served same-origin relay is relative, and fine.
        let served = link_of(r#"{"relay":"template","relay_template":"/relay?url={url}"}"#);
        assert!(decode(&served, ORIGIN).unwrap().is_some());
    }
}

//! The one rule for every URL the app navigates to, opens or fetches: it must be an
//! absolute http(s) URL (`oauth1::uri`). A `javascript:` authorize URL would run script in
//! the page's origin, where the token store lives; a `data:` relay would answer with
//! tokens of its choosing. The rule is applied where a URL is typed (the form), when a
//! `#config=` link is read, and again in `effects` right before the browser acts.

use engine::relay::relay_url;
use oauth1::uri::parse_url;
use url::Url;

use super::config::{CallbackMode, Config};
use super::hosting::absolute_base;
use super::outcome::TransportError;

/// The parsed URL, or the message that says why it is refused.
pub fn checked(input: &str) -> Result<Url, String> {
    parse_url(input).map_err(|e| format!("Refused: {e}."))
}

/// The checked, serialised URL to hand to the browser: what was checked is what is used.
pub fn navigable(input: &str) -> Result<String, String> {
    checked(input).map(String::from)
}

/// Where a request goes: `target` itself, or the relay template with `{url}` replaced by
/// the percent-encoded target. A template that starts with `/` (the served
/// `/relay?url={url}`: a relay on the page's own origin) is made absolute with the page's
/// `origin`, as the sandbox's base is; any other must be absolute. Either way the result
/// must be http(s), so a page that is not itself http(s) has no same-origin relay.
pub fn request_url(template: Option<&str>, target: &str, origin: &str) -> Result<String, TransportError> {
    let Some(t) = template else {
        return parse_url(target)
            .map(String::from)
            .map_err(|e| TransportError::Unsendable(e.to_string()));
    };
    let url = absolute_base(&relay_url(Some(t), target)?, origin);
    parse_url(&url)
        .map(String::from)
        .map_err(|e| TransportError::BadRelay(e.to_string()))
}

/// The message under a URL field: `None` when it is empty (the step asks for it then) or
/// acceptable.
pub fn endpoint_error(input: &str) -> Option<String> {
    (!input.trim().is_empty()).then(|| checked(input).err()).flatten()
}

/// The authorize URL may hold `{token}` and `{consumer_key}`: checked with both filled in.
pub fn authorize_error(template: &str) -> Option<String> {
    endpoint_error(&fill_authorize(template))
}

fn fill_authorize(template: &str) -> String {
    template.replace("{token}", "t").replace("{consumer_key}", "k")
}

/// The relay template: it needs `{url}`, and may start with `/` for the page's origin.
pub fn relay_error(template: &str, origin: &str) -> Option<String> {
    if template.trim().is_empty() {
        return None;
    }
    match request_url(Some(template.trim()), "https://example.com/", origin) {
        Err(TransportError::BadRelay(why) | TransportError::Unsendable(why)) => {
            Some(format!("Refused: {why}."))
        }
        _ => None,
    }
}

/// The first URL of `config` the app would refuse: its form label and the form's message.
/// A link that carries one is refused whole.
pub fn first_refused(config: &Config, origin: &str) -> Option<(&'static str, String)> {
    [
        ("Request token URL", endpoint_error(&config.request_token_url)),
        ("Authorize URL", authorize_error(&config.authorize_url)),
        ("Access token URL", endpoint_error(&config.access_token_url)),
        ("Custom callback URL", endpoint_error(&config.custom_callback)),
        ("Protected resource URL", endpoint_error(&config.resource_url)),
        ("Relay URL template", relay_error(&config.relay_template, origin)),
    ]
    .into_iter()
    .find_map(|(field, e)| Some((field, e?)))
}

/// The custom callback the provider will redirect to (§2.1), checked like the rest.
pub fn callback_error(config: &Config) -> Option<String> {
    (config.callback == CallbackMode::Custom)
        .then(|| endpoint_error(&config.custom_callback))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "http://127.0.0.1:8080";
    const ATTACKS: [&str; 5] = [
        "javascript:alert(1)",
        "  JaVaScRiPt:alert(document.domain)",
        "\tjava\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
    ];

    #[test]
    fn navigates_only_to_http_and_https() {
        for bad in ATTACKS {
            let e = navigable(bad).unwrap_err();
            assert!(e.starts_with("Refused: the URL \""), "{bad}: {e}");
            assert!(e.ends_with("must start with http:// or https://."), "{bad}: {e}");
        }
        let expected: [(&str, Result<&str, &str>); 2] = [
            (" https://p.example/a?b=1 ", Ok("https://p.example/a?b=1")),
            (
                "/relative",
                Err(
                    "Refused: the URL \"/relative\" is not valid: it is not absolute; start it with https://.",
                ),
            ),
        ];
        for (input, want) in expected {
            let got = navigable(input);
            assert_eq!(got.as_deref().map_err(String::as_str), want, "{input}");
        }
    }

    #[test]
    fn relays_resolve_against_the_page_and_must_stay_http() {
        let target = "https://api.example/oauth/request_token";
        let enc = "https%3A%2F%2Fapi.example%2Foauth%2Frequest_token";
        assert_eq!(
            request_url(Some("/relay?url={url}"), target, ORIGIN).unwrap(),
            format!("http://127.0.0.1:8080/relay?url={enc}")
        );
        // Only a template starting with `/` is on the page's origin; anything else must be absolute.
        assert!(matches!(
            request_url(Some("relay?url={url}"), target, ORIGIN),
            Err(TransportError::BadRelay(_))
        ));
        assert_eq!(
            request_url(Some("https://r.example/{url}"), target, ORIGIN).unwrap(),
            format!("https://r.example/{enc}")
        );
        assert_eq!(request_url(None, target, ORIGIN).unwrap(), target);
        assert_eq!(
            request_url(Some("https://r.example/"), target, ORIGIN),
            Err(TransportError::BadRelay(
                "the relay URL template \"https://r.example/\" has no {url} placeholder".into()
            ))
        );
        for bad in ["data:text/plain,oauth_token=x&{url}", " JavaScript:{url}"] {
            assert!(
                matches!(
                    request_url(Some(bad), target, ORIGIN),
                    Err(TransportError::BadRelay(_))
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            request_url(None, "javascript:alert(1)", ORIGIN),
            Err(TransportError::Unsendable(_))
        ));
        // A page outside http(s) (its origin is then "null") has no same-origin relay.
        assert!(request_url(Some("/relay?url={url}"), target, "null").is_err());
        assert!(request_url(Some("/relay?url={url}"), target, "").is_err());
    }

    #[test]
    fn field_messages() {
        assert_eq!(endpoint_error("  "), None);
        assert_eq!(endpoint_error("https://p.example/x"), None);
        assert_eq!(
            endpoint_error("javascript:alert(1)").as_deref(),
            Some("Refused: the URL \"javascript:alert(1)\" must start with http:// or https://.")
        );
        assert_eq!(
            authorize_error("https://p.example/a?key={consumer_key}&token={token}"),
            None
        );
        assert!(authorize_error("{token}").is_some());
        assert_eq!(relay_error("/relay?url={url}", ORIGIN), None);
        assert_eq!(relay_error("", ORIGIN), None);
        assert_eq!(
            relay_error("https://r.example/", ORIGIN).as_deref(),
            Some("Refused: the relay URL template \"https://r.example/\" has no {url} placeholder.")
        );
        let mut c = Config {
            custom_callback: "javascript:x".into(),
            ..Config::default()
        };
        assert_eq!(callback_error(&c), None, "not used unless the callback is Custom");
        c.callback = CallbackMode::Custom;
        assert!(callback_error(&c).is_some());
    }

    #[test]
    fn finds_the_first_refused_url_of_a_configuration() {
        let ok = Config {
            request_token_url: "https://p.example/rt".into(),
            authorize_url: "https://p.example/a?token={token}".into(),
            relay_template: "/relay?url={url}".into(),
            ..Config::default()
        };
        assert_eq!(first_refused(&ok, ORIGIN), None);
        for bad in ATTACKS {
            let cases = [
                (
                    "Authorize URL",
                    Config {
                        authorize_url: bad.into(),
                        ..ok.clone()
                    },
                ),
                (
                    "Relay URL template",
                    Config {
                        relay_template: format!("{bad}{{url}}"),
                        ..ok.clone()
                    },
                ),
                (
                    "Custom callback URL",
                    Config {
                        custom_callback: bad.into(),
                        ..ok.clone()
                    },
                ),
            ];
            for (field, c) in cases {
                assert_eq!(first_refused(&c, ORIGIN).map(|(l, _)| l), Some(field), "{bad}");
            }
        }
    }
}

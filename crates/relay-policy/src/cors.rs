//! CORS for the relay (Fetch standard §3.2): exact origins only (gate.rs decides which),
//! never credentials, and the preflight answered here rather than forwarded.

use crate::headers::FORWARDED;

/// Methods the relay forwards.
pub const METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
/// Checks an `--allow-origin` value is an origin, and returns it serialized as browsers
/// send it (lowercase scheme and host, no default port, no trailing slash).
pub fn parse_origin(value: &str) -> Result<String, String> {
    let url = url::Url::parse(value.trim()).map_err(|e| format!("--allow-origin {value:?}: {e}"))?;
    let origin = url.origin();
    if !origin.is_tuple() || !matches!(url.scheme(), "http" | "https") {
        return Err(format!("--allow-origin {value:?} is not an http(s) origin"));
    }
    let serialized = origin.ascii_serialization();
    if value.trim().trim_end_matches('/') != serialized && url.path() != "/" {
        return Err(format!(
            "--allow-origin {value:?} has a path; an origin is scheme://host[:port], e.g. {serialized}"
        ));
    }
    Ok(serialized)
}

/// `Access-Control-Max-Age` of the preflight, in seconds.
pub const MAX_AGE: &str = "600";

/// The headers of the 204 answer to a preflight (after `allow_origin`'s). Only allowed
/// origins get here.
pub fn preflight_headers() -> [(&'static str, String); 3] {
    [
        ("access-control-allow-methods", METHODS.to_owned()),
        ("access-control-allow-headers", FORWARDED.join(", ")),
        ("access-control-max-age", MAX_AGE.to_owned()),
    ]
}

/// `Access-Control-Allow-Origin` for an allowed origin, and `Vary: Origin` (appended to
/// any `Vary` already there); never `-Allow-Credentials`.
pub fn allow_origin(origin: &str) -> [(&'static str, &str); 2] {
    [("access-control-allow-origin", origin), ("vary", "Origin")]
}

/// `Access-Control-Expose-Headers` for a response whose header names (lowercase, in order)
/// are `names`: every one of them (`WWW-Authenticate`, `X-Relay-Location`, the renamed
/// `X-Relay-Upstream-*`, …) but the CORS headers themselves. Listed by name: `*` is not
/// honoured by every browser.
pub fn expose_headers<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = names
        .into_iter()
        .filter(|n| !n.starts_with("access-control-"))
        .collect();
    names.dedup();
    names.join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_exact() {
        assert_eq!(
            parse_origin("https://App.Example.com/").unwrap(),
            "https://app.example.com"
        );
        assert_eq!(
            parse_origin("http://localhost:8080").unwrap(),
            "http://localhost:8080"
        );
        assert_eq!(
            parse_origin("https://x.example:443").unwrap(),
            "https://x.example"
        );
        for bad in [
            "*",
            "null",
            "app.example.com",
            "https://x.example/app",
            "file:///x",
            "ftp://x",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn preflight_and_exposed_names() {
        assert_eq!(
            preflight_headers()[1],
            (
                "access-control-allow-headers",
                "Authorization, Content-Type, Accept, DPoP".to_owned()
            )
        );
        assert_eq!(
            expose_headers([
                "content-type",
                "vary",
                "vary",
                "access-control-allow-origin",
                "x-relay-location"
            ]),
            "content-type, vary, x-relay-location"
        );
    }
}

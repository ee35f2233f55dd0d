//! CORS for the relay (Fetch standard §3.2): exact origins only (gate.rs decides which),
//! never credentials, and the preflight answered here rather than forwarded.

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::headers::FORWARDED;

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

/// 204 with what the page may send. Only allowed origins get here.
pub fn preflight(origin: &str) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    allow_origin(h, origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(METHODS),
    );
    if let Ok(v) = HeaderValue::from_str(&FORWARDED.join(", ")) {
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v);
    }
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    response
}

/// `Access-Control-Allow-Origin` for an allowed origin; never `-Allow-Credentials`.
pub fn allow_origin(headers: &mut HeaderMap, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
}

/// Lets the page read every header of the response (`WWW-Authenticate`, `X-Relay-Location`,
/// the renamed `X-Relay-Upstream-*`, …). Listed by name: `*` is not honoured by every browser.
pub fn expose_all(headers: &mut HeaderMap) {
    let mut names: Vec<&str> = headers
        .keys()
        .map(HeaderName::as_str)
        .filter(|n| !n.starts_with("access-control-"))
        .collect();
    names.dedup();
    if let Ok(v) = HeaderValue::from_str(&names.join(", ")) {
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, v);
    }
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
}

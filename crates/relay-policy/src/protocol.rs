//! The `/relay?url=` protocol's fixed parts, the same on every host: where the target is
//! in the query, which methods are forwarded, the headers on every answer, the body caps,
//! the error body and the one log line. Pure (docs/relay.md, "Protocol").

use crate::code::RelayCode;
use crate::policy::Refusal;

/// Where the relay answers.
pub const PATH: &str = "/relay";

/// Methods forwarded; `OPTIONS` is the preflight, answered by the relay itself.
pub const FORWARDED_METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// What the relay says it is to the target; never `X-Forwarded-For`/`Forwarded`.
pub const USER_AGENT: &str = concat!("oauth-playground-relay/", env!("CARGO_PKG_VERSION"));

/// Default caps (docs/relay.md, "Options").
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 1024 * 1024;
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

/// The relay's own CSP on everything it returns: upstream HTML opened directly from a
/// `/relay` URL must not run script in the app's origin (CSP3 `sandbox`).
pub const RESPONSE_CSP: &str = "default-src 'none'; sandbox; frame-ancestors 'none'";

/// Set on every relay response, replacing any upstream value. Relayed answers carry
/// tokens: no cache keeps them (RFC 9111 §5.2.2.5).
pub const RESPONSE_HEADERS: [(&str, &str); 4] = [
    ("content-security-policy", RESPONSE_CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
];

/// The parameter, before `url=`, that asks for the caller's `Origin` to reach the target:
/// Microsoft Entra ID redeems a "spa" registration's code only cross-origin, with `Origin`
/// (AADSTS9002327). Without it the relay drops `Origin`, as any header off the allowlist.
pub const FORWARD_ORIGIN: &str = "origin=forward";

/// The parameters before `url=`, and the encoded target after it.
fn split_query(query: Option<&str>) -> Option<(&str, &str)> {
    let query = query.unwrap_or_default();
    match query.strip_prefix("url=") {
        Some(rest) => Some(("", rest)),
        None => query.split_once("&url="),
    }
}

/// The target URL: everything after `url=`, percent-decoded (not form-decoded: a `+` in
/// the target stays a `+`). `url` must be the only or the last parameter.
pub fn target_url(query: Option<&str>) -> Result<String, Refusal> {
    let bad = |m: &str| Refusal::new(400, RelayCode::TargetRefused, m);
    let Some((_, encoded)) = split_query(query) else {
        return Err(bad("missing ?url=<percent-encoded absolute URL>"));
    };
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| bad("the url parameter is not UTF-8 once decoded"))
}

/// The `Origin` to send the target: `page_origin` (the caller's, which the gate admitted)
/// when the query asks with [`FORWARD_ORIGIN`], else none. Another `origin=` value is
/// refused rather than ignored, so a misspelt request does not silently lose its `Origin`.
pub fn origin_to_forward<'a>(
    query: Option<&str>,
    page_origin: Option<&'a str>,
) -> Result<Option<&'a str>, Refusal> {
    let params = split_query(query).map_or("", |(p, _)| p);
    let mut asked = false;
    for param in params.split('&').filter(|p| p.starts_with("origin=")) {
        if param != FORWARD_ORIGIN {
            return Err(Refusal::new(
                400,
                RelayCode::TargetRefused,
                format!("the origin parameter takes one value: {FORWARD_ORIGIN}"),
            ));
        }
        asked = true;
    }
    Ok(page_origin.filter(|_| asked))
}

/// The host a target URL names, for the log line, whether the policy admits it or not.
pub fn logged_host(raw: &str) -> Option<String> {
    url::Url::parse(raw.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
}

/// 405 for a method the relay does not forward.
pub fn check_method(method: &str) -> Result<(), Refusal> {
    if FORWARDED_METHODS.contains(&method) {
        Ok(())
    } else {
        Err(Refusal::new(
            405,
            RelayCode::MethodNotAllowed,
            format!("the relay forwards {}", crate::cors::METHODS),
        ))
    }
}

/// The body caps, and the refusals when a body is over them. `flag` names the setting in
/// the message: `--max-request-bytes` natively, the Worker's variable on the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyCaps {
    pub max_request_bytes: usize,
    pub max_response_bytes: usize,
}

impl Default for BodyCaps {
    fn default() -> Self {
        Self {
            max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl BodyCaps {
    /// 413 `request_too_large`.
    pub fn request_too_large(&self, flag: &str) -> Refusal {
        Refusal::new(
            413,
            RelayCode::RequestTooLarge,
            format!(
                "the request body is over {} bytes (see {flag})",
                self.max_request_bytes
            ),
        )
    }

    /// 502 `response_too_large`.
    pub fn response_too_large(&self, flag: &str) -> Refusal {
        Refusal::new(
            502,
            RelayCode::ResponseTooLarge,
            format!(
                "the target's response is over {} bytes (see {flag})",
                self.max_response_bytes
            ),
        )
    }

    /// Whether a declared `Content-Length` is already over a cap: refused before reading.
    pub fn declared_over(content_length: Option<&str>, cap: usize) -> bool {
        content_length
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n > cap as u64)
    }
}

/// `{"error": code, "message": …}`.
pub fn error_body(code: RelayCode, message: &str) -> String {
    serde_json::json!({ "error": code.as_str(), "message": message }).to_string()
}

/// The one log line of a request: method, target host, status, bytes in and out, duration.
/// Never a header value, the path, the query string or a body: they carry signatures,
/// tokens and token secrets.
pub fn log_line(method: &str, host: &str, status: u16, bytes_in: usize, bytes_out: u64, ms: f64) -> String {
    format!("relay {method} {host} {status} in={bytes_in}B out={bytes_out}B {ms:.1}ms")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn target_is_percent_decoded_not_form_decoded() {
        let t = target_url(Some("url=https%3A%2F%2Fx.example%2Fa%3Fb%3D1%2B2+3")).unwrap();
        assert_eq!(t, "https://x.example/a?b=1+2+3");
        assert_eq!(
            target_url(Some("x=1&url=http://a/?q=1&r=2")).unwrap(),
            "http://a/?q=1&r=2"
        );
        assert!(target_url(None).is_err());
        assert!(target_url(Some("u=1")).is_err());
        assert!(target_url(Some("url=%ff")).is_err());
    }

    #[test]
    fn origin_forwarded_only_when_asked() {
        let page = Some("https://app.example");
        let q = |q: &str| origin_to_forward(Some(q), page);
        assert_eq!(q("origin=forward&url=http%3A%2F%2Fa%2F").unwrap(), page);
        assert_eq!(q("x=1&origin=forward&url=http://a/").unwrap(), page);
        assert_eq!(q("url=http%3A%2F%2Fa%2F").unwrap(), None);
        // Only the relay's parameters count, not the target's own query.
        assert_eq!(q("url=http://a/?origin=forward").unwrap(), None);
        assert_eq!(q("x=1&url=http://a/?x&origin=forward").unwrap(), None);
        // No page origin (a tool, or a same-origin GET without one): nothing to forward.
        assert_eq!(
            origin_to_forward(Some("origin=forward&url=http://a/"), None).unwrap(),
            None
        );
        let r = q("origin=yes&url=http://a/").unwrap_err();
        assert_eq!(
            (r.status, r.code.as_str(), r.message.as_str()),
            (
                400,
                "target_refused",
                "the origin parameter takes one value: origin=forward"
            )
        );
        assert!(q("origin=forward&origin=&url=http://a/").is_err());
    }

    #[test]
    fn methods_caps_and_log() {
        assert!(check_method("PATCH").is_ok());
        let r = check_method("TRACE").unwrap_err();
        assert_eq!((r.status, r.code.as_str()), (405, "method_not_allowed"));
        assert!(BodyCaps::declared_over(Some("11"), 10));
        assert!(!BodyCaps::declared_over(Some("10"), 10));
        assert!(!BodyCaps::declared_over(None, 10));
        assert_eq!(
            log_line("POST", "api.example.com", 200, 312, 1024, 183.44),
            "relay POST api.example.com 200 in=312B out=1024B 183.4ms"
        );
        assert_eq!(
            error_body(RelayCode::Busy, "a \"quote\""),
            r#"{"error":"busy","message":"a \"quote\""}"#
        );
    }
}

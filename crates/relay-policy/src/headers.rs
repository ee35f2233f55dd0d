//! Which headers cross the relay. Requests: an allowlist, so `Cookie`, `Origin`,
//! `X-Forwarded-*` and the rest never leave. Responses: the relay answers on its own origin
//! (under `serve`, the app's), so an upstream header the browser acts on would act there —
//! `Clear-Site-Data` wiping the token store, `Refresh` or `Link` loading something,
//! `WWW-Authenticate: Basic` prompting for a password, `Content-Disposition`, `NEL`/
//! `Report-To`, caching headers. Only what the app needs and the browser does nothing
//! dangerous with passes as is; everything else is renamed `X-Relay-Upstream-<name>`, so
//! the workings still show it and the browser ignores it. Pure.

use std::borrow::Cow;

/// Request headers forwarded to the target (and allowed in a preflight): a DPoP proof
/// travels in `DPoP` (RFC 9449 §4.1). `Origin` only when asked (protocol::FORWARD_ORIGIN).
pub const FORWARDED: [&str; 4] = ["Authorization", "Content-Type", "Accept", "DPoP"];

/// Where a redirect's `Location` goes: `fetch` follows any 3xx with a `Location` (and with
/// `redirect: "manual"` hides it from the page), so the relay hands it over under this name.
pub const RELAY_LOCATION: &str = "x-relay-location";
pub const RENAMED_PREFIX: &str = "x-relay-upstream-";

/// Response headers returned as they are: the body's description and the informational
/// headers providers send (RFC 9110 §5.6.7 `Date` for clock-skew problems, `Retry-After`,
/// rate limits, request ids), and the server's DPoP nonce (RFC 9449 §8, §9).
const PASSED: &[&str] = &[
    "content-type",
    "dpop-nonce",
    "content-encoding",
    "content-language",
    "date",
    "retry-after",
    "ratelimit",
    "ratelimit-policy",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "request-id",
    "x-request-id",
    "x-correlation-id",
    "x-trace-id",
];

/// Prefixes and suffixes of informational headers (`X-RateLimit-Remaining`,
/// `X-Rate-Limit-Reset`, `X-Amz-Request-Id`, `X-GitHub-Request-Id`, `X-Amzn-RequestId`).
const PASSED_PREFIXES: &[&str] = &["x-ratelimit-", "x-rate-limit-"];
const PASSED_SUFFIXES: &[&str] = &["-request-id", "-requestid"];

/// Challenge schemes of the OAuth family, which browsers do not act on: OAuth 1.0a
/// (RFC 5849 §3.5.1), Bearer (RFC 6750 §3) and DPoP (RFC 9449 §7.1).
const OAUTH_SCHEMES: &[&str] = &["oauth", "bearer", "dpop"];

/// The name an upstream response header is returned under (`name` lowercase, as
/// `HeaderName` gives it), or `None` when it is dropped: `Set-Cookie` is never returned
/// (browsers never let a page read it, so renaming it would leak what they hide), and
/// `Content-Length` is the relay's own, for the body it returns.
pub fn returned_name<'a>(status: u16, name: &'a str, value: &[u8]) -> Option<Cow<'a, str>> {
    let passed = PASSED.contains(&name)
        || PASSED_PREFIXES.iter().any(|p| name.starts_with(p))
        || PASSED_SUFFIXES.iter().any(|s| name.ends_with(s))
        || (name == "www-authenticate" && only_oauth_challenges(value));
    match name {
        "set-cookie" | "set-cookie2" | "content-length" => None,
        "location" if (300..400).contains(&status) => Some(Cow::Borrowed(RELAY_LOCATION)),
        _ if passed => Some(Cow::Borrowed(name)),
        _ => Some(Cow::Owned(format!("{RENAMED_PREFIX}{name}"))),
    }
}

/// Whether every challenge in a `WWW-Authenticate` value (RFC 9110 §11.6.1: a list of
/// `scheme [token68 / #auth-param]`) has an OAuth-family scheme.
fn only_oauth_challenges(value: &[u8]) -> bool {
    let Ok(value) = std::str::from_utf8(value) else {
        return false;
    };
    let schemes = challenge_schemes(value);
    !schemes.is_empty()
        && schemes
            .iter()
            .all(|s| OAUTH_SCHEMES.iter().any(|o| s.eq_ignore_ascii_case(o)))
}

/// The schemes of a challenge list. List elements are split on commas outside quoted
/// strings; an element that is not an `auth-param` (`name=value`) starts a challenge, and
/// its first token is the scheme.
fn challenge_schemes(value: &str) -> Vec<&str> {
    let mut elements = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                elements.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    elements.push(&value[start..]);
    elements
        .into_iter()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .filter_map(|e| {
            let first = e.split([' ', '\t']).next().unwrap_or_default();
            // `realm="x"` or `realm = "x"` is a parameter of the previous challenge.
            let rest = e[first.len()..].trim_start();
            let is_param = first.contains('=') || rest.starts_with('=');
            (!is_param).then_some(first)
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn returned(status: u16, name: &str, value: &str) -> Option<String> {
        returned_name(status, name, value.as_bytes()).map(Cow::into_owned)
    }

    #[test]
    fn passes_the_body_description_and_informational_headers() {
        for name in [
            "content-type",
            "content-encoding",
            "content-language",
            "date",
            "retry-after",
            "dpop-nonce",
            "x-ratelimit-remaining",
            "x-rate-limit-reset",
            "ratelimit-policy",
            "x-request-id",
            "x-amz-request-id",
            "x-amzn-requestid",
            "x-github-request-id",
        ] {
            assert_eq!(returned(200, name, "v").as_deref(), Some(name));
        }
    }

    #[test]
    fn renames_what_the_browser_would_act_on() {
        for name in [
            "clear-site-data",
            "refresh",
            "content-disposition",
            "nel",
            "report-to",
            "reporting-endpoints",
            "link",
            "cache-control",
            "expires",
            "etag",
            "vary",
            "x-frame-options",
            "content-security-policy",
            "strict-transport-security",
            "alt-svc",
            "permissions-policy",
            "cross-origin-resource-policy",
            "access-control-allow-origin",
            "access-control-allow-credentials",
            "transfer-encoding",
            "connection",
            "server",
            "x-upstream",
            // The relay's own names cannot be spoofed by the target.
            "x-relay-location",
            "x-relay-error",
            "x-relay-upstream-refresh",
        ] {
            assert_eq!(
                returned(200, name, "v"),
                Some(format!("x-relay-upstream-{name}")),
                "{name}"
            );
        }
        assert_eq!(
            returned(200, "location", "/x").unwrap(),
            "x-relay-upstream-location"
        );
        assert_eq!(
            returned(201, "location", "/x").unwrap(),
            "x-relay-upstream-location"
        );
        for status in [301, 302, 303, 307, 308] {
            assert_eq!(returned(status, "location", "/x").unwrap(), "x-relay-location");
        }
        for dropped in ["set-cookie", "set-cookie2", "content-length"] {
            assert_eq!(returned(200, dropped, "v"), None);
        }
    }

    #[test]
    fn www_authenticate_only_with_oauth_schemes() {
        for ok in [
            "OAuth realm=\"Photos\"",
            "OAuth realm=\"x\", oauth_problem=\"token_rejected\"",
            "oauth",
            "Bearer error=\"invalid_token\", error_description=\"expired, sorry\"",
            "Bearer realm=\"a\", DPoP algs=\"ES256 PS256\"",
            "OAuth realm=\"has, a comma and \\\"quotes\\\"\"",
        ] {
            assert_eq!(
                returned(401, "www-authenticate", ok).unwrap(),
                "www-authenticate",
                "{ok}"
            );
        }
        for renamed in [
            "Basic realm=\"x\"",
            "basic",
            "Digest realm=\"x\", nonce=\"n\"",
            "Negotiate",
            "NTLM",
            "OAuth realm=\"x\", Basic realm=\"y\"",
            "OAuth realm=\"x\",Basic",
            "Bearer, Negotiate abc==",
            "",
            "realm=\"x\"",
        ] {
            assert_eq!(
                returned(401, "www-authenticate", renamed).unwrap(),
                "x-relay-upstream-www-authenticate",
                "{renamed}"
            );
        }
        assert_eq!(
            returned_name(401, "www-authenticate", b"OAuth \xff").unwrap(),
            "x-relay-upstream-www-authenticate"
        );
    }
}

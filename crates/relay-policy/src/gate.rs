//! Who may use the relay, from what the browser says about a request: `Origin` (Fetch
//! standard §3.1) and the Fetch Metadata headers (W3C Fetch Metadata Request Headers).
//! The relay is for `fetch()` calls from the app's pages. Navigations, `<img>`/`<script>`/
//! `<form>` loads, service-worker scripts and pages of other origins are refused before
//! anything is forwarded, so no other site can turn a visitor's browser into an open proxy
//! or frame relayed content as the relay's own. Pure: plain name/value pairs in, a verdict out.
//!
//! These are browser controls: a command-line client can send anything, which is why the
//! address policy (policy.rs) holds whatever gets through here.

use super::policy::Refusal;
use crate::code::RelayCode;

/// The relay's callers, from its flags.
#[derive(Debug, Clone, Default)]
pub struct Callers {
    /// Exact serialized origins (`scheme://host[:port]`) from `--allow-origin`.
    pub allowed: Vec<String>,
    /// Under `serve`: the app's own origin (`http://` or `https://` + the request's Host,
    /// which the server has already checked) is allowed.
    pub same_origin: bool,
    /// `--allow-no-origin`: requests without `Origin` (command-line clients) are served.
    pub allow_no_origin: bool,
}

/// A request let through, and what the answer owes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller<'a> {
    /// A page of an allowed origin: answered with CORS headers for it.
    Page(&'a str),
    /// A same-origin fetch under `serve` that did not send `Origin` (Chromium omits it on
    /// same-origin GETs), vouched for by `Sec-Fetch-Site: same-origin`.
    SameOrigin,
    /// No `Origin`, admitted by `--allow-no-origin`.
    Tool,
}

/// The first value of a header, by case-insensitive name.
pub fn header<'a>(headers: &[(&str, &'a str)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

impl Callers {
    /// Whether a page of `origin` may call the relay; `host` is the request's Host.
    pub fn permits(&self, origin: &str, host: Option<&str>) -> bool {
        self.allowed.iter().any(|o| o == origin)
            || (self.same_origin
                && host.is_some_and(|h| {
                    let own = |scheme: &str| origin.strip_prefix(scheme) == Some(h);
                    // Behind a TLS proxy (--public-host) the page's origin is https.
                    own("http://") || own("https://")
                }))
    }

    /// Judges a request by its headers.
    pub fn admit<'a>(&self, headers: &[(&str, &'a str)]) -> Result<Caller<'a>, Refusal> {
        let refuse = |message: String| Err(Refusal::new(403, RelayCode::RequestRefused, message));
        if header(headers, "service-worker").is_some() {
            return refuse("the relay does not serve service-worker scripts (Service-Worker)".into());
        }
        // `cors` for cross-origin fetch(), `same-origin` for fetch(…, {mode: "same-origin"});
        // not `navigate`, `no-cors` (<img>, <script>, forms), `websocket`.
        if let Some(mode) = header(headers, "sec-fetch-mode")
            && !matches!(mode, "cors" | "same-origin")
        {
            return refuse(format!(
                "the relay answers fetch() calls from a page, not navigations or \
                 <img>/<script>/<form> loads (Sec-Fetch-Mode: {})",
                token(mode)
            ));
        }
        if let Some(dest) = header(headers, "sec-fetch-dest")
            && dest != "empty"
        {
            return refuse(format!(
                "the relay answers fetch() calls, not requests for a document, frame, image, \
                 script or worker (Sec-Fetch-Dest: {})",
                token(dest)
            ));
        }
        let host = header(headers, "host");
        match header(headers, "origin") {
            Some(origin) if self.permits(origin, host) => Ok(Caller::Page(origin)),
            Some(_) => Err(Refusal::new(
                403,
                RelayCode::OriginRefused,
                "this page's origin is not one the relay serves (see --allow-origin)",
            )),
            None if self.allow_no_origin => Ok(Caller::Tool),
            None if self.same_origin && header(headers, "sec-fetch-site") == Some("same-origin") => {
                Ok(Caller::SameOrigin)
            }
            None => Err(Refusal::new(
                403,
                RelayCode::OriginRefused,
                if self.same_origin {
                    "the request has no Origin and is not a same-origin fetch \
                     (Sec-Fetch-Site: same-origin); command-line clients need --allow-no-origin"
                } else {
                    "the request has no Origin; the relay serves the pages of its --allow-origin \
                     origins (start it with --allow-no-origin to serve command-line clients)"
                },
            )),
        }
    }
}

/// A header value fit to quote back: Fetch Metadata values are short lowercase tokens.
fn token(value: &str) -> &str {
    let fits = value.len() <= 32 && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if fits { value } else { "an unexpected value" }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const APP: &str = "https://app.example";

    fn standalone() -> Callers {
        Callers {
            allowed: vec![APP.into()],
            ..Callers::default()
        }
    }

    fn serve() -> Callers {
        Callers {
            same_origin: true,
            ..Callers::default()
        }
    }

    fn code(callers: &Callers, headers: &[(&str, &str)]) -> &'static str {
        callers.admit(headers).unwrap_err().code.as_str()
    }

    /// What Chromium sends with fetch() from a page.
    fn fetch_from<'a>(origin: Option<&'a str>, site: &'a str) -> Vec<(&'static str, &'a str)> {
        let mut h = vec![
            ("host", "127.0.0.1:8080"),
            ("sec-fetch-site", site),
            ("sec-fetch-mode", "cors"),
            ("sec-fetch-dest", "empty"),
        ];
        if let Some(o) = origin {
            h.push(("origin", o));
        }
        h
    }

    #[test]
    fn standalone_needs_an_allowed_origin() {
        let c = standalone();
        assert_eq!(
            c.admit(&fetch_from(Some(APP), "cross-site")),
            Ok(Caller::Page(APP))
        );
        assert_eq!(c.admit(&[("Origin", APP)]), Ok(Caller::Page(APP)));
        for origin in [
            "https://evil.example",
            "https://app.example.evil.example",
            "null",
            "https://APP.example",
        ] {
            assert_eq!(code(&c, &[("origin", origin)]), "origin_refused", "{origin}");
        }
        // No Origin: refused, even claiming same-origin (a standalone relay has no pages).
        assert_eq!(code(&c, &[]), "origin_refused");
        assert_eq!(code(&c, &fetch_from(None, "same-origin")), "origin_refused");
        let tools = Callers {
            allow_no_origin: true,
            ..standalone()
        };
        assert_eq!(tools.admit(&[("host", "x")]), Ok(Caller::Tool));
        assert_eq!(
            code(&tools, &[("origin", "https://evil.example")]),
            "origin_refused"
        );
    }

    #[test]
    fn serve_admits_its_own_pages() {
        let c = serve();
        let own = "http://127.0.0.1:8080";
        assert_eq!(
            c.admit(&fetch_from(Some(own), "same-origin")),
            Ok(Caller::Page(own))
        );
        let behind_tls = [
            ("host", "playground.example.org"),
            ("origin", "https://playground.example.org"),
        ];
        assert_eq!(
            c.admit(&behind_tls),
            Ok(Caller::Page("https://playground.example.org"))
        );
        // Chromium's same-origin GET: no Origin, Sec-Fetch-Site says same-origin.
        assert_eq!(c.admit(&fetch_from(None, "same-origin")), Ok(Caller::SameOrigin));
        for site in ["cross-site", "same-site", "none"] {
            assert_eq!(code(&c, &fetch_from(None, site)), "origin_refused", "{site}");
        }
        assert_eq!(code(&c, &[("host", "127.0.0.1:8080")]), "origin_refused");
        assert_eq!(
            code(&c, &fetch_from(Some("http://127.0.0.1:8081"), "same-site")),
            "origin_refused"
        );
        assert_eq!(
            code(&Callers::default(), &fetch_from(Some(own), "same-origin")),
            "origin_refused"
        );
    }

    #[test]
    fn only_fetch_calls() {
        for c in [
            standalone(),
            serve(),
            Callers {
                allow_no_origin: true,
                ..standalone()
            },
        ] {
            for (name, value) in [
                ("sec-fetch-mode", "navigate"),
                ("sec-fetch-mode", "nested-navigate"),
                ("sec-fetch-mode", "no-cors"),
                ("sec-fetch-mode", "websocket"),
                ("sec-fetch-dest", "document"),
                ("sec-fetch-dest", "iframe"),
                ("sec-fetch-dest", "image"),
                ("sec-fetch-dest", "script"),
                ("sec-fetch-dest", "serviceworker"),
                ("Sec-Fetch-Dest", "EMPTY"),
                ("service-worker", "script"),
            ] {
                let h = [("origin", APP), ("host", "127.0.0.1:8080"), (name, value)];
                let r = c.admit(&h).unwrap_err();
                assert_eq!(
                    (r.status, r.code.as_str()),
                    (403, "request_refused"),
                    "{name}: {value}"
                );
            }
        }
        let r = standalone()
            .admit(&[("origin", APP), ("sec-fetch-mode", "<script>alert(1)</script>")])
            .unwrap_err();
        assert!(
            r.message.ends_with("(Sec-Fetch-Mode: an unexpected value)"),
            "{}",
            r.message
        );
        let ok = [
            ("origin", APP),
            ("sec-fetch-mode", "same-origin"),
            ("sec-fetch-dest", "empty"),
        ];
        assert!(standalone().admit(&ok).is_ok());
    }
}

//! Which `oauth_callback` values the sandbox takes. RFC 5849 §2.1 leaves the rules to the
//! server and §4.7 warns that a provider redirecting anywhere helps phishing: by default
//! the sandbox sends the user's browser only to loopback or back to its own origin.

use engine::loopback::is_loopback;
use oauth1::Problem;
use url::{Host, Url};

use super::check::rejected;

/// Longer callbacks are refused: each request token keeps its callback until it expires.
pub const MAX_CALLBACK_BYTES: usize = 2048;

const NAME: &str = "oauth_callback";

#[derive(Debug, Clone, Default)]
pub struct CallbackPolicy {
    /// `serve --sandbox-any-callback`: any absolute http(s) URL, for workshops whose apps
    /// run on other machines.
    pub any_host: bool,
    /// Names this server is reached under besides loopback (`--public-host`). A callback on
    /// the origin a request came in under is accepted when that name is one of these.
    pub public_hosts: Vec<String>,
}

impl CallbackPolicy {
    /// `serving_host` is the request's `Host` header.
    pub fn check(&self, callback: &str, serving_host: Option<&str>) -> Result<(), Problem> {
        if callback.len() > MAX_CALLBACK_BYTES {
            return Err(rejected(
                NAME,
                format!(
                    "oauth_callback is {} bytes; the sandbox takes at most {MAX_CALLBACK_BYTES}",
                    callback.len()
                ),
            ));
        }
        if callback == "oob" {
            return Ok(());
        }
        let url = Url::parse(callback)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| rejected(NAME, "oauth_callback must be an absolute http(s) URL or \"oob\""))?;
        if self.any_host || is_loopback(&url) || self.is_serving_origin(&url, serving_host) {
            return Ok(());
        }
        Err(rejected(
            NAME,
            format!(
                "the sandbox redirects only to loopback (127.0.0.0/8, [::1], localhost) or to its own \
                 origin, not to {}; start serve with --sandbox-any-callback to allow other hosts",
                url.host_str().unwrap_or_default()
            ),
        ))
    }

    /// The callback's host and port are the request's `Host`, and that name is the server's.
    fn is_serving_origin(&self, url: &Url, serving_host: Option<&str>) -> bool {
        let Some(serving) = serving_host.and_then(|h| Url::parse(&format!("http://{h}/")).ok()) else {
            return false;
        };
        let own = match serving.host() {
            Some(Host::Domain(name)) => self.public_hosts.iter().any(|p| {
                p.trim_end_matches('.')
                    .eq_ignore_ascii_case(name.trim_end_matches('.'))
            }),
            _ => false,
        };
        // Scheme aside: behind a TLS proxy the app's page is https on the same authority.
        own && url.host() == serving.host() && url.port() == serving.port()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(policy: &CallbackPolicy, callback: &str, host: Option<&str>) -> Option<String> {
        policy.check(callback, host).err().map(|p| {
            assert_eq!(p.problem, "parameter_rejected");
            assert_eq!(p.parameters_rejected, vec!["oauth_callback"]);
            p.advice.unwrap_or_default()
        })
    }

    #[test]
    fn loopback_and_oob_by_default() {
        let p = CallbackPolicy::default();
        for ok in [
            "oob",
            "http://127.0.0.1:8080/",
            "http://127.9.9.9/cb?x=1",
            "https://[::1]:3000/cb",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:3000/cb",
            "http://app.localhost/cb",
            "http://LOCALHOST./cb",
        ] {
            assert_eq!(refused(&p, ok, Some("127.0.0.1:8080")), None, "{ok}");
        }
        for (bad, why) in [
            ("https://app.example/cb", "not to app.example;"),
            ("http://192.168.1.20:3000/", "not to 192.168.1.20;"),
            ("http://localhost.example/", "not to localhost.example;"),
            ("http://[::2]/", "not to [::2];"),
            ("ftp://127.0.0.1/", "absolute http(s) URL"),
            ("/relative", "absolute http(s) URL"),
            ("OOB", "absolute http(s) URL"),
        ] {
            let advice = refused(&p, bad, Some("127.0.0.1:8080")).unwrap_or_default();
            assert!(advice.contains(why), "{bad}: {advice}");
        }
    }

    #[test]
    fn the_serving_origin_when_it_is_a_public_host() {
        let p = CallbackPolicy {
            public_hosts: vec!["Playground.example".into()],
            ..CallbackPolicy::default()
        };
        let host = Some("playground.example");
        assert_eq!(refused(&p, "https://playground.example/", host), None);
        assert_eq!(refused(&p, "http://PLAYGROUND.example/flows", host), None);
        let on_port = Some("playground.example:8443");
        assert_eq!(refused(&p, "https://playground.example:8443/", on_port), None);
        // Another port, another name, or a Host that is not one of the server's.
        assert!(refused(&p, "https://playground.example:9/", host).is_some());
        assert!(refused(&p, "https://other.example/", host).is_some());
        assert!(refused(&p, "https://playground.example/", None).is_some());
        let stranger = CallbackPolicy::default();
        assert!(refused(&stranger, "http://evil.example/", Some("evil.example")).is_some());
    }

    #[test]
    fn any_host_when_asked_but_never_any_scheme_or_length() {
        let p = CallbackPolicy {
            any_host: true,
            ..CallbackPolicy::default()
        };
        assert_eq!(refused(&p, "https://app.example/cb", None), None);
        assert!(refused(&p, "javascript:alert(1)", None).is_some());
        let long = format!("http://127.0.0.1/{}", "a".repeat(MAX_CALLBACK_BYTES));
        let advice = refused(&p, &long, None).unwrap_or_default();
        assert!(advice.contains("at most 2048"), "{advice}");
        let exact = format!("http://127.0.0.1/{}", "a".repeat(MAX_CALLBACK_BYTES - 17));
        assert_eq!(exact.len(), MAX_CALLBACK_BYTES);
        assert_eq!(refused(&p, &exact, None), None);
    }
}

//! The redirect URI (RFC 6749 §3.1.2): absolute, no fragment, and a scheme a browser may
//! safely be sent to: http(s), or a native app's private-use scheme in reverse-domain form
//! (RFC 8252 §7.1, `com.example.app:/cb`). `javascript:`, `data:` and the like are refused.
//! And the check that a callback is ours: the same scheme, host, port and path, with the
//! redirect URI's own query parameters (§3.1.2 keeps them), nothing looser.

use url::Url;

use crate::Error;

pub fn parse_redirect_uri(input: &str) -> Result<Url, Error> {
    let trimmed = input.trim();
    let invalid = |why: &str| Error::InvalidValue {
        what: "redirect_uri",
        value: trimmed.to_owned(),
        why: why.to_owned(),
    };
    let url = Url::parse(trimmed).map_err(|e| invalid(&format!("it is not an absolute URL ({e})")))?;
    match url.scheme() {
        "http" | "https" => {
            if url.host_str().is_none_or(str::is_empty) {
                return Err(invalid("it has no host"));
            }
        }
        s if s.contains('.') => {}
        _ => {
            return Err(invalid(
                "its scheme must be http, https, or a private-use scheme in reverse-domain form such as com.example.app (RFC 8252 §7.1)",
            ));
        }
    }
    if url.fragment().is_some() {
        return Err(invalid("it must not have a fragment (RFC 6749 §3.1.2)"));
    }
    Ok(url)
}

/// Whether `callback` was sent to `redirect_uri`: scheme, host, port and path equal (the
/// parser has normalised case and default ports), and each query parameter of the redirect
/// URI present in the callback. Bruno and Insomnia took any URL with `code=` for the
/// callback; this does not.
pub fn is_our_callback(redirect_uri: &Url, callback: &Url) -> bool {
    redirect_uri.scheme() == callback.scheme()
        && redirect_uri.host_str() == callback.host_str()
        && redirect_uri.port_or_known_default() == callback.port_or_known_default()
        && redirect_uri.path() == callback.path()
        && redirect_uri
            .query_pairs()
            .all(|pair| callback.query_pairs().any(|c| c == pair))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        for ok in [
            "https://app.example/cb",
            "http://127.0.0.1:53682/callback",
            "com.example.app:/oauth2redirect",
        ] {
            assert!(parse_redirect_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "https://a.example/cb#x",
            "/cb",
            "http://",
        ] {
            assert!(parse_redirect_uri(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn exact_match() {
        let r = Url::parse("http://127.0.0.1:8123/cb?tenant=a").unwrap();
        let ok = Url::parse("http://127.0.0.1:8123/cb?tenant=a&code=x&state=y").unwrap();
        assert!(is_our_callback(&r, &ok));
        for other in [
            "http://127.0.0.1:8124/cb?tenant=a&code=x",
            "http://127.0.0.1:8123/cb/extra?tenant=a&code=x",
            "http://127.0.0.1:8123/login?tenant=a&code=x",
            "https://127.0.0.1:8123/cb?tenant=a&code=x",
            "http://localhost:8123/cb?tenant=a&code=x",
            "http://127.0.0.1:8123/cb?code=x",
        ] {
            assert!(!is_our_callback(&r, &Url::parse(other).unwrap()), "{other}");
        }
    }
}

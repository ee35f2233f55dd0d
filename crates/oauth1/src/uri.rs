//! Target URLs and the base string URI, RFC 5849 §3.4.1.2.

use url::Url;

use crate::Error;

/// Parses an absolute http(s) URL, with errors a user can act on. Every other scheme
/// (`javascript:`, `data:`, `file:` …, in any letter case) is refused: the URL is signed,
/// fetched or navigated to, so nothing but http(s) may pass.
pub fn parse_url(input: &str) -> Result<Url, Error> {
    // The WHATWG parser (which `url` and browsers share) also drops leading and trailing
    // spaces and controls and every tab or newline inside: what is checked here is what a
    // browser would navigate to.
    let trimmed = input.trim();
    let url = Url::parse(trimmed).map_err(|e| match e {
        url::ParseError::InvalidPort => Error::InvalidPort(trimmed.to_owned()),
        url::ParseError::RelativeUrlWithoutBase => Error::InvalidUrl {
            url: trimmed.to_owned(),
            reason: "it is not absolute; start it with https://".into(),
        },
        other => Error::InvalidUrl {
            url: trimmed.to_owned(),
            reason: other.to_string(),
        },
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::UnsupportedScheme(trimmed.to_owned()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::InvalidUrl {
            url: trimmed.to_owned(),
            reason: "it has no host".into(),
        });
    }
    Ok(url)
}

/// The base string URI: lowercase scheme and host, the port only when it is not the
/// scheme's default, the path as sent (case kept), no query, no fragment (§3.4.1.2).
pub fn base_string_uri(url: &Url) -> String {
    // `Url` has already lowercased the scheme and host and dropped a default port.
    let host = url.host_str().unwrap_or_default();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = match url.path() {
        "" => "/",
        p => p,
    };
    format!("{}://{}{}{}", url.scheme(), host, port, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bsu(input: &str) -> String {
        base_string_uri(&parse_url(input).unwrap())
    }

    #[test]
    fn rfc5849_examples() {
        assert_eq!(
            bsu("HTTP://EXAMPLE.COM:80/r%20v/X?id=123"),
            "http://example.com/r%20v/X"
        );
        assert_eq!(
            bsu("https://www.example.net:8080/?q=1"),
            "https://www.example.net:8080/"
        );
    }

    #[test]
    fn oauthlib_base_string_uri_cases() {
        assert_eq!(bsu("http://www.example.com/"), "http://www.example.com/");
        assert_eq!(bsu("http://www.example.com"), "http://www.example.com/");
        assert_eq!(bsu("http://www.example.com:80/"), "http://www.example.com/");
        assert_eq!(bsu("HTTPS://www.example.com:443/"), "https://www.example.com/");
        assert_eq!(bsu("https://www.example.com:80/"), "https://www.example.com:80/");
        assert_eq!(bsu("http://www.example.com:443/"), "http://www.example.com:443/");
        assert_eq!(
            bsu("http://www.example.com:8080/path"),
            "http://www.example.com:8080/path"
        );
        assert_eq!(
            bsu("http://www.EXAMPLE.com/Path?x=1#frag"),
            "http://www.example.com/Path"
        );
        assert_eq!(bsu("http://[::1]:8080/a"), "http://[::1]:8080/a");
        assert_eq!(bsu("http://[2001:DB8::1]/"), "http://[2001:db8::1]/");
        assert_eq!(bsu("http://127.0.0.1:80/"), "http://127.0.0.1/");
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            parse_url("http://example.com:99999/"),
            Err(Error::InvalidPort(_))
        ));
        assert!(matches!(
            parse_url("http://example.com:abc/"),
            Err(Error::InvalidPort(_))
        ));
        assert!(matches!(
            parse_url("ftp://example.com/"),
            Err(Error::UnsupportedScheme(_))
        ));
        assert!(matches!(parse_url("/relative"), Err(Error::InvalidUrl { .. })));
        assert!(matches!(parse_url("not a url"), Err(Error::InvalidUrl { .. })));
    }

    #[test]
    fn refuses_every_scheme_but_http_and_https() {
        for bad in [
            "javascript:alert(1)",
            "  JavaScript:alert(1)",
            "\tjava\nscript:alert(1)",
            "JAVASCRIPT://example.com/%0aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "blob:https://example.com/x",
            "about:blank",
        ] {
            assert!(
                matches!(parse_url(bad), Err(Error::UnsupportedScheme(_))),
                "{bad}: {:?}",
                parse_url(bad)
            );
        }
        assert_eq!(
            parse_url(" javascript:x").unwrap_err().to_string(),
            "the URL \"javascript:x\" must start with http:// or https://"
        );
        assert_eq!(
            parse_url(" HTTPS://Example.com/a ").unwrap().as_str(),
            "https://example.com/a"
        );
        // A host is required, so `http:` alone is not a URL to go to.
        assert!(matches!(parse_url("http:"), Err(Error::InvalidUrl { .. })));
    }
}

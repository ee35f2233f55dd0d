//! The resource owner's authorization page (RFC 5849 §2.2): the one place its URL is built.

use oauth1::encode::encode;
use oauth1::uri::parse_url;
use url::Url;

use super::{AuthorizeEndpoint, LegError};

/// The provider's page for `request_token`. A URL containing `{token}` or `{consumer_key}`
/// is a template (E*TRADE's `?key=…&token=…`); any other gets `oauth_token` appended to its
/// query (§2.2). The extra parameters are appended either way; a fragment is kept. The
/// whole result is checked to be absolute http(s) before anyone navigates to it or prints
/// it, so a refusal quotes the URL that would have been opened.
pub fn authorize_url(
    endpoint: &AuthorizeEndpoint,
    request_token: &str,
    consumer_key: &str,
) -> Result<Url, LegError> {
    let template = &endpoint.template;
    let mut added = Vec::new();
    let filled = if template.contains("{token}") || template.contains("{consumer_key}") {
        template
            .replace("{token}", &encode(request_token))
            .replace("{consumer_key}", &encode(consumer_key.trim()))
    } else {
        added.push(format!("oauth_token={}", encode(request_token)));
        template.clone()
    };
    added.extend(
        endpoint
            .params
            .iter()
            .map(|(n, v)| format!("{}={}", encode(n), encode(v))),
    );
    parse_url(&with_query(&filled, &added.join("&"))).map_err(LegError::AuthorizeUrl)
}

/// `url` with `pairs` appended to its query, before its fragment.
fn with_query(url: &str, pairs: &str) -> String {
    if pairs.is_empty() {
        return url.to_owned();
    }
    let (base, fragment) = url.split_once('#').map_or((url, None), |(b, f)| (b, Some(f)));
    let sep = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    match fragment {
        Some(f) => format!("{base}{sep}{pairs}#{f}"),
        None => format!("{base}{sep}{pairs}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(template: &str, params: &[(&str, &str)]) -> AuthorizeEndpoint {
        let params = params
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        AuthorizeEndpoint::new(template, params).unwrap()
    }

    fn url(template: &str, params: &[(&str, &str)], token: &str, key: &str) -> String {
        authorize_url(&endpoint(template, params), token, key)
            .unwrap()
            .to_string()
    }

    #[test]
    fn oauth_token_is_appended_with_the_extra_parameters() {
        assert_eq!(
            url(
                "https://p/authorize",
                &[("scope", "read,write"), ("name", "My App")],
                "a b",
                "k"
            ),
            "https://p/authorize?oauth_token=a%20b&scope=read%2Cwrite&name=My%20App"
        );
        assert_eq!(
            url("https://p/a?x=1", &[], "t", "k"),
            "https://p/a?x=1&oauth_token=t"
        );
        assert_eq!(
            url("https://p/a?x=1&", &[], "t", "k"),
            "https://p/a?x=1&oauth_token=t"
        );
        assert_eq!(
            url("https://p/a?", &[], "t+1", "k"),
            "https://p/a?oauth_token=t%2B1"
        );
    }

    #[test]
    fn fragments_are_kept() {
        assert_eq!(
            url("https://x.test/auth?lang=en#top", &[("perms", "read")], "t1", "k"),
            "https://x.test/auth?lang=en&oauth_token=t1&perms=read#top"
        );
    }

    #[test]
    fn templates_are_filled_encoded() {
        assert_eq!(
            url(
                "https://us.etrade.com/e/t/etws/authorize?key={consumer_key}&token={token}",
                &[],
                "t/1",
                "k=1"
            ),
            "https://us.etrade.com/e/t/etws/authorize?key=k%3D1&token=t%2F1"
        );
        assert_eq!(
            url("https://p/a/{token}", &[("x", "1")], "tok", "k"),
            "https://p/a/tok?x=1"
        );
    }

    #[test]
    fn only_http_urls_come_out() {
        for bad in [
            "not a url",
            "javascript:alert(1)//{token}",
            "file:///etc/passwd",
            "/relative",
        ] {
            let e = authorize_url(&endpoint(bad, &[]), "t", "k").unwrap_err();
            assert!(matches!(e, LegError::AuthorizeUrl(_)), "{bad}: {e:?}");
        }
        assert_eq!(
            authorize_url(&endpoint("ftp://p/a", &[]), "t", "k")
                .unwrap_err()
                .to_string(),
            "the authorize URL is not usable: the URL \"ftp://p/a?oauth_token=t\" must start with http:// or https://"
        );
        assert_eq!(
            AuthorizeEndpoint::new("  ", vec![]),
            Err(LegError::MissingAuthorizeUrl)
        );
    }
}

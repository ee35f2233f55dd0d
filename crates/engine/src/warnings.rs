//! Bad input, said before anything is sent: one rule for the app's console and the CLI.
//!
//! - PLAINTEXT sends the two secrets as the signature, so RFC 5849 §3.4.4 wants it over TLS
//!   only: over plain http to a host that is not this machine, anyone on the way reads them.
//! - WooCommerce's REST API (`/wp-json/wc/…`) checks OAuth 1.0a one-legged signatures over
//!   plain http only; over https it expects HTTP Basic authentication with the consumer key
//!   and secret (or them as query parameters), per its REST API docs ("Authentication").

use std::fmt;

use oauth1::SignatureMethod;
use url::Url;

use crate::loopback::is_loopback;
use crate::oauth1_flow::LegRequest;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    PlaintextWithoutTls { host: String },
    WooCommerceOverHttps,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::PlaintextWithoutTls { host } => write!(
                f,
                "PLAINTEXT over plain http to {host}: the consumer secret and token secret travel as the \
                 signature, readable by anyone on the way (RFC 5849 §3.4.4 wants TLS). Use https://, or an \
                 HMAC method."
            ),
            Warning::WooCommerceOverHttps => f.write_str(
                "this looks like WooCommerce's REST API (/wp-json/wc/) over https: there the store does not \
                 check OAuth 1.0a signatures, it expects HTTP Basic authentication with the consumer key and \
                 secret (or consumer_key and consumer_secret in the query). It checks one-legged OAuth 1.0a \
                 over plain http only.",
            ),
        }
    }
}

/// The warnings for a call to `url` signed with `method`, `one_legged` (no token).
pub fn warnings(url: &str, method: SignatureMethod, one_legged: bool) -> Vec<Warning> {
    let Ok(url) = Url::parse(url.trim()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if method == SignatureMethod::Plaintext && url.scheme() == "http" && !is_loopback(&url) {
        out.push(Warning::PlaintextWithoutTls {
            host: url.host_str().unwrap_or_default().to_owned(),
        });
    }
    if one_legged && url.scheme() == "https" && is_woocommerce(&url) {
        out.push(Warning::WooCommerceOverHttps);
    }
    out
}

/// The warnings for a leg about to be signed and sent.
pub fn for_leg(leg: &LegRequest) -> Vec<Warning> {
    warnings(
        &leg.spec.url,
        leg.options.signature_method,
        leg.credentials.token.as_deref().is_none_or(str::is_empty),
    )
}

/// WooCommerce's REST routes: `/wp-json/wc/…`, or `?rest_route=/wc/…` without pretty links.
fn is_woocommerce(url: &Url) -> bool {
    url.path().contains("/wp-json/wc/")
        || url
            .query_pairs()
            .any(|(n, v)| n == "rest_route" && v.starts_with("/wc/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaintext_over_http_warns_off_loopback_only() {
        let p = SignatureMethod::Plaintext;
        assert_eq!(
            warnings("http://api.discogs.com/oauth/request_token", p, true),
            [Warning::PlaintextWithoutTls {
                host: "api.discogs.com".into()
            }]
        );
        for quiet in [
            "https://api.discogs.com/oauth/request_token",
            "http://127.0.0.1:8080/sandbox/oauth/request_token",
            "http://[::1]:8080/x",
            "http://app.localhost/x",
        ] {
            assert_eq!(warnings(quiet, p, false), [], "{quiet}");
        }
        assert_eq!(
            warnings("http://api.discogs.com/", SignatureMethod::HmacSha1, false),
            []
        );
    }

    #[test]
    fn woocommerce_over_https_one_legged_explains_basic_auth() {
        let h = SignatureMethod::HmacSha256;
        assert_eq!(
            warnings("https://shop.example/wp-json/wc/v3/orders", h, true),
            [Warning::WooCommerceOverHttps]
        );
        assert_eq!(
            warnings("https://shop.example/?rest_route=/wc/v3/orders", h, true),
            [Warning::WooCommerceOverHttps]
        );
        // Over http it is what WooCommerce wants; with a token it is not the REST keys.
        assert_eq!(warnings("http://shop.example/wp-json/wc/v3/orders", h, true), []);
        assert_eq!(
            warnings("https://shop.example/wp-json/wc/v3/orders", h, false),
            []
        );
        assert_eq!(warnings("https://shop.example/wp-json/wp/v2/posts", h, true), []);
        assert!(
            Warning::WooCommerceOverHttps
                .to_string()
                .contains("it expects HTTP Basic authentication")
        );
    }
}

//! One-legged calls: a request signed by the consumer alone, with no token (RFC 5849 §3.1:
//! `oauth_token` "MAY be omitted when the request is not associated with a resource
//! owner"). WooCommerce's REST API, LTI launches and "two-legged" APIs work this way.
//!
//! The one rule for the token parameter, for the app's console and the CLI's `request`:
//! no `oauth_token` is sent, unless the user asks for an empty one (`oauth_token=""`, which
//! a few servers want and most refuse), and then it is signed too.

use oauth1::{Credentials, Placement, SignatureMethod};

use super::{CallSpec, CallSpecError, Consumer, LegError, LegRequest, ResolvedToken, signed_call};

/// Who signs a one-legged call, and how it treats `oauth_token`.
#[derive(Debug, Clone)]
pub struct ConsumerOnly {
    pub consumer: Consumer,
    pub method: SignatureMethod,
    /// The `Authorization` header's realm (§3.5.1), when the provider wants one.
    pub realm: Option<String>,
    /// Send and sign `oauth_token=""`: only when the user asks.
    pub empty_token: bool,
}

impl ConsumerOnly {
    /// From what the user gave, checked by the rule every leg uses ([`Consumer::new`]). An
    /// empty or blank realm is none.
    pub fn new(
        key: &str,
        secret: &str,
        method: SignatureMethod,
        rsa_pem: Option<&str>,
        realm: Option<&str>,
        empty_token: bool,
    ) -> Result<Self, LegError> {
        Ok(Self {
            consumer: Consumer::new(key, secret, method, rsa_pem)?,
            method,
            realm: realm.map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned),
            empty_token,
        })
    }

    /// The credentials: the consumer's, and no token.
    pub fn resolved(&self) -> ResolvedToken {
        ResolvedToken {
            credentials: Credentials {
                consumer_key: self.consumer.key.clone(),
                consumer_secret: self.consumer.secret.clone(),
                token: None,
                token_secret: Default::default(),
                rsa_key: self.consumer.rsa_key.clone(),
            },
            signature_method: self.method,
            realm: self.realm.clone(),
        }
    }
}

/// The leg that sends `spec` signed by the consumer alone; the request itself is read as
/// every composed call is ([`signed_call`]).
pub fn one_legged_call(
    spec: &CallSpec,
    who: &ConsumerOnly,
    placement: Placement,
    include_version: bool,
) -> Result<LegRequest, CallSpecError> {
    let mut leg = signed_call(spec, &who.resolved(), placement, include_version)?;
    leg.options.send_empty_token = who.empty_token;
    Ok(leg)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn spec() -> CallSpec {
        CallSpec {
            method: "GET".into(),
            url: "http://shop.example/wp-json/wc/v3/orders?per_page=1".into(),
            ..CallSpec::default()
        }
    }

    fn names(empty_token: bool) -> Vec<(String, String)> {
        let who = ConsumerOnly::new(
            "ck_1",
            "cs_1",
            SignatureMethod::HmacSha1,
            None,
            Some(" "),
            empty_token,
        )
        .unwrap();
        let leg = one_legged_call(&spec(), &who, Placement::Query, false).unwrap();
        let signed = oauth1::sign_request(&leg.spec, &leg.credentials, &leg.options, "n0nce", 1).unwrap();
        let url = url::Url::parse(&signed.request.url).unwrap();
        url.query_pairs()
            .filter(|(n, _)| n.starts_with("oauth_") && n != "oauth_signature")
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect()
    }

    #[test]
    fn no_token_is_sent_unless_an_empty_one_is_asked_for() {
        let without = names(false);
        assert!(without.iter().all(|(n, _)| n != "oauth_token"), "{without:?}");
        assert!(without.iter().all(|(n, _)| n != "oauth_version"), "{without:?}");
        let with = names(true);
        assert!(with.contains(&("oauth_token".into(), String::new())), "{with:?}");
    }

    #[test]
    fn the_consumer_is_checked_as_on_every_leg() {
        let err = ConsumerOnly::new("ck", "", SignatureMethod::HmacSha256, None, None, false).unwrap_err();
        assert_eq!(err, LegError::MissingConsumerSecret(SignatureMethod::HmacSha256));
    }
}

//! Property tests: encoding round trips, and signed requests parse back to what was signed.

use oauth1::encode::{decode, encode, form_decode, parse_form, to_form};
use oauth1::header::parse_authorization;
use oauth1::verify::{ReceivedRequest, collect};
use oauth1::{Credentials, Placement, RequestSpec, Secret, SignOptions, sign_request};
use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![".*", "[a-zA-Z0-9 +&=%/?#\\[\\]~._-]*", "\\PC*"]
}

proptest! {
    #[test]
    fn decode_inverts_encode(s in any_text()) {
        prop_assert_eq!(decode(&encode(&s)).unwrap(), s.clone());
        prop_assert_eq!(form_decode(&encode(&s)).unwrap(), s);
    }

    #[test]
    fn encode_agrees_with_percent_encoding_crate(s in any_text()) {
        let theirs = percent_encoding::utf8_percent_encode(&s, oauth1::encode::RESERVED).to_string();
        prop_assert_eq!(encode(&s), theirs);
    }

    #[test]
    fn encoding_uses_only_unreserved_and_uppercase_escapes(s in any_text()) {
        let e = encode(&s);
        let bytes = e.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'%' {
                prop_assert!(bytes[i + 1..i + 3].iter().all(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(h)));
                i += 3;
            } else {
                prop_assert!(b.is_ascii_alphanumeric() || b"-._~".contains(&b));
                i += 1;
            }
        }
    }

    #[test]
    fn form_round_trip(pairs in proptest::collection::vec((any_text(), any_text()), 0..6)) {
        let pairs: Vec<(String, String)> = pairs.into_iter().filter(|(n, _)| !n.is_empty()).collect();
        let form = to_form(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        prop_assert_eq!(parse_form(&form).unwrap(), pairs);
    }

    /// The header placement parses back to the same protocol parameters, and the
    /// provider side computes the same base string and accepts the signature.
    #[test]
    fn header_placement_parses_back(
        consumer_secret in any_text(),
        token_secret in any_text(),
        token in "[A-Za-z0-9-]{1,20}",
        callback in proptest::option::of(any_text()),
        realm in proptest::option::of("[ -~]{0,12}"),
        query in proptest::collection::vec(("[a-z\\[\\] ]{1,5}", any_text()), 0..4),
        placement in prop_oneof![Just(Placement::Header), Just(Placement::Query), Just(Placement::Body)],
    ) {
        let mut url = url::Url::parse("https://api.example.com/r%20x/Y").unwrap();
        if !query.is_empty() {
            url.set_query(Some(&to_form(query.iter().map(|(n, v)| (n.as_str(), v.as_str())))));
        }
        let spec = RequestSpec::new("POST", url.as_str());
        let credentials = Credentials {
            consumer_key: "key".into(),
            consumer_secret: Secret::new(consumer_secret.clone()),
            token: Some(token.clone()),
            token_secret: Secret::new(token_secret.clone()),
            rsa_key: None,
        };
        let options = SignOptions { callback: callback.clone(), realm: realm.clone(), placement, ..SignOptions::default() };
        let signed = sign_request(&spec, &credentials, &options, "nonce123", 1_700_000_000).unwrap();
        let req = &signed.request;
        if placement == Placement::Header {
            let header = parse_authorization(req.header("Authorization").unwrap()).unwrap();
            prop_assert_eq!(header.realm, realm);
            let cb = header.params.iter().find(|(n, _)| n == "oauth_callback").map(|(_, v)| v.clone());
            prop_assert_eq!(cb, callback);
            prop_assert!(header.params.iter().any(|(n, v)| n == "oauth_token" && *v == token));
        }
        let received = ReceivedRequest {
            method: &req.method,
            url: &req.url,
            authorization: req.header("Authorization"),
            content_type: req.header("Content-Type"),
            body: req.body.as_bytes(),
        };
        let collected = collect(received).unwrap();
        prop_assert_eq!(collected.base_string.to_string(), signed.explanation.base_string.clone());
        let verdict = collected.verify(
            &Secret::new(consumer_secret),
            &Secret::new(token_secret),
            None,
            req.body.as_bytes(),
            req.header("Content-Type"),
        );
        prop_assert!(verdict.is_ok());
    }
}

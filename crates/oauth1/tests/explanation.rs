//! The lazy workings equal the eager ones: [`sign_request_lazily`] and [`Signer::sign`] keep a
//! compact record and build the [`oauth1::Explanation`] on demand; it must be the one
//! [`sign_request`] builds as it goes, for the same request, byte for byte, and both must
//! sign the same request. The normalised string is checked against the reference
//! `params::normalize` and the base string against the full re-encoding of its parts.

use oauth1::encode::{encode, to_form};
use oauth1::params::normalize;
use oauth1::{
    Credentials, Placement, RequestSpec, Secret, SignOptions, SignatureMethod, Signer, sign_request,
    sign_request_lazily,
};
use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![".{0,8}", "[a-zA-Z0-9 +&=%/?#\\[\\]~._-]{0,8}", "\\PC{0,6}"]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("[a-zA-Z\\[\\] %+_.-]{1,6}", any_text()), 0..4)
}

proptest! {
    #[test]
    fn lazy_explanation_equals_eager(
        method in prop_oneof![Just("GET"), Just("post"), Just("PUT"), Just("DELETE")],
        base in prop::sample::select(vec![
            "https://api.example.com/1.1/statuses/home_timeline.json",
            "https://API.example.com:8443/r%20x/Y#frag",
            "http://[::1]:8080/a",
        ]),
        query in pairs(),
        extra in pairs(),
        form in proptest::option::of(pairs()),
        json_body in any::<bool>(),
        consumer_secret in any_text(),
        token in proptest::option::of("[A-Za-z0-9-]{0,12}"),
        token_secret in any_text(),
        nonce in "[A-Za-z0-9]{1,32}",
        timestamp in any::<u64>(),
        method_index in 0usize..7,
        placement in prop_oneof![Just(Placement::Header), Just(Placement::Query), Just(Placement::Body)],
        realm in proptest::option::of("[ -~]{0,10}"),
        include_version in any::<bool>(),
        callback in proptest::option::of(any_text()),
        verifier in proptest::option::of(any_text()),
        body_hash in any::<bool>(),
        send_empty_token in any::<bool>(),
    ) {
        // The first URL is in the form it is sent in (the fast path splits it itself), the
        // others are left to the `url` crate.
        let mut url = url::Url::parse(base).unwrap();
        if !query.is_empty() {
            url.set_query(Some(&to_form(query.iter().map(|(n, v)| (n.as_str(), v.as_str())))));
        }
        let mut spec = RequestSpec::new(method, url.as_str());
        spec.extra_params = extra;
        if let Some(form) = form {
            spec = spec.with_form_body(&to_form(form.iter().map(|(n, v)| (n.as_str(), v.as_str()))));
        } else if json_body {
            spec.content_type = Some("application/json".into());
            spec.body = "{\"a\":1}".into();
        }
        let credentials = Credentials {
            consumer_key: "key".into(),
            consumer_secret: Secret::new(consumer_secret),
            token,
            token_secret: Secret::new(token_secret),
            rsa_key: None,
        };
        // RSA needs a key; the other six methods sign here.
        let signature_method = [0, 1, 2, 6, 0, 1, 2][method_index];
        let options = SignOptions {
            signature_method: SignatureMethod::ALL[signature_method],
            placement,
            realm,
            include_version,
            callback,
            verifier,
            body_hash,
            send_empty_token,
        };
        let eager = sign_request(&spec, &credentials, &options, &nonce, timestamp);
        let lazy = sign_request_lazily(&spec, &credentials, &options, &nonce, timestamp);
        let kept = Signer::new(credentials.clone(), options.clone()).sign(&spec, &nonce, timestamp);
        match (eager, lazy, kept) {
            (Ok(eager), Ok(lazy), Ok(kept)) => {
                prop_assert_eq!(lazy.request(), &eager.request);
                prop_assert_eq!(kept.request(), &eager.request);
                prop_assert_eq!(&lazy.explanation(), &eager.explanation);
                prop_assert_eq!(kept.explanation(), eager.explanation.clone());
                prop_assert_eq!(lazy.explanation().to_string(), eager.explanation.to_string());
                let e = &eager.explanation;
                prop_assert_eq!(&e.normalized_parameters, &normalize(&e.parameters));
                let [m, u, p] = e.base_string_parts.encoded_parts();
                prop_assert_eq!(&e.base_string, &format!("{m}&{u}&{p}"));
                prop_assert_eq!(&e.base_string_parts.parameters, &e.normalized_parameters);
                prop_assert!(encode(&e.normalized_parameters) == p);
            }
            (Err(eager), Err(lazy), Err(kept)) => {
                prop_assert_eq!(&lazy, &eager);
                prop_assert_eq!(kept, eager);
            }
            (eager, lazy, kept) => prop_assert!(false, "{:?} / {:?} / {:?}", eager.map(|s| s.request), lazy.map(|l| l.into_request()), kept.map(|l| l.into_request())),
        }
    }
}

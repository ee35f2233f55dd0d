//! Cases that tripped other OAuth tools (see the reference list of peers' bug reports),
//! and malformed input that must give a typed error, never a panic.

use oauth1::verify::{ReceivedRequest, collect};
use oauth1::{
    Credentials, Error, Placement, RequestSpec, RsaKey, Secret, SignOptions, SignatureMethod, Source,
    sign_request,
};

fn creds(token: Option<&str>) -> Credentials {
    Credentials {
        consumer_key: "ck".into(),
        consumer_secret: Secret::new("cs"),
        token: token.map(str::to_owned),
        token_secret: Secret::new(if token.is_some() { "ts" } else { "" }),
        rsa_key: None,
    }
}

fn sign(
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
) -> Result<oauth1::Signed, Error> {
    sign_request(
        spec,
        credentials,
        options,
        "abcdefghijklmnopqrstuvwxyz012345",
        1_700_000_000,
    )
}

#[test]
fn bracketed_names_are_encoded_once() {
    // Magento's searchCriteria[pageSize] (Insomnia #943, #1681, #4407): one level of encoding.
    let spec = RequestSpec::new(
        "GET",
        "https://shop.example/rest/V1/products?searchCriteria[pageSize]=10",
    );
    let s = sign(&spec, &creds(Some("t")), &SignOptions::default()).unwrap();
    assert!(
        s.explanation
            .normalized_parameters
            .contains("searchCriteria%5BpageSize%5D=10")
    );
    assert!(
        s.explanation
            .base_string
            .contains("searchCriteria%255BpageSize%255D%3D10")
    );
    assert!(!s.explanation.base_string.contains("%25255B"));
}

#[test]
fn delete_with_query_signs_the_query_not_the_uri() {
    // Postman #2332, Insomnia #4238: the query belongs in the parameters, not the base URI.
    let spec = RequestSpec::new("delete", "https://api.example.com/items/42?force=true");
    let s = sign(&spec, &creds(Some("t")), &SignOptions::default()).unwrap();
    assert!(
        s.explanation
            .base_string
            .starts_with("DELETE&https%3A%2F%2Fapi.example.com%2Fitems%2F42&force%3Dtrue%26")
    );
    assert_eq!(s.request.method, "DELETE");
    assert_eq!(s.request.url, "https://api.example.com/items/42?force=true");
}

#[test]
fn one_legged_request_sends_no_empty_token_unless_asked() {
    let spec = RequestSpec::new("GET", "https://api.example.com/x");
    let plain = sign(&spec, &creds(None), &SignOptions::default()).unwrap();
    assert!(!plain.explanation.base_string.contains("oauth_token"));
    assert!(
        !plain
            .request
            .header("Authorization")
            .unwrap()
            .contains("oauth_token")
    );
    let asked = SignOptions {
        send_empty_token: true,
        ..SignOptions::default()
    };
    let with = sign(&spec, &creds(None), &asked).unwrap();
    assert!(with.explanation.base_string.contains("oauth_token%3D%26"));
    assert!(
        with.request
            .header("Authorization")
            .unwrap()
            .contains("oauth_token=\"\"")
    );
}

#[test]
fn form_body_parameters_are_signed_and_json_ones_are_not() {
    let form = RequestSpec::new("POST", "https://api.example.com/x").with_form_body("status=hi+there&b=");
    let s = sign(&form, &creds(Some("t")), &SignOptions::default()).unwrap();
    assert!(s.explanation.normalized_parameters.contains("b=&"));
    assert!(s.explanation.normalized_parameters.contains("status=hi%20there"));
    let json = RequestSpec {
        content_type: Some("application/json".into()),
        body: "{\"status\":\"hi\"}".into(),
        ..RequestSpec::new("POST", "https://api.example.com/x")
    };
    let s = sign(&json, &creds(Some("t")), &SignOptions::default()).unwrap();
    assert!(!s.explanation.normalized_parameters.contains("status"));
    // A multipart body is never parsed for parameters.
    let multipart = RequestSpec {
        content_type: Some("multipart/form-data; boundary=x".into()),
        body: "a=b".into(),
        ..RequestSpec::new("POST", "https://api.example.com/x")
    };
    let s = sign(&multipart, &creds(Some("t")), &SignOptions::default()).unwrap();
    assert!(
        s.explanation
            .parameters
            .iter()
            .all(|p| p.source == Source::Protocol)
    );
}

#[test]
fn query_parameters_never_go_into_the_header() {
    let spec = RequestSpec::new("GET", "https://api.example.com/x?a=1&b=2");
    let s = sign(&spec, &creds(Some("t")), &SignOptions::default()).unwrap();
    let header = s.request.header("Authorization").unwrap();
    assert!(!header.contains("a=") && !header.contains("b="));
    assert_eq!(s.request.url, "https://api.example.com/x?a=1&b=2");
}

#[test]
fn plaintext_signs_the_key_never_the_base_string() {
    let options = SignOptions {
        signature_method: SignatureMethod::Plaintext,
        ..SignOptions::default()
    };
    let c = Credentials {
        consumer_secret: Secret::new("c s&"),
        token_secret: Secret::new("t+s"),
        ..creds(Some("t"))
    };
    let s = sign(
        &RequestSpec::new("GET", "https://api.example.com/x"),
        &c,
        &options,
    )
    .unwrap();
    assert_eq!(s.explanation.signature, "c%20s%26&t%2Bs");
    assert!(
        s.request
            .header("Authorization")
            .unwrap()
            .contains("oauth_signature=\"c%2520s%2526%26t%252Bs\"")
    );
    // The explanation masks it when printed.
    assert!(!s.explanation.to_string().contains("c%20s%26&t%2Bs"));
}

#[test]
fn body_hash_only_on_non_form_bodies() {
    let options = SignOptions {
        body_hash: true,
        ..SignOptions::default()
    };
    let json = RequestSpec {
        content_type: Some("application/json".into()),
        body: "Hello World!".into(),
        ..RequestSpec::new("POST", "https://lti.example/outcomes")
    };
    let s = sign(&json, &creds(None), &options).unwrap();
    assert!(
        s.explanation
            .parameters
            .iter()
            .any(|p| p.name == "oauth_body_hash" && p.value == "Lve95gjOVATpfV8EL5X4nxwjKHE=")
    );
    let form = RequestSpec::new("POST", "https://lti.example/x").with_form_body("a=b");
    let s = sign(&form, &creds(None), &options).unwrap();
    assert!(
        s.explanation
            .parameters
            .iter()
            .all(|p| p.name != "oauth_body_hash")
    );
    assert_eq!(s.explanation.notes.len(), 1);
}

#[test]
fn extra_parameters_go_to_the_body_or_the_query() {
    let mut spec = RequestSpec::new("POST", "https://www.google.com/accounts/OAuthGetRequestToken");
    spec.extra_params = vec![("scope".into(), "https://www.google.com/m8/feeds/".into())];
    let s = sign(&spec, &creds(None), &SignOptions::default()).unwrap();
    assert_eq!(
        s.request.body,
        "scope=https%3A%2F%2Fwww.google.com%2Fm8%2Ffeeds%2F"
    );
    assert_eq!(
        s.request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    spec.method = "GET".into();
    let s = sign(&spec, &creds(None), &SignOptions::default()).unwrap();
    assert!(
        s.request
            .url
            .ends_with("?scope=https%3A%2F%2Fwww.google.com%2Fm8%2Ffeeds%2F")
    );
    assert!(
        s.explanation
            .parameters
            .iter()
            .any(|p| p.name == "scope" && p.source == Source::Query)
    );
}

/// A request, its signer's inputs, and the error it must give.
type Case = (RequestSpec, Credentials, SignOptions, fn(&Error) -> bool);

#[test]
fn malformed_input_gives_typed_errors() {
    let ok = SignOptions::default();
    let c = creds(None);
    let cases: Vec<Case> = vec![
        (RequestSpec::new("GET", "not a url"), c.clone(), ok.clone(), |e| {
            matches!(e, Error::InvalidUrl { .. })
        }),
        (
            RequestSpec::new("GET", "https://x.example:70000/"),
            c.clone(),
            ok.clone(),
            |e| matches!(e, Error::InvalidPort(_)),
        ),
        (
            RequestSpec::new("GET", "file:///etc/passwd"),
            c.clone(),
            ok.clone(),
            |e| matches!(e, Error::UnsupportedScheme(_)),
        ),
        (
            RequestSpec::new("GE T", "https://x.example/"),
            c.clone(),
            ok.clone(),
            |e| matches!(e, Error::InvalidMethod(_)),
        ),
        (
            RequestSpec::new("GET", "https://x.example/?oauth_nonce=1"),
            c.clone(),
            ok.clone(),
            |e| matches!(e, Error::DuplicateProtocolParameter(n) if n == "oauth_nonce"),
        ),
        (
            RequestSpec::new("GET", "https://x.example/?oauth_signature=1"),
            c.clone(),
            ok.clone(),
            |e| matches!(e, Error::ReservedParameter(_)),
        ),
        (
            RequestSpec::new("GET", "https://x.example/?a=%zz"),
            c.clone(),
            ok.clone(),
            |e| matches!(e, Error::InvalidPercentEncoding(_)),
        ),
        (
            RequestSpec::new("GET", "https://x.example/"),
            c.clone(),
            SignOptions {
                signature_method: SignatureMethod::RsaSha1,
                ..ok.clone()
            },
            |e| matches!(e, Error::MissingRsaKey { .. }),
        ),
        (
            RequestSpec::new("GET", "https://x.example/"),
            c.clone(),
            SignOptions {
                placement: Placement::Body,
                ..ok.clone()
            },
            |e| matches!(e, Error::BodyPlacementNeedsForm { .. }),
        ),
        (
            RequestSpec::new("GET", "https://x.example/"),
            Credentials {
                consumer_key: String::new(),
                ..c.clone()
            },
            ok.clone(),
            |e| matches!(e, Error::MissingConsumerKey),
        ),
    ];
    for (spec, credentials, options, expected) in cases {
        let err = sign(&spec, &credentials, &options).unwrap_err();
        assert!(expected(&err), "{spec:?}: unexpected {err:?}");
        assert!(!err.to_string().is_empty());
    }
    for pem in [
        "",
        "garbage",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
        "-----BEGIN PUBLIC KEY-----",
    ] {
        assert!(
            matches!(RsaKey::from_pem(pem), Err(Error::InvalidRsaKey(_))),
            "{pem}"
        );
    }
}

#[test]
fn provider_rejects_duplicate_protocol_parameters() {
    let received = ReceivedRequest {
        method: "GET",
        url: "https://x.example/?oauth_nonce=a",
        authorization: Some(
            "OAuth oauth_consumer_key=\"k\", oauth_nonce=\"b\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1\", oauth_signature=\"x\"",
        ),
        content_type: None,
        body: b"",
    };
    let problem = collect(received).unwrap_err();
    assert_eq!(problem.problem, "parameter_rejected");
    assert_eq!(problem.parameters_rejected, vec!["oauth_nonce"]);
}

#[test]
fn provider_reports_debug_sbs_on_a_bad_signature() {
    let spec = RequestSpec::new("GET", "https://x.example/r?a=1");
    let s = sign(&spec, &creds(Some("t")), &SignOptions::default()).unwrap();
    let received = ReceivedRequest {
        method: "GET",
        url: &s.request.url,
        authorization: s.request.header("Authorization"),
        content_type: None,
        body: b"",
    };
    let collected = collect(received).unwrap();
    let problem = collected
        .verify(&Secret::new("wrong"), &Secret::new("ts"), None, b"", None)
        .unwrap_err();
    assert_eq!(problem.problem, "signature_invalid");
    assert_eq!(
        problem.debug_sbs.as_deref(),
        Some(s.explanation.base_string.as_str())
    );
    assert!(
        collected
            .verify(&Secret::new("cs"), &Secret::new("ts"), None, b"", None)
            .is_ok()
    );
}

#[test]
fn provider_reports_absent_parameters() {
    let received = ReceivedRequest {
        method: "GET",
        url: "https://x.example/",
        authorization: Some("OAuth oauth_consumer_key=\"k\""),
        content_type: None,
        body: b"",
    };
    let problem = collect(received).unwrap_err();
    assert_eq!(problem.problem, "parameter_absent");
    assert_eq!(
        problem.parameters_absent,
        vec![
            "oauth_signature_method",
            "oauth_signature",
            "oauth_timestamp",
            "oauth_nonce"
        ]
    );
}

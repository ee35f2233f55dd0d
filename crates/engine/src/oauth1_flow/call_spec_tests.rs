//! Composed calls (the console, `request`) signed with a saved token, sent through the
//! runner: the exact requests, the refusals before signing, and an outside RSA signer.

use std::future::Future;

use oauth1::{Placement, SignatureMethod};

use super::test_support::*;
use super::*;
use crate::call::{Call, CallError};
use crate::outcome::Outcome;
use crate::sign::{CoreSigner, SignError, Signature, SignatureProvider};
use crate::testing::{FixedEntropy, ScriptedTransport};

fn saved_token(method: &str) -> SavedCredentials {
    SavedCredentials {
        name: "Photos token".into(),
        consumer_key: CONSUMER_KEY.into(),
        consumer_secret: Some(CONSUMER_SECRET.into()),
        token: "nnch734d00sl2jdk".into(),
        token_secret: "pfkkdhi9sl3r4s00".into(),
        signature_method: method.into(),
        rsa_private_key: None,
        realm: None,
    }
}

#[test]
fn a_composed_call_with_a_saved_token_signs_the_query_and_hashes_the_body() {
    let token = resolve_saved(&saved_token("HMAC-SHA256"), &Supplied::default(), None).unwrap();
    let spec = CallSpec {
        method: "post".into(),
        url: "https://photos.example.net/photos?album=1#top".into(),
        query: vec![("size".into(), "original file".into())],
        params: vec![],
        headers: vec![
            ("Accept".into(), "application/json".into()),
            ("content-type".into(), "application/json; charset=utf-8".into()),
        ],
        body: Body::Text {
            text: "{\"title\":\"Vacation\"}".into(),
            content_type: "text/plain".into(),
        },
        body_hash: true,
    };
    let leg = signed_call(&spec, &token, Placement::Header, false).unwrap();
    let transport = ScriptedTransport::new([ok("{\"id\":3}")]);
    let (call, _) = run(&transport, CoreSigner, &mut FixedEntropy::new(1_000, 1), leg);
    let sent = transport.sent();
    let r = &sent[0];
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.url,
        "https://photos.example.net/photos?album=1&size=original%20file"
    );
    assert_eq!(r.body, "{\"title\":\"Vacation\"}");
    assert_eq!(
        r.headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["Authorization", "Content-Type", "Accept"]
    );
    assert_eq!(r.header("Content-Type"), Some("application/json; charset=utf-8"));
    let (realm, fields) = authorization(r);
    assert_eq!(realm, None);
    assert_eq!(field(&fields, "oauth_signature_method"), Some("HMAC-SHA256"));
    assert_eq!(field(&fields, "oauth_version"), None);
    assert_eq!(field(&fields, "oauth_timestamp"), Some("1"));
    // SHA-256 of the body, base64 (OAuth Request Body Hash §3.1); `openssl dgst -sha256 -binary | base64`.
    assert_eq!(
        field(&fields, "oauth_body_hash"),
        Some("Lb+LxmLnQciT5cthxZYmY5lbiNkelQnqr4+CqzURpFY=")
    );
    provider_verifies(r, "pfkkdhi9sl3r4s00");
    assert_eq!(call.outcome, Some(Outcome::Resource));
}

#[test]
fn a_content_type_header_goes_with_the_form_body_made_from_params() {
    let token = resolve_saved(&saved_token("HMAC-SHA1"), &Supplied::default(), None).unwrap();
    let form = "application/x-www-form-urlencoded; charset=utf-8";
    let spec = CallSpec {
        method: "POST".into(),
        url: "https://photos.example.net/photos".into(),
        params: vec![("title".into(), "a b".into())],
        headers: vec![("Content-Type".into(), form.into())],
        ..CallSpec::default()
    };
    let leg = signed_call(&spec, &token, Placement::Header, true).unwrap();
    let transport = ScriptedTransport::new([ok("")]);
    run(&transport, CoreSigner, &mut FixedEntropy::new(1_000, 1), leg);
    let r = &transport.sent()[0];
    assert_eq!(
        (r.body.as_str(), r.header("content-type")),
        ("title=a%20b", Some(form))
    );
    assert_eq!(
        r.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .count(),
        1
    );
    provider_verifies(r, "pfkkdhi9sl3r4s00");
}

#[test]
fn composed_calls_are_refused_before_signing() {
    let token = resolve_saved(&saved_token("HMAC-SHA1"), &Supplied::default(), None).unwrap();
    let get = |body: Body, headers: Vec<(String, String)>| CallSpec {
        method: "GET".into(),
        url: "https://photos.example.net/photos".into(),
        headers,
        body,
        ..CallSpec::default()
    };
    let form = Body::Form(vec![("a".into(), "1".into())]);
    assert_eq!(
        signed_call(&get(form, vec![]), &token, Placement::Header, true)
            .unwrap_err()
            .to_string(),
        "a GET request cannot carry a body; send it without one, or use another method"
    );
    let auth = vec![("authorization".into(), "Bearer x".into())];
    assert_eq!(
        signed_call(&get(Body::None, auth.clone()), &token, Placement::Header, true).unwrap_err(),
        CallSpecError::AuthorizationHeader
    );
    // With the parameters in the query the header is the user's.
    assert!(signed_call(&get(Body::None, auth), &token, Placement::Query, true).is_ok());
    let mut spec = get(Body::None, vec![]);
    spec.url = "javascript:alert(1)".into();
    assert!(matches!(
        signed_call(&spec, &token, Placement::Header, true),
        Err(CallSpecError::Url(oauth1::Error::UnsupportedScheme(_)))
    ));
    spec.url = " ".into();
    assert_eq!(target_url(&spec.url, &[]), Err(CallSpecError::MissingUrl));
}

#[test]
fn an_unknown_signature_method_refuses_the_call() {
    let e = resolve_saved(&saved_token("HMAC-SHA3"), &Supplied::default(), None).unwrap_err();
    let call = Call::refused(CallError::Input(e.to_string()));
    assert_eq!(
        call.error.unwrap().to_string(),
        "the token \"Photos token\" was saved with the signature method \"HMAC-SHA3\", which is not one of \
         HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512, PLAINTEXT; correct its \
         signature_method to sign with it"
    );
}

/// Stands in for the browser's Web Crypto: RSA from outside the core.
struct OutsideRsa;

impl SignatureProvider for OutsideRsa {
    fn sign(
        &self,
        method: SignatureMethod,
        base_string: &str,
        credentials: &oauth1::Credentials,
    ) -> impl Future<Output = Result<Signature, SignError>> {
        let result = if method.is_rsa() {
            assert!(credentials.rsa_key.is_some() && base_string.starts_with("GET&"));
            Ok(Signature {
                value: "c2lnbmVkIG91dHNpZGU=".into(),
                note: Some("Signed by Web Crypto.".into()),
            })
        } else {
            CoreSigner::sign_now(method, base_string, credentials)
        };
        std::future::ready(result)
    }
}

#[test]
fn an_outside_signer_signs_rsa_and_says_so() {
    let mut token = saved_token("RSA-SHA256");
    token.consumer_secret = None;
    let flags = Supplied {
        rsa_private_key: Some(TEST_PKCS8.into()),
        ..Supplied::default()
    };
    let resolved = resolve_saved(&token, &flags, None).unwrap();
    let spec = CallSpec {
        method: "GET".into(),
        url: "https://photos.example.net/photos".into(),
        ..CallSpec::default()
    };
    let leg = signed_call(&spec, &resolved, Placement::Query, true).unwrap();
    let transport = ScriptedTransport::new([ok("{}")]);
    let (call, _) = run(&transport, OutsideRsa, &mut FixedEntropy::new(0, 0), leg);
    let sent = transport.sent();
    assert!(
        sent[0].url.ends_with("&oauth_signature=c2lnbmVkIG91dHNpZGU%3D"),
        "{}",
        sent[0].url
    );
    assert!(sent[0].url.contains("oauth_signature_method=RSA-SHA256"));
    let explanation = call.explanation.unwrap();
    assert_eq!(explanation.signature, "c2lnbmVkIG91dHNpZGU=");
    assert_eq!(explanation.notes, ["Signed by Web Crypto."]);
}

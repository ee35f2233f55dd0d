//! The whole flow against scripted providers: the exact requests sent (method, URL,
//! Authorization fields, body), checked with the core's provider side, and the refusals.

use oauth1::{FORM_CONTENT_TYPE, PreparedRequest, Problem, Secret, SignatureMethod};

use super::test_support::*;
use super::*;
use crate::call::CallError;
use crate::http::{HttpResponse, TransportError};
use crate::outcome::{Failure, Outcome};
use crate::sign::CoreSigner;
use crate::testing::{FixedEntropy, Responder, ScriptedTransport};

#[test]
fn three_legs_and_a_resource_call() {
    let client = client();
    let initiate = endpoint(
        Leg::RequestToken,
        "post",
        "https://photos.example.net/initiate",
        &[("scope", "photos")],
    );
    let authorize = AuthorizeEndpoint::new("https://photos.example.net/authorize", vec![]).unwrap();
    let token = endpoint(Leg::AccessToken, "POST", "https://photos.example.net/token", &[]);
    let photos = endpoint(
        Leg::Resource,
        "GET",
        "http://photos.example.net/photos?file=vacation.jpg&size=original",
        &[],
    );
    let transport = ScriptedTransport::new([
        ok("oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true"),
        ok("oauth_token=nnch734d00sl2jdk&oauth_token_secret=pfkkdhi9sl3r4s00&user_id=7"),
        ok("{\"photos\":[]}"),
    ]);
    let mut entropy = FixedEntropy::new(137_131_200_000, 250);
    let mut pending = Pending::default();

    // Leg 1 (§2.1): the consumer alone, with the callback and the extra parameter.
    let (call, stages) = run(
        &transport,
        CoreSigner,
        &mut entropy,
        client.request_token(&initiate),
    );
    assert_eq!(stages, ["started", "signed", "received"]);
    assert_eq!(call.elapsed_ms, Some(250));
    let sent = transport.sent();
    let leg1 = &sent[0];
    assert_eq!(leg1.method, "POST");
    assert_eq!(leg1.url, "https://photos.example.net/initiate");
    assert_eq!(leg1.body, "scope=photos");
    assert_eq!(leg1.header("Content-Type"), Some(FORM_CONTENT_TYPE));
    let (realm, fields) = authorization(leg1);
    assert_eq!(realm.as_deref(), Some("Photos"));
    assert_eq!(
        names(&fields),
        [
            "oauth_consumer_key",
            "oauth_signature_method",
            "oauth_timestamp",
            "oauth_nonce",
            "oauth_version",
            "oauth_callback",
            "oauth_signature"
        ]
    );
    assert_eq!(field(&fields, "oauth_consumer_key"), Some(CONSUMER_KEY));
    assert_eq!(field(&fields, "oauth_signature_method"), Some("HMAC-SHA1"));
    assert_eq!(field(&fields, "oauth_timestamp"), Some("137131200"));
    assert_eq!(field(&fields, "oauth_nonce"), Some(NONCE));
    assert_eq!(
        field(&fields, "oauth_callback"),
        Some("http://printer.example.com/ready")
    );
    provider_verifies(leg1, "");
    assert_eq!(call.request.as_ref(), Some(leg1));
    assert!(
        call.base_string()
            .starts_with("POST&https%3A%2F%2Fphotos.example.net%2Finitiate&oauth_callback%3D")
    );
    let request_token = call.tokens().cloned().unwrap();
    assert_eq!(request_token.token_secret.expose(), "hdhd0244k9j7ao03");
    pending.request_token_received(request_token);
    assert_eq!(pending.unconfirmed_callback(&client.callback), None);

    // Leg 2 (§2.2): the authorize page, and the provider's return.
    let page = authorize_url(
        &authorize,
        &pending.request_token.as_ref().unwrap().token,
        &client.consumer.key,
    )
    .unwrap();
    assert_eq!(
        page.as_str(),
        "https://photos.example.net/authorize?oauth_token=hh5s93j4hdidpola"
    );
    let back =
        ProviderReturn::from_query("?oauth_token=hh5s93j4hdidpola&oauth_verifier=hfdp7dh39dks9884").unwrap();
    assert_eq!(pending.returned(back), Ok(Returned::Authorized));
    assert_eq!(pending.verifier, "hfdp7dh39dks9884");

    // Leg 3 (§2.3): the request token of leg 1 and the verifier; no callback.
    let verifier = Verifier::new(&pending.verifier).unwrap();
    let leg = client.access_token(&token, pending.request_token.as_ref().unwrap(), &verifier);
    let (call, stages) = run(&transport, CoreSigner, &mut entropy, leg);
    assert_eq!(stages, ["started", "signed", "received"]);
    let sent = transport.sent();
    let leg3 = &sent[1];
    assert_eq!(
        (leg3.method.as_str(), leg3.url.as_str(), leg3.body.as_str()),
        ("POST", "https://photos.example.net/token", "")
    );
    let (_, fields) = authorization(leg3);
    assert_eq!(
        names(&fields),
        [
            "oauth_consumer_key",
            "oauth_token",
            "oauth_signature_method",
            "oauth_timestamp",
            "oauth_nonce",
            "oauth_version",
            "oauth_verifier",
            "oauth_signature"
        ]
    );
    assert_eq!(field(&fields, "oauth_token"), Some("hh5s93j4hdidpola"));
    assert_eq!(field(&fields, "oauth_verifier"), Some("hfdp7dh39dks9884"));
    provider_verifies(leg3, "hdhd0244k9j7ao03");
    let access = call.tokens().cloned().unwrap();
    assert_eq!(access.extra, vec![("user_id".to_owned(), "7".to_owned())]);
    pending.access_token_received(access);
    assert_eq!(pending.request_token, None);
    assert_eq!(pending.verifier, "");

    // A protected resource (§3) with the token credentials.
    let credentials = TokenCredentials::from(pending.access_token.as_ref().unwrap());
    let (call, _) = run(
        &transport,
        CoreSigner,
        &mut entropy,
        client.resource(&photos, &credentials),
    );
    let sent = transport.sent();
    let resource = &sent[2];
    assert_eq!(resource.method, "GET");
    assert_eq!(
        resource.url,
        "http://photos.example.net/photos?file=vacation.jpg&size=original"
    );
    assert_eq!(resource.body, "");
    assert_eq!(resource.header("Content-Type"), None);
    let (_, fields) = authorization(resource);
    assert_eq!(field(&fields, "oauth_token"), Some("nnch734d00sl2jdk"));
    assert_eq!(field(&fields, "oauth_verifier"), None);
    provider_verifies(resource, "pfkkdhi9sl3r4s00");
    assert_eq!(call.outcome, Some(Outcome::Resource));
    assert_eq!(call.response.unwrap().text(), "{\"photos\":[]}");
    assert!(transport.finished());
}

fn with_request_token(token: &str) -> Pending {
    let mut pending = Pending::default();
    pending.request_token_received(
        oauth1::TokenResponse::parse(&format!("oauth_token={token}&oauth_token_secret=s")).unwrap(),
    );
    pending
}

#[test]
fn a_return_with_another_token_is_refused() {
    let mut pending = with_request_token("t1");
    let before = pending.clone();
    let back = ProviderReturn::from_query("oauth_token=evil&oauth_verifier=v").unwrap();
    let e = pending.returned(back).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Refused: the provider returned oauth_token \"evil\", which is not the pending request token \"t1\". \
         Continuing could let someone else's token be bound to you (RFC 5849 §4.13). Start over."
    );
    assert_eq!(pending, before);
    // Pasted into the CLI, the same URL is checked the same way.
    assert!(matches!(
        pending.pasted(Pasted::read(
            "http://localhost/cb?oauth_token=evil&oauth_verifier=v"
        )),
        Err(ReturnRefused::TokenMismatch { .. })
    ));
    assert_eq!(
        pending.returned(ProviderReturn::from_query("oauth_token=t1").unwrap()),
        Err(ReturnRefused::MissingVerifier)
    );
    assert_eq!(
        Pending::default().returned(ProviderReturn::from_query("oauth_token=t1&oauth_verifier=v").unwrap()),
        Err(ReturnRefused::NoPendingToken)
    );
    assert_eq!(pending, before);
}

#[test]
fn a_denial_counts_only_when_it_names_the_pending_token() {
    let mut pending = with_request_token("t1");
    let before = pending.clone();
    let e = pending
        .returned(ProviderReturn::from_query("denied=t0").unwrap())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Ignored: the denial names oauth_token \"t0\", not the pending request token \"t1\", so it is not \
         about this authorization. The pending request token is kept."
    );
    assert_eq!(pending, before);
    assert!(matches!(
        pending.returned(ProviderReturn::from_query("denied=").unwrap()),
        Err(ReturnRefused::DeniedOtherToken { .. })
    ));
    assert_eq!(
        pending.returned(ProviderReturn::from_query("denied=t1").unwrap()),
        Ok(Returned::Denied)
    );
    assert_eq!(pending.request_token, None);
}

#[test]
fn a_relay_refusal_is_reported_as_the_relays() {
    let transport = ScriptedTransport::new([Ok(HttpResponse {
        via_relay: true,
        ..HttpResponse::new(
            400,
            r#"{"error":"target_refused","message":"127.0.0.2 is a private address"}"#,
        )
    })]);
    let (call, _) = first_leg(&transport);
    let Some(Outcome::RelayRefused(refusal)) = &call.outcome else {
        panic!("{:?}", call.outcome)
    };
    assert_eq!(
        (refusal.code.as_str(), refusal.message.as_str()),
        ("target_refused", "127.0.0.2 is a private address")
    );
    assert_eq!(call.tokens(), None);
}

#[test]
fn signature_invalid_with_debug_sbs_shows_where_the_base_strings_part() {
    // A provider behind a TLS-terminating proxy sees http:// and computes another base string.
    let provider = Responder(|request: &PreparedRequest| {
        let seen = request.url.replacen("https://", "http://", 1);
        let collected = received_at(request, &seen).map_err(|p| TransportError::Unsendable(p.problem))?;
        let problem: Problem = collected
            .verify(&Secret::new(CONSUMER_SECRET), &Secret::default(), None, b"", None)
            .unwrap_err();
        Ok(HttpResponse::new(401, problem.to_body()))
    });
    let (call, _) = first_leg(&provider);
    let Some(Outcome::Problem {
        problem,
        diff: Some(d),
    }) = &call.outcome
    else {
        panic!("{:?}", call.outcome)
    };
    assert_eq!(problem.problem, "signature_invalid");
    assert_eq!(d.ours, call.base_string());
    // "POST&http" is the same; ours goes on with "s%3A", theirs with "%3A".
    assert_eq!(d.at, Some(9));
    assert_eq!(d.character(), Some(10));
    assert!(d.split(&d.ours).1.starts_with("s%3A%2F%2Fphotos"));
    assert!(d.split(&d.theirs).1.starts_with("%3A%2F%2Fphotos"));
    let response = call.response.as_ref().unwrap();
    assert!(
        call.outcome
            .as_ref()
            .unwrap()
            .report(response, str::to_owned)
            .contains("The base strings first differ at character 10.")
    );
}

#[test]
fn html_instead_of_a_token_response_leaves_the_flow_as_it_was() {
    let transport = ScriptedTransport::new([ok("<!DOCTYPE html><html><body>Sign in</body></html>")]);
    let (call, _) = first_leg(&transport);
    assert!(matches!(
        call.outcome,
        Some(Outcome::Failed(Failure::NotTokens { status: 200, .. }))
    ));
    assert_eq!(call.tokens(), None);
}

#[test]
fn no_response_is_a_transport_failure() {
    let transport = ScriptedTransport::new([Err(TransportError::Fetch {
        relayed: false,
        detail: "TypeError: Failed to fetch".into(),
    })]);
    let (call, stages) = first_leg(&transport);
    assert_eq!(stages, ["started", "signed", "failed"]);
    assert!(matches!(
        call.error,
        Some(CallError::Transport(TransportError::Fetch { .. }))
    ));
    assert!(call.request.is_some() && call.response.is_none() && !call.in_flight);
}

#[test]
fn leg_inputs_are_checked_where_they_are_given() {
    assert_eq!(
        Endpoint::new(Leg::AccessToken, "POST", " ", vec![])
            .unwrap_err()
            .to_string(),
        "fill in the access-token URL"
    );
    assert_eq!(
        Endpoint::new(Leg::RequestToken, "G T", "https://p/x", vec![])
            .unwrap_err()
            .to_string(),
        "the request-token method \"G T\" is not an HTTP method (use GET, POST, …)"
    );
    assert_eq!(
        Endpoint::new(Leg::Resource, "GET", "ftp://p/x", vec![])
            .unwrap_err()
            .to_string(),
        "the resource URL is not usable: the URL \"ftp://p/x\" must start with http:// or https://"
    );
    assert_eq!(Callback::parse("oob"), Ok(Callback::Oob));
    assert_eq!(
        Callback::parse("OOB").unwrap_err().to_string(),
        "the callback \"OOB\" is neither oob nor an absolute http:// or https:// URL"
    );
    assert_eq!(
        Consumer::new("ck", "", SignatureMethod::HmacSha1, None)
            .unwrap_err()
            .to_string(),
        "HMAC-SHA1 signs with the consumer secret: fill it in"
    );
    assert_eq!(
        Consumer::new("ck", "", SignatureMethod::RsaSha1, Some(" "))
            .unwrap_err()
            .to_string(),
        "RSA-SHA1 signs with the consumer's RSA private key: RSA-SHA1 needs an RSA private key (PEM, PKCS#1 or PKCS#8)"
    );
    assert_eq!(
        Consumer::new(" ", "s", SignatureMethod::HmacSha1, None).unwrap_err(),
        LegError::MissingConsumerKey
    );
    assert_eq!(
        Verifier::new("  ").unwrap_err().to_string(),
        LegError::MissingVerifier.to_string()
    );
    // The empty oauth_token goes on the first leg only.
    let mut c = client();
    c.signing.send_empty_token = true;
    let e = endpoint(Leg::RequestToken, "POST", "https://p/x", &[]);
    assert!(c.request_token(&e).options.send_empty_token);
    let t = TokenCredentials {
        token: "t".into(),
        secret: Secret::new("s"),
    };
    assert!(!c.resource(&e, &t).options.send_empty_token);
    // An unconfirmed callback is worth a note.
    let pending = with_request_token("t1");
    assert!(pending.unconfirmed_callback(&c.callback).is_some());
    assert_eq!(pending.unconfirmed_callback(&Callback::Oob), None);
}

//! The whole flow against scripted providers: the exact requests sent (method, URL,
//! Authorization fields, body), checked with the core's provider side, and the refusals.

use std::future::Future;

use oauth1::header::parse_authorization;
use oauth1::verify::{CollectedRequest, ReceivedRequest, collect};
use oauth1::{FORM_CONTENT_TYPE, Placement, PreparedRequest, Problem, Secret, SignatureMethod};

use super::*;
use crate::call::{Call, CallError, CallEvent, CallId, CallStage};
use crate::http::{HttpResponse, Transport, TransportError};
use crate::outcome::{Failure, Outcome};
use crate::run::run_call;
use crate::sign::{CoreSigner, SignError, Signature, SignatureProvider};
use crate::testing::{FixedEntropy, Responder, ScriptedTransport, block_on};

// RFC 5849 §1.2's example.
const CONSUMER_KEY: &str = "dpf43f3p2l4k3l03";
const CONSUMER_SECRET: &str = "kd94hf93k423kf44";
const NONCE: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn client() -> Client {
    Client {
        consumer: Consumer::new(CONSUMER_KEY, CONSUMER_SECRET, SignatureMethod::HmacSha1, None).unwrap(),
        signing: Signing {
            realm: Some("Photos".into()),
            ..Signing::default()
        },
        callback: Callback::parse("http://printer.example.com/ready").unwrap(),
    }
}

fn endpoint(leg: Leg, method: &str, url: &str, params: &[(&str, &str)]) -> Endpoint {
    let params = params
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    Endpoint::new(leg, method, url, params).unwrap()
}

fn ok(body: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse {
        status_text: "OK".into(),
        ..HttpResponse::new(200, body)
    })
}

/// Runs one call to the end; returns it and the stages in the order they were reported.
fn run(
    transport: impl Transport,
    signer: impl SignatureProvider,
    entropy: &mut FixedEntropy,
    leg: LegRequest,
) -> (Call, Vec<&'static str>) {
    let mut call = Call::default();
    let mut stages = Vec::new();
    let future = run_call(transport, signer, entropy, CallId::next(), leg, |e: CallEvent| {
        stages.push(match &e.stage {
            CallStage::Started => "started",
            CallStage::Signed { .. } => "signed",
            CallStage::Received { .. } => "received",
            CallStage::Failed(_) => "failed",
        });
        assert!(call.apply(e));
    });
    block_on(future);
    (call, stages)
}

/// Leg 1 of [`client`] against `transport`, with a fixed nonce and clock.
fn first_leg(transport: impl Transport) -> (Call, Vec<&'static str>) {
    let initiate = endpoint(
        Leg::RequestToken,
        "POST",
        "https://photos.example.net/initiate",
        &[],
    );
    run(
        transport,
        CoreSigner,
        &mut FixedEntropy::new(0, 0),
        client().request_token(&initiate),
    )
}

/// The Authorization header's realm and fields, in the order sent.
fn authorization(request: &PreparedRequest) -> (Option<String>, Vec<(String, String)>) {
    let h = parse_authorization(request.header("Authorization").unwrap()).unwrap();
    (h.realm, h.params)
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// What the provider collects of `request`, seen at `url`.
fn received_at(request: &PreparedRequest, url: &str) -> Result<CollectedRequest, Problem> {
    collect(ReceivedRequest {
        method: &request.method,
        url,
        authorization: request.header("Authorization"),
        content_type: request.header("Content-Type"),
        body: request.body.as_bytes(),
    })
}

/// The provider's check of the signature, with the core's provider side.
fn provider_verifies(request: &PreparedRequest, token_secret: &str) {
    let collected = received_at(request, &request.url).unwrap();
    collected
        .verify(
            &Secret::new(CONSUMER_SECRET),
            &Secret::new(token_secret),
            None,
            request.body.as_bytes(),
            request.header("Content-Type"),
        )
        .unwrap();
}

fn names(fields: &[(String, String)]) -> Vec<&str> {
    fields.iter().map(|(n, _)| n.as_str()).collect()
}

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
    assert!(
        call.outcome
            .unwrap()
            .report()
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

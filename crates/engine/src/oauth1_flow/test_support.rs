//! What the flow tests share: the RFC 5849 §1.2 client, a runner that records the stages,
//! and the provider's side of the checks.

use oauth1::header::parse_authorization;
use oauth1::verify::{CollectedRequest, ReceivedRequest, collect};
use oauth1::{PreparedRequest, Problem, Secret, SignatureMethod};

use super::*;
use crate::call::{Call, CallEvent, CallId, CallStage};
use crate::http::{HttpResponse, Transport, TransportError};
use crate::run::run_call;
use crate::sign::{CoreSigner, SignatureProvider};
use crate::testing::{FixedEntropy, block_on};

// RFC 5849 §1.2's example.
pub const CONSUMER_KEY: &str = "dpf43f3p2l4k3l03";
pub const CONSUMER_SECRET: &str = "kd94hf93k423kf44";
pub const NONCE: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

pub fn client() -> Client {
    Client {
        consumer: Consumer::new(CONSUMER_KEY, CONSUMER_SECRET, SignatureMethod::HmacSha1, None).unwrap(),
        signing: Signing {
            realm: Some("Photos".into()),
            ..Signing::default()
        },
        callback: Callback::parse("http://printer.example.com/ready").unwrap(),
    }
}

pub fn endpoint(leg: Leg, method: &str, url: &str, params: &[(&str, &str)]) -> Endpoint {
    let params = params
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    Endpoint::new(leg, method, url, params).unwrap()
}

pub fn ok(body: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse {
        status_text: "OK".into(),
        ..HttpResponse::new(200, body)
    })
}

/// Runs one call to the end; returns it and the stages in the order they were reported.
pub fn run(
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
pub fn first_leg(transport: impl Transport) -> (Call, Vec<&'static str>) {
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
pub fn authorization(request: &PreparedRequest) -> (Option<String>, Vec<(String, String)>) {
    let h = parse_authorization(request.header("Authorization").unwrap()).unwrap();
    (h.realm, h.params)
}

pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// What the provider collects of `request`, seen at `url`.
pub fn received_at(request: &PreparedRequest, url: &str) -> Result<CollectedRequest, Problem> {
    collect(ReceivedRequest {
        method: &request.method,
        url,
        authorization: request.header("Authorization"),
        content_type: request.header("Content-Type"),
        body: request.body.as_bytes(),
    })
}

/// The provider's check of the signature, with the core's provider side.
pub fn provider_verifies(request: &PreparedRequest, token_secret: &str) {
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

pub fn names(fields: &[(String, String)]) -> Vec<&str> {
    fields.iter().map(|(n, _)| n.as_str()).collect()
}

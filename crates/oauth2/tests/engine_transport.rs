//! The engine drives OAuth 2.0 as it drives OAuth 1.0a: a built request is the
//! `PreparedRequest` its `Transport` sends, and its `HttpResponse` lends the crate a
//! `Response`. Here the device flow of RFC 8628 runs against a scripted server: device
//! authorization, `authorization_pending`, `slow_down`, then the token.

use engine::testing::{ScriptedTransport, block_on};
use engine::{HttpResponse, Transport};
use oauth2::device::{DevicePoller, PollStep, device_authorization_request, parse_device_authorization};
use oauth2::{ClientAuth, Grant, Response, Secret, TokenRequest};

fn lend(r: &HttpResponse) -> Response<'_> {
    Response::new(r.status, &r.headers, &r.body)
}

#[test]
fn device_flow_through_the_engine_transport() {
    let transport = ScriptedTransport::new([
        Ok(HttpResponse::new(
            200,
            r#"{"device_code":"dc-1","user_code":"WDJB-MJHT","verification_uri":"http://127.0.0.1:9/device","expires_in":600,"interval":5}"#,
        )),
        Ok(HttpResponse::new(400, r#"{"error":"authorization_pending"}"#)),
        Ok(HttpResponse::new(400, r#"{"error":"slow_down"}"#)),
        Ok(HttpResponse::new(
            200,
            r#"{"access_token":"at-1","token_type":"Bearer","expires_in":"3600","refresh_token":"rt-1"}"#,
        )),
    ]);
    let client = ClientAuth::None {
        client_id: "tv".into(),
    };
    let start = device_authorization_request(
        "http://127.0.0.1:9/device_authorization",
        &client,
        Some("openid"),
        &[],
    )
    .unwrap();
    let answer = block_on(transport.send(&start.request)).unwrap();
    let device = parse_device_authorization(lend(&answer)).unwrap();
    let mut poller = DevicePoller::new(&device, 1_000);
    let poll = TokenRequest::new(
        "http://127.0.0.1:9/token",
        Grant::DeviceCode {
            device_code: device.device_code.clone(),
        },
        client,
    )
    .build()
    .unwrap();
    let mut now = 1_000;
    let mut waits = vec![];
    let token = loop {
        let answer = block_on(transport.send(&poll.request)).unwrap();
        match poller.on_response(lend(&answer), now) {
            PollStep::Wait { seconds, .. } => {
                waits.push(seconds);
                now += seconds;
            }
            PollStep::Done(t) => break t,
            PollStep::Stop(e) => panic!("{e}"),
        }
    };
    assert_eq!(waits, [5, 10]);
    assert_eq!(token.access_token, Secret::new("at-1"));
    assert_eq!(token.expires_in, Some(3600));
    let sent = transport.sent();
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[0].body, "scope=openid&client_id=tv");
    assert_eq!(
        sent[3].body,
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc-1&client_id=tv"
    );
    assert!(transport.finished());
}

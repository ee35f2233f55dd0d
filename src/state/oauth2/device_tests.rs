#![allow(clippy::unwrap_used)]

use oauth2::Response;
use oauth2::device::parse_device_authorization;

use super::*;

const AUTHORIZED: &str = r#"{"device_code":"dc-1","user_code":"BCDF-GHJK",
    "verification_uri":"http://127.0.0.1:8080/sandbox/oauth2/device",
    "verification_uri_complete":"http://127.0.0.1:8080/sandbox/oauth2/device?user_code=BCDF-GHJK",
    "expires_in":600,"interval":5}"#;

fn authorization(body: &str) -> DeviceAuthorization {
    parse_device_authorization(Response::new(200, &[], body.as_bytes())).unwrap()
}

fn answer(p: &mut Polling, status: u16, body: &str, now: u64) -> Option<TokenResponse> {
    p.on_response(
        Response::new(status, &[], body.as_bytes()),
        now,
        "05:00:00",
        false,
    )
}

#[test]
fn step_one_needs_the_endpoint_and_sends_client_and_scope() {
    let mut c = Config::default();
    let auth = ClientAuth::None {
        client_id: "playground-device".into(),
    };
    assert!(
        request(&c, &auth, "openid")
            .unwrap_err()
            .contains("device_authorization_endpoint")
    );
    c.device_authorization_endpoint = "http://127.0.0.1:8080/sandbox/oauth2/device_authorization".into();
    let built = request(&c, &auth, " openid profile ").unwrap();
    assert_eq!(
        built.request.body,
        "scope=openid+profile&client_id=playground-device"
    );
    assert_eq!(
        request(&c, &auth, "").unwrap().request.body,
        "client_id=playground-device"
    );
}

#[test]
fn shows_the_code_and_only_http_uris_as_link_or_qr() {
    let s = shown(&authorization(AUTHORIZED));
    assert_eq!(s.user_code, "BCDF-GHJK");
    assert_eq!(
        s.link.as_deref(),
        Some("http://127.0.0.1:8080/sandbox/oauth2/device")
    );
    assert_eq!(
        s.qr.as_deref(),
        Some("http://127.0.0.1:8080/sandbox/oauth2/device?user_code=BCDF-GHJK")
    );
    let plain = authorization(
        r#"{"device_code":"d","user_code":"U","verification_uri":"https://as.example/d","expires_in":60}"#,
    );
    let s = shown(&plain);
    assert_eq!((s.qr.as_deref(), s.interval), (Some("https://as.example/d"), 5));
}

#[test]
fn polls_are_listed_pending_then_slow_down_then_the_token() {
    let a = authorization(AUTHORIZED);
    let mut p = Polling::new(&a, 1000);
    assert_eq!(p.phase, Phase::Waiting(5));
    let pending = r#"{"error":"authorization_pending","error_description":"not yet"}"#;
    assert!(answer(&mut p, 400, pending, 1005).is_none());
    assert_eq!(p.phase, Phase::Waiting(5));
    assert_eq!(
        p.polls[0],
        Poll {
            at: "05:00:00".into(),
            status: 400,
            outcome: "authorization_pending".into(),
            detail: "The user has not finished yet: the next poll in 5 s. The server said: not yet".into(),
        }
    );
    assert!(answer(&mut p, 400, r#"{"error":"slow_down"}"#, 1010).is_none());
    assert_eq!((p.phase.clone(), p.interval()), (Phase::Waiting(10), 10));
    assert_eq!(
        p.polls[1].detail,
        "Too fast: the interval is now 10 s, 5 s more (RFC 8628 §3.5)."
    );
    let t = answer(
        &mut p,
        200,
        r#"{"access_token":"at","token_type":"Bearer"}"#,
        1020,
    )
    .unwrap();
    assert_eq!(t.access_token.expose(), "at");
    assert_eq!(p.phase, Phase::Done);
    assert_eq!(p.polls[2].outcome, "access_token");
    let built = Polling::request(
        &a,
        "http://127.0.0.1:8080/sandbox/oauth2/token",
        ClientAuth::None {
            client_id: "playground-device".into(),
        },
    )
    .unwrap();
    assert_eq!(
        built.request.body,
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc-1&client_id=playground-device"
    );
}

#[test]
fn denied_expired_and_stopped_end_the_polling_explained() {
    let a = authorization(AUTHORIZED);
    let mut p = Polling::new(&a, 1000);
    answer(&mut p, 400, r#"{"error":"access_denied"}"#, 1005);
    let Phase::Failed(why) = &p.phase else {
        panic!("{:?}", p.phase)
    };
    assert!(
        why.starts_with("The token endpoint refused: access_denied"),
        "{why}"
    );
    assert!(why.contains("refused at the verification page"), "{why}");
    let mut p = Polling::new(&a, 1000);
    answer(&mut p, 400, r#"{"error":"expired_token"}"#, 1005);
    let Phase::Failed(why) = &p.phase else { panic!() };
    assert!(why.contains("start again at step 1"), "{why}");
    // By the clock: pending after the lifetime is over.
    let mut p = Polling::new(&a, 1000);
    answer(&mut p, 400, r#"{"error":"authorization_pending"}"#, 1598);
    assert!(matches!(&p.phase, Phase::Failed(w) if w.contains("expired_token")));
    let mut p = Polling::new(&a, 1000);
    p.stop();
    assert_eq!(p.phase, Phase::Stopped);
    p.on_failure("no answer".into(), "05:00:01");
    assert_eq!(p.polls[0].status, 0);
    assert_eq!(clock("2026-12-03T05:42:57.123Z"), "05:42:57");
    assert_eq!(clock("x"), "x");
}

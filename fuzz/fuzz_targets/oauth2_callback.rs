#![no_main]
//! Callback URLs (RFC 6749 §4.1.2, RFC 9207) checked against the expected redirect URI,
//! state and issuer; redirect URIs themselves; Basic headers (RFC 6749 §2.3.1).
use libfuzzer_sys::fuzz_target;
use oauth2::callback::{CallbackExpectation, parse_callback};

fuzz_target!(|data: &str| {
    let expect = CallbackExpectation {
        redirect_uri: "http://127.0.0.1:8123/cb?tenant=a".into(),
        state: Some("xyz".into()),
        issuer: Some("https://as.example".into()),
        iss_required: data.len() % 2 == 0,
    };
    let _ = parse_callback(data, &expect);
    let _ = parse_callback(&format!("http://127.0.0.1:8123/cb?tenant=a&{data}"), &expect);
    let _ = oauth2::redirect::parse_redirect_uri(data);
    let _ = oauth2::client_auth::decode_basic(data);
});

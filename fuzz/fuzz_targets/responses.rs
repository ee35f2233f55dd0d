#![no_main]
//! Token responses and Problem Reporting bodies from providers.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let _ = oauth1::TokenResponse::parse(data);
    if let Some(p) = oauth1::Problem::from_body(data) {
        let _ = p.explanation();
        let _ = oauth1::Problem::from_body(&p.to_body());
    }
});

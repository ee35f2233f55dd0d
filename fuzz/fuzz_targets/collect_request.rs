#![no_main]
//! The provider side: a whole request (method, URL, header, content type, body).
use libfuzzer_sys::fuzz_target;
use oauth1::verify::{ReceivedRequest, collect};

fuzz_target!(|parts: (&str, &str, Option<&str>, bool, &[u8])| {
    let (method, url, authorization, form, body) = parts;
    let request = ReceivedRequest {
        method,
        url,
        authorization,
        content_type: form.then_some("application/x-www-form-urlencoded"),
        body,
    };
    if let Ok(collected) = collect(request) {
        let secret = oauth1::Secret::new("s");
        let _ = collected.verify(&secret, &secret, None, body, request.content_type);
        let _ = collected.timestamp();
    }
});

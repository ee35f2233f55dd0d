#![no_main]
//! `Authorization: OAuth …` and `WWW-Authenticate` headers from clients and servers.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let _ = oauth1::header::parse_authorization(data);
    let _ = oauth1::Challenge::parse(data);
    let _ = oauth1::Problem::from_www_authenticate(data);
});

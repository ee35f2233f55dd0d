#![no_main]
//! Discovery documents (RFC 8414, OIDC Discovery), checked against the issuer they were
//! fetched for; and the well-known URL built from an issuer.
use libfuzzer_sys::fuzz_target;
use oauth2::discovery::{WellKnown, parse_metadata, well_known_url};

fuzz_target!(|data: &[u8]| {
    let r = oauth2::Response::new(200, &[], data);
    if let Ok(md) = parse_metadata(r, "https://as.example") {
        let _ = md.preferred_auth_method();
        let _ = md.supports_s256();
    }
    let _ = parse_metadata(r, "");
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = well_known_url(text, WellKnown::OAuth);
        let _ = well_known_url(text, WellKnown::OpenId);
    }
});

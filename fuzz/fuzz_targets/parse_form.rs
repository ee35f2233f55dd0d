#![no_main]
//! Query strings, form bodies and percent-decoding: untrusted text from any request.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let _ = oauth1::encode::decode(data);
    if let Ok(pairs) = oauth1::encode::parse_form(data) {
        // What parses must survive a round trip.
        let form = oauth1::encode::to_form(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        assert_eq!(oauth1::encode::parse_form(&form).ok(), Some(pairs));
    }
    let _ = oauth1::uri::parse_url(data).map(|u| oauth1::uri::base_string_uri(&u));
});

#![no_main]
//! Pasted RSA keys: the app's text area takes anything.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let _ = oauth1::RsaKey::from_pem(data);
    let _ = oauth1::RsaPublicKey::from_pem(data);
});

#![no_main]
//! JWK sets (RFC 7517): parsing, thumbprints (RFC 7638), and every key tried by the native
//! verifier with every alg it fits.
use libfuzzer_sys::fuzz_target;
use oauth2::jwt::native::NativeVerifier;
use oauth2::jwt::verify::key_fits;
use oauth2::jwt::{Alg, JwsVerifier};

fuzz_target!(|data: &[u8]| {
    let Ok(set) = oauth2::jwks::parse_jwks(data) else { return };
    for key in &set.keys {
        let _ = key.thumbprint();
        let _ = key.public_json();
        let _ = format!("{key:?}");
        for alg in Alg::ALL {
            if key_fits(key, alg) {
                let _ = NativeVerifier.verify(alg, key, b"input", &[0u8; 64]);
            }
        }
    }
});

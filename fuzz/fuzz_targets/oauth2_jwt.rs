#![no_main]
//! Compact JWS and JWT decoding (RFC 7515 §7.1), key selection, signature checks with the
//! native verifier against a fixed JWKS (RSA, EC, OKP, oct), id_token validation, and the
//! receiving side of DPoP proofs.
use libfuzzer_sys::fuzz_target;
use oauth2::jwt::native::NativeVerifier;
use oauth2::jwt::{Alg, IdTokenExpectation, Jws, validate_id_token, verify_jws};

const JWKS: &str = r#"{"keys":[
 {"kty":"RSA","kid":"r","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"},
 {"kty":"EC","kid":"e","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
 {"kty":"OKP","kid":"o","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
 {"kty":"oct","kid":"h","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]}"#;

fuzz_target!(|data: &str| {
    let dpop = oauth2::jwt::dpop::ProofExpectation {
        method: "POST",
        url: "https://server.example.com/token",
        now_secs: 1_562_262_616,
        window_secs: 60,
        access_token: None,
        nonce: Some("n"),
    };
    let _ = oauth2::jwt::dpop::check_proof(data, &dpop, &NativeVerifier);
    // The input as a token, and as the claims of a token, so the claim checks see it too.
    let wrapped = format!(
        "{}.{}.AA",
        oauth2::base64url_encode(r#"{"alg":"RS256","kid":"r","typ":"dpop+jwt"}"#),
        oauth2::base64url_encode(data)
    );
    for token in [data, wrapped.as_str()] {
        let _ = oauth2::jwt::dpop::check_proof(token, &dpop, &NativeVerifier);
        check(token);
    }
});

fn check(data: &str) {
    let Ok(jws) = Jws::decode(data) else { return };
    let keys = oauth2::jwks::parse_jwks(JWKS.as_bytes()).map(|s| s.keys).unwrap_or_default();
    let sig = verify_jws(&jws, &keys, &Alg::ALL, &NativeVerifier);
    let mut expect = IdTokenExpectation::new("https://as.example", "client", i64::MAX);
    expect.nonce = Some("n".into());
    expect.max_age = Some(i64::MAX);
    expect.access_token = Some(oauth2::Secret::new("at"));
    expect.code = Some(oauth2::Secret::new("c"));
    let _ = validate_id_token(&jws, &sig, &expect).ok();
    expect.now_secs = i64::MIN;
    let _ = validate_id_token(&jws, &sig, &expect).ok();
    if let Some(jwk) = &jws.header.jwk {
        let _ = jwk.thumbprint();
        let _ = verify_jws(&jws, std::slice::from_ref(jwk), Alg::ASYMMETRIC, &NativeVerifier);
    }
}

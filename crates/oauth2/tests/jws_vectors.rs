//! The JWS examples of RFC 7515 Appendix A (HS256, RS256, ES256) and RFC 8037 Appendix A
//! (Ed25519), through the native signer and verifier; then the pieces built on them: an
//! id_token checked against a JWKS (with rotation), a private_key_jwt assertion (RFC 7523),
//! a DPoP proof (RFC 9449).

use oauth2::jwks::{Jwk, parse_jwks};
use oauth2::jwt::Jws;
use oauth2::jwt::dpop::{DpopProof, ProofExpectation, check_proof};
use oauth2::jwt::native::{NativeSigner, NativeVerifier};
use oauth2::jwt::{
    Alg, ClientAssertion, IdTokenExpectation, JwsSigner, JwtError, UnsignedJws, validate_id_token, verify_jws,
};
use oauth2::{ClientAuth, Secret};

const PAYLOAD_B64: &str =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

/// RFC 7515 Appendix A.2.1's RSA key (also RFC 7517 Appendix A.2).
const RSA_JWK: &str = r#"{"kty":"RSA","kid":"2011-04-29",
"n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
"e":"AQAB",
"d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
"p":"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
"q":"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc"}"#;
const RS256_SIGNATURE: &str = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

/// RFC 7515 Appendix A.3.1's P-256 key.
const EC_JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
const ES256_TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

/// RFC 8037 Appendix A.1 (the key) and A.4 (the JWS).
const ED_JWK: &str = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
const ED_TOKEN: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

fn jwk(json: &str) -> Jwk {
    Jwk::parse(&serde_json::from_str(json).expect("JSON")).expect("a JWK")
}

fn public(key: &Jwk) -> Jwk {
    Jwk::parse(&key.public_json()).expect("a JWK")
}

#[test]
fn rfc7515_a2_rs256_signs_and_verifies_exactly() {
    let key = jwk(RSA_JWK);
    let signer = NativeSigner::from_jwk(&key, Some(Alg::RS256)).unwrap();
    let input = format!("eyJhbGciOiJSUzI1NiJ9.{PAYLOAD_B64}");
    let signature = signer.sign(input.as_bytes()).unwrap();
    assert_eq!(oauth2::base64url_encode(&signature), RS256_SIGNATURE);
    let jws = Jws::decode(&format!("{input}.{RS256_SIGNATURE}")).unwrap();
    let keys = [public(&key)];
    let v = verify_jws(&jws, &keys, Alg::ASYMMETRIC, &NativeVerifier).unwrap();
    assert_eq!((v.alg, v.kid.as_deref()), (Alg::RS256, Some("2011-04-29")));
    // The same signature under RS384 or PS256 headers does not verify.
    for header in [r#"{"alg":"RS384"}"#, r#"{"alg":"PS256"}"#] {
        let forged = Jws::decode(&format!(
            "{}.{PAYLOAD_B64}.{RS256_SIGNATURE}",
            oauth2::base64url_encode(header)
        ))
        .unwrap();
        assert!(matches!(
            verify_jws(&forged, &keys, Alg::ASYMMETRIC, &NativeVerifier),
            Err(JwtError::BadSignature(_))
        ));
    }
    assert_eq!(signer.public_jwk().unwrap()["n"], key.public_json()["n"]);
}

#[test]
fn ps256_signs_with_an_injected_salt_and_verifies() {
    let key = jwk(RSA_JWK);
    let unsalted = NativeSigner::from_jwk(&key, Some(Alg::PS256)).unwrap();
    assert!(matches!(unsalted.sign(b"x"), Err(JwtError::Unsupported(..))));
    let mut counter = 0u8;
    for alg in [Alg::PS256, Alg::PS384, Alg::PS512] {
        let signer = NativeSigner::from_jwk(&key, Some(alg))
            .unwrap()
            .with_salt_source(move |b| {
                for x in b.iter_mut() {
                    counter = counter.wrapping_add(1);
                    *x = counter;
                }
            });
        let token = UnsignedJws::new(alg, Default::default(), Default::default())
            .sign_with(&signer)
            .unwrap();
        let v = verify_jws(
            &Jws::decode(&token).unwrap(),
            &[public(&key)],
            Alg::ASYMMETRIC,
            &NativeVerifier,
        )
        .unwrap();
        assert_eq!(v.alg, alg);
    }
}

#[test]
fn rfc7515_a3_es256_verifies_and_round_trips() {
    let key = jwk(EC_JWK);
    let keys = [public(&key)];
    let jws = Jws::decode(ES256_TOKEN).unwrap();
    assert_eq!(
        verify_jws(&jws, &keys, Alg::ASYMMETRIC, &NativeVerifier)
            .unwrap()
            .alg,
        Alg::ES256
    );
    let mut tampered = jws.clone();
    tampered.signature[10] ^= 1;
    assert!(verify_jws(&tampered, &keys, Alg::ASYMMETRIC, &NativeVerifier).is_err());
    // ECDSA signatures differ each time; ours must verify with the RFC's public key.
    let signer = NativeSigner::from_jwk(&key, None).unwrap();
    let token = UnsignedJws::new(Alg::ES256, Default::default(), Default::default())
        .sign_with(&signer)
        .unwrap();
    assert!(
        verify_jws(
            &Jws::decode(&token).unwrap(),
            &keys,
            &[Alg::ES256],
            &NativeVerifier
        )
        .is_ok()
    );
    assert!(NativeSigner::from_jwk(&key, Some(Alg::ES384)).is_err());
}

#[test]
fn rfc8037_a4_ed25519_signs_exactly() {
    let key = jwk(ED_JWK);
    let signer = NativeSigner::from_jwk(&key, None).unwrap();
    let (input, sig) = ED_TOKEN.rsplit_once('.').unwrap();
    assert_eq!(
        oauth2::base64url_encode(signer.sign(input.as_bytes()).unwrap()),
        sig
    );
    let jws = Jws::decode(ED_TOKEN).unwrap();
    assert_eq!(jws.payload, b"Example of Ed25519 signing");
    assert!(verify_jws(&jws, &[public(&key)], Alg::ASYMMETRIC, &NativeVerifier).is_ok());
}

#[test]
fn pem_keys_load() {
    use p256::pkcs8::EncodePrivateKey;
    let d = oauth2::base64url_decode("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI").unwrap();
    let pem = p256::ecdsa::SigningKey::from_slice(&d)
        .unwrap()
        .to_pkcs8_pem(Default::default())
        .unwrap();
    let signer = NativeSigner::from_pem(&pem, None, Some("k1".into())).unwrap();
    assert_eq!(signer.alg(), Alg::ES256);
    assert_eq!(
        signer.public_jwk().unwrap()["x"],
        "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
    );
    assert!(!format!("{signer:?}").contains(&*pem));
    assert!(matches!(
        NativeSigner::from_pem(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            None,
            None
        ),
        Err(JwtError::BadKey(_))
    ));
}

fn id_token(signer: &NativeSigner, claims: serde_json::Value) -> String {
    let mut header = serde_json::Map::new();
    header.insert("kid".into(), signer.kid().expect("a kid").into());
    let serde_json::Value::Object(claims) = claims else {
        unreachable!()
    };
    UnsignedJws::new(signer.alg(), header, claims)
        .sign_with(signer)
        .expect("signs")
}

#[test]
fn id_token_against_a_rotating_jwks() {
    let key = jwk(RSA_JWK);
    let signer = NativeSigner::from_jwk(&key, None).unwrap();
    let token = id_token(
        &signer,
        serde_json::json!({"iss":"http://127.0.0.1:4000","sub":"alice","aud":"spa","exp":2_000_000_100i64,"iat":2_000_000_000i64,"nonce":"n1"}),
    );
    let jwks = format!(
        r#"{{"keys":[{},{}]}}"#,
        public(&jwk(EC_JWK)).public_json(),
        key.public_json()
    );
    let keys = parse_jwks(jwks.as_bytes()).unwrap().keys;
    let jws = Jws::decode(&token).unwrap();
    let sig = verify_jws(&jws, &keys, Alg::ASYMMETRIC, &NativeVerifier);
    let mut expect = IdTokenExpectation::new("http://127.0.0.1:4000", "spa", 2_000_000_050);
    expect.nonce = Some("n1".into());
    let report = validate_id_token(&jws, &sig, &expect);
    assert!(report.ok(), "{:?}", report.failures().collect::<Vec<_>>());
    // After rotation the old JWKS no longer has the kid: the caller is told to refetch.
    let rotated = parse_jwks(format!(r#"{{"keys":[{}]}}"#, public(&jwk(EC_JWK)).public_json()).as_bytes())
        .unwrap()
        .keys;
    assert_eq!(
        verify_jws(&jws, &rotated, Alg::ASYMMETRIC, &NativeVerifier),
        Err(JwtError::UnknownKid("2011-04-29".into()))
    );
    // Later than exp + skew.
    expect.now_secs = 2_000_000_200;
    let failed: Vec<_> = validate_id_token(&jws, &sig, &expect)
        .failures()
        .map(|c| c.name)
        .collect();
    assert_eq!(failed, ["exp"]);
}

#[test]
fn private_key_jwt_and_dpop() {
    let ec = jwk(EC_JWK);
    let signer = NativeSigner::from_jwk(&ec, None).unwrap();
    let auth = ClientAssertion::new("pkjwt-client", "https://as.example/token", 1_700_000_000, |b| {
        b.fill(3)
    })
    .authenticate(&signer)
    .unwrap();
    let ClientAuth::Jwt { assertion, .. } = &auth else {
        panic!()
    };
    let jws = Jws::decode(assertion.expose()).unwrap();
    assert!(verify_jws(&jws, &[public(&ec)], &[Alg::ES256], &NativeVerifier).is_ok());
    assert_eq!(auth.method().as_str(), "private_key_jwt");

    let proof = DpopProof::new("GET", "https://rs.example/me?x=1", 1_700_000_000, |b| b.fill(9))
        .unwrap()
        .with_access_token(&Secret::new("at"))
        .with_nonce(Some("server-nonce".into()))
        .sign(&signer)
        .unwrap();
    let jws = Jws::decode(&proof).unwrap();
    assert_eq!(jws.header.typ.as_deref(), Some("dpop+jwt"));
    let embedded = jws.header.jwk.clone().unwrap();
    assert!(!embedded.has_private_members());
    assert_eq!(embedded.thumbprint().unwrap(), public(&ec).thumbprint().unwrap());
    assert!(verify_jws(&jws, &[embedded], &[Alg::ES256], &NativeVerifier).is_ok());
    let c = jws.claims().unwrap();
    assert_eq!(
        (c["htm"].as_str(), c["htu"].as_str(), c["nonce"].as_str()),
        (Some("GET"), Some("https://rs.example/me"), Some("server-nonce"))
    );
    let hmac = oauth2::jwt::HmacSigner::new(Alg::HS256, Secret::new("s")).unwrap();
    assert!(
        DpopProof::new("GET", "https://rs.example/", 0, |b| b.fill(0))
            .unwrap()
            .sign(&hmac)
            .is_err()
    );
}

/// RFC 9449 §4.1 Figure 3 (the token-request proof) and §6.1 (its key's `jkt`).
const RFC9449_PROOF: &str = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

#[test]
fn rfc9449_example_proof_checks() {
    let mut expect = ProofExpectation {
        method: "POST",
        url: "https://server.example.com/token",
        now_secs: 1_562_262_618,
        window_secs: 60,
        access_token: None,
        nonce: None,
    };
    assert_eq!(
        check_proof(RFC9449_PROOF, &expect, &NativeVerifier).unwrap(),
        "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
    );
    expect.url = "https://server.example.com/token?x=1";
    assert!(check_proof(RFC9449_PROOF, &expect, &NativeVerifier).is_ok());
    for refused in [
        ProofExpectation {
            method: "GET",
            ..expect.clone()
        },
        ProofExpectation {
            url: "https://server.example.com/other",
            ..expect.clone()
        },
        ProofExpectation {
            now_secs: 1_562_262_616 + 3600,
            ..expect.clone()
        },
        ProofExpectation {
            nonce: Some("n"),
            ..expect.clone()
        },
    ] {
        assert!(
            check_proof(RFC9449_PROOF, &refused, &NativeVerifier).is_err(),
            "{refused:?}"
        );
    }
    // A proof of ours, for a resource, with ath and a nonce.
    let signer = NativeSigner::from_jwk(&jwk(EC_JWK), None).unwrap();
    let token = Secret::new("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU");
    let proof = DpopProof::new(
        "GET",
        "https://resource.example.org/protectedresource",
        1_562_262_616,
        |b| b.fill(5),
    )
    .unwrap()
    .with_access_token(&token)
    .with_nonce(Some("eyJ7S_zG.eyJH0-Z.HX4w-7v".into()))
    .sign(&signer)
    .unwrap();
    let resource = ProofExpectation {
        method: "GET",
        url: "https://resource.example.org/protectedresource",
        now_secs: 1_562_262_616,
        window_secs: 60,
        access_token: Some(&token),
        nonce: Some("eyJ7S_zG.eyJH0-Z.HX4w-7v"),
    };
    assert!(check_proof(&proof, &resource, &NativeVerifier).is_ok());
    let other = Secret::new("another token");
    assert!(
        check_proof(
            &proof,
            &ProofExpectation {
                access_token: Some(&other),
                ..resource
            },
            &NativeVerifier
        )
        .is_err()
    );
}

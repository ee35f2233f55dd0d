//! RSA-SHA* signed by the browser's Web Crypto (`effects::signer`) against oauthlib's
//! published signatures: PKCS#1 v1.5 is deterministic, so the bytes must match exactly.

use engine::oauth1_flow::{Expect, LegRequest};
use engine::sign::{SignedRequest, sign};
use oauth_playground_app::effects::signer::{self, BrowserEntropy, WebCrypto};
use oauth1::{Credentials, RequestSpec, RsaKey, Secret, SignOptions, SignatureMethod};
use wasm_bindgen_test::wasm_bindgen_test;

const FIXTURE: &str = include_str!("../../crates/oauth1/tests/fixtures/oauthlib_signatures.json");
const PKCS1: &str = include_str!("../../crates/oauth1/tests/fixtures/oauthlib_rsa_1024.pem");
const PKCS8: &str = include_str!("../../crates/oauth1/tests/fixtures/oauthlib_rsa_1024_pkcs8.pem");

#[wasm_bindgen_test]
async fn web_crypto_matches_oauthlibs_rsa_signatures() {
    let fixture: serde_json::Value = serde_json::from_str(FIXTURE).expect("fixture");
    let base = fixture["base_string"].as_str().expect("base string");
    for pem in [PKCS1, PKCS8] {
        let key = RsaKey::from_pem(pem).expect("key");
        for method in [
            SignatureMethod::RsaSha1,
            SignatureMethod::RsaSha256,
            SignatureMethod::RsaSha512,
        ] {
            let expected = fixture["signatures"][method.as_str()]
                .as_str()
                .expect("signature");
            let got = signer::rsa_sign(&key, method, base).await.expect("signed");
            assert_eq!(got, expected, "{method}");
        }
    }
}

/// Signs as the app's runner does: the engine's `sign` with Web Crypto and the browser's
/// entropy.
async fn sign_now(spec: &RequestSpec, credentials: &Credentials, options: &SignOptions) -> SignedRequest {
    let leg = LegRequest {
        spec: spec.clone(),
        credentials: credentials.clone(),
        options: options.clone(),
        extra_headers: Vec::new(),
        expects: Expect::Tokens,
    };
    sign(&WebCrypto, &mut BrowserEntropy, &leg).await.expect("signed")
}

#[wasm_bindgen_test]
async fn sign_now_puts_the_web_crypto_signature_in_the_request() {
    let credentials = Credentials {
        consumer_key: "ck".into(),
        rsa_key: Some(RsaKey::from_pem(PKCS8).expect("key")),
        ..Credentials::default()
    };
    let options = SignOptions {
        signature_method: SignatureMethod::RsaSha256,
        ..SignOptions::default()
    };
    let spec = RequestSpec::new("POST", "https://api.example.com/request_token");
    let signed = sign_now(&spec, &credentials, &options).await;
    let e = &signed.explanation;
    let key = credentials.rsa_key.as_ref().expect("key");
    let again = signer::rsa_sign(key, SignatureMethod::RsaSha256, &e.base_string)
        .await
        .expect("signed");
    assert_eq!(e.signature, again);
    assert_eq!(e.signature.len(), 172, "1024-bit key: 128 bytes in base64");
    assert_eq!(
        e.notes.last().map(String::as_str),
        Some(
            "The signature was made by this browser's Web Crypto (RSASSA-PKCS1-v1_5 with SHA-256), over the base \
             string above."
        )
    );
    let header = signed.request.header("Authorization").expect("header");
    assert!(
        header.contains("oauth_signature_method=\"RSA-SHA256\""),
        "{header}"
    );
    assert!(
        header.contains(&format!("oauth_signature=\"{}\"", oauth1::encode::encode(&again))),
        "{header}"
    );
    // HMAC still comes from the core, through the same entry point.
    let hmac = SignOptions::default();
    let plain = Credentials {
        consumer_secret: Secret::new("cs"),
        ..credentials.clone()
    };
    let signed = sign_now(&spec, &plain, &hmac).await;
    assert_eq!(signed.explanation.signature_method, SignatureMethod::HmacSha1);
}

/// Plain-http pages on other hosts get no `crypto.subtle`: RSA says why instead of failing
/// obscurely. Simulated by hiding the getter for the length of the test.
#[wasm_bindgen_test]
async fn without_web_crypto_rsa_explains_the_secure_context_rule() {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsValue;
    let global = js_sys::global();
    let crypto_class = Reflect::get(&global, &JsValue::from_str("Crypto")).expect("Crypto");
    let proto: Object = Reflect::get(&crypto_class, &JsValue::from_str("prototype"))
        .expect("prototype")
        .into();
    let name = JsValue::from_str("subtle");
    let saved = Object::get_own_property_descriptor(&proto, &name);
    assert!(Reflect::delete_property(&proto, &name).expect("deleted"));
    let available = signer::available();
    let key = RsaKey::from_pem(PKCS8).expect("key");
    let result = signer::rsa_sign(&key, SignatureMethod::RsaSha1, "x").await;
    Object::define_property(&proto, &name, &saved.into());
    assert!(signer::available(), "restored");
    assert!(!available);
    assert_eq!(result.err().as_deref(), Some(signer::INSECURE_CONTEXT));
}

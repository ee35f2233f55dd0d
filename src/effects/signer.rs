//! The app's signer and entropy for the engine (`engine::sign`): HMAC and PLAINTEXT are
//! computed by the core; RSA-SHA* (§3.4.3, RSASSA-PKCS1-v1_5) by the browser's Web Crypto,
//! so the page carries no RSA implementation of its own (BENCHMARKS.md, "App budgets").
//! The nonce and timestamp (§3.3) come from `crypto.getRandomValues` and the browser's clock.

use base64::Engine;
use engine::sign::{CoreSigner, Entropy, SignError, Signature, SignatureProvider};
use js_sys::{Array, Object, Reflect, Uint8Array};
use oauth1::sign::Digest;
use oauth1::{Credentials, RsaKey, SignatureMethod};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Why Web Crypto is missing: browsers offer it on https:// pages and on localhost only.
pub const INSECURE_CONTEXT: &str = "RSA signing uses the browser's Web Crypto, which browsers offer only on \
     https:// pages and on localhost. Open the playground over https (or on this machine as \
     http://127.0.0.1), or sign with `oauth-playground sign`.";

/// The flow's steps, the console and the export panel all sign with this.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebCrypto;

impl SignatureProvider for WebCrypto {
    async fn sign(
        &self,
        method: SignatureMethod,
        base_string: &str,
        credentials: &Credentials,
    ) -> Result<Signature, SignError> {
        let Some(key) = credentials.rsa_key.as_ref().filter(|_| method.is_rsa()) else {
            return CoreSigner::sign_now(method, base_string, credentials);
        };
        let value = rsa_sign(key, method, base_string)
            .await
            .map_err(SignError::Signer)?;
        Ok(Signature {
            value,
            note: Some(format!(
                "The signature was made by this browser's Web Crypto (RSASSA-PKCS1-v1_5 with {}), over the base string above.",
                hash_name(method)
            )),
        })
    }
}

/// `crypto.getRandomValues` (getrandom's wasm_js back end) and `Date.now`; a skewed clock
/// shows up as `timestamp_refused`, which the app explains.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserEntropy;

impl Entropy for BrowserEntropy {
    fn now_millis(&mut self) -> Result<u64, String> {
        Ok(js_sys::Date::now().max(0.0) as u64)
    }

    fn fill(&mut self, buf: &mut [u8]) -> Result<(), String> {
        getrandom::fill(buf).map_err(|e| format!("WebCrypto is unavailable ({e})"))
    }
}

/// Web Crypto's name for the method's digest.
fn hash_name(method: SignatureMethod) -> &'static str {
    match method.digest() {
        Digest::Sha1 => "SHA-1",
        Digest::Sha256 => "SHA-256",
        Digest::Sha512 => "SHA-512",
    }
}

/// The base64 RSASSA-PKCS1-v1_5 signature of `text`.
pub async fn rsa_sign(key: &RsaKey, method: SignatureMethod, text: &str) -> Result<String, String> {
    let subtle = subtle().ok_or(INSECURE_CONTEXT)?;
    let algorithm = Object::new();
    set(&algorithm, "name", "RSASSA-PKCS1-v1_5")?;
    set(&algorithm, "hash", hash_name(method))?;
    let der = Uint8Array::from(key.pkcs8_der());
    let usages = Array::of1(&JsValue::from_str("sign"));
    let imported = subtle
        .import_key_with_object("pkcs8", &der, &algorithm, false, &usages)
        .map_err(|e| refused("import the RSA key", &e))?;
    let crypto_key: CryptoKey = JsFuture::from(imported)
        .await
        .map_err(|e| refused("import the RSA key", &e))?
        .unchecked_into();
    let signing = subtle
        .sign_with_object_and_u8_array(&algorithm, &crypto_key, text.as_bytes())
        .map_err(|e| refused("sign", &e))?;
    let signature = JsFuture::from(signing).await.map_err(|e| refused("sign", &e))?;
    let bytes = Uint8Array::new(&signature).to_vec();
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// False where RSA cannot be signed here: pages on plain http from another host.
pub fn available() -> bool {
    subtle().is_some()
}

/// `crypto.subtle`, which is undefined outside secure contexts.
pub(crate) fn subtle() -> Option<SubtleCrypto> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    subtle.dyn_into::<SubtleCrypto>().ok()
}

fn set(object: &Object, name: &str, value: &str) -> Result<(), String> {
    Reflect::set(object, &JsValue::from_str(name), &JsValue::from_str(value))
        .map(|_| ())
        .map_err(|e| refused("set up the algorithm", &e))
}

fn refused(what: &str, error: &JsValue) -> String {
    format!("Web Crypto could not {what}: {}", reason(error))
}

/// What a rejected promise or a thrown value says.
pub(crate) fn reason(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "no reason given".into())
}

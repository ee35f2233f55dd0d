//! Signs with a fresh nonce and the browser's clock (RFC 5849 §3.3). HMAC and PLAINTEXT are
//! computed by the core; RSA-SHA* (§3.4.3, RSASSA-PKCS1-v1_5) by the browser's Web Crypto,
//! so the page carries no RSA implementation of its own (BENCHMARKS.md, "App budgets").

use base64::Engine;
use js_sys::{Array, Object, Reflect, Uint8Array};
use oauth1::sign::{Digest, SigningKey};
use oauth1::{Credentials, RequestSpec, RsaKey, SignOptions, SignatureMethod, Signed};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

use super::dom;

/// Why Web Crypto is missing: browsers offer it on https:// pages and on localhost only.
pub const INSECURE_CONTEXT: &str = "RSA signing uses the browser's Web Crypto, which browsers offer only on \
     https:// pages and on localhost. Open the playground over https (or on this machine as \
     http://127.0.0.1), or sign with `oauth-playground sign`.";

/// The flow's steps, the console and the export panel all sign here.
pub async fn sign_now(
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
) -> Result<Signed, String> {
    let nonce = dom::nonce()?;
    let unsigned = oauth1::prepare_request(spec, credentials, options, &nonce, dom::now_secs())
        .map_err(|e| e.to_string())?;
    let method = unsigned.signature_method();
    let mut note = None;
    let signature = match (&credentials.rsa_key, method.is_rsa()) {
        (Some(key), true) => {
            note = Some(format!(
                "The signature was made by this browser's Web Crypto (RSASSA-PKCS1-v1_5 with {}), over the base string above.",
                hash_name(method)
            ));
            rsa_sign(key, method, unsigned.base_string()).await?
        }
        _ => {
            let key = SigningKey {
                consumer_secret: &credentials.consumer_secret,
                token_secret: &credentials.token_secret,
                rsa_key: None,
            };
            oauth1::sign::sign(method, unsigned.base_string(), key).map_err(|e| e.to_string())?
        }
    };
    let mut signed = unsigned.finish(signature);
    signed.explanation.notes.extend(note);
    Ok(signed)
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
fn subtle() -> Option<SubtleCrypto> {
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
    let detail = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "no reason given".into());
    format!("Web Crypto could not {what}: {detail}")
}

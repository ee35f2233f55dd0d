//! The page's DPoP key (RFC 9449 §4.2): an ES256 key pair made by Web Crypto with
//! `extractable: false`, so no script can read its private half, kept in IndexedDB (a
//! `CryptoKey` is structured-cloneable, RFC 9449 §11.3's advice for browsers) and reused
//! across reloads: tokens bound to it (`cnf.jkt`) keep working.
//!
//! Database `oauth-playground`, object store `dpop-keys`, key `es256`: the value is the
//! `CryptoKeyPair` object (`privateKey`, `publicKey`).

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use oauth2::jwt::UnsignedJws;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB: &str = "oauth-playground";
const STORE: &str = "dpop-keys";
const ID: &str = "es256";

/// The key pair: the private half only usable to sign, the public one as a JWK.
#[derive(Clone, PartialEq)]
pub struct DpopKey {
    private: CryptoKey,
    /// `kty`, `crv`, `x`, `y` only: what a proof's header carries.
    pub jwk: serde_json::Value,
    /// Its RFC 7638 thumbprint, the `jkt` a bound token names.
    pub thumbprint: String,
    /// Whether it was made now rather than found in IndexedDB.
    pub new: bool,
}

fn why(what: &str, e: &JsValue) -> String {
    format!("could not {what}: {}", super::signer::reason(e))
}

/// The IndexedDB request's result, once it succeeds.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let r = request.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = Closure::once_into_js(move || {
            let _ = reject.call1(
                &JsValue::NULL,
                &JsValue::from_str("IndexedDB refused the request"),
            );
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(failed.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("this browser offers no IndexedDB here (a private window may not)")?;
    let request: IdbOpenDbRequest = factory
        .open_with_u32(DB, 1)
        .map_err(|e| why("open IndexedDB", &e))?;
    let r = request.clone();
    let upgrade = Closure::once_into_js(move || {
        if let Ok(db) = r.result() {
            let _ = db.unchecked_into::<IdbDatabase>().create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    Ok(done(&request)
        .await
        .map_err(|e| why("open IndexedDB", &e))?
        .unchecked_into())
}

fn get(o: &JsValue, name: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn ecdsa(extra: (&str, &str)) -> Result<Object, String> {
    let o = Object::new();
    for (k, v) in [("name", "ECDSA"), extra] {
        Reflect::set(&o, &k.into(), &v.into()).map_err(|e| why("set up ECDSA", &e))?;
    }
    Ok(o)
}

/// The stored key pair, or a new one (stored) when there is none.
pub async fn load() -> Result<DpopKey, String> {
    let subtle =
        super::signer::subtle().ok_or("Web Crypto is offered on https:// pages and localhost only")?;
    let db = open().await?;
    let read = db
        .transaction_with_str(STORE)
        .and_then(|t| t.object_store(STORE))
        .and_then(|s| s.get(&ID.into()))
        .map_err(|e| why("read the DPoP key", &e))?;
    let found = done(&read).await.map_err(|e| why("read the DPoP key", &e))?;
    let (pair, new) = if found.is_object() {
        (found, false)
    } else {
        let usages = Array::of2(&"sign".into(), &"verify".into());
        let made = subtle
            .generate_key_with_object(&ecdsa(("namedCurve", "P-256"))?, false, &usages)
            .map_err(|e| why("make a DPoP key", &e))?;
        let pair = JsFuture::from(made)
            .await
            .map_err(|e| why("make a DPoP key", &e))?;
        let write = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
            .and_then(|t| t.object_store(STORE))
            .and_then(|s| s.put_with_key(&pair, &ID.into()))
            .map_err(|e| why("keep the DPoP key", &e))?;
        done(&write).await.map_err(|e| why("keep the DPoP key", &e))?;
        (pair, true)
    };
    let private: CryptoKey = get(&pair, "privateKey").unchecked_into();
    let public: CryptoKey = get(&pair, "publicKey").unchecked_into();
    // A key pair's public half is always exportable (WebCrypto §generateKey).
    let exported = subtle
        .export_key("jwk", &public)
        .map_err(|e| why("read the public key", &e))?;
    let exported = JsFuture::from(exported)
        .await
        .map_err(|e| why("read the public key", &e))?;
    let mut jwk = serde_json::Map::new();
    for m in ["kty", "crv", "x", "y"] {
        let v = get(&exported, m)
            .as_string()
            .ok_or_else(|| format!("the public key has no {m}"))?;
        jwk.insert(m.into(), v.into());
    }
    let jwk = serde_json::Value::Object(jwk);
    let thumbprint = oauth2::jwks::Jwk::parse(&jwk)
        .and_then(|k| k.thumbprint())
        .map_err(|e| e.to_string())?;
    Ok(DpopKey {
        private,
        jwk,
        thumbprint,
        new,
    })
}

impl DpopKey {
    /// The compact proof: ES256 over the signing input, `r || s` as JWS wants (RFC 7518
    /// §3.4), which is Web Crypto's own ECDSA output.
    pub async fn sign(&self, unsigned: &UnsignedJws) -> Result<String, String> {
        let subtle =
            super::signer::subtle().ok_or("Web Crypto is offered on https:// pages and localhost only")?;
        let signing = subtle
            .sign_with_object_and_u8_array(
                &ecdsa(("hash", "SHA-256"))?,
                &self.private,
                unsigned.signing_input.as_bytes(),
            )
            .map_err(|e| why("sign the DPoP proof", &e))?;
        let signature = JsFuture::from(signing)
            .await
            .map_err(|e| why("sign the DPoP proof", &e))?;
        Ok(unsigned.finish(&Uint8Array::new(&signature).to_vec()))
    }
}

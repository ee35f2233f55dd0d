//! A JWS signature checked by the browser's Web Crypto (RFC 7518 §3.3–§3.5): the OAuth 2.0
//! page's id_token verification, so the page carries no RSA or EC code of its own. The keys
//! to try are chosen by the protocol crate (`candidate_keys`: by `kid`, `kty`, `alg`).

use js_sys::{Array, Object, Reflect};
use oauth2::jwks::Jwk;
use oauth2::jwt::{Alg, CoreVerifier, Jws, JwsVerifier, JwtError, Verified, candidate_keys};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

/// Verifies `jws` with the first of `keys` that fits and checks, among `allowed` algs.
pub async fn verify(jws: &Jws, keys: &[Jwk], allowed: &[Alg]) -> Result<Verified, JwtError> {
    let (alg, candidates) = candidate_keys(jws, keys, allowed)?;
    let mut last = JwtError::NoCompatibleKey(alg.to_string());
    for key in candidates {
        let checked = match alg {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => {
                CoreVerifier.verify(alg, key, jws.signing_input.as_bytes(), &jws.signature)
            }
            _ => web_crypto(alg, key, jws).await,
        };
        match checked {
            Ok(()) => {
                return Ok(Verified {
                    alg,
                    kid: key.kid.clone(),
                });
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// The import and verify parameters of `alg` (WebCrypto §§ RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA).
fn params(alg: Alg) -> Result<(Object, Object), JwtError> {
    let (name, hash, extra): (&str, &str, Option<(&str, JsValue)>) = match alg {
        Alg::RS256 => ("RSASSA-PKCS1-v1_5", "SHA-256", None),
        Alg::RS384 => ("RSASSA-PKCS1-v1_5", "SHA-384", None),
        Alg::RS512 => ("RSASSA-PKCS1-v1_5", "SHA-512", None),
        // RFC 7518 §3.5: the salt is as long as the hash.
        Alg::PS256 => ("RSA-PSS", "SHA-256", Some(("saltLength", 32.into()))),
        Alg::PS384 => ("RSA-PSS", "SHA-384", Some(("saltLength", 48.into()))),
        Alg::PS512 => ("RSA-PSS", "SHA-512", Some(("saltLength", 64.into()))),
        Alg::ES256 => ("ECDSA", "SHA-256", Some(("namedCurve", "P-256".into()))),
        Alg::ES384 => ("ECDSA", "SHA-384", Some(("namedCurve", "P-384".into()))),
        other => {
            return Err(JwtError::Unsupported(
                other.to_string(),
                "this page verifies RS*, PS* and ES*",
            ));
        }
    };
    let (import, check) = (Object::new(), Object::new());
    let set = |o: &Object, k: &str, v: &JsValue| {
        Reflect::set(o, &JsValue::from_str(k), v)
            .map_err(|_| JwtError::BadKey("Web Crypto's parameters".into()))
    };
    for o in [&import, &check] {
        set(o, "name", &name.into())?;
    }
    match (name, extra) {
        // ECDSA names the curve at import and the hash at verify.
        ("ECDSA", Some((k, v))) => {
            set(&import, k, &v)?;
            set(&check, "hash", &hash.into())?;
        }
        (_, extra) => {
            set(&import, "hash", &hash.into())?;
            if let Some((k, v)) = extra {
                set(&check, k, &v)?;
            }
        }
    }
    Ok((import, check))
}

async fn web_crypto(alg: Alg, key: &Jwk, jws: &Jws) -> Result<(), JwtError> {
    let refused = |what: &str, e: JsValue| {
        let detail = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "no reason given".into());
        JwtError::BadKey(format!("Web Crypto could not {what}: {detail}"))
    };
    let subtle = super::signer::subtle().ok_or_else(|| {
        JwtError::Unsupported(
            alg.to_string(),
            "Web Crypto is offered on https:// pages and localhost only",
        )
    })?;
    let (import, check) = params(alg)?;
    let jwk: Object = js_sys::JSON::parse(&key.public_json().to_string())
        .map_err(|e| refused("read the key", e))?
        .unchecked_into();
    let usages = Array::of1(&JsValue::from_str("verify"));
    let imported = subtle
        .import_key_with_object("jwk", &jwk, &import, false, &usages)
        .map_err(|e| refused("import the key", e))?;
    let crypto_key: CryptoKey = JsFuture::from(imported)
        .await
        .map_err(|e| refused("import the key", e))?
        .unchecked_into();
    let verifying = subtle
        .verify_with_object_and_u8_array_and_u8_array(
            &check,
            &crypto_key,
            &jws.signature,
            jws.signing_input.as_bytes(),
        )
        .map_err(|e| refused("verify", e))?;
    let ok = JsFuture::from(verifying)
        .await
        .map_err(|e| refused("verify", e))?;
    if ok.as_bool() == Some(true) {
        Ok(())
    } else {
        Err(JwtError::BadSignature(format!(
            "{alg} and key {}",
            key.kid.as_deref().unwrap_or("(no kid)")
        )))
    }
}

/// SHA-256 by Web Crypto (`crypto.subtle.digest`): the page's second opinion on the PKCE
/// challenge the protocol crate computed.
pub async fn sha256(data: &[u8]) -> Result<Vec<u8>, String> {
    let subtle =
        super::signer::subtle().ok_or("Web Crypto is offered on https:// pages and localhost only")?;
    let digesting = subtle
        .digest_with_str_and_u8_array("SHA-256", data)
        .map_err(|_| "Web Crypto refused to digest".to_owned())?;
    let digest = JsFuture::from(digesting)
        .await
        .map_err(|_| "Web Crypto refused to digest".to_owned())?;
    Ok(js_sys::Uint8Array::new(&digest).to_vec())
}

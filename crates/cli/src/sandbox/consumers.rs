//! The sandbox's registered consumers: public demo credentials, documented in
//! docs/sandbox.md and handed to the app by `/playground.json`. They protect nothing.

use std::sync::OnceLock;

use oauth1::{RsaPublicKey, Secret, SignatureMethod};

/// A PUBLIC demo key pair, committed on purpose so anyone can sign RSA-* requests for the
/// sandbox. Never use it anywhere else.
pub const DEMO_RSA_PRIVATE_PEM: &str = include_str!("demo_rsa_private.pem");
pub const DEMO_RSA_PUBLIC_PEM: &str = include_str!("demo_rsa_public.pem");

pub const DEMO_KEY: &str = "playground-demo-key";
pub const DEMO_SECRET: &str = "playground-demo-secret";
pub const RSA_KEY: &str = "playground-rsa-key";

pub struct Consumer {
    pub key: &'static str,
    pub name: &'static str,
    pub secret: Secret,
    pub rsa_public: Option<RsaPublicKey>,
    pub methods: &'static [SignatureMethod],
}

const SHARED_SECRET_METHODS: &[SignatureMethod] = &[
    SignatureMethod::HmacSha1,
    SignatureMethod::HmacSha256,
    SignatureMethod::HmacSha512,
    SignatureMethod::Plaintext,
];
const RSA_METHODS: &[SignatureMethod] = &[
    SignatureMethod::RsaSha1,
    SignatureMethod::RsaSha256,
    SignatureMethod::RsaSha512,
];

pub fn all() -> &'static [Consumer] {
    static CONSUMERS: OnceLock<Vec<Consumer>> = OnceLock::new();
    CONSUMERS.get_or_init(|| {
        vec![
            Consumer {
                key: DEMO_KEY,
                name: "Playground demo app (HMAC, PLAINTEXT)",
                secret: Secret::new(DEMO_SECRET),
                rsa_public: None,
                methods: SHARED_SECRET_METHODS,
            },
            Consumer {
                key: RSA_KEY,
                name: "Playground demo app (RSA)",
                secret: Secret::default(),
                // The PEM is a compile-time constant checked by a test; None only if it breaks.
                rsa_public: RsaPublicKey::from_pem(DEMO_RSA_PUBLIC_PEM).ok(),
                methods: RSA_METHODS,
            },
        ]
    })
}

pub fn find(key: &str) -> Option<&'static Consumer> {
    all().iter().find(|c| c.key == key)
}

/// What `/playground.json` publishes about the consumers.
pub fn to_json() -> serde_json::Value {
    let methods = |c: &Consumer| c.methods.iter().map(|m| m.as_str()).collect::<Vec<_>>();
    serde_json::json!([
        {
            "name": "Playground demo app (HMAC, PLAINTEXT)",
            "consumer_key": DEMO_KEY,
            "consumer_secret": DEMO_SECRET,
            "signature_methods": find(DEMO_KEY).map(methods),
        },
        {
            "name": "Playground demo app (RSA)",
            "consumer_key": RSA_KEY,
            "consumer_secret": "",
            "signature_methods": find(RSA_KEY).map(methods),
            "rsa_private_key_pem": DEMO_RSA_PRIVATE_PEM,
            "rsa_public_key_pem": DEMO_RSA_PUBLIC_PEM,
        },
    ])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use oauth1::RsaKey;

    #[test]
    fn demo_rsa_pair_matches() {
        let private = RsaKey::from_pem(DEMO_RSA_PRIVATE_PEM).unwrap();
        let public = find(RSA_KEY).unwrap().rsa_public.as_ref().unwrap();
        assert_eq!(private.public_key().to_pem().trim(), public.to_pem().trim());
    }

    #[test]
    fn every_core_method_is_accepted_by_some_consumer() {
        for m in SignatureMethod::ALL {
            assert!(all().iter().any(|c| c.methods.contains(&m)), "{m}");
        }
    }
}

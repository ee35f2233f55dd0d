//! Documents the tests share. Struct literals without `..Default::default()`: a field added
//! to an entry type does not compile here until the tests know it.
#![allow(dead_code, clippy::unwrap_used)]

use serde_json::{Value, json};
use token_store::*;

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn object(v: Value) -> token_store::json::Map {
    match token_store::json::Value::from(v) {
        token_store::json::Value::Object(m) => m,
        other => panic!("not an object: {other:?}"),
    }
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

/// An OAuth 1.0a entry with every field set.
pub fn oauth1_entry() -> Entry {
    Entry {
        id: "1795752497000-AkpTMd".into(),
        name: "E*TRADE sandbox".into(),
        provider: "E*TRADE".into(),
        created: "2026-11-27T04:08:17.000Z".into(),
        credential: Credential::OAuth1(OAuth1Token {
            consumer_key: "etrade-consumer".into(),
            consumer_secret: Some(Secret::new("consumer secret&ü")),
            token: "AkpTMdt4A6W07U93".into(),
            token_secret: Secret::new("token/secret+="),
            signature_method: "RSA-SHA256".into(),
            rsa_private_key: Some(Secret::new(
                "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
            )),
            realm: Some("https://api.etrade.com/".into()),
            scopes: "read write".into(),
            extra: pairs(&[("user_id", "42"), ("screen_name", "jo")]),
            endpoints: OAuth1Endpoints {
                request_token: Some("https://api.etrade.com/oauth/request_token".into()),
                authorize: Some(
                    "https://us.etrade.com/e/t/etws/authorize?key={consumer_key}&token={token}".into(),
                ),
                access_token: Some("https://api.etrade.com/oauth/access_token".into()),
                api: Some("https://api.etrade.com/v1".into()),
                other: object(json!({"renew": "https://api.etrade.com/oauth/renew_access_token"})),
            },
        }),
        other: object(json!({"pinned": true, "note": null})),
    }
}

/// An OAuth 2.0 entry with every field set.
pub fn oauth2_entry() -> Entry {
    Entry {
        id: "1795752611000-app-12".into(),
        name: "Example AS token".into(),
        provider: "as.example.com".into(),
        created: "2026-11-27T04:10:11.000Z".into(),
        credential: Credential::OAuth2(OAuth2Token {
            client_id: "app-1234".into(),
            client_secret: Some(Secret::new("client-secret")),
            token_endpoint_auth_method: ClientAuth::PrivateKeyJwt,
            private_key: Some(Secret::new(
                "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
            )),
            access_token: Secret::new("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"),
            token_type: "DPoP".into(),
            expires_at: Some(1_795_756_211),
            refresh_token: Some(Secret::new("refresh-abc")),
            id_token: Some(Secret::new("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2ln")),
            scope: "openid profile api:read".into(),
            issuer: Some("https://as.example.com".into()),
            subject: Some("user-42".into()),
            endpoints: OAuth2Endpoints {
                token: Some("https://as.example.com/token".into()),
                revocation: Some("https://as.example.com/revoke".into()),
                introspection: Some("https://as.example.com/introspect".into()),
                other: object(json!({"userinfo": "https://as.example.com/userinfo"})),
            },
            extra: object(json!({"authorization_details": [{"type": "account_information"}]})),
        }),
        other: object(json!({"labels": ["work"]})),
    }
}

/// The version 2 document tests/fixtures/v2.json holds.
pub fn v2_document() -> Document {
    Document {
        current: Some("1795752611000-app-12".into()),
        tokens: vec![oauth1_entry(), oauth2_entry()],
        other: object(json!({"exported_by": "oauth-playground 0.3", "settings": {"sort": "name"}})),
    }
}

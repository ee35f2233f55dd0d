use super::*;

use crate::oauth1_flow::TEST_PKCS8 as PKCS8;

fn saved(method: &str) -> SavedCredentials {
    SavedCredentials {
        name: "Sandbox token".into(),
        consumer_key: "ck".into(),
        consumer_secret: None,
        token: "at".into(),
        token_secret: "ats".into(),
        signature_method: method.into(),
        rsa_private_key: None,
        realm: None,
    }
}

fn supplied(secret: Option<&str>, pem: Option<&str>, realm: Option<&str>) -> Supplied {
    Supplied {
        consumer_secret: secret.map(str::to_owned),
        rsa_private_key: pem.map(str::to_owned),
        realm: realm.map(str::to_owned),
    }
}

fn configured(key: &str, secret: &str, realm: &str) -> Configured {
    Configured {
        consumer_key: key.into(),
        values: supplied(Some(secret), None, Some(realm)),
    }
}

#[test]
fn an_unknown_signature_method_is_refused_everywhere() {
    let e = resolve_saved(&saved("HMAC-MD5"), &supplied(Some("cs"), None, None), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the token \"Sandbox token\" was saved with the signature method \"HMAC-MD5\", which is not one of \
         HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, RSA-SHA1, RSA-SHA256, RSA-SHA512, PLAINTEXT; correct its \
         signature_method to sign with it"
    );
    // Blank is the old default; any case of a known name is that name.
    let r = resolve_saved(&saved(" "), &supplied(Some("cs"), None, None), None).unwrap();
    assert_eq!(r.signature_method, SignatureMethod::HmacSha1);
    let r = resolve_saved(&saved("hmac-sha256"), &supplied(Some("cs"), None, None), None).unwrap();
    assert_eq!(r.signature_method, SignatureMethod::HmacSha256);
}

#[test]
fn flags_win_then_the_token_then_the_configuration_of_the_same_consumer() {
    let mut token = saved("HMAC-SHA1");
    token.consumer_secret = Some("own".into());
    token.realm = Some("own-realm".into());
    let config = configured("ck", "configured", "config-realm");

    let r = resolve_saved(
        &token,
        &supplied(Some("flag"), None, Some("flag-realm")),
        Some(&config),
    )
    .unwrap();
    assert_eq!(r.credentials.consumer_secret.expose(), "flag");
    assert_eq!(r.realm.as_deref(), Some("flag-realm"));

    let r = resolve_saved(&token, &Supplied::default(), Some(&config)).unwrap();
    assert_eq!(r.credentials.consumer_secret.expose(), "own");
    assert_eq!(r.realm.as_deref(), Some("own-realm"));

    token.consumer_secret = Some(String::new());
    token.realm = None;
    let r = resolve_saved(&token, &Supplied::default(), Some(&config)).unwrap();
    assert_eq!(r.credentials.consumer_secret.expose(), "configured");
    assert_eq!(r.realm.as_deref(), Some("config-realm"));
    assert_eq!(r.credentials.token.as_deref(), Some("at"));
    assert_eq!(r.credentials.token_secret.expose(), "ats");

    // Another consumer's configuration is never used.
    let other = configured("someone-else", "configured", "config-realm");
    let e = resolve_saved(&token, &Supplied::default(), Some(&other)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the token \"Sandbox token\" has no consumer secret saved, and none was given for the consumer \
         \"ck\"; HMAC-SHA1 needs it"
    );
}

#[test]
fn rsa_tokens_need_a_readable_key_and_no_secret() {
    let e = resolve_saved(&saved("RSA-SHA1"), &Supplied::default(), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the token \"Sandbox token\" is signed with RSA-SHA1, which needs the consumer's RSA private key, \
         and none is saved with the token or given"
    );
    let mut token = saved("RSA-SHA256");
    token.rsa_private_key = Some("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----".into());
    let e = resolve_saved(&token, &Supplied::default(), None).unwrap_err();
    assert!(matches!(e, CredentialsError::InvalidRsaKey { .. }), "{e:?}");
    assert!(e.to_string().starts_with(
        "the token \"Sandbox token\" is signed with RSA-SHA256, but its RSA private key cannot be used: "
    ));
    // The flag's key wins over the broken saved one.
    let r = resolve_saved(&token, &supplied(None, Some(PKCS8), None), None).unwrap();
    assert_eq!(r.signature_method, SignatureMethod::RsaSha256);
    assert!(r.credentials.rsa_key.is_some());
    assert_eq!(r.credentials.consumer_secret.expose(), "");
}

#[test]
fn an_empty_token_signs_as_the_consumer_alone() {
    let mut token = saved("PLAINTEXT");
    token.token.clear();
    let r = resolve_saved(&token, &supplied(Some("cs"), None, None), None).unwrap();
    assert_eq!(r.credentials.token, None);
    assert_eq!(r.signature_method, SignatureMethod::Plaintext);
}

#[test]
fn a_store_entry_reads_as_saved_credentials() {
    use token_store::{Credential, Entry, OAuth1Token, OAuth2Token, Secret};
    let token = OAuth1Token {
        consumer_key: "ck".into(),
        consumer_secret: Some(Secret::new("cs")),
        token: "at".into(),
        token_secret: Secret::new("ats"),
        signature_method: "RSA-SHA256".into(),
        rsa_private_key: Some(Secret::new(PKCS8)),
        realm: Some("photos".into()),
        ..OAuth1Token::default()
    };
    let entry = Entry::new(Credential::OAuth1(token), "Sandbox token", "Sandbox", "", 0);
    assert_eq!(
        SavedCredentials::from_entry(&entry),
        Some(SavedCredentials {
            consumer_secret: Some("cs".into()),
            signature_method: "RSA-SHA256".into(),
            rsa_private_key: Some(PKCS8.into()),
            realm: Some("photos".into()),
            ..saved("")
        })
    );
    let oauth2 = Entry::new(Credential::OAuth2(OAuth2Token::default()), "o2", "", "", 0);
    assert_eq!(SavedCredentials::from_entry(&oauth2), None);
}

//! The one test that holds the reader (`Fields`), the hand-written writer and the serde
//! side (the CLI's) together: every field of both entry types, set and unset, written and
//! read back, and serialised by serde to the same JSON.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use token_store::*;

fn bare(credential: Credential) -> Entry {
    let mut e = Entry::new(credential, "", "", "", 0);
    e.id.clear();
    e
}

#[test]
fn every_field_written_is_read_back_and_nothing_is_left_over() {
    let mut doc = v2_document();
    // Unset fields too: defaults and `None` are skipped or written and must read back the same.
    doc.tokens.push(bare(Credential::OAuth1(OAuth1Token {
        signature_method: DEFAULT_SIGNATURE_METHOD.into(),
        ..OAuth1Token::default()
    })));
    doc.tokens.push(bare(Credential::OAuth2(OAuth2Token {
        token_endpoint_auth_method: ClientAuth::Other("attest_jwt_client_auth".into()),
        ..OAuth2Token::default()
    })));
    for auth in [
        ClientAuth::ClientSecretPost,
        ClientAuth::None,
        ClientAuth::TlsClientAuth,
    ] {
        doc.tokens.push(bare(Credential::OAuth2(OAuth2Token {
            token_endpoint_auth_method: auth,
            ..OAuth2Token::default()
        })));
    }
    doc.current = None;
    for text in [doc.to_json().unwrap(), doc.to_json_pretty().unwrap()] {
        assert_eq!(Document::parse(&text).unwrap(), doc, "{text}");
    }
    // serde's side: each entry serialises to what the writer wrote for it, and serde_json
    // reads the writer's text as the same JSON.
    let written: serde_json::Value = serde_json::from_str(&doc.to_json().unwrap()).unwrap();
    for (i, entry) in doc.tokens.iter().enumerate() {
        assert_eq!(
            serde_json::to_value(entry).unwrap(),
            written["tokens"][i],
            "token {i}"
        );
    }
    assert_eq!(
        Document::parse(&serde_json::to_string(&written).unwrap()).unwrap(),
        doc
    );
}

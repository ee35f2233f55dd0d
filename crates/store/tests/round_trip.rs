//! The one test that holds the reader (`Fields`) and the writer (serde's `Serialize`)
//! together: every field of both entry types, set and unset, written and read back.
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
}

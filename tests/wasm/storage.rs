//! `effects::storage` against the browser's real storage, and the token store's schema
//! going through it.

use oauth_playground_app::effects::storage::{self, Area};
use oauth_playground_app::state::tokens::{self, StorageIssue, TokenAction, TokenStore};
use std::rc::Rc;
use token_store::{Credential, Entry, OAuth1Token, Secret};
use wasm_bindgen_test::wasm_bindgen_test;
use yew::Reducible;

#[wasm_bindgen_test]
fn reads_writes_and_removes_in_both_areas() {
    for area in [Area::Local, Area::Session] {
        let key = "oauth-playground.test";
        storage::remove(area, key).expect("remove");
        assert_eq!(storage::read(area, key), Ok(None));
        storage::write(area, key, "v1").expect("write");
        assert_eq!(storage::read(area, key), Ok(Some("v1".into())));
        storage::remove(area, key).expect("remove");
        assert_eq!(storage::read(area, key), Ok(None));
    }
}

#[wasm_bindgen_test]
fn a_full_quota_is_an_error_with_its_name() {
    // Far beyond any browser's per-origin quota (5–10 MB).
    let big = "x".repeat(12 * 1024 * 1024);
    let err = storage::write(Area::Local, "oauth-playground.too-big", &big).expect_err("quota");
    assert!(err.contains("Quota"), "{err}");
    let _ = storage::remove(Area::Local, "oauth-playground.too-big");
}

#[wasm_bindgen_test]
fn the_token_store_round_trips_through_local_storage() {
    let entry = Entry::new(
        Credential::OAuth1(OAuth1Token {
            consumer_key: "ck".into(),
            token: "tok".into(),
            token_secret: Secret::new("sec"),
            signature_method: "HMAC-SHA1".into(),
            ..OAuth1Token::default()
        }),
        "mine",
        "P",
        "2026-11-27T04:08:17.000Z",
        7,
    );
    let store = Rc::new(TokenStore::load(None)).reduce(TokenAction::Save(Box::new(entry)));
    let text = store.to_json().expect("json");
    storage::write(Area::Local, tokens::STORAGE_KEY, &text).expect("write");
    let raw = storage::read(Area::Local, tokens::STORAGE_KEY).expect("read");
    let back = TokenStore::load(raw.as_deref());
    assert_eq!(back.doc, store.doc);
    assert_eq!(back.doc.current.as_deref(), Some("7-tok"));
    storage::remove(Area::Local, tokens::STORAGE_KEY).expect("remove");
}

#[wasm_bindgen_test]
fn corrupt_data_is_not_writable() {
    storage::write(Area::Local, tokens::STORAGE_KEY, "{hand-edited").expect("write");
    let raw = storage::read(Area::Local, tokens::STORAGE_KEY).expect("read");
    let store = TokenStore::load(raw.as_deref());
    assert!(!store.writable);
    assert!(matches!(store.issue, Some(StorageIssue::Unreadable { .. })));
    storage::remove(Area::Local, tokens::STORAGE_KEY).expect("remove");
}

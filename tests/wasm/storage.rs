//! `effects::storage` against the browser's real storage, and the token store's schema
//! going through it.

use oauth_playground_app::effects::storage::{self, Area};
use oauth_playground_app::state::tokens::{self, SavedToken, StorageIssue, TokenAction, TokenStore};
use std::rc::Rc;
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
    let store = Rc::new(TokenStore::load(None)).reduce(TokenAction::Add(Box::new(SavedToken {
        id: "t1".into(),
        name: "mine".into(),
        token: "tok".into(),
        token_secret: "sec".into(),
        ..SavedToken::default()
    })));
    storage::write(Area::Local, tokens::STORAGE_KEY, &store.to_json()).expect("write");
    let raw = storage::read(Area::Local, tokens::STORAGE_KEY).expect("read");
    let back = TokenStore::load(raw.as_deref());
    assert_eq!(back.tokens, store.tokens);
    assert_eq!(back.current.as_deref(), Some("t1"));
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

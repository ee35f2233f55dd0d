//! Components mounted in the page: labels, the secret toggle, the diff, and the whole app
//! facing corrupt storage.

use std::rc::Rc;

use oauth_playground_app::app::{App, AppProps};
use oauth_playground_app::boot::Boot;
use oauth_playground_app::components::fields::{SecretField, SecretProps};
use oauth_playground_app::components::response::{DiffProps, DiffView};
use oauth_playground_app::effects::storage::{self, Area};
use oauth_playground_app::state::outcome::BaseStringDiff;
use oauth_playground_app::state::tokens;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};

use crate::{all, button, mount_point, settle, until};

/// Mounts the whole app as `main` does: the browser read first.
fn mount_app(root: &web_sys::Element) {
    let props = AppProps {
        boot: Rc::new(Boot::read()),
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
}

#[wasm_bindgen_test]
async fn the_secret_is_masked_until_revealed() {
    let root = mount_point();
    let props = SecretProps {
        id: "s1".into(),
        label: "Token secret".into(),
        value: "shh".into(),
    };
    yew::Renderer::<SecretField>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let input: HtmlInputElement = root
        .query_selector("#s1")
        .ok()
        .flatten()
        .expect("input")
        .dyn_into()
        .expect("input");
    assert_eq!(input.type_(), "password");
    assert_eq!(input.value(), "shh");
    assert!(root.query_selector("label[for=s1]").ok().flatten().is_some());
    button(&root, "Reveal").expect("Reveal").click();
    settle().await;
    assert_eq!(input.type_(), "text");
    button(&root, "Hide").expect("Hide").click();
    settle().await;
    assert_eq!(input.type_(), "password");
}

#[wasm_bindgen_test]
async fn the_diff_highlights_from_the_first_difference() {
    let root = mount_point();
    let diff = BaseStringDiff::new("POST&a&b%3D1", "POST&a&b%3D2");
    yew::Renderer::<DiffView>::with_root_and_props(root.clone(), DiffProps { diff }).render();
    settle().await;
    let marks: Vec<String> = all(&root, "mark")
        .iter()
        .map(|m| m.text_content().unwrap_or_default())
        .collect();
    assert_eq!(marks, vec!["1".to_owned(), "2".to_owned()]);
}

#[wasm_bindgen_test]
async fn the_app_labels_every_control_and_keeps_corrupt_storage() {
    storage::write(Area::Local, tokens::STORAGE_KEY, "{not the store").expect("write");
    let root = mount_point();
    mount_app(&root);
    // Rendered, and every effect of that render has run (the one that persists the token
    // store among them): a write it made would be there now, not later.
    settle().await;
    assert!(button(&root, "Get request token").is_some(), "the app rendered");
    let untouched = || storage::read(Area::Local, tokens::STORAGE_KEY) == Ok(Some("{not the store".into()));
    assert!(untouched(), "overwritten by the first render's effects");
    // The host probe (GET playground.json) finishes outside yew's scheduler and re-renders
    // the app: still nothing written after it.
    until("the app's playground.json probe to finish", || {
        web_sys::window().and_then(|w| w.performance()).is_some_and(|p| {
            p.get_entries_by_type("resource").iter().any(|e| {
                js_sys::Reflect::get(&e, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string())
                    .is_some_and(|n| n.ends_with("/playground.json"))
            })
        })
    })
    .await;
    settle().await;
    assert!(untouched(), "overwritten after the host probe");
    for el in all(&root, "input, select, textarea") {
        let id = el.id();
        assert!(!id.is_empty(), "a control without id: {}", el.outer_html());
        let label = root
            .query_selector(&format!("label[for=\"{id}\"]"))
            .ok()
            .flatten();
        assert!(label.is_some(), "no <label for={id}>");
    }
    for name in [
        "Get request token",
        "Authorize",
        "Get access token",
        "Try it",
        "Start over",
        "Forget everything",
        "Save link",
    ] {
        assert!(button(&root, name).is_some(), "button {name}");
    }
    assert!(root.query_selector("[role=status]").ok().flatten().is_some());
    let alert = all(&root, "[role=alert]")
        .iter()
        .map(|a| a.text_content().unwrap_or_default())
        .collect::<String>();
    assert!(alert.contains("Nothing has been overwritten"), "{alert}");
    let raw: HtmlTextAreaElement = match root.query_selector("#storage-raw").ok().flatten() {
        Some(e) => e.unchecked_into(),
        None => panic!("the raw data is offered"),
    };
    assert_eq!(raw.value(), "{not the store");
    button(&root, "Overwrite saved data").expect("overwrite").click();
    // The same effect writes as soon as it may: the check above could have seen a write.
    until("the store to be written after \"Overwrite saved data\"", || {
        storage::read(Area::Local, tokens::STORAGE_KEY)
            .ok()
            .flatten()
            .is_some_and(|now| now.contains("oauth-playground/tokens"))
    })
    .await;
    storage::remove(Area::Local, tokens::STORAGE_KEY).expect("remove");
}

#[wasm_bindgen_test]
async fn a_saved_version_1_store_is_migrated_in_place_without_loss() {
    let v1 = include_str!("../../crates/store/tests/fixtures/v1-cli.json");
    storage::write(Area::Local, tokens::STORAGE_KEY, v1).expect("write");
    let root = mount_point();
    mount_app(&root);
    let read = || {
        storage::read(Area::Local, tokens::STORAGE_KEY)
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    until("the persist effect's first write (version 2)", || {
        read().contains("\"version\":2")
    })
    .await;
    let now = read();
    let (old, new): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(v1).expect("v1"),
        serde_json::from_str(&now).expect("v2"),
    );
    assert_eq!(new["version"], 2, "{now}");
    for (k, v) in old.as_object().expect("object") {
        if k != "version" && k != "tokens" {
            assert_eq!(&new[k], v, "{k}");
        }
    }
    for (o, n) in old["tokens"]
        .as_array()
        .expect("tokens")
        .iter()
        .zip(new["tokens"].as_array().expect("tokens"))
    {
        assert_eq!(n["protocol"], "oauth1");
        for (k, v) in o.as_object().expect("token") {
            assert_eq!(&n[k], v, "{k}");
        }
    }
    assert!(
        root.text_content()
            .unwrap_or_default()
            .contains("flickr-consumer")
    );
    storage::remove(Area::Local, tokens::STORAGE_KEY).expect("remove");
}

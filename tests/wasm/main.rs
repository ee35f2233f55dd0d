//! Browser tests (headless Chromium): the storage layer against real localStorage, RSA
//! signing with Web Crypto, and components mounted into the page.
//!
//!     CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown \
//!         -p oauth-playground-app --test wasm
#![cfg(target_arch = "wasm32")]

mod components;
mod hardening;
mod signer;
mod storage;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::time::Duration;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A fresh element attached to `<body>` to mount a component into.
pub fn mount_point() -> Element {
    let doc = web_sys::window().and_then(|w| w.document()).expect("a document");
    let div = doc.create_element("div").expect("a div");
    doc.body().expect("a body").append_child(&div).expect("attached");
    div
}

/// Lets yew render (its scheduler runs on the microtask queue / next tick).
pub async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

/// The button whose text is exactly `name`.
pub fn button(root: &Element, name: &str) -> Option<HtmlElement> {
    all(root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().trim() == name)
        .and_then(|b| b.dyn_into().ok())
}

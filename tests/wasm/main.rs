//! Browser tests (headless Chromium): the storage layer against real localStorage, RSA
//! signing with Web Crypto, and components mounted into the page.
//!
//!     CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown \
//!         -p oauth-playground-app --test wasm
#![cfg(target_arch = "wasm32")]

mod components;
mod hardening;
mod identify;
mod signer;
mod storage;
mod weburl;

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

/// Waits until yew has done all the work it has scheduled: renders, and the effects that
/// run after them (a `use_effect` that writes storage has run when this returns).
pub async fn settle() {
    yew::scheduler::flush().await;
}

/// Waits for `holds` (checked after each render pass, then every 10 ms) for at most 5 s,
/// for what finishes outside yew's scheduler (a promise, a spawned future); panics naming
/// `what` when it never holds.
pub async fn until(what: &str, mut holds: impl FnMut() -> bool) {
    let deadline = js_sys::Date::now() + 5_000.0;
    loop {
        settle().await;
        if holds() {
            return;
        }
        assert!(
            js_sys::Date::now() < deadline,
            "timed out after 5 s waiting for {what}"
        );
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
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

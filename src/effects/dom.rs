//! Small browser helpers the components need: reading form events, the clipboard and the
//! clock (the signer's nonce and timestamp are `effects::signer::BrowserEntropy`).

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::Event;

/// The value of the input, select or textarea that fired `e`.
pub fn value(e: &Event) -> String {
    let Some(t) = e.target() else { return String::new() };
    if let Some(i) = t.dyn_ref::<HtmlInputElement>() {
        if i.type_() == "checkbox" {
            i.checked().to_string()
        } else {
            i.value()
        }
    } else if let Some(s) = t.dyn_ref::<HtmlSelectElement>() {
        s.value()
    } else if let Some(a) = t.dyn_ref::<HtmlTextAreaElement>() {
        a.value()
    } else {
        String::new()
    }
}

/// Copies text; the promise is not awaited, a failure just leaves the clipboard as it was.
pub fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// The browser clock as RFC 3339 UTC with milliseconds (`toISOString`), as the token store
/// keeps `created`.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The browser's clock in whole seconds since 1970 (for checking a JWT's times).
pub fn now_secs() -> u64 {
    (js_sys::Date::now().max(0.0) / 1000.0) as u64
}

/// Sets the `app-rendered` performance mark: the first-render budget reads its time since
/// navigation started (BENCHMARKS.md).
pub fn mark_rendered() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("app-rendered");
    }
}

/// `n` bytes from `crypto.getRandomValues` (getrandom's wasm_js back end).
pub fn random(n: usize) -> Result<Vec<u8>, String> {
    let mut buf = vec![0; n];
    getrandom::fill(&mut buf).map_err(|e| format!("WebCrypto is unavailable ({e})"))?;
    Ok(buf)
}

/// Renders `C` into `<div id="app">`, after the page's static protocol switch (index.html:
/// plain HTML, so the switch costs neither page any wasm); into `<body>` without one.
pub fn mount<C: yew::BaseComponent>(props: C::Properties) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let root = document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into));
    if let Some(root) = root {
        yew::Renderer::<C>::with_root_and_props(root, props).render();
    }
}

/// Moves the keyboard focus to the element `id` (the tab an arrow key chose), if any.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

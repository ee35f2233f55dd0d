//! The page's own URL: the callback target, the provider's return parameters (§2.2), the
//! `#config=` fragment, and cleaning all of that away with history.replaceState.

use engine::oauth1_flow::ProviderReturn;
use wasm_bindgen::JsValue;

use crate::state::safe_url;

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The page's URL without query or fragment: the "Return to this page" callback. It
/// follows the app wherever it is hosted, sub-paths included.
pub fn page_url() -> String {
    let Some(l) = location() else { return String::new() };
    format!(
        "{}{}",
        l.origin().unwrap_or_default(),
        l.pathname().unwrap_or_default()
    )
}

pub fn origin() -> String {
    location().and_then(|l| l.origin().ok()).unwrap_or_default()
}

/// Reads `oauth_token`/`oauth_verifier` or `denied` from the query (§2.2), by the
/// engine's rule; the flow checks it against the pending request token.
pub fn callback_params() -> Option<ProviderReturn> {
    ProviderReturn::from_query(&location()?.search().ok()?)
}

pub fn hash() -> String {
    location().and_then(|l| l.hash().ok()).unwrap_or_default()
}

/// Drops query and fragment from the address bar without reloading, so a reload does not
/// replay the callback and the verifier does not linger in history.
pub fn clean_url() {
    if let Some(w) = web_sys::window()
        && let Ok(h) = w.history()
    {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&page_url()));
    }
}

/// Leaves for the provider's page, or opens it in a new tab (oob). The URL is checked
/// again here (`state::safe_url`), and the browser gets the checked form. The tab opens
/// with `noopener,noreferrer`: the provider's page gets no handle on this one and no
/// Referer naming it.
pub fn navigate(url: &str, new_tab: bool) -> Result<(), String> {
    let url = safe_url::navigable(url)?;
    let w = web_sys::window().ok_or("no window")?;
    if new_tab {
        // With noopener, open() returns null even when the tab opened: only an exception
        // says it failed.
        w.open_with_url_and_target_and_features(&url, "_blank", "noopener,noreferrer")
            .map(|_| ())
            .map_err(|_| "the browser blocked the new tab".into())
    } else {
        w.location()
            .assign(&url)
            .map_err(|_| "the browser refused to navigate".into())
    }
}

/// The whole address, the URL a provider sent the browser back to (the OAuth 2.0 callback).
pub fn href() -> String {
    location().and_then(|l| l.href().ok()).unwrap_or_default()
}

pub fn search() -> String {
    location().and_then(|l| l.search().ok()).unwrap_or_default()
}

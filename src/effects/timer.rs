//! Waiting in the browser: `setTimeout` as a future, so a step's loop awaits the wait its
//! state decided (the device flow's interval, RFC 8628 §3.5) instead of sleeping itself.

use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms` milliseconds; at once when there is no window.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let ms = i32::try_from(ms).unwrap_or(i32::MAX);
        let set =
            web_sys::window().map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms));
        if !matches!(set, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

//! Time and change in the browser: a ticking clock and a "the token store changed" signal
//! (the Tokens panel), and `setTimeout` as a future, so a step's loop awaits the wait its
//! state decided (the device flow's interval, RFC 8628 §3.5) instead of sleeping itself.
//! Hand-written on `setInterval`, `setTimeout` and DOM events (a timer crate would cost
//! more than these few lines).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;

/// The window event `save_token` fires after writing the store; `storage` fires for a
/// write from another tab (the OAuth 1.0a page).
const CHANGED: &str = "oauth-playground-tokens";

/// Calls its function every `ms` until dropped.
pub struct Interval {
    id: i32,
    _f: Closure<dyn FnMut()>,
}

impl Interval {
    pub fn new(ms: i32, f: impl FnMut() + 'static) -> Option<Self> {
        let f = Closure::<dyn FnMut()>::new(f);
        let id = web_sys::window()?
            .set_interval_with_callback_and_timeout_and_arguments_0(f.as_ref().unchecked_ref(), ms)
            .ok()?;
        Some(Self { id, _f: f })
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_interval_with_handle(self.id);
        }
    }
}

/// Tells every listener of this page that the token store was written.
pub fn tokens_changed() {
    if let (Some(w), Ok(e)) = (web_sys::window(), web_sys::Event::new(CHANGED)) {
        let _ = w.dispatch_event(&e);
    }
}

/// Calls `f` when the token store changes, here or in another tab, until dropped.
pub struct OnTokensChanged {
    f: Closure<dyn FnMut()>,
}

impl OnTokensChanged {
    pub fn new(f: impl FnMut() + 'static) -> Self {
        let f = Closure::<dyn FnMut()>::new(f);
        if let Some(w) = web_sys::window() {
            for name in [CHANGED, "storage"] {
                let _ = w.add_event_listener_with_callback(name, f.as_ref().unchecked_ref());
            }
        }
        Self { f }
    }
}

impl Drop for OnTokensChanged {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            for name in [CHANGED, "storage"] {
                let _ = w.remove_event_listener_with_callback(name, self.f.as_ref().unchecked_ref());
            }
        }
    }
}

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

//! localStorage and sessionStorage with every failure turned into a message: private
//! mode (no storage, or a SecurityError on access), a full quota, a missing key.

use web_sys::Storage;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Survives restarts: the token store.
    Local,
    /// This tab only, survives navigation: the pending flow across the authorize redirect.
    Session,
}

fn area(which: Area) -> Result<Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    let got = match which {
        Area::Local => window.local_storage(),
        Area::Session => window.session_storage(),
    };
    match got {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err("storage is not available".into()),
        Err(e) => Err(describe(&e)),
    }
}

fn describe(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    e.dyn_ref::<js_sys::Error>()
        .map(|e| format!("{}: {}", String::from(e.name()), String::from(e.message())))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "storage error".into())
}

/// Reads a key: `Ok(None)` when absent, `Err` when storage itself is unusable.
pub fn read(which: Area, key: &str) -> Result<Option<String>, String> {
    area(which)?.get_item(key).map_err(|e| describe(&e))
}

/// Writes a key; the error names the cause (e.g. `QuotaExceededError`).
pub fn write(which: Area, key: &str, value: &str) -> Result<(), String> {
    area(which)?.set_item(key, value).map_err(|e| describe(&e))
}

pub fn remove(which: Area, key: &str) -> Result<(), String> {
    area(which)?.remove_item(key).map_err(|e| describe(&e))
}

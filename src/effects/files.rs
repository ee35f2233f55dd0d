//! Files: downloading text (token export) and reading the file a user picked (import).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, HtmlInputElement, Url};
use yew::{Event, NodeRef};

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Offers `text` as a download named `name` (a Blob URL on a temporary link).
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|e| describe(&e))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| describe(&e))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| describe(&e))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// Opens the file chooser of the `<input type="file">` behind `input`.
pub fn choose(input: &NodeRef) {
    if let Some(i) = input.cast::<HtmlInputElement>() {
        i.set_value("");
        i.click();
    }
}

/// The file picked in the input that fired `e` (`None`: nothing picked).
pub fn picked(e: &Event) -> Option<File> {
    let input: HtmlInputElement = e.target()?.dyn_into().ok()?;
    input.files()?.get(0)
}

/// A picked file's text.
pub async fn read_text(file: File) -> Result<String, String> {
    match JsFuture::from(file.text()).await {
        Ok(v) => v.as_string().ok_or_else(|| "the file is not text".to_owned()),
        Err(e) => Err(describe(&e)),
    }
}

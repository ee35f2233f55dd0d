//! Sends a `PreparedRequest` with fetch, directly or through a relay. The request was
//! signed for its TARGET URL; a relay only changes where the browser sends it.

use js_sys::{Array, Promise};
use oauth1::PreparedRequest;
use oauth1::encode::encode;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

use crate::state::outcome::{HttpResponse, TransportError};

/// Where to send: `None` for direct, or a template with `{url}`.
pub fn relay_url(template: Option<&str>, target: &str) -> Result<String, TransportError> {
    match template {
        None => Ok(target.to_owned()),
        Some(t) if t.contains("{url}") => Ok(t.replace("{url}", &encode(target))),
        Some(t) => Err(TransportError::BadRelay(format!(
            "the relay URL template {t:?} has no {{url}} placeholder"
        ))),
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Sends the request; `user_agent` is set where the browser allows it (Firefox does,
/// Chromium silently drops it).
pub async fn send(
    req: &PreparedRequest,
    relay_template: Option<&str>,
    user_agent: &str,
) -> Result<HttpResponse, TransportError> {
    let direct = relay_template.is_none();
    let network = |e: JsValue| TransportError::Network {
        direct,
        detail: describe(&e),
    };
    let url = relay_url(relay_template, &req.url)?;
    let headers = Headers::new().map_err(network)?;
    for (n, v) in &req.headers {
        headers.append(n, v).map_err(network)?;
    }
    if !user_agent.trim().is_empty() {
        // Forbidden in some browsers: ignore the refusal, the request still goes.
        let _ = headers.append("User-Agent", user_agent.trim());
    }
    let init = RequestInit::new();
    init.set_method(&req.method);
    init.set_headers(&headers);
    if !req.body.is_empty() {
        init.set_body(&JsValue::from_str(&req.body));
    }
    let request = Request::new_with_str_and_init(&url, &init).map_err(network)?;
    let window = web_sys::window().ok_or_else(|| network(JsValue::from_str("no window")))?;
    let resp: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(network)?
        .dyn_into()
        .map_err(network)?;
    let mut header_list = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(&resp.headers()) {
        for entry in iter.flatten() {
            let pair = Array::from(&entry);
            header_list.push((
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            ));
        }
    }
    let text: Promise = resp.text().map_err(network)?;
    let body = JsFuture::from(text)
        .await
        .map_err(network)?
        .as_string()
        .unwrap_or_default();
    Ok(HttpResponse {
        status: resp.status(),
        status_text: resp.status_text(),
        headers: header_list,
        body,
        via_relay: !direct,
    })
}

/// `GET playground.json`, relative to the page so it works from any sub-path.
pub async fn get_text(url: &str) -> Option<(u16, String)> {
    let window = web_sys::window()?;
    let resp: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let status = resp.status();
    let body = JsFuture::from(resp.text().ok()?).await.ok()?.as_string()?;
    Some((status, body))
}

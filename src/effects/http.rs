//! Sends a `PreparedRequest` with fetch, directly or through a relay: the app's
//! [`engine::Transport`]. The request was signed for its TARGET URL; a relay only changes
//! where the browser sends it.

use js_sys::{Array, Promise};
use oauth1::PreparedRequest;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

use crate::effects::location;
use crate::state::outcome::{HttpResponse, TransportError};
use crate::state::safe_url;

/// fetch, directly (`relay: None`) or through the relay template, with the configured
/// User-Agent: what the flow's steps and the console send with.
pub struct Fetch {
    pub relay: Option<String>,
    pub user_agent: String,
}

impl engine::Transport for Fetch {
    async fn send(&self, request: &PreparedRequest) -> Result<HttpResponse, TransportError> {
        send(request, self.relay.as_deref(), &self.user_agent).await
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// How long a request may take before the app gives up on it, so a step never stays in
/// flight forever. Longer than the relay's own 30 s default, so its answer arrives first.
const TIMEOUT_MS: i32 = 60_000;

/// Sends the request; `user_agent` is set where the browser allows it (Firefox does,
/// Chromium silently drops it).
pub async fn send(
    req: &PreparedRequest,
    relay_template: Option<&str>,
    user_agent: &str,
) -> Result<HttpResponse, TransportError> {
    let relayed = relay_template.is_some();
    let network = |e: JsValue| TransportError::Fetch {
        relayed,
        detail: describe(&e),
    };
    // Checked here, right before fetch, whatever the form and the link reader let through.
    let url = safe_url::request_url(relay_template, &req.url, &location::origin())?;
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
    let window = web_sys::window().ok_or_else(|| network(JsValue::from_str("no window")))?;
    let controller = AbortController::new().map_err(network)?;
    let signal = controller.signal();
    init.set_signal(Some(&signal));
    let abort = Closure::once(move || controller.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(abort.as_ref().unchecked_ref(), TIMEOUT_MS)
        .map_err(network)?;
    let result = fetch(&window, &url, &init).await;
    window.clear_timeout_with_handle(timer);
    drop(abort);
    let (resp, body) = result.map_err(|e| {
        if signal.aborted() {
            network(JsValue::from_str(&format!(
                "no answer within {} s",
                TIMEOUT_MS / 1000
            )))
        } else {
            network(e)
        }
    })?;
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
    Ok(HttpResponse {
        status: resp.status(),
        status_text: resp.status_text(),
        // fetch does not say which HTTP version answered.
        version: None,
        headers: header_list,
        body: body.into_bytes(),
        via_relay: relayed,
    })
}

/// Fetches and reads the whole body, both under the caller's abort signal.
async fn fetch(
    window: &web_sys::Window,
    url: &str,
    init: &RequestInit,
) -> Result<(Response, String), JsValue> {
    let request = Request::new_with_str_and_init(url, init)?;
    let resp: Response = JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let text: Promise = resp.text()?;
    let body = JsFuture::from(text).await?.as_string().unwrap_or_default();
    Ok((resp, body))
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

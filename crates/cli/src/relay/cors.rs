//! The relay's CORS headers (relay_policy::cors) on axum's responses.

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use relay_policy::cors;

/// 204 with what the page may send. Only allowed origins get here.
pub fn preflight(origin: &str) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    allow_origin(h, origin);
    for (name, value) in cors::preflight_headers() {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(HeaderName::from_static(name), v);
        }
    }
    response
}

/// `Access-Control-Allow-Origin` for an allowed origin; never `-Allow-Credentials`.
pub fn allow_origin(headers: &mut HeaderMap, origin: &str) {
    let [(allow, origin), (vary, by)] = cors::allow_origin(origin);
    if let Ok(v) = HeaderValue::from_str(origin) {
        headers.insert(HeaderName::from_static(allow), v);
    }
    if let Ok(v) = HeaderValue::from_str(by) {
        headers.append(HeaderName::from_static(vary), v);
    }
}

/// Lets the page read every header of the response.
pub fn expose_all(headers: &mut HeaderMap) {
    let names = cors::expose_headers(headers.keys().map(HeaderName::as_str));
    if let Ok(v) = HeaderValue::from_str(&names) {
        headers.insert(axum::http::header::ACCESS_CONTROL_EXPOSE_HEADERS, v);
    }
}

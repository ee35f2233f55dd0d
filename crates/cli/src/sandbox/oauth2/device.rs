//! The device authorization grant (RFC 8628): the device asks for a code pair (§3.1–3.2),
//! the user types the user code on the verification page and allows or denies (§3.3), and
//! the device polls the token endpoint (§3.4–3.5: `authorization_pending`, `slow_down`
//! adding 5 s to the interval for good, `access_denied`, `expired_token`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::clients::{self, Client};
use super::form::Params;
use super::reply::{Answer, Refusal, json};
use super::store::Grant;
use super::{AuthServer, PATH, issuer, token};
use crate::sandbox::authorize::{cross_site, escape, page};

const DEVICE_TTL: u64 = 600;
const INTERVAL: u64 = 5;
/// §6.1: consonants only (no vowels, so no words), easy to read and type.
const USER_CODE_ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";

pub struct DeviceGrant {
    client_id: &'static str,
    scope: Vec<String>,
    user_code: String,
    interval: u64,
    last_poll: Option<u64>,
    /// The user's answer and when they gave it.
    decision: Option<(bool, u64)>,
    csrf: String,
}

/// Eight letters from the alphabet, by rejection sampling (no modulo bias).
fn user_code(server: &AuthServer) -> String {
    let mut code = String::new();
    while code.len() < 8 {
        let mut b = [0u8; 16];
        (server.random)(&mut b);
        for byte in b {
            if code.len() < 8 && usize::from(byte) < 240 {
                code.push(char::from(USER_CODE_ALPHABET[usize::from(byte) % 20]));
            }
        }
    }
    code
}

/// What a user typed, as stored: upper case, dashes and spaces dropped (§6.1).
fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn shown(code: &str) -> String {
    format!("{}-{}", &code[..4.min(code.len())], &code[4.min(code.len())..])
}

/// `POST /sandbox/oauth2/device_authorization` (§3.1).
pub async fn authorize(State(server): State<Arc<AuthServer>>, headers: HeaderMap, body: Bytes) -> Answer {
    let params = Params::parse(&body)?;
    let client = token::authenticate_client(&server, &params, &body, &headers, "/device_authorization")?;
    if !client.may(clients::DEVICE_CODE) {
        return Err(Refusal::new(
            "unauthorized_client",
            format!(
                "{} does not use the device flow; {} does",
                client.id,
                clients::DEVICE
            ),
        ));
    }
    let scope = client.scope_asked(params.get("scope")).map_err(|bad| {
        Refusal::new(
            "invalid_scope",
            format!("{} may not ask for scope {bad:?}", client.id),
        )
    })?;
    let (device_code, code, csrf, now) = (server.token(), user_code(&server), server.token(), server.now());
    let iss = issuer(&headers);
    let grant = DeviceGrant {
        client_id: client.id,
        scope,
        user_code: code.clone(),
        interval: INTERVAL,
        last_poll: None,
        decision: None,
        csrf,
    };
    server
        .lock(&server.devices)
        .insert(now, device_code.clone(), now + DEVICE_TTL, grant);
    Ok(json(json!({
        "device_code": device_code,
        "user_code": shown(&code),
        "verification_uri": format!("{iss}/device"),
        "verification_uri_complete": format!("{iss}/device?user_code={}", shown(&code)),
        "expires_in": DEVICE_TTL,
        "interval": INTERVAL,
    })))
}

/// The device's poll (§3.4, §3.5): the grant once the user allowed.
pub fn poll(
    server: &AuthServer,
    params: &Params,
    client: &Client,
    jkt: Option<String>,
) -> Result<Grant, Refusal> {
    let device_code = params.required("device_code")?;
    let now = server.now();
    let mut devices = server.lock(&server.devices);
    let expired = devices.expired(now, device_code);
    let Some((_, d)) = devices.get_mut(now, device_code) else {
        return Err(match expired {
            Some(at) => Refusal::new(
                "expired_token",
                format!(
                    "the device code expired at {at} ({DEVICE_TTL} s after it was issued); the clock says {now}: start again"
                ),
            ),
            None => Refusal::invalid_grant("this device_code is unknown or already used"),
        });
    };
    if d.client_id != client.id {
        return Err(Refusal::invalid_grant(format!(
            "this device_code was issued to {}",
            d.client_id
        )));
    }
    match d.decision {
        None => {
            let too_soon = d.last_poll.is_some_and(|last| now < last + d.interval);
            d.last_poll = Some(now);
            if too_soon {
                d.interval += 5;
                return Err(Refusal::new(
                    "slow_down",
                    format!(
                        "polled sooner than the interval; wait {} s between polls from now on (RFC 8628 §3.5)",
                        d.interval
                    ),
                ));
            }
            Err(Refusal::new(
                "authorization_pending",
                format!(
                    "the user has not entered {} at the verification page yet",
                    shown(&d.user_code)
                ),
            ))
        }
        Some((false, _)) => {
            devices.remove(device_code);
            Err(Refusal::new(
                "access_denied",
                "the user clicked Deny on the verification page",
            ))
        }
        Some((true, at)) => {
            let grant = Grant {
                client_id: d.client_id,
                scope: d.scope.clone(),
                nonce: None,
                auth_time: Some(at),
                jkt,
            };
            devices.remove(device_code);
            Ok(grant)
        }
    }
}

fn entry_form(note: &str) -> Response {
    let body = format!(
        "<h1>Connect a device</h1>{note}\
         <form method=\"get\" action=\"{PATH}/device\">\
         <p><label for=\"user_code\">Enter the code shown on your device</label></p>\
         <p><input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" autofocus></p>\
         <div class=\"buttons\"><button type=\"submit\">Continue</button></div></form>"
    );
    page(StatusCode::OK, "Connect a device", &body)
}

/// `GET /sandbox/oauth2/device[?user_code=…]`: the code entry form, then the consent.
pub async fn verification(State(server): State<Arc<AuthServer>>, RawQuery(query): RawQuery) -> Response {
    let params = Params::parse(query.unwrap_or_default().as_bytes()).unwrap_or_default();
    let Some(typed) = params.get("user_code") else {
        return entry_form("");
    };
    let code = normalise(typed);
    let now = server.now();
    let mut devices = server.lock(&server.devices);
    let found = devices.find_key(now, |d| d.user_code == code && d.decision.is_none());
    let grant = found.and_then(|k| {
        devices
            .get_mut(now, &k)
            .map(|(_, d)| (d.client_id, d.scope.clone(), d.csrf.clone()))
    });
    drop(devices);
    let Some(grant) = grant else {
        return entry_form(&format!(
            "<p id=\"error\">No device is waiting for the code {}: check it, or start again on the device.</p>",
            escape(typed)
        ));
    };
    let (client_id, scope, csrf) = grant;
    let name = clients::find(client_id).map_or(client_id, |c| c.name);
    let scopes: String = scope
        .iter()
        .map(|s| format!("<li><code>{}</code></li>", escape(s)))
        .collect();
    let body = format!(
        "<h1>Connect a device</h1><p><span class=\"consumer\">{}</span> asks to use your sandbox account to:</p>\
         <ul id=\"scopes\">{scopes}</ul>\
         <form method=\"post\" action=\"{PATH}/device\">\
         <input type=\"hidden\" name=\"user_code\" value=\"{code}\">\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf}\">\
         <div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></div></form>",
        escape(name),
        code = escape(&code),
        csrf = escape(&csrf),
    );
    page(StatusCode::OK, "Connect a device", &body)
}

/// `POST /sandbox/oauth2/device`: the user's decision, from this origin, with the page's
/// anti-CSRF value.
pub async fn decide(State(server): State<Arc<AuthServer>>, headers: HeaderMap, body: Bytes) -> Response {
    let refused = |status, why: &str| {
        page(
            status,
            "Refused",
            &format!("<h1>Refused</h1><p id=\"error\">{}</p>", escape(why)),
        )
    };
    if let Some(why) = cross_site(&headers) {
        return refused(StatusCode::FORBIDDEN, &why);
    }
    let form = Params::parse(&body).unwrap_or_default();
    let code = normalise(form.get("user_code").unwrap_or_default());
    let now = server.now();
    let mut devices = server.lock(&server.devices);
    let Some(key) = devices.find_key(now, |d| d.user_code == code && d.decision.is_none()) else {
        return refused(StatusCode::BAD_REQUEST, "no device is waiting for this code");
    };
    let Some((_, d)) = devices.get_mut(now, &key) else {
        return refused(StatusCode::BAD_REQUEST, "no device is waiting for this code");
    };
    if !oauth1::sign::constant_time_eq(
        d.csrf.as_bytes(),
        form.get("csrf_token").unwrap_or_default().as_bytes(),
    ) {
        return refused(
            StatusCode::FORBIDDEN,
            "this form is not the one the sandbox showed for this code (csrf_token)",
        );
    }
    let allowed = match form.get("decision") {
        Some("allow") => true,
        Some("deny") => false,
        _ => {
            return refused(
                StatusCode::BAD_REQUEST,
                "the form sends decision=allow or decision=deny",
            );
        }
    };
    d.decision = Some((allowed, now));
    let (title, text) = if allowed {
        ("Device connected", "You may return to your device.")
    } else {
        ("Device refused", "The device was not given access.")
    };
    page(
        StatusCode::OK,
        title,
        &format!("<h1>{title}</h1><p id=\"done\">{text}</p>"),
    )
}

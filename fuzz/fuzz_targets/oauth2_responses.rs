#![no_main]
//! What OAuth 2.0 endpoints send back: token and error responses (RFC 6749 §5), device
//! authorization (RFC 8628), PAR (RFC 9126), introspection (RFC 7662), revocation (RFC 7009),
//! userinfo, and the DPoP nonce challenge (RFC 9449). The first two bytes pick the status and
//! the content type.
use libfuzzer_sys::fuzz_target;
use oauth2::Response;

const TYPES: [&str; 4] = ["application/json", "application/x-www-form-urlencoded", "text/plain", "application/jwt"];

fuzz_target!(|data: &[u8]| {
    let (status, kind, body) = match data {
        [s, k, rest @ ..] => (200 + u16::from(*s) * 2, TYPES[usize::from(*k) % TYPES.len()], rest),
        _ => return,
    };
    let headers = vec![
        ("Content-Type".to_owned(), kind.to_owned()),
        ("DPoP-Nonce".to_owned(), "n".to_owned()),
        ("WWW-Authenticate".to_owned(), String::from_utf8_lossy(body).into_owned()),
    ];
    let r = Response::new(status, &headers, body);
    if let Ok(t) = oauth2::parse_token_response(r) {
        let _ = t.scope_echo(Some("openid profile"));
        let _ = t.expires_at_millis(u64::MAX);
    }
    if let Ok(d) = oauth2::device::parse_device_authorization(r) {
        let mut poller = oauth2::device::DevicePoller::new(&d, u64::MAX - 1);
        let _ = poller.on_response(r, u64::MAX);
    }
    let _ = oauth2::par::parse_pushed_authorization(r);
    let _ = oauth2::introspection::parse_introspection(r);
    let _ = oauth2::revocation::parse_revocation(r);
    let _ = oauth2::userinfo::parse_userinfo(r, Some("alice"));
    let _ = oauth2::jwt::dpop::nonce_challenge(r);
});

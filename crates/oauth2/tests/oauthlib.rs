//! Differential test: python-oauthlib builds the same token requests, and Python's form
//! encoding builds and reads the RFC 6749 §2.3.1 Basic header. Bodies are compared as decoded
//! parameter lists (the two encoders differ harmlessly on `~` and `*`); the Basic header is
//! read by the other side and must give back the id and secret exactly.

use std::io::Write;
use std::process::{Command, Stdio};

use oauth2::client_auth::{basic_header, decode_basic};
use oauth2::{ClientAuth, CodeVerifier, Grant, Secret, TokenRequest};

const PYTHON: &str = "/usr/bin/python3";

fn python(input: serde_json::Value) -> serde_json::Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peers/oauthlib_oauth2.py");
    let mut child = Command::new(PYTHON)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run /usr/bin/python3 with python3-oauthlib (scripts/setup.sh installs it)");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.to_string().as_bytes())
        .expect("write to python");
    let out = child.wait_with_output().expect("python runs");
    assert!(out.status.success(), "oauthlib failed");
    serde_json::from_slice(&out.stdout).expect("python prints JSON")
}

fn pairs(body: &str) -> Vec<(String, String)> {
    let mut p: Vec<_> = form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    p.sort();
    p
}

/// Reserved, non-ASCII and the characters the two encoders treat differently.
const AWKWARD: [(&str, &str); 5] = [
    ("s6BhdRkqt3", "7Fjfp0ZBr1KtDRbnfVdmIw"),
    ("my:client", "pa:ss word"),
    ("client@example.com", "a+b/c=d&e%f?g#h"),
    ("klïent", "sécret€ ☃"),
    ("tilde~star*", "~*!'()"),
];

#[test]
fn token_request_bodies_and_basic_headers_match_oauthlib() {
    let endpoint = "https://as.example/token";
    let verifier = CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    let ours = [
        TokenRequest::new(
            endpoint,
            Grant::AuthorizationCode {
                code: Secret::new("Splx l+O/é"),
                redirect_uri: Some("http://127.0.0.1:53682/callback".into()),
                code_verifier: Some(verifier.clone()),
            },
            ClientAuth::None {
                client_id: "spa".into(),
            },
        ),
        TokenRequest::new(
            endpoint,
            Grant::RefreshToken {
                refresh_token: Secret::new("tGzv3JOkF0XG5Qx2TlKWIA"),
                scope: Some("read write".into()),
            },
            ClientAuth::SecretPost {
                client_id: "web".into(),
                secret: Secret::new("sécr&t=1"),
            },
        ),
        TokenRequest::new(
            endpoint,
            Grant::ClientCredentials {
                scope: Some("api:read api:write".into()),
            },
            ClientAuth::SecretPost {
                client_id: "m2m".into(),
                secret: Secret::new("s e~*"),
            },
        ),
        TokenRequest::new(
            endpoint,
            Grant::DeviceCode {
                device_code: Secret::new("GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"),
            },
            ClientAuth::None {
                client_id: "tv".into(),
            },
        ),
    ];
    let cases = serde_json::json!([
        {"grant": "authorization_code", "client_id": "spa", "code": "Splx l+O/é",
         "redirect_uri": "http://127.0.0.1:53682/callback", "code_verifier": verifier.secret().expose()},
        {"grant": "refresh_token", "client_id": "web", "client_secret": "sécr&t=1",
         "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA", "scope": "read write"},
        {"grant": "client_credentials", "client_id": "m2m", "client_secret": "s e~*", "scope": "api:read api:write"},
        {"grant": "device_code", "client_id": "tv", "device_code": "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"},
    ]);
    let our_headers: Vec<String> = AWKWARD
        .iter()
        .map(|(i, s)| basic_header(i, &Secret::new(*s)))
        .collect();
    let answer = python(serde_json::json!({
        "bodies": cases,
        "basic": AWKWARD,
        "ours": our_headers,
    }));
    for (i, request) in ours.iter().enumerate() {
        let built = request.build().unwrap();
        let theirs: Vec<(String, String)> = serde_json::from_value(answer["bodies"][i].clone()).unwrap();
        assert_eq!(pairs(&built.request.body), theirs, "case {i}");
    }
    for (i, (id, secret)) in AWKWARD.iter().enumerate() {
        // Python reads our header back to the same id and secret…
        assert_eq!(answer["decoded"][i], serde_json::json!([id, secret]), "{id}");
        // …and we read Python's.
        let (got_id, got_secret) = decode_basic(answer["basic"][i].as_str().unwrap()).unwrap();
        assert_eq!((got_id.as_str(), got_secret.expose()), (*id, *secret));
        // Where neither encoder has a choice, the bytes agree exactly.
        if !id.contains(['~', '*']) && !secret.contains(['~', '*', '!', '\'', '(', ')']) {
            assert_eq!(our_headers[i], answer["basic"][i].as_str().unwrap(), "{id}");
        }
    }
}

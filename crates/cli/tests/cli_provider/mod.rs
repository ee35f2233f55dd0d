//! For `request_cli` and `authorize_cli`: a tiny OAuth 1.0a provider on loopback that
//! verifies with the core (`oauth1::verify`), so each test owns its exact expectations, and
//! a runner for the real binary. No sleeps: every wait is bounded by a timeout.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Output, Stdio};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use oauth1::verify::{ReceivedRequest, collect};
use oauth1::{Problem, Secret, Source};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

pub const WAIT: Duration = Duration::from_secs(60);

pub const CONSUMER_KEY: &str = "test-consumer";
pub const CONSUMER_SECRET: &str = "consumer secret+&é";
pub const REQUEST_TOKEN: &str = "request-token-1";
pub const REQUEST_SECRET: &str = "request/secret";
pub const VERIFIER: &str = "pin-4321";
pub const ACCESS_TOKEN: &str = "access-token-1";
pub const ACCESS_SECRET: &str = "access secret/+&ü";
/// What `/oauth/access_token` answers: ACCESS_SECRET encoded, then two extra fields.
pub const ACCESS_RESPONSE: &str = "oauth_token=access-token-1&oauth_token_secret=access%20secret%2F%2B%26%C3%BC\
                                   &user_id=7&screen_name=Jo+Doe";

/// What `/status/hostile` answers (401), once verified: provider text with terminal
/// control sequences (clear screen, window title, bell, a CRLF that fakes a line of ours).
pub fn hostile_problem() -> Problem {
    let mut p = Problem::new("signature_invalid")
        .with_advice("\u{1b}[2J\u{1b}]0;pwned\u{7}all is well\r\nerror: none");
    p.debug_sbs = Some("GET&\u{1b}[31mhttp\u{9b}0m".into());
    p
}

/// Starts the provider; returns `http://127.0.0.1:PORT`.
pub async fn start_provider() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new().fallback(handle);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn problem(status: StatusCode, p: &Problem) -> Response {
    let challenge = format!("OAuth realm=\"test\", oauth_problem=\"{}\"", p.problem);
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                "application/x-www-form-urlencoded".to_owned(),
            ),
            (header::WWW_AUTHENTICATE, challenge),
        ],
        p.to_body(),
    )
        .into_response()
}

fn text(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Verifies every request. `/oauth/request_token` and `/oauth/access_token` are the token
/// legs; anything else is a resource that echoes what it received:
/// `METHOD PATH`, then `SOURCE NAME=VALUE` per signed non-oauth parameter, a non-form body,
/// `oauth_body_hash verified`, and `header x-echo=…`. `/status/404` answers 404 once verified.
async fn handle(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let h = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let url = format!("http://{}{}", h(header::HOST).unwrap_or(""), uri);
    let content_type = h(header::CONTENT_TYPE);
    let received = ReceivedRequest {
        method: method.as_str(),
        url: &url,
        authorization: h(header::AUTHORIZATION),
        content_type,
        body: &body,
    };
    let collected = match collect(received) {
        Ok(c) => c,
        Err(p) => return problem(StatusCode::BAD_REQUEST, &p),
    };
    let protocol = &collected.protocol;
    if protocol.consumer_key != CONSUMER_KEY {
        return problem(StatusCode::UNAUTHORIZED, &Problem::new("consumer_key_unknown"));
    }
    let path = uri.path();
    let (expected_token, token_secret) = match path {
        "/oauth/request_token" => (None, ""),
        "/oauth/access_token" => (Some(REQUEST_TOKEN), REQUEST_SECRET),
        _ => (Some(ACCESS_TOKEN), ACCESS_SECRET),
    };
    if protocol.token.as_deref() != expected_token {
        return problem(StatusCode::UNAUTHORIZED, &Problem::new("token_rejected"));
    }
    let verified = collected.verify(
        &Secret::new(CONSUMER_SECRET),
        &Secret::new(token_secret),
        None,
        &body,
        content_type,
    );
    if let Err(p) = verified {
        let status = if p.problem == "signature_invalid" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::BAD_REQUEST
        };
        return problem(status, &p);
    }
    match path {
        "/oauth/request_token" => {
            if protocol.callback.as_deref() != Some("oob") {
                let mut p = Problem::new("parameter_rejected").with_advice("this provider wants oob");
                p.parameters_rejected.push("oauth_callback".into());
                return problem(StatusCode::BAD_REQUEST, &p);
            }
            let body = format!(
                "oauth_token={REQUEST_TOKEN}&oauth_token_secret=request%2Fsecret&oauth_callback_confirmed=true"
            );
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/x-www-form-urlencoded")],
                body,
            )
                .into_response()
        }
        "/oauth/access_token" => {
            if protocol.verifier.as_deref() != Some(VERIFIER) {
                return problem(StatusCode::UNAUTHORIZED, &Problem::new("verifier_invalid"));
            }
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/x-www-form-urlencoded")],
                ACCESS_RESPONSE,
            )
                .into_response()
        }
        _ => {
            let mut out = format!("{method} {path}\n");
            for p in collected
                .parameters
                .iter()
                .filter(|p| !p.name.starts_with("oauth_"))
            {
                let source = match p.source {
                    Source::Query => "query",
                    Source::FormBody => "form",
                    _ => "other",
                };
                out.push_str(&format!("{source} {}={}\n", p.name, p.value));
            }
            if !body.is_empty() && !collected.parameters.iter().any(|p| p.source == Source::FormBody) {
                out.push_str(&format!("body {}\n", String::from_utf8_lossy(&body)));
            }
            if protocol.body_hash.is_some() {
                out.push_str("oauth_body_hash verified\n");
            }
            if let Some(v) = h(header::HeaderName::from_static("x-echo")) {
                out.push_str(&format!("header x-echo={v}\n"));
            }
            if path == "/status/hostile" {
                return problem(StatusCode::UNAUTHORIZED, &hostile_problem());
            }
            let status = if path == "/status/404" {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::OK
            };
            text(status, out)
        }
    }
}

/// A fresh, empty directory under the target's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A token file as the app exports it, with the consumer secret included.
pub fn app_export(tokens: &[serde_json::Value], current: Option<&str>) -> String {
    serde_json::json!({
        "schema": "oauth-playground/tokens",
        "version": 1,
        "current": current,
        "tokens": tokens,
    })
    .to_string()
}

pub fn access_token_entry(id: &str, name: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "name": name, "provider": "Test", "consumer_key": CONSUMER_KEY,
        "token": ACCESS_TOKEN, "token_secret": ACCESS_SECRET, "signature_method": "HMAC-SHA1",
        "scopes": "", "created": "2025-01-01T00:00:00Z", "extra": [["user_id", "7"]],
        "consumer_secret": CONSUMER_SECRET,
    })
}

/// Runs the binary with a clean environment (HOME in `home`, no token or secret variables),
/// `stdin` piped in; waits for it to exit.
pub async fn run(home: &std::path::Path, args: &[&str], envs: &[(&str, &str)], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_oauth-playground"));
    cmd.args(args)
        .env("HOME", home)
        .env_remove("OAUTH_PLAYGROUND_TOKENS")
        .env_remove("OAUTH_CONSUMER_SECRET")
        .envs(envs.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    // The binary may exit without reading stdin; a broken pipe here is not the test's business.
    let _ = input.write_all(stdin.as_bytes()).await;
    drop(input);
    tokio::time::timeout(WAIT, child.wait_with_output())
        .await
        .expect("the binary did not exit in time")
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

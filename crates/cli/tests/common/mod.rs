//! Shared by the integration tests: start the real binary on a loopback port, talk HTTP
//! to it, run small upstream servers on loopback. No sleeps: every wait is on a condition,
//! bounded by a timeout.
#![allow(dead_code, clippy::unwrap_used)]

pub mod oauth2_sandbox;
pub mod peer;
pub mod relay_cases;
pub mod sandbox;
pub mod upstream;
pub mod workerd;

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::HeaderMap;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use oauth1::{Credentials, PreparedRequest, RequestSpec, SignOptions, sign_request};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

pub const WAIT: Duration = Duration::from_secs(60);

/// The binary, running until dropped.
pub struct Server {
    _child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    pub async fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_oauth-playground"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = tokio::time::timeout(WAIT, lines.next_line())
            .await
            .expect("the binary did not print its address in time")
            .unwrap()
            .unwrap_or_else(|| panic!("the binary exited: {}", stderr.lock().unwrap()));
        let base = first.strip_prefix("listening on ").unwrap().to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        Server {
            _child: child,
            base,
            stderr,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn host(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the log has at least `n` lines containing `needle`.
    pub async fn wait_for_log(&self, needle: &str, n: usize) -> String {
        tokio::time::timeout(WAIT, async {
            loop {
                let log = self.stderr();
                if log.matches(needle).count() >= n {
                    return log;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await
        .expect("log line did not appear")
    }
}

/// Runs the binary expecting it to exit; returns (success, stderr).
pub async fn run_to_exit(args: &[&str]) -> (bool, String) {
    let out = tokio::time::timeout(
        WAIT,
        Command::new(env!("CARGO_BIN_EXE_oauth-playground"))
            .args(args)
            .output(),
    )
    .await
    .unwrap()
    .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn send(method: &str, url: &str, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Reply {
    let client: Client<HttpConnector, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let mut request = hyper::Request::builder().method(method).uri(url);
    for (n, v) in headers {
        request = request.header(*n, *v);
    }
    let request = request.body(Full::new(body.into())).unwrap();
    let response = tokio::time::timeout(WAIT, client.request(request))
        .await
        .expect("request timed out")
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn get(url: &str) -> Reply {
    send("GET", url, &[], Bytes::new()).await
}

/// Sends a request the oauth1 core signed.
pub async fn send_signed(request: &PreparedRequest) -> Reply {
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    send(&request.method, &request.url, &headers, request.body.clone()).await
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn nonce() -> String {
    let mut failed = false;
    let n = oauth1::generate_nonce(|buf| failed |= getrandom::fill(buf).is_err());
    assert!(!failed);
    n
}

pub fn sign(
    spec: &RequestSpec,
    credentials: &Credentials,
    options: &SignOptions,
    timestamp: u64,
) -> PreparedRequest {
    sign_request(spec, credentials, options, &nonce(), timestamp)
        .unwrap()
        .request
}

/// An upstream server on a free loopback port, until the runtime ends.
pub async fn upstream(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}")
}

/// A raw connection to the server, for what an HTTP client library will not do (stall,
/// trickle, lie about Host).
pub async fn connect(server: &Server) -> tokio::net::TcpStream {
    tokio::net::TcpStream::connect(server.host()).await.unwrap()
}

/// Reads until the server closes the connection (a reset counts as closed), within `WAIT`.
pub async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> String {
    let mut received = Vec::new();
    let closed = tokio::time::timeout(WAIT, async {
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    let text = String::from_utf8_lossy(&received).into_owned();
    assert!(
        closed.is_ok(),
        "the server kept the connection open; it sent {text:?}"
    );
    text
}

/// Sends `request` as is on a new connection and returns everything the server sent.
pub async fn raw(server: &Server, request: &str) -> String {
    let mut stream = connect(server).await;
    stream.write_all(request.as_bytes()).await.unwrap();
    read_until_closed(&mut stream).await
}

/// `/relay?url=` for a target, percent-encoded like encodeURIComponent.
pub fn relay_url(server: &Server, target: &str) -> String {
    server.url(&relay_path(target))
}

/// `/relay?url=…` alone, for raw requests.
pub fn relay_path(target: &str) -> String {
    let encoded: String =
        percent_encoding::utf8_percent_encode(target, percent_encoding::NON_ALPHANUMERIC).to_string();
    format!("/relay?url={encoded}")
}

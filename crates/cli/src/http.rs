//! A small HTTP client for `request` and `authorize`: hyper's client over rustls (ring,
//! webpki roots), one request at a time, no redirects followed, bounded by a timeout.

use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use oauth1::PreparedRequest;

/// Everything a request may take, connecting and reading the body included.
const TIMEOUT: Duration = Duration::from_secs(60);
/// Bodies larger than this are refused rather than held in memory.
const MAX_BODY: usize = 64 * 1024 * 1024;

pub struct HttpClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// `OK`, `Unauthorized`, …: hyper's canonical reason.
    pub reason: &'static str,
    pub version: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        oauth1::request::find_header(&self.headers, name)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// `HTTP/1.1 200 OK`
    pub fn status_line(&self) -> String {
        format!("{} {} {}", self.version, self.status, self.reason)
            .trim_end()
            .to_owned()
    }
}

impl HttpClient {
    pub fn new() -> Result<Self> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(Duration::from_secs(20)));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .context("could not set up TLS")?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        Ok(Self {
            // No pooling: each command sends one or two requests, and `authorize` runs its
            // legs on separate runtimes (a pooled connection would outlive its runtime).
            client: Client::builder(TokioExecutor::new())
                .pool_max_idle_per_host(0)
                .build(https),
        })
    }

    /// Sends a signed request, plus `extra` headers, and reads the whole response.
    pub async fn send(&self, signed: &PreparedRequest, extra: &[(String, String)]) -> Result<Response> {
        let mut builder = Request::builder()
            .method(signed.method.as_str())
            .uri(signed.url.as_str());
        for (name, value) in signed.headers.iter().chain(extra) {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let request = builder
            .body(Full::new(Bytes::from(signed.body.clone())))
            .map_err(|e| anyhow!("the request cannot be built: {e}"))?;
        let target = signed.url.clone();
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| anyhow!("{}", error_chain(&e)))?;
            let (parts, body) = response.into_parts();
            let limited = http_body_util::Limited::new(body, MAX_BODY);
            let body = limited
                .collect()
                .await
                .map_err(|e| anyhow!("reading the response body failed: {e}"))?
                .to_bytes();
            let headers = parts
                .headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            Ok::<_, anyhow::Error>(Response {
                status: parts.status.as_u16(),
                reason: parts.status.canonical_reason().unwrap_or(""),
                version: version_text(parts.version),
                headers,
                body,
            })
        };
        tokio::time::timeout(TIMEOUT, exchange)
            .await
            .map_err(|_| anyhow!("no complete answer within {} s", TIMEOUT.as_secs()))?
            .with_context(|| format!("the request to {target} failed"))
    }
}

fn version_text(v: hyper::Version) -> &'static str {
    match v {
        hyper::Version::HTTP_10 => "HTTP/1.0",
        hyper::Version::HTTP_2 => "HTTP/2",
        _ => "HTTP/1.1",
    }
}

/// hyper-util's errors say "client error (Connect)"; the cause (DNS, TLS, refused
/// connection) is further down. The relay reports it to the page the same way.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut current = e.source();
    while let Some(s) = current {
        let text = s.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        current = s.source();
    }
    parts.join(": ")
}

/// A current-thread runtime for one command.
pub fn block_on<T>(future: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?
        .block_on(future)
}

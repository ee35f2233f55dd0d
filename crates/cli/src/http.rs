//! The engine's [`Transport`] for `request` and `authorize`: hyper's client over rustls
//! (ring, webpki roots), one request at a time, no redirects followed, bounded by a timeout.

use std::time::Duration;

use anyhow::{Context, Result};
use bytes::Bytes;
use engine::{HttpResponse, Transport, TransportError};
use http_body_util::{BodyExt, Full, LengthLimitError};
use hyper::Request;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use oauth1::PreparedRequest;

/// Everything a request may take, connecting and reading the body included.
const TIMEOUT_SECONDS: u32 = 60;
const TIMEOUT: Duration = Duration::from_secs(TIMEOUT_SECONDS as u64);
/// Bodies larger than this are refused rather than held in memory.
const MAX_BODY: usize = 64 * 1024 * 1024;

pub struct HttpClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
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

    /// Sends a signed request and reads the whole response; the body stays bytes, so
    /// `request` can write it to a file exactly as it came.
    async fn exchange(&self, signed: &PreparedRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = Request::builder()
            .method(signed.method.as_str())
            .uri(signed.url.as_str());
        for (name, value) in &signed.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let request = builder
            .body(Full::new(Bytes::from(signed.body.clone())))
            .map_err(|e| TransportError::Unsendable(e.to_string()))?;
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| TransportError::Unreachable {
                detail: error_chain(&e),
            })?;
        let (parts, body) = response.into_parts();
        let body = http_body_util::Limited::new(body, MAX_BODY)
            .collect()
            .await
            .map_err(|e| TransportError::Unreachable {
                detail: if e.is::<LengthLimitError>() {
                    format!("the response body is larger than {} MiB", MAX_BODY >> 20)
                } else {
                    format!("reading the response body failed: {e}")
                },
            })?
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
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            status_text: parts.status.canonical_reason().unwrap_or("").to_owned(),
            version: Some(version_text(parts.version)),
            headers,
            body: body.into(),
            via_relay: false,
        })
    }
}

impl Transport for HttpClient {
    async fn send(&self, request: &PreparedRequest) -> Result<HttpResponse, TransportError> {
        tokio::time::timeout(TIMEOUT, self.exchange(request))
            .await
            .map_err(|_| TransportError::Timeout {
                seconds: TIMEOUT_SECONDS,
                relayed: false,
            })?
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

/// A current-thread runtime for one command's future.
pub fn block_on<F: std::future::Future>(future: F) -> Result<F::Output> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?
        .block_on(future))
}

//! `GET /healthz` on `serve` and `relay`, and `oauth-playground health`, which asks it: the
//! container's health check (deploy/container/Containerfile), where the image has no curl
//! or shell.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use clap::Args;
use http_body_util::Empty;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// Where the relay answers health checks.
pub const PATH: &str = "/healthz";

/// 200 `ok`: the server accepts connections and answers requests.
pub async fn healthz() -> Response {
    let mut response = (StatusCode::OK, "ok\n").into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `oauth-playground health`.
#[derive(Args, Debug)]
pub struct HealthArgs {
    /// The server's health URL (plain http: the check runs beside the server).
    #[arg(long, default_value = "http://127.0.0.1:8080/healthz")]
    pub url: String,
    /// How long to wait for the answer.
    #[arg(long, default_value = "5s", value_parser = super::parse_duration)]
    pub timeout: Duration,
}

/// Exits successfully when the server answers 200.
pub fn run(args: &HealthArgs) -> Result<()> {
    let parsed = url::Url::parse(&args.url).with_context(|| format!("{:?} is not a URL", args.url))?;
    if parsed.scheme() != "http" || parsed.host().is_none() {
        bail!("--url must be an http:// URL with a host, like http://127.0.0.1:8080/healthz");
    }
    let uri: hyper::Uri = parsed.as_str().parse()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let status = runtime.block_on(async {
        let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
        let answer = tokio::time::timeout(args.timeout, client.get(uri)).await;
        match answer {
            Err(_) => bail!("no answer from {} within {:?}", args.url, args.timeout),
            Ok(Err(e)) => bail!("could not reach {}: {e}", args.url),
            Ok(Ok(response)) => Ok(response.status()),
        }
    })?;
    if status != StatusCode::OK {
        bail!("{} answered {status}", args.url);
    }
    Ok(())
}

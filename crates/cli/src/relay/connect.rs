//! The relay's outgoing side: hyper's pooled client over rustls (ring provider, webpki
//! roots), with a resolver that applies the address policy to every resolved address, so
//! a name that resolves (or rebinds) to a refused address is never connected to. IP
//! literals skip resolvers in hyper-util; `Policy::target` checks those before sending.

use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::rt::TokioExecutor;

use relay_policy::policy::{Policy, Refusal};

pub type RelayClient = Client<HttpsConnector<HttpConnector<CheckedResolver>>, Full<Bytes>>;

/// Carried inside the connect error so the handler can answer 403 instead of 502.
#[derive(Debug)]
pub struct Refused(pub Refusal);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Refused {}

#[derive(Clone)]
pub struct CheckedResolver {
    policy: Arc<Policy>,
}

impl tower_service::Service<Name> for CheckedResolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<Self::Response>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let policy = self.policy.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let listed = policy.is_listed_host(&host);
            let mut admitted = Vec::new();
            let mut refusal = None;
            for addr in tokio::net::lookup_host((host.as_str(), 0)).await? {
                let checked = if listed {
                    Ok(())
                } else {
                    policy.check_resolved(&host, addr.ip())
                };
                match checked {
                    Ok(()) => admitted.push(addr),
                    Err(r) => refusal = Some(r),
                }
            }
            // Only admitted addresses are handed to the connector: a name answering with
            // both public and private addresses is reached on the public ones only.
            match (admitted.is_empty(), refusal) {
                (false, _) => Ok(admitted.into_iter()),
                (true, Some(r)) => Err(io::Error::new(io::ErrorKind::PermissionDenied, Refused(r))),
                (true, None) => Err(io::Error::new(io::ErrorKind::NotFound, "the name has no address")),
            }
        })
    }
}

pub fn client(policy: Arc<Policy>, connect_timeout: Duration) -> anyhow::Result<RelayClient> {
    let mut http = HttpConnector::new_with_resolver(CheckedResolver { policy });
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Ok(Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(30))
        .build(https))
}

/// Finds our refusal, or a timeout, in a client error's source chain. `io::Error::source`
/// skips its payload, so payloads are looked at explicitly.
pub fn classify_error(error: &(dyn std::error::Error + 'static)) -> Option<ErrorKind> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(r) = e.downcast_ref::<Refused>() {
            return Some(ErrorKind::Refused(r.0.clone()));
        }
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if let Some(r) = io.get_ref().and_then(|inner| inner.downcast_ref::<Refused>()) {
                return Some(ErrorKind::Refused(r.0.clone()));
            }
            if io.kind() == io::ErrorKind::TimedOut {
                return Some(ErrorKind::ConnectTimeout);
            }
        }
        current = e.source();
    }
    None
}

pub enum ErrorKind {
    Refused(Refusal),
    ConnectTimeout,
}

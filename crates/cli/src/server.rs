//! The HTTP server `serve` and `relay` run: hyper's HTTP/1.1 connections with the limits a
//! public server needs against slow or greedy clients, and the Host check against DNS
//! rebinding (relay/hosts.rs), in front of the axum router.
//!
//! - A client has `--header-timeout` to send a request's headers, on a new connection and
//!   between requests on a kept-alive one, so idle connections are closed too (hyper
//!   restarts its header timer whenever a connection goes idle).
//! - A client that takes none of an answer for `--header-timeout` is disconnected: one that
//!   stops reading would otherwise hold its connection for as long as TCP keeps probing
//!   its zero window.
//! - At most `--max-connections` are open; the next one is answered 503 and closed.
//! - Bodies are bounded by the handlers that read them (`--timeout`); hyper closes a
//!   connection whose body a handler left unread.

use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};
use std::time::Duration;

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use clap::Args;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::Sleep;

use crate::relay::hosts::{self, Hosts};
use crate::relay::{Failure, parse_duration};

/// How the server treats clients, shared by `serve` and `relay`.
#[derive(Args, Debug, Clone)]
pub struct ServerOptions {
    /// A name this server is reached by besides its own address, localhost, 127.0.0.1 and
    /// [::1] (repeatable), e.g. the domain of a reverse proxy in front of it. Requests for
    /// any other Host get 421 (DNS rebinding). Any port is accepted.
    #[arg(long = "public-host", value_name = "NAME", value_parser = hosts::parse_public_host)]
    pub public_host: Vec<String>,
    /// Time a client has to send a request's headers, on a new connection or between
    /// requests on a kept-alive one, and the longest it may take none of an answer; then
    /// it is disconnected.
    #[arg(long, default_value = "10s", value_parser = parse_duration, value_name = "DURATION")]
    pub header_timeout: Duration,
    /// Connections open at once; more are answered 503 and closed.
    #[arg(long, default_value_t = 1024, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
}

/// How long Ctrl-C waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(10);

/// Binds, prints `listening on http://ADDR` as the first stdout line (tests and scripts
/// read it), and serves until Ctrl-C.
pub async fn listen(addr: SocketAddr, options: &ServerOptions, router: Router) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let bound = listener.local_addr()?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on http://{bound}")?;
    stdout.flush()?;
    drop(stdout);
    tracing::info!("listening on http://{bound}");
    let hosts = Arc::new(Hosts::new(bound, &options.public_host));
    if bound.ip().is_unspecified() && options.public_host.is_empty() {
        tracing::warn!(
            "listening on every interface, but answering only for {}: give the name or address \
             clients use with --public-host",
            hosts.names().join(", ")
        );
    }

    let connections = Arc::new(Semaphore::new(options.max_connections as usize));
    let (shutdown, stopping) = watch::channel(());
    let mut ctrl_c = pin!(tokio::signal::ctrl_c());
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut ctrl_c => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            refuse_connection(&stream);
            continue;
        };
        let connection = Connection {
            router: router.clone(),
            hosts: hosts.clone(),
            peer,
            header_timeout: options.header_timeout,
        };
        tokio::spawn(connection.serve(stream, stopping.clone(), permit));
    }
    drop(stopping);
    shutdown_signal(shutdown).await;
    Ok(())
}

/// Tells every connection to finish its request in flight and close; waits up to `DRAIN`.
async fn shutdown_signal(shutdown: watch::Sender<()>) {
    let _ = shutdown.send(());
    let _ = tokio::time::timeout(DRAIN, shutdown.closed()).await;
}

/// Over `--max-connections`: a best-effort 503 (the socket buffer takes it at once or never)
/// and the connection is dropped.
fn refuse_connection(stream: &TcpStream) {
    const BODY: &str = "{\"error\":\"busy\",\"message\":\"the server has too many open connections \
                        (see --max-connections); try again\"}";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\ncache-control: no-store\r\nretry-after: 1\r\nconnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = stream.try_write(answer.as_bytes());
}

struct Connection {
    router: Router,
    hosts: Arc<Hosts>,
    peer: SocketAddr,
    header_timeout: Duration,
}

impl Connection {
    async fn serve(self, stream: TcpStream, mut stopping: watch::Receiver<()>, permit: OwnedSemaphorePermit) {
        let _ = stream.set_nodelay(true);
        let header_timeout = self.header_timeout;
        let this = Arc::new(self);
        let service = hyper::service::service_fn(move |request| {
            let this = this.clone();
            async move { Ok::<_, std::convert::Infallible>(this.respond(request).await) }
        });
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .keep_alive(true);
        let io = TokioIo::new(StallGuard::new(stream, header_timeout));
        let mut conn = pin!(builder.serve_connection(io, service));
        let ended = tokio::select! {
            ended = conn.as_mut() => ended,
            _ = stopping.changed() => {
                conn.as_mut().graceful_shutdown();
                conn.await
            }
        };
        if let Err(e) = ended
            && stalled(&e)
        {
            tracing::info!(
                "closed a connection whose client stopped reading its answer (see --header-timeout)"
            );
        }
        drop(permit);
    }

    async fn respond(&self, mut request: hyper::Request<Incoming>) -> Response {
        // An absolute-form target's authority takes the place of Host (RFC 9112 §3.2.2).
        let host = match request.uri().authority() {
            Some(authority) => Some(authority.as_str()),
            None => request.headers().get(header::HOST).and_then(|h| h.to_str().ok()),
        };
        if let Err(refusal) = self.hosts.check(host) {
            let mut response = Failure::from(refusal).into_response();
            response.headers_mut().insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            return response;
        }
        request.extensions_mut().insert(ConnectInfo(self.peer));
        let mut router = self.router.clone();
        // Router is always ready (its poll_ready returns Ready), so call it directly.
        match tower_service::Service::call(&mut router, request.map(Body::new)).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }
}

/// The error a stalled write ends its connection with.
#[derive(Debug)]
struct Stalled;

impl std::fmt::Display for Stalled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the client took none of the answer in time")
    }
}

impl std::error::Error for Stalled {}

fn stalled(error: &hyper::Error) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if e.downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
            .is_some_and(|inner| inner.is::<Stalled>())
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// Fails a write that makes no progress for `limit`; any progress starts the clock again.
struct StallGuard {
    inner: TcpStream,
    limit: Duration,
    since: Option<Pin<Box<Sleep>>>,
}

impl StallGuard {
    fn new(inner: TcpStream, limit: Duration) -> Self {
        Self {
            inner,
            limit,
            since: None,
        }
    }

    /// Passes on a write's outcome, timing how long it has been pending.
    fn watch<T>(&mut self, cx: &mut TaskContext<'_>, outcome: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if outcome.is_ready() {
            self.since = None;
            return outcome;
        }
        let limit = self.limit;
        let since = self
            .since
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match since.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, Stalled))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for StallGuard {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for StallGuard {
    fn poll_write(self: Pin<&mut Self>, cx: &mut TaskContext<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let outcome = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.watch(cx, outcome)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let outcome = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.watch(cx, outcome)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let outcome = Pin::new(&mut this.inner).poll_flush(cx);
        this.watch(cx, outcome)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

//! The relay: `GET|POST|PUT|PATCH|DELETE /relay?url=…` forwards one request to an OAuth
//! endpoint the browser cannot call itself (no CORS) and hands the answer back. Under
//! `serve` it sits beside the app; `oauth-playground relay` runs it alone. docs/relay.md.

//!
//! The rules (which targets, callers and headers, CORS, caps, the log line) are the
//! `relay-policy` crate's, shared with the Cloudflare Worker; this module is the native
//! host: the server, the client with its connect-time address check, timeouts, the rate
//! limiter and the concurrency slots.

mod connect;
mod cors;
mod forward;
mod handler;
pub mod health;
mod limits;

pub use relay_policy::{hosts, policy};

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use axum::Router;
use axum::routing::{any, get};
use clap::Args;
use tokio::sync::Semaphore;

pub use self::handler::Failure;

use self::connect::RelayClient;
use self::limits::RateLimiter;
use self::policy::{AllowedTarget, Policy};
use crate::server::{self, ServerOptions};
use relay_policy::gate::Callers;
use relay_policy::protocol::{BodyCaps, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_RESPONSE_BYTES};

/// The relay's options, shared by `serve` and `relay`.
#[derive(Args, Debug, Clone)]
pub struct RelayOptions {
    /// Origin allowed to call the relay, exactly as the browser sends it (repeatable).
    /// Under `serve` the app's own origin is always allowed.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = relay_policy::cors::parse_origin)]
    pub allow_origin: Vec<String>,
    /// Serve requests that carry no Origin: command-line clients such as curl. Browsers
    /// send Origin on every cross-origin fetch, so pages gain nothing from it. Off by default.
    #[arg(long)]
    pub allow_no_origin: bool,
    /// Only these targets, each exactly this host and port (repeatable). A listed target is
    /// reached whatever its address class: you named it.
    #[arg(long = "allow-target", value_name = "HOST[:PORT]")]
    pub allow_target: Vec<AllowedTarget>,
    /// Let the relay reach loopback addresses (local providers, tests). Off by default, and
    /// refused with a --listen address that is not loopback.
    #[arg(long)]
    pub allow_loopback: bool,
    /// Largest request body forwarded, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_REQUEST_BYTES, value_name = "BYTES")]
    pub max_request_bytes: usize,
    /// Largest response body returned, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_RESPONSE_BYTES, value_name = "BYTES")]
    pub max_response_bytes: usize,
    /// Time to open a connection to the target (e.g. 5s, 500ms).
    #[arg(long, default_value = "5s", value_parser = parse_duration, value_name = "DURATION")]
    pub connect_timeout: Duration,
    /// Time for the whole request, from its headers: the body from the client, then the
    /// exchange with the target (the response body included).
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: Duration,
    /// Requests forwarded at once; more get 503.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub max_concurrent: usize,
    /// Requests per minute per client IP address (0: no limit); more get 429.
    #[arg(long, default_value_t = 300, value_name = "N")]
    pub rate_limit: u32,
}

/// `oauth-playground relay`.
#[derive(Args, Debug)]
pub struct RelayArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8081")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub options: RelayOptions,
    #[command(flatten)]
    pub server: ServerOptions,
}

/// A duration as `humantime` reads it (`5s`, `500ms`, `2m`, `1m 30s`), or plain seconds.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let v = value.trim();
    if let Ok(seconds) = v.parse::<u64>() {
        return Ok(Duration::from_secs(seconds));
    }
    humantime::parse_duration(v).map_err(|e| format!("{value:?} is not a duration like 5s or 500ms ({e})"))
}

pub struct Limits {
    pub caps: BodyCaps,
    pub timeout: Duration,
}

/// Everything a relayed request needs, shared across requests.
pub struct Relay {
    policy: Arc<Policy>,
    client: RelayClient,
    callers: Callers,
    limits: Limits,
    rate: RateLimiter,
    slots: Arc<Semaphore>,
}

impl Relay {
    /// `same_origin`: under `serve`, the page served beside the relay may call it.
    /// `listen`: where the server listens; `--allow-loopback` needs it to be loopback.
    pub fn new(options: &RelayOptions, same_origin: bool, listen: SocketAddr) -> Result<Arc<Self>> {
        anyhow::ensure!(
            !options.allow_loopback || listen.ip().is_loopback(),
            "refusing to start: --allow-loopback lets anyone who can reach the relay reach this \
             machine's own services on 127.0.0.1 and ::1, and with --listen {listen} that is \
             anyone on the network. Listen on a loopback address (127.0.0.1:PORT or [::1]:PORT), \
             or name the local targets you need with --allow-target HOST:PORT instead"
        );
        let policy = Arc::new(Policy {
            allow_loopback: options.allow_loopback,
            allow_targets: options.allow_target.clone(),
        });
        Ok(Arc::new(Self {
            client: connect::client(policy.clone(), options.connect_timeout)?,
            policy,
            callers: Callers {
                allowed: options.allow_origin.clone(),
                same_origin,
                allow_no_origin: options.allow_no_origin,
            },
            limits: Limits {
                caps: BodyCaps {
                    max_request_bytes: options.max_request_bytes,
                    max_response_bytes: options.max_response_bytes,
                },
                timeout: options.timeout,
            },
            rate: RateLimiter::new(options.rate_limit),
            slots: Arc::new(Semaphore::new(options.max_concurrent.max(1))),
        }))
    }
}

pub fn router(relay: Arc<Relay>) -> Router {
    Router::new()
        .route("/relay", any(handler::handle))
        .route(health::PATH, get(health::healthz))
        .with_state(relay)
}

/// `oauth-playground relay`: the relay alone.
pub async fn run(args: RelayArgs) -> Result<()> {
    anyhow::ensure!(
        !args.options.allow_origin.is_empty(),
        "refusing to start: a standalone relay needs at least one --allow-origin \
         (the exact origin of the page that will call it, e.g. --allow-origin https://playground.example.org); \
         without one every browser request would be refused"
    );
    let relay = Relay::new(&args.options, false, args.listen)?;
    server::listen(args.listen, &args.server, router(relay)).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        // humantime's grammar: any unit, several parts.
        assert_eq!(parse_duration("1m 30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("5h"), Ok(Duration::from_secs(5 * 3600)));
        assert_eq!(
            parse_duration("fast"),
            Err("\"fast\" is not a duration like 5s or 500ms (expected number at 0)".into())
        );
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("-1s").is_err());
    }
}

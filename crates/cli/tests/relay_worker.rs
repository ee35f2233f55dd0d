//! The relay as a Cloudflare Worker (deploy/cloudflare), built and run on workerd, the
//! runtime Cloudflare runs Workers on, with the native relay's integration checks
//! (relay.rs, relay_gates.rs, relay_limits.rs) against the same upstream: forwarding
//! fidelity (a signature still verifies upstream), CORS and the preflight, cookie
//! stripping, header renaming, every refusal the Worker makes, redirects returned and not
//! followed, body caps, the log line.
//!
//! Ignored by a plain `cargo test`: they need the Worker's build tools and workerd
//! (scripts/setup.sh installs them); scripts/test.sh runs them with `--ignored`.
//!
//! What holds only natively, and so is tested only there (docs/relay.md, "On Cloudflare
//! Workers"):
//! - the Host check (421, relay_gates.rs): Cloudflare routes a request to the Worker by its
//!   host name, so a rebound name never reaches it;
//! - the relay's own check of the address a name resolves to, at connect time: a Worker
//!   cannot see it; the runtime connects (`the_runtime_refuses_loopback_it_was_not_allowed`
//!   shows workerd's own refusal);
//! - the rate limit, `--max-concurrent`, connection caps and the slow-client timeouts
//!   (relay_limits.rs, relay_slow.rs): the edge in front of the Worker owns connections;
//!   Cloudflare's rate-limiting rules stand in for the per-client limit;
//! - `serve`'s same-origin caller (relay_gates.rs): the Worker serves no pages;
//! - `--allow-loopback`: the Worker has no such setting (loopback on the edge is the edge's
//!   own machine), so the tests list the upstream in ALLOWED_TARGETS, as an operator lists
//!   an internal provider.
#![allow(clippy::unwrap_used, clippy::result_large_err)]

mod common;

use common::relay_cases::{self, LOOPBACK_SPELLINGS};
use common::upstream::{ORIGIN, json, start_upstream};
use common::workerd::{Outbound, Workerd};
use common::{relay_path, send};

/// The Worker for `ORIGIN` and command-line clients, reaching exactly `targets` (the test
/// upstreams, on loopback).
async fn worker(targets: &[&str], extra: &[(&str, &str)]) -> Workerd {
    let targets = targets.join(",");
    let mut vars = vec![
        ("ALLOWED_ORIGINS", ORIGIN),
        ("ALLOW_NO_ORIGIN", "true"),
        ("ALLOWED_TARGETS", targets.as_str()),
    ];
    vars.extend_from_slice(extra);
    Workerd::start(&vars, Outbound::AlsoLoopback).await
}

fn authority(base: &str) -> &str {
    base.trim_start_matches("http://")
}

fn relayed(worker: &Workerd, target: &str) -> String {
    worker.url(&relay_path(target))
}

#[tokio::test]
#[ignore = "needs the Worker's build tools and workerd: scripts/test.sh runs it"]
async fn forwards_bytes_and_signature_verifies_upstream() {
    let (up, base) = start_upstream().await;
    let w = worker(&[authority(&base)], &[]).await;
    relay_cases::forwards_bytes_and_signature_verifies_upstream(&w, &up, &base).await;
}

#[tokio::test]
#[ignore = "needs the Worker's build tools and workerd: scripts/test.sh runs it"]
async fn forwards_dpop_and_origin_only_when_asked() {
    let (_up, base) = start_upstream().await;
    let w = worker(&[authority(&base)], &[]).await;
    relay_cases::forwards_dpop_and_origin_only_when_asked(&w, &base, &[("content-length", "3")]).await;
}

#[tokio::test]
#[ignore = "needs the Worker's build tools and workerd: scripts/test.sh runs it"]
async fn preflights_gates_and_header_renaming() {
    let (up, base) = start_upstream().await;
    let w = worker(&[authority(&base)], &[]).await;
    let url = relayed(&w, &format!("{base}/x"));
    let ok = send(
        "OPTIONS",
        &url,
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "authorization, content-type"),
        ],
        "",
    )
    .await;
    assert_eq!(ok.status, 204);
    assert_eq!(ok.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(
        ok.header("access-control-allow-methods"),
        Some("GET, POST, PUT, PATCH, DELETE")
    );
    assert_eq!(
        ok.header("access-control-allow-headers"),
        Some("Authorization, Content-Type, Accept, DPoP")
    );
    assert_eq!(ok.header("access-control-max-age"), Some("600"));
    assert_eq!(ok.header("vary"), Some("Origin"));
    assert!(ok.header("access-control-allow-credentials").is_none());
    for origin in ["https://evil.example", "https://app.example.evil.example", "null"] {
        let refused = send("OPTIONS", &url, &[("origin", origin)], "").await;
        assert_eq!(refused.status, 403);
        assert!(refused.header("access-control-allow-origin").is_none());
        let refused = send("GET", &url, &[("origin", origin)], "").await;
        assert_eq!(json(&refused)["error"], "origin_refused", "{origin}");
    }
    // Not a page's fetch(): navigations, <img>, service-worker scripts.
    for (name, value) in [
        ("sec-fetch-mode", "navigate"),
        ("sec-fetch-mode", "no-cors"),
        ("sec-fetch-dest", "image"),
        ("service-worker", "script"),
    ] {
        let refused = send("GET", &url, &[("origin", ORIGIN), (name, value)], "").await;
        assert_eq!(refused.status, 403, "{name}: {value}");
        assert_eq!(json(&refused)["error"], "request_refused");
    }
    assert_eq!(up.hits(), 0, "preflights and refusals never reach the target");

    relay_cases::response_headers_pass_an_allowlist_and_the_rest_is_renamed(&w, &base).await;
}

#[tokio::test]
#[ignore = "needs the Worker's build tools and workerd: scripts/test.sh runs it"]
async fn returns_redirects_without_following_them() {
    let (up, base) = start_upstream().await;
    let w = worker(&[authority(&base)], &[]).await;
    relay_cases::returns_redirects_without_following_them(&w, &up, &base).await;
}

/// Every refusal the Worker makes before the fetch, on the deployed configuration (no
/// ALLOWED_TARGETS, workerd's default public-only network): loopback and private
/// literals in every spelling, names loopback by definition, other schemes. None reaches
/// the upstream.
#[tokio::test]
#[ignore = "needs the Worker's build tools and workerd: scripts/test.sh runs it"]
async fn refuses_special_targets_in_every_spelling_without_contacting_them() {
    let (up, base) = start_upstream().await;
    let w = Workerd::start(
        &[("ALLOWED_ORIGINS", ORIGIN), ("ALLOW_NO_ORIGIN", "true")],
        Outbound::Public,
    )
    .await;
    // Loopback, and the private, shared, link-local and metadata ranges in their spellings
    // (the native relay unit-tests those in relay-policy).
    let mut hosts = LOOPBACK_SPELLINGS.to_vec();
    hosts.extend([
        "10.0.0.1",
        "169.254.169.254",
        "0xa9.0xfe.0xa9.0xfe",
        "192.168.1.1",
        "100.64.0.1",
        "[fd00:ec2::254]",
        "[fe80::1]",
        "[64:ff9b::a9fe:a9fe]",
        "[2002:c0a8:101::1]",
    ]);
    relay_cases::refuses_special_targets_without_contacting_them(&w, &up, &base, &hosts).await;
}

/// What stands in for the native connect-time check: a target the policy admits (listed)
/// on an address the runtime does not reach is refused by workerd when it connects.
#[tokio::test]
#[ignore = "needs the Worker's build tools and workerd: scripts/test.sh runs it"]
async fn the_runtime_refuses_loopback_it_was_not_allowed() {
    let (up, base) = start_upstream().await;
    let w = Workerd::start(
        &[
            ("ALLOWED_ORIGINS", ORIGIN),
            ("ALLOW_NO_ORIGIN", "true"),
            ("ALLOWED_TARGETS", authority(&base)),
        ],
        Outbound::Public,
    )
    .await;
    let reply = send("GET", &relayed(&w, &format!("{base}/x")), &[], "").await;
    assert_eq!(reply.status, 502, "{}", reply.text());
    assert_eq!(json(&reply)["error"], "upstream_unreachable");
    assert_eq!(up.hits(), 0);
}

#[tokio::test]
#[ignore = "needs the Worker's build tools and workerd: scripts/test.sh runs it"]
async fn allowed_targets_are_exact_caps_and_the_log() {
    let (listed, listed_base) = start_upstream().await;
    let (other, other_base) = start_upstream().await;
    let w = worker(
        &[authority(&listed_base)],
        &[
            ("MAX_REQUEST_BYTES", "100"),
            ("MAX_RESPONSE_BYTES", "1000"),
            ("TIMEOUT_MS", "500"),
        ],
    )
    .await;
    relay_cases::refuses_targets_not_listed(&w, &listed_base, &other, &other_base).await;

    let ct = [("content-type", "text/plain")];
    let x = |n| "x".repeat(n);
    let reply = send("POST", &relayed(&w, &format!("{listed_base}/x")), &ct, x(101)).await;
    assert_eq!(reply.status, 413);
    assert_eq!(json(&reply)["error"], "request_too_large");
    let reply = send("POST", &relayed(&w, &format!("{listed_base}/x")), &ct, x(100)).await;
    assert_eq!(reply.status, 401);
    let reply = send("GET", &relayed(&w, &format!("{listed_base}/big")), &[], "").await;
    assert_eq!(reply.status, 502);
    assert_eq!(json(&reply)["error"], "response_too_large");
    assert_eq!(listed.hits(), 2, "the oversized request was not sent");
    let reply = send("GET", &relayed(&w, &format!("{listed_base}/hold")), &[], "").await;
    assert_eq!(reply.status, 504);
    assert_eq!(json(&reply)["error"], "upstream_timeout");
    listed.release.notify_waiters();

    // The log: one line a request, the host only; no secret from any place.
    relay_cases::post_secrets_everywhere(&w, &listed_base).await;
    let log = w.wait_for_log("relay POST 127.0.0.1 401 in=29B out=", 1).await;
    assert!(log.contains("relay GET 127.0.0.1 502 in=0B out="), "{log}");
    assert!(!log.contains("out=0B"), "every answer here has a body:\n{log}");
    let lines = log.matches("relay GET ").count() + log.matches("relay POST ").count();
    assert_eq!(lines, 7, "{log}");
    relay_cases::assert_no_secret_in(&log);
}

#[tokio::test]
#[ignore = "needs the Worker's build tools and workerd: scripts/test.sh runs it"]
async fn refuses_to_serve_without_allowed_origins() {
    let w = Workerd::start(&[("ALLOW_NO_ORIGIN", "true")], Outbound::Public).await;
    let reply = send("GET", &relayed(&w, "https://example.com/"), &[], "").await;
    assert_eq!(reply.status, 500);
    assert_eq!(json(&reply)["error"], "misconfigured");
    assert!(
        json(&reply)["message"]
            .as_str()
            .unwrap()
            .contains("ALLOWED_ORIGINS")
    );
}

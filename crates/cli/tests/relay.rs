//! The relay end to end: the binary on a loopback port, small upstream servers on loopback.
//! Private, link-local and metadata refusals are unit-tested in relay/policy.rs and
//! relay/address.rs; here only loopback targets are used, and the tests check the upstream
//! was never contacted. Limits and logs: relay_limits.rs.
#![allow(clippy::unwrap_used, clippy::result_large_err)]

mod common;

use common::relay_cases::{self, LOOPBACK_SPELLINGS};
use common::upstream::{ORIGIN, json, relay, start_upstream};
use common::{Server, relay_url, send};

#[tokio::test]
async fn forwards_bytes_and_signature_verifies_upstream() {
    let (up, base) = start_upstream().await;
    let server = relay(&["--allow-loopback"]).await;
    relay_cases::forwards_bytes_and_signature_verifies_upstream(&server, &up, &base).await;
}

#[tokio::test]
async fn forwards_dpop_and_origin_only_when_asked() {
    let (_up, base) = start_upstream().await;
    let server = relay(&["--allow-loopback"]).await;
    relay_cases::forwards_dpop_and_origin_only_when_asked(&server, &base, &[("content-length", "3")]).await;
}

/// `serve`'s relay: the same rules, and the app's own origin (the OAuth 2.0 page's) is
/// the one forwarded when the page asks.
#[tokio::test]
async fn under_serve_dpop_and_the_pages_origin_are_forwarded_when_asked() {
    let (_up, base) = start_upstream().await;
    let server = Server::start(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--allow-loopback",
        "--allow-origin",
        ORIGIN,
        "--allow-no-origin",
    ])
    .await;
    relay_cases::forwards_dpop_and_origin_only_when_asked(&server, &base, &[("content-length", "3")]).await;
    let own = server.base.clone();
    let path = relay_url(&server, &format!("{base}/dpop")).replacen("/relay?", "/relay?origin=forward&", 1);
    let reply = send(
        "GET",
        &path,
        &[("origin", &own), ("sec-fetch-site", "same-origin")],
        "",
    )
    .await;
    assert_eq!(reply.status, 401, "{}", reply.text());
    let seen = json(&reply);
    let origin: Vec<&serde_json::Value> = seen
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p[0] == "origin")
        .collect();
    assert_eq!(origin, [&serde_json::json!(["origin", own])]);
}

#[tokio::test]
async fn answers_preflights_and_refuses_other_origins() {
    let (up, base) = start_upstream().await;
    let server = relay(&["--allow-loopback", "--allow-origin", "http://localhost:3000"]).await;
    let url = relay_url(&server, &format!("{base}/x"));
    let preflight = |origin: &'static str| {
        let url = url.clone();
        async move {
            send(
                "OPTIONS",
                &url,
                &[
                    ("origin", origin),
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", "authorization, content-type"),
                ],
                "",
            )
            .await
        }
    };
    for origin in [ORIGIN, "http://localhost:3000"] {
        let ok = preflight(origin).await;
        assert_eq!(ok.status, 204);
        assert_eq!(ok.header("access-control-allow-origin"), Some(origin));
        assert!(
            ok.header("access-control-allow-methods")
                .unwrap()
                .contains("POST")
        );
        assert_eq!(
            ok.header("access-control-allow-headers"),
            Some("Authorization, Content-Type, Accept, DPoP")
        );
        assert!(ok.header("access-control-allow-credentials").is_none());
    }
    for origin in ["https://evil.example", "https://app.example.evil.example", "null"] {
        let refused = preflight(origin).await;
        assert_eq!(refused.status, 403);
        assert!(refused.header("access-control-allow-origin").is_none());
        let refused = send("GET", &url, &[("origin", origin)], "").await;
        assert_eq!(refused.status, 403);
        assert_eq!(json(&refused)["error"], "origin_refused");
    }
    assert_eq!(
        up.hits(),
        0,
        "preflights and refused origins never reach the target"
    );
}

#[tokio::test]
async fn refuses_loopback_in_every_spelling_without_contacting_it() {
    let (up, base) = start_upstream().await;
    let server = relay(&[]).await;
    relay_cases::refuses_special_targets_without_contacting_them(&server, &up, &base, &LOOPBACK_SPELLINGS)
        .await;
}

#[tokio::test]
async fn allow_target_admits_exactly_that_host_and_port() {
    let (listed, listed_base) = start_upstream().await;
    let (other, other_base) = start_upstream().await;
    let entry = listed_base.trim_start_matches("http://").to_owned();
    let server = relay(&["--allow-target", &entry]).await;
    let ok = send("GET", &relay_url(&server, &format!("{listed_base}/x")), &[], "").await;
    assert_eq!(ok.status, 401, "{}", ok.text());
    assert_eq!(listed.hits(), 1);
    relay_cases::refuses_targets_not_listed(&server, &listed_base, &other, &other_base).await;
    assert_eq!(listed.hits(), 1);
}

#[tokio::test]
async fn returns_redirects_without_following_them() {
    let (up, base) = start_upstream().await;
    let server = relay(&["--allow-loopback"]).await;
    relay_cases::returns_redirects_without_following_them(&server, &up, &base).await;
}

#[tokio::test]
async fn under_serve_the_app_origin_is_allowed_and_loopback_still_refused() {
    let (up, base) = start_upstream().await;
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let own = server.base.clone();
    // The page's own origin may call the relay, and still cannot reach loopback through it:
    // the app talks to the sandbox directly, same origin, not through the relay.
    let reply = send(
        "GET",
        &relay_url(&server, &format!("{base}/x")),
        &[("origin", &own)],
        "",
    )
    .await;
    assert_eq!(reply.status, 403);
    assert_eq!(json(&reply)["error"], "target_refused");
    assert_eq!(reply.header("access-control-allow-origin"), Some(own.as_str()));
    let sandbox = format!("{own}/sandbox/api/me");
    let reply = send("GET", &relay_url(&server, &sandbox), &[("origin", &own)], "").await;
    assert_eq!(reply.status, 403);
    let reply = send(
        "GET",
        &relay_url(&server, &format!("{base}/x")),
        &[("origin", ORIGIN)],
        "",
    )
    .await;
    assert_eq!(reply.status, 403);
    assert_eq!(json(&reply)["error"], "origin_refused");
    assert_eq!(up.hits(), 0);
}

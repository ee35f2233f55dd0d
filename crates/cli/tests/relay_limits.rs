//! The relay's limits (body caps, timeouts, concurrency, rate) and its log, end to end.
#![allow(clippy::unwrap_used)]

mod common;

use common::upstream::{json, relay, start_upstream};
use common::{relay_cases, relay_url, run_to_exit, send};

#[tokio::test]
async fn body_caps_and_timeouts() {
    let (up, base) = start_upstream().await;
    let server = relay(&[
        "--allow-loopback",
        "--max-request-bytes",
        "100",
        "--max-response-bytes",
        "1000",
        "--timeout",
        "300ms",
        "--connect-timeout",
        "1s",
    ])
    .await;
    let ct = [("content-type", "text/plain")];
    let reply = send(
        "POST",
        &relay_url(&server, &format!("{base}/x")),
        &ct,
        "x".repeat(101),
    )
    .await;
    assert_eq!(reply.status, 413);
    assert_eq!(json(&reply)["error"], "request_too_large");
    let reply = send(
        "POST",
        &relay_url(&server, &format!("{base}/x")),
        &ct,
        "x".repeat(100),
    )
    .await;
    assert_eq!(reply.status, 401);
    let reply = send("GET", &relay_url(&server, &format!("{base}/big")), &[], "").await;
    assert_eq!(reply.status, 502);
    assert_eq!(json(&reply)["error"], "response_too_large");
    let reply = send("GET", &relay_url(&server, &format!("{base}/hold")), &[], "").await;
    assert_eq!(reply.status, 504);
    assert_eq!(json(&reply)["error"], "upstream_timeout");
    up.release.notify_waiters();
    assert_eq!(up.hits(), 3, "the oversized request was not sent");
}

#[tokio::test]
async fn concurrency_cap_and_rate_limit() {
    let (up, base) = start_upstream().await;
    let server = relay(&["--allow-loopback", "--max-concurrent", "1", "--rate-limit", "4"]).await;
    let held_url = relay_url(&server, &format!("{base}/hold"));
    let held = tokio::spawn(async move { send("GET", &held_url, &[], "").await });
    tokio::time::timeout(common::WAIT, up.entered.notified())
        .await
        .unwrap();
    let busy = send("GET", &relay_url(&server, &format!("{base}/x")), &[], "").await;
    assert_eq!(busy.status, 503);
    assert_eq!(json(&busy)["error"], "busy");
    up.release.notify_one();
    assert_eq!(held.await.unwrap().text(), "released");
    // Two of the four tokens are spent; two more pass, then 429.
    for _ in 0..2 {
        assert_eq!(
            send("GET", &relay_url(&server, &format!("{base}/x")), &[], "")
                .await
                .status,
            401
        );
    }
    let limited = send("GET", &relay_url(&server, &format!("{base}/x")), &[], "").await;
    assert_eq!(limited.status, 429);
    assert_eq!(json(&limited)["error"], "rate_limited");
    assert!(limited.header("retry-after").is_some());
}

#[tokio::test]
async fn log_has_one_line_per_request_and_no_secret() {
    let (_up, base) = start_upstream().await;
    let server = relay(&["--allow-loopback"]).await;
    relay_cases::post_secrets_everywhere(&server, &base).await;
    let refused = send(
        "GET",
        &relay_url(&server, "http://0.0.0.0:9/?k=REFUSEDSECRET"),
        &[],
        "",
    )
    .await;
    assert_eq!(refused.status, 403);
    let log = server.wait_for_log("relay ", 2).await;
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("relay ")).collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(lines[0].contains("relay POST 127.0.0.1 401 in=29B"), "{log}");
    assert!(lines[1].contains("relay GET 0.0.0.0 403"), "{log}");
    relay_cases::assert_no_secret_in(&log);
}

#[tokio::test]
async fn standalone_relay_needs_an_origin() {
    let (ok, stderr) = run_to_exit(&["relay", "--listen", "127.0.0.1:0"]).await;
    assert!(!ok);
    assert!(stderr.contains("--allow-origin"), "{stderr}");
    let (ok, stderr) = run_to_exit(&["relay", "--listen", "127.0.0.1:0", "--allow-origin", "*"]).await;
    assert!(!ok);
    assert!(stderr.contains("--allow-origin"), "{stderr}");
}

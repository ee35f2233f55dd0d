//! Who may use the relay and what comes back, end to end on loopback: Origin and Fetch
//! Metadata gating, the Host check (421), the response-header allowlist, path fidelity and
//! the --allow-loopback/--listen rule. Every refused request must leave the upstream
//! untouched.
#![allow(clippy::unwrap_used)]

mod common;

use common::upstream::{ORIGIN, json, relay, start_upstream};
use common::{Server, raw, relay_cases, relay_path, relay_url, run_to_exit, send};

/// What Chromium sends with a page's fetch().
fn fetch_headers<'a>(origin: Option<&'a str>, site: &'a str) -> Vec<(&'static str, &'a str)> {
    let mut h = vec![
        ("sec-fetch-site", site),
        ("sec-fetch-mode", "cors"),
        ("sec-fetch-dest", "empty"),
    ];
    if let Some(o) = origin {
        h.push(("origin", o));
    }
    h
}

/// Browser contexts that are not a page's fetch(), each with an allowed Origin.
const NOT_FETCH: [(&str, &str); 6] = [
    ("sec-fetch-mode", "navigate"),
    ("sec-fetch-mode", "no-cors"),
    ("sec-fetch-dest", "document"),
    ("sec-fetch-dest", "image"),
    ("sec-fetch-dest", "script"),
    ("service-worker", "script"),
];

#[tokio::test]
async fn standalone_relay_needs_an_allowed_origin_and_a_fetch() {
    let (up, base) = start_upstream().await;
    let server = Server::start(&[
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--allow-origin",
        ORIGIN,
        "--allow-loopback",
    ])
    .await;
    let url = relay_url(&server, &format!("{base}/x"));
    // No Origin: refused, even when it claims to be same-origin.
    for headers in [vec![], fetch_headers(None, "same-origin")] {
        let reply = send("GET", &url, &headers, "").await;
        assert_eq!(reply.status, 403, "{}", reply.text());
        assert_eq!(json(&reply)["error"], "origin_refused");
        assert!(
            json(&reply)["message"]
                .as_str()
                .unwrap()
                .contains("--allow-no-origin")
        );
    }
    for (name, value) in NOT_FETCH {
        let reply = send("GET", &url, &[("origin", ORIGIN), (name, value)], "").await;
        assert_eq!(reply.status, 403, "{name}: {value}");
        assert_eq!(json(&reply)["error"], "request_refused", "{name}: {value}");
        assert_eq!(reply.header("cache-control"), Some("no-store"));
    }
    assert_eq!(up.hits(), 0, "refused requests never reach the target");
    let reply = send("GET", &url, &fetch_headers(Some(ORIGIN), "cross-site"), "").await;
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert_eq!(up.hits(), 1);

    // --allow-no-origin admits command-line clients, not navigations.
    let tools = relay(&["--allow-loopback"]).await;
    let url = relay_url(&tools, &format!("{base}/x"));
    assert_eq!(send("GET", &url, &[], "").await.status, 401);
    let reply = send("GET", &url, &[("sec-fetch-mode", "navigate")], "").await;
    assert_eq!(json(&reply)["error"], "request_refused");
    assert_eq!(up.hits(), 2);
}

#[tokio::test]
async fn serve_admits_its_own_pages_fetches_only() {
    let (up, base) = start_upstream().await;
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0", "--allow-loopback"]).await;
    let own = server.base.clone();
    let url = relay_url(&server, &format!("{base}/x"));
    // The app's fetches: a POST carries Origin; Chromium's same-origin GET does not.
    let reply = send("POST", &url, &fetch_headers(Some(&own), "same-origin"), "").await;
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert_eq!(reply.header("access-control-allow-origin"), Some(own.as_str()));
    let reply = send("GET", &url, &fetch_headers(None, "same-origin"), "").await;
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert_eq!(reply.header("access-control-allow-origin"), None);
    assert_eq!(up.hits(), 2);
    // No Origin and no same-origin Sec-Fetch-Site: another site's page, or a tool.
    for headers in [
        vec![],
        fetch_headers(None, "cross-site"),
        fetch_headers(None, "same-site"),
    ] {
        let reply = send("GET", &url, &headers, "").await;
        assert_eq!(reply.status, 403);
        assert_eq!(json(&reply)["error"], "origin_refused");
    }
    for (name, value) in NOT_FETCH {
        let mut headers = fetch_headers(Some(&own), "same-origin");
        headers.retain(|(n, _)| *n != name);
        headers.push((name, value));
        let reply = send("GET", &url, &headers, "").await;
        assert_eq!(json(&reply)["error"], "request_refused", "{name}: {value}");
    }
    assert_eq!(up.hits(), 2);

    let tools = Server::start(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--allow-loopback",
        "--allow-no-origin",
    ])
    .await;
    let reply = send("GET", &relay_url(&tools, &format!("{base}/x")), &[], "").await;
    assert_eq!(reply.status, 401, "{}", reply.text());
}

/// A raw request with this Host, answered with `Connection: close`.
fn with_host(path: &str, host: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {ORIGIN}\r\nConnection: close\r\n\r\n")
}

fn status_line(answer: &str) -> &str {
    answer.lines().next().unwrap_or_default()
}

#[tokio::test]
async fn answers_421_to_a_host_that_is_not_its_own() {
    let (up, base) = start_upstream().await;
    let serve = Server::start(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--allow-loopback",
        "--public-host",
        "playground.example.org",
    ])
    .await;
    let standalone = relay(&["--allow-loopback"]).await;
    let port = |s: &Server| s.host().rsplit(':').next().unwrap().to_owned();
    let relayed = relay_path(&format!("{base}/x"));
    for server in [&serve, &standalone] {
        let p = port(server);
        for host in [
            format!("evil.example:{p}"),
            "evil.example".to_owned(),
            format!("127.0.0.2:{p}"),
            format!("localhost.evil.example:{p}"),
            format!("playground.example.org.evil.example:{p}"),
        ] {
            let answer = raw(server, &with_host(&relayed, &host)).await;
            assert_eq!(status_line(&answer), "HTTP/1.1 421 Misdirected Request", "{host}");
            assert!(answer.contains("\"error\":\"host_refused\""), "{answer}");
        }
        let answer = raw(
            server,
            &format!("GET {relayed} HTTP/1.1\r\nConnection: close\r\n\r\n"),
        )
        .await;
        assert_eq!(status_line(&answer), "HTTP/1.1 400 Bad Request", "{answer}");
        // Absolute-form: its authority is the Host that counts.
        let absolute = format!("http://evil.example:{p}{relayed}");
        let answer = raw(server, &with_host(&absolute, server.host())).await;
        assert_eq!(status_line(&answer), "HTTP/1.1 421 Misdirected Request");
    }
    // The whole of serve is covered: the app, its config and the sandbox.
    for path in ["/", "/playground.json", "/sandbox/oauth/request_token", "/app.js"] {
        let answer = raw(&serve, &with_host(path, "evil.example")).await;
        assert_eq!(status_line(&answer), "HTTP/1.1 421 Misdirected Request", "{path}");
    }
    assert_eq!(up.hits(), 0);

    // Its own names, on any port; --public-host names too.
    let p = port(&serve);
    for host in [
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        format!("LOCALHOST.:{p}"),
        format!("[::1]:{p}"),
        "playground.example.org".to_owned(),
        "Playground.Example.org:443".to_owned(),
    ] {
        let answer = raw(&serve, &with_host("/playground.json", &host)).await;
        assert_eq!(status_line(&answer), "HTTP/1.1 200 OK", "{host}");
    }
    let answer = raw(&serve, &with_host("/playground.json", "playground.example.org")).await;
    assert!(
        answer.contains("http://playground.example.org/sandbox"),
        "{answer}"
    );
    let answer = raw(
        &standalone,
        &with_host(&relayed, &format!("localhost:{}", port(&standalone))),
    )
    .await;
    assert_eq!(status_line(&answer), "HTTP/1.1 401 Unauthorized");
    assert_eq!(up.hits(), 1);
}

#[tokio::test]
async fn response_headers_pass_an_allowlist_and_the_rest_is_renamed() {
    let (_up, base) = start_upstream().await;
    let server = relay(&["--allow-loopback"]).await;
    relay_cases::response_headers_pass_an_allowlist_and_the_rest_is_renamed(&server, &base).await;
}

#[tokio::test]
async fn a_url_in_the_query_survives_any_spelling_of_the_target() {
    let (_up, base) = start_upstream().await;
    let server = relay(&["--allow-loopback"]).await;
    let authority = base.trim_start_matches("http://");
    for target in [
        format!("http:{authority}/x?u=http://a/b"),
        format!("http://{authority}/x?u=http://a/b"),
        format!("http:{authority}?u=https://a/b"),
    ] {
        let reply = send("GET", &relay_url(&server, &target), &[], "").await;
        assert_eq!(reply.status, 401, "{target}: {}", reply.text());
        let want = if target.contains("/x?") {
            "/x?u=http://a/b"
        } else {
            "/?u=https://a/b"
        };
        assert_eq!(json(&reply)["target"], want, "{target}");
    }
}

#[tokio::test]
async fn allow_loopback_refuses_a_listen_address_that_is_not_loopback() {
    for command in ["serve", "relay"] {
        let (ok, stderr) = run_to_exit(&[
            command,
            "--listen",
            "0.0.0.0:0",
            "--allow-loopback",
            "--allow-origin",
            ORIGIN,
        ])
        .await;
        assert!(!ok, "{command} started");
        assert!(
            stderr.contains("refusing to start: --allow-loopback")
                && stderr.contains("--listen 0.0.0.0:0")
                && stderr.contains("--allow-target"),
            "{stderr}"
        );
    }
}

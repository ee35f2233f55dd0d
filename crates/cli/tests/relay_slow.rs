//! Slow and greedy clients, end to end on loopback: headers that never finish, idle
//! kept-alive connections, a trickled body, and the cap on open connections. The limits are
//! lowered by flags so every wait is short; each wait is on the server closing the
//! connection or answering, never a sleep.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::upstream::{HUGE, relay, start_upstream};
use common::{WAIT, connect, raw, read_until_closed, relay_path, relay_url, send};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn unfinished_headers_are_disconnected() {
    let relay = relay(&["--header-timeout", "200ms"]).await;
    let serve =
        common::Server::start(&["serve", "--listen", "127.0.0.1:0", "--header-timeout", "200ms"]).await;
    let mut waits = Vec::new();
    for server in [&relay, &serve] {
        for partial in [
            "",
            "GET / HTTP/1.1\r\n",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a",
        ] {
            let mut stream = connect(server).await;
            waits.push(tokio::spawn(async move {
                let opened = Instant::now();
                stream.write_all(partial.as_bytes()).await.unwrap();
                let answer = read_until_closed(&mut stream).await;
                assert!(
                    opened.elapsed() >= Duration::from_millis(200),
                    "closed early: {partial:?}"
                );
                assert!(!answer.contains("200 OK"), "{answer}");
            }));
        }
    }
    for wait in waits {
        wait.await.unwrap();
    }
}

#[tokio::test]
async fn idle_kept_alive_connections_are_closed() {
    let server = relay(&["--header-timeout", "200ms"]).await;
    let mut stream = connect(&server).await;
    // Two requests on one connection (no url: a quick 400), then silence.
    for _ in 0..2 {
        let request = format!("GET /relay HTTP/1.1\r\nHost: {}\r\n\r\n", server.host());
        stream.write_all(request.as_bytes()).await.unwrap();
        let answer = read_response(&mut stream).await;
        assert!(answer.starts_with("HTTP/1.1 400 Bad Request"), "{answer}");
    }
    let idle = Instant::now();
    let rest = read_until_closed(&mut stream).await;
    assert_eq!(rest, "");
    assert!(idle.elapsed() >= Duration::from_millis(200));
}

/// Reads one response whose body has a Content-Length.
async fn read_response(stream: &mut tokio::net::TcpStream) -> String {
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(WAIT, async {
        loop {
            let n = stream.read(&mut buf).await.unwrap();
            assert_ne!(n, 0, "closed mid-response");
            received.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&received).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length: "))
                    .unwrap()
                    .parse()
                    .unwrap();
                if body.len() >= length {
                    return text;
                }
            }
        }
    })
    .await
    .expect("no complete response")
}

#[tokio::test]
async fn a_trickled_body_times_out_and_frees_its_slot() {
    let (up, base) = start_upstream().await;
    let server = relay(&["--allow-loopback", "--timeout", "300ms", "--max-concurrent", "1"]).await;
    let path = relay_path(&format!("{base}/x"));
    let mut stream = connect(&server).await;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nten bytes.",
        server.host()
    );
    let sent = Instant::now();
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408 Request Timeout"), "{answer}");
    assert!(answer.contains("\"error\":\"request_timeout\""), "{answer}");
    assert!(sent.elapsed() >= Duration::from_millis(300));
    // The slot is free again, and the half-sent request never reached the target.
    assert_eq!(up.hits(), 0);
    let reply = send("GET", &relay_url(&server, &format!("{base}/x")), &[], "").await;
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert_eq!(up.hits(), 1);

    // The sandbox under serve reads bodies too, within the same --timeout.
    let serve = common::Server::start(&["serve", "--listen", "127.0.0.1:0", "--timeout", "300ms"]).await;
    let mut stream = connect(&serve).await;
    let head = format!(
        "POST /sandbox/oauth/request_token HTTP/1.1\r\nHost: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\noauth_",
        serve.host()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408 Request Timeout"), "{answer}");
    assert!(answer.contains("\"error\":\"request_timeout\""), "{answer}");
}

#[tokio::test]
async fn a_client_that_stops_reading_is_disconnected() {
    let (_up, base) = start_upstream().await;
    let server = relay(&[
        "--allow-loopback",
        "--header-timeout",
        "300ms",
        "--max-response-bytes",
        "16777216",
    ])
    .await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(server.host().parse().unwrap()).await.unwrap();
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        relay_path(&format!("{base}/huge")),
        server.host()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    // Not reading: the server's writes stall, and it gives up.
    server.wait_for_log("stopped reading its answer", 1).await;
    let answer = read_until_closed(&mut stream).await;
    assert!(
        answer.starts_with("HTTP/1.1 200 OK"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    assert!(answer.len() < HUGE, "the whole answer arrived");
}

#[tokio::test]
async fn open_connections_are_capped() {
    let server = relay(&["--max-connections", "2", "--header-timeout", "60s"]).await;
    // Two silent connections take both places (connections are accepted in order).
    let first = connect(&server).await;
    let _second = connect(&server).await;
    let mut third = connect(&server).await;
    let answer = read_until_closed(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 503 Service Unavailable"), "{answer}");
    assert!(answer.contains("\"error\":\"busy\"") && answer.contains("--max-connections"));
    // Closing one frees its place: a request gets through once the server has seen it go.
    drop(first);
    let request = format!(
        "GET /relay HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.host()
    );
    tokio::time::timeout(WAIT, async {
        loop {
            let answer = raw(&server, &request).await;
            if answer.starts_with("HTTP/1.1 400") {
                let json_body = answer.split_once("\r\n\r\n").unwrap().1;
                let body: serde_json::Value = serde_json::from_str(json_body).unwrap();
                assert_eq!(body["error"], "target_refused");
                break;
            }
            assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the closed connection's place was not freed");
}

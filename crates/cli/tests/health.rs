//! `/healthz` and `oauth-playground health`, the container's health check
//! (deploy/container/Containerfile). The image itself is not built here (its base image is
//! on a container registry this machine cannot reach); the binary it copies is the one
//! these tests run, and its HEALTHCHECK is checked to call what is tested here.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Server, get, run_to_exit};

#[tokio::test]
async fn health_answers_while_the_server_runs() {
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let reply = get(&server.url("/healthz")).await;
    assert_eq!((reply.status, reply.text().as_str()), (200, "ok\n"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let url = server.url("/healthz");
    let (ok, stderr) = run_to_exit(&["health", "--url", &url]).await;
    assert!(ok, "{stderr}");
    // The relay alone answers it too.
    let relay = Server::start(&[
        "relay",
        "--listen",
        "127.0.0.1:0",
        "--allow-origin",
        "https://a.example",
    ])
    .await;
    let (ok, stderr) = run_to_exit(&["health", "--url", &relay.url("/healthz")]).await;
    assert!(ok, "{stderr}");
    let (ok, stderr) = run_to_exit(&["health", "--url", &relay.url("/nothing-here")]).await;
    assert!(!ok);
    assert!(stderr.contains("answered 404"), "{stderr}");
    drop(server);
    let (ok, stderr) = run_to_exit(&["health", "--url", &url, "--timeout", "2s"]).await;
    assert!(!ok);
    assert!(stderr.contains("could not reach"), "{stderr}");
    let (ok, stderr) = run_to_exit(&["health", "--url", "file:///etc/passwd"]).await;
    assert!(!ok);
    assert!(stderr.contains("must be an http:// URL"), "{stderr}");
}

#[test]
fn the_containerfile_checks_what_is_tested() {
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../deploy/container/Containerfile"
    ))
    .unwrap();
    for needed in [
        r#"CMD ["/usr/local/bin/oauth-playground", "health", "--url", "http://127.0.0.1:8080/healthz"]"#,
        r#"CMD ["serve", "--listen", "0.0.0.0:8080"]"#,
        "COPY --chmod=0555 target/release/oauth-playground /usr/local/bin/oauth-playground",
        "USER 65532:65532",
    ] {
        assert!(file.contains(needed), "the Containerfile lacks {needed}");
    }
}

//! One-legged `request` (`--consumer-key`, no token): against the sandbox's one-legged
//! resource and against oauthlib's SignatureOnlyEndpoint (tests/peers), which shares no
//! code with the core. No `oauth_token` is sent unless `--empty-token` asks for `""`.
#![allow(clippy::unwrap_used)]

mod cli_provider;
mod common;

use cli_provider::{run, stderr, stdout, temp_dir};
use common::Server;
use common::peer::{self, Peer};
use common::sandbox::{KEY, SECRET};

async fn one_legged(dir: &std::path::Path, secret: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["request"];
    all.extend_from_slice(args);
    run(dir, &all, &[("OAUTH_CONSUMER_SECRET", secret)], "").await
}

#[tokio::test]
async fn the_sandbox_verifies_one_legged_calls() {
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let dir = temp_dir("one-legged-sandbox");
    let url = server.url("/sandbox/api/one-legged?per_page=1");

    let out = one_legged(&dir, SECRET, &["--consumer-key", KEY, "GET", &url]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "{\"consumer_key\":\"playground-demo-key\",\"oauth_token\":null,\"params\":[[\"per_page\",\"1\"]],\
         \"signature_method\":\"HMAC-SHA1\"}"
    );

    // The empty token only when asked, and it is signed; oauth_version left out.
    let out = one_legged(
        &dir,
        SECRET,
        &[
            "--consumer-key",
            KEY,
            "--signature-method",
            "HMAC-SHA256",
            "--empty-token",
            "--no-version",
            "--placement",
            "query",
            "POST",
            &url,
            "-d",
            "status=a b&c",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "{\"consumer_key\":\"playground-demo-key\",\"oauth_token\":\"\",\"params\":[[\"per_page\",\"1\"],\
         [\"status\",\"a b&c\"]],\"signature_method\":\"HMAC-SHA256\"}"
    );

    // A wrong secret is refused and explained, like any call.
    let out = one_legged(&dir, "not-it", &["--consumer-key", KEY, "GET", &url]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(
            "The provider answered HTTP/1.1 401 Unauthorized.\noauth_problem=signature_invalid\n"
        ),
        "{}",
        stderr(&out)
    );

    // A resource that wants a token says so.
    let me = server.url("/sandbox/api/me");
    let out = one_legged(&dir, SECRET, &["--consumer-key", KEY, "GET", &me]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("oauth_problem=parameter_absent\n"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn oauthlib_verifies_one_legged_calls() {
    let peer = Peer::start().await;
    let dir = temp_dir("one-legged-oauthlib");
    let url = peer.url("/wp-json/wc/v3/orders?status=on-hold");

    for (extra, token) in [(&[][..], "null"), (&["--empty-token"][..], "\"\"")] {
        let mut args = vec!["--consumer-key", peer::KEY, "--signature-method", "HMAC-SHA256"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["POST", &url, "-d", "note=ü & +"]);
        let out = one_legged(&dir, peer::SECRET, &args).await;
        assert!(out.status.success(), "{extra:?}: {}", stderr(&out));
        assert_eq!(
            stdout(&out),
            format!(
                "{{\"consumer_key\": \"peer-one-legged-key\", \"oauth_token\": {token}, \"signature_method\": \
                 \"HMAC-SHA256\", \"params\": [[\"status\", \"on-hold\"], [\"note\", \"ü & +\"]]}}"
            ),
            "{extra:?}"
        );
    }

    let out = one_legged(
        &dir,
        "not-it",
        &["--consumer-key", peer::KEY, "--no-version", "GET", &url],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "refused: client=ok signature=bad\n");
}

#[tokio::test]
async fn one_legged_flags_are_checked_before_sending() {
    let dir = temp_dir("one-legged-flags");
    // Nothing listens on port 9: a request that got this far would fail differently.
    let url = "http://127.0.0.1:9/x";
    let out = run(&dir, &["request", "--consumer-key", "ck", "GET", url], &[], "").await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the consumer secret is not set: give it in --consumer-secret SECRET or $OAUTH_CONSUMER_SECRET \
         (or run in a terminal to be asked)\n"
    );
    let out = run(&dir, &["request", "--empty-token", "GET", url], &[], "").await;
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &dir,
        &[
            "request",
            "--consumer-key",
            "ck",
            "--signature-method",
            "RSA-SHA1",
            "GET",
            url,
        ],
        &[],
        "",
    )
    .await;
    assert_eq!(
        stderr(&out),
        "error: RSA-SHA1 needs the consumer's RSA private key: give it with --rsa-key FILE\n"
    );
}

#[tokio::test]
async fn bad_input_is_warned_about_before_sending() {
    let dir = temp_dir("one-legged-warnings");
    // WooCommerce over https: said first, then the call is tried (nothing listens on port 9).
    let woo = "https://127.0.0.1:9/wp-json/wc/v3/orders";
    let out = one_legged(&dir, "cs_1", &["--consumer-key", "ck_1", "GET", woo]).await;
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let (first, rest) = err.split_once('\n').unwrap();
    assert_eq!(
        first,
        "warning: this looks like WooCommerce's REST API (/wp-json/wc/) over https: there the store does not \
         check OAuth 1.0a signatures, it expects HTTP Basic authentication with the consumer key and secret (or \
         consumer_key and consumer_secret in the query). It checks one-legged OAuth 1.0a over plain http only."
    );
    assert!(rest.starts_with("error: "), "{rest}");

    // PLAINTEXT over http on loopback (the sandbox) is not warned about.
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let url = server.url("/sandbox/api/one-legged");
    let plaintext = ["--consumer-key", KEY, "--signature-method", "PLAINTEXT"];
    let out = one_legged(&dir, SECRET, &[&plaintext[..], &["GET", &url]].concat()).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

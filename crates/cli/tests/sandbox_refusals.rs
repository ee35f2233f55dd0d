//! The sandbox's hardening, end to end on loopback: bounded nonces and callbacks, the
//! authorize form's CSRF defences, and which callbacks it redirects to.
#![allow(clippy::unwrap_used)]

mod common;

use common::sandbox::{
    access_token, authorize_page, click, consumer, decide, options, problem, query_param, request_token,
    try_request_token,
};
use common::{Server, get, now, send, send_signed};
use oauth1::{RequestSpec, SignOptions, SignatureMethod, sign_request};

async fn serve(extra: &[&str]) -> Server {
    let mut args = vec!["serve", "--listen", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Server::start(&args).await
}

fn assert_rejected(reply: &common::Reply, parameter: &str, advice: &str) {
    assert_eq!(reply.status, 400, "{}", reply.text());
    let p = problem(reply);
    assert_eq!(p.problem, "parameter_rejected");
    assert_eq!(p.parameters_rejected, vec![parameter]);
    let got = p.advice.unwrap_or_default();
    assert!(got.contains(advice), "{got}");
}

#[tokio::test]
async fn nonces_and_callbacks_have_a_length_cap() {
    let server = serve(&[]).await;
    let spec = RequestSpec::new("POST", &server.url("/sandbox/oauth/request_token"));
    let opts = SignOptions {
        callback: Some("oob".into()),
        ..options(SignatureMethod::HmacSha1)
    };
    let with_nonce = |nonce: String| {
        sign_request(&spec, &consumer(), &opts, &nonce, now())
            .unwrap()
            .request
    };
    let reply = send_signed(&with_nonce("n".repeat(129))).await;
    assert_rejected(
        &reply,
        "oauth_nonce",
        "oauth_nonce is 129 characters; the sandbox takes at most 128",
    );
    let reply = send_signed(&with_nonce("é".repeat(128))).await;
    assert_eq!(reply.status, 200, "{}", reply.text());

    let base = server.url("/cb?");
    let long = format!("{base}{}", "a".repeat(2049 - base.len()));
    let reply = try_request_token(&server, &long).await;
    assert_rejected(
        &reply,
        "oauth_callback",
        "oauth_callback is 2049 bytes; the sandbox takes at most 2048",
    );
    let reply = try_request_token(&server, &long[..2048]).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[tokio::test]
async fn the_authorize_form_must_come_from_its_own_page() {
    let server = serve(&[]).await;
    let rt = request_token(
        &server,
        &consumer(),
        SignatureMethod::HmacSha1,
        &server.url("/app"),
    )
    .await;
    let (html, csrf) = authorize_page(&server, &rt.token).await;
    assert_eq!(csrf.len(), 32, "{html}");
    assert_ne!(csrf, rt.token);

    // No CORS on the page, its POST or a preflight for it.
    let url = server.url(&format!("/sandbox/oauth/authorize?oauth_token={}", rt.token));
    let page = send("GET", &url, &[("origin", "https://static.example")], "").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("access-control-allow-origin"), None);
    let preflight = send(
        "OPTIONS",
        &server.url("/sandbox/oauth/authorize"),
        &[
            ("origin", "https://static.example"),
            ("access-control-request-method", "POST"),
        ],
        "",
    )
    .await;
    assert_eq!(preflight.header("access-control-allow-origin"), None);

    let form = |csrf: &str, decision: &str| {
        format!("oauth_token={}&csrf_token={csrf}&decision={decision}", rt.token)
    };
    let origin = server.base.as_str();
    let same = [("origin", origin), ("sec-fetch-site", "same-origin")];
    for (body, headers, status, text) in [
        (
            format!("oauth_token={}&decision=allow", rt.token),
            &same[..],
            403,
            "not the one the sandbox showed",
        ),
        (
            form("forged", "allow"),
            &same[..],
            403,
            "not the one the sandbox showed",
        ),
        (
            form("forged", "deny"),
            &same[..],
            403,
            "not the one the sandbox showed",
        ),
        (
            form(&csrf, "allow"),
            &[("origin", origin), ("sec-fetch-site", "cross-site")][..],
            403,
            "another site (Sec-Fetch-Site: cross-site)",
        ),
        (
            form(&csrf, "allow"),
            &[("origin", "http://127.0.0.1:1")][..],
            403,
            "sent from http://127.0.0.1:1,",
        ),
        (
            form(&csrf, "allow"),
            &[("origin", "null")][..],
            403,
            "sent from null,",
        ),
        (form(&csrf, "maybe"), &same[..], 400, "Unknown decision"),
    ] {
        let reply = decide(&server, body.clone(), headers).await;
        assert_eq!(reply.status, status, "{body} {headers:?}: {}", reply.text());
        assert!(reply.text().contains(text), "{body}: {}", reply.text());
        assert_eq!(reply.header("access-control-allow-origin"), None);
    }

    // None of that spent the token. Allow, then Allow again: the same verifier, and the
    // first redirect still works.
    let first = click(&server, &rt.token, "allow").await;
    assert_eq!(first.status, 302, "{}", first.text());
    assert_eq!(first.header("access-control-allow-origin"), None);
    let verifier = query_param(first.header("location").unwrap(), "oauth_verifier").unwrap();
    let second = click(&server, &rt.token, "allow").await;
    assert_eq!(second.header("location"), first.header("location"));
    let reply = access_token(&server, &rt, &verifier).await;
    assert_eq!(reply.status, 200, "{}", reply.text());

    // A client that is not a browser sends no Origin: the hidden value alone decides.
    let rt = request_token(&server, &consumer(), SignatureMethod::HmacSha1, "oob").await;
    let (_, csrf) = authorize_page(&server, &rt.token).await;
    let body = format!("oauth_token={}&csrf_token={csrf}&decision=allow", rt.token);
    let reply = decide(&server, body, &[]).await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("Your verification code"));
}

#[tokio::test]
async fn callbacks_go_to_loopback_or_this_origin_unless_the_flag_says_otherwise() {
    let server = serve(&[]).await;
    for callback in [
        server.url("/flows/three-legged?x=1"),
        "http://localhost:3000/cb".into(),
        "http://[::1]:3000/cb".into(),
        "http://127.1.2.3/cb".into(),
        "oob".into(),
    ] {
        let reply = try_request_token(&server, &callback).await;
        assert_eq!(reply.status, 200, "{callback}: {}", reply.text());
    }
    for (callback, advice) in [
        (
            "https://app.example/cb",
            "not to app.example; start serve with --sandbox-any-callback",
        ),
        ("http://192.168.1.20:3000/cb", "not to 192.168.1.20;"),
        ("javascript:alert(1)", "absolute http(s) URL"),
    ] {
        let reply = try_request_token(&server, callback).await;
        assert_rejected(&reply, "oauth_callback", advice);
    }

    // For workshops: any http(s) host. The redirect is only a Location header; nothing is
    // sent there.
    let open = serve(&["--sandbox-any-callback"]).await;
    let rt = request_token(
        &open,
        &consumer(),
        SignatureMethod::HmacSha1,
        "https://app.example/cb",
    )
    .await;
    let reply = click(&open, &rt.token, "allow").await;
    assert_eq!(reply.status, 302, "{}", reply.text());
    assert!(
        reply
            .header("location")
            .unwrap()
            .starts_with("https://app.example/cb?oauth_token="),
        "{:?}",
        reply.header("location")
    );
    let reply = try_request_token(&open, "javascript:alert(1)").await;
    assert_rejected(&reply, "oauth_callback", "absolute http(s) URL");
    assert_eq!(get(&open.url("/sandbox/oauth/authorize")).await.status, 400);
}

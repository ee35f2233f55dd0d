//! What the sandbox's OAuth 2.0 server refuses, each with the `error` and the
//! `error_description` that says what was wrong: a wrong PKCE verifier, a reused or expired
//! code, a redirect mismatch, a bad client secret, an expired token, a forged consent form,
//! and the device flow's endings. Expiry moves the server's test clock; nothing sleeps.
#![allow(clippy::unwrap_used)]

mod common;

use base64::Engine;
use common::oauth2_sandbox::*;
use common::{get, send};
use sha2::{Digest, Sha256};

fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn pair(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

#[tokio::test]
async fn a_wrong_verifier_names_both_challenges_and_spends_nothing() {
    let server = start().await;
    let code = code_for(&server, SPA, "openid").await;
    let wrong = "a-wrong-verifier-that-is-long-enough-to-be-valid";
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("client_id", SPA),
        ("code_verifier", wrong),
    ];
    let (status, err, why) = error(&token(&server, &pairs, &[]).await);
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert_eq!(
        why,
        format!(
            "code_verifier does not match: the code_challenge (S256) was {CHALLENGE}, and \
             BASE64URL(SHA-256(code_verifier)) of this code_verifier is {} (RFC 7636 §4.6)",
            s256(wrong)
        )
    );
    assert_eq!(s256(VERIFIER), CHALLENGE);
    assert_eq!(exchange(&server, SPA, &code, &[]).await.status, 200);
}

#[tokio::test]
async fn a_reused_code_is_refused_and_revokes_its_tokens() {
    let server = start().await;
    let code = code_for(&server, SPA, "openid").await;
    let first = exchange(&server, SPA, &code, &[]).await.json();
    let (status, err, why) = error(&exchange(&server, SPA, &code, &[]).await);
    assert_eq!((status, err.as_str()), (400, "invalid_grant"));
    assert_eq!(
        why,
        "this code was already exchanged; a code is single-use (RFC 6749 §4.1.2), so the 2 \
         token(s) issued from it are now revoked"
    );
    let me = userinfo(&server, first["access_token"].as_str().unwrap()).await;
    assert_eq!(
        error(&me),
        (
            401,
            "invalid_token".into(),
            "the access token is revoked: its code was exchanged twice".into()
        )
    );
}

#[tokio::test]
async fn redirect_uris_match_exactly() {
    let server = start().await;
    for bad in [
        "http://evil.example/callback",
        "http://127.0.0.1:50123/callback/x",
        "https://127.0.0.1:50123/callback",
    ] {
        let q = form(&[
            ("response_type", "code"),
            ("client_id", SPA),
            ("redirect_uri", bad),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ]);
        let page = consent_page(&server, &q).await;
        assert_eq!((page.status, page.header("location")), (400, None), "{bad}");
        assert!(
            page.text().contains(&format!(
                "redirect_uri {bad} is not registered for playground-spa; it must equal one of"
            )),
            "{}",
            page.text()
        );
    }
    let code = code_for(&server, SPA, "openid").await;
    let other = "http://127.0.0.1:50124/callback";
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", other),
        ("client_id", SPA),
        ("code_verifier", VERIFIER),
    ];
    let (_, err, why) = error(&token(&server, &pairs, &[]).await);
    assert_eq!(err, "invalid_grant");
    assert_eq!(
        why,
        format!("redirect_uri {other} is not {REDIRECT}, the one this code was issued for (RFC 6749 §4.1.3)")
    );
}

#[tokio::test]
async fn pkce_is_required_and_errors_go_back_with_state_and_iss() {
    let server = start().await;
    let q = form(&[
        ("response_type", "code"),
        ("client_id", WEB),
        ("redirect_uri", REDIRECT),
        ("state", "s"),
    ]);
    let pairs = location_pairs(&consent_page(&server, &q).await);
    assert_eq!(pair(&pairs, "error").as_deref(), Some("invalid_request"));
    assert!(
        pair(&pairs, "error_description")
            .unwrap()
            .starts_with("PKCE is required")
    );
    assert_eq!(
        (pair(&pairs, "state"), pair(&pairs, "iss")),
        (Some("s".into()), Some(issuer(&server)))
    );
    let q = format!("{}&prompt=none", authorize_query(SPA, "openid"));
    let pairs = location_pairs(&consent_page(&server, &q).await);
    assert_eq!(pair(&pairs, "error").as_deref(), Some("login_required"));
    // Deny answers access_denied the same way.
    let page = consent_page(&server, &authorize_query(SPA, "openid")).await;
    let pairs = location_pairs(&decide(&server, &page.text(), "deny", &[]).await);
    assert_eq!(pair(&pairs, "error").as_deref(), Some("access_denied"));
    assert_eq!(pair(&pairs, "state").as_deref(), Some("st-1"));
}

#[tokio::test]
async fn the_consent_form_refuses_forgery() {
    let server = start().await;
    let page = consent_page(&server, &authorize_query(SPA, "openid"))
        .await
        .text();
    let id = hidden(&page, "request_id");
    let forged = form(&[
        ("request_id", &id),
        ("csrf_token", "forged"),
        ("decision", "allow"),
    ]);
    let r = send("POST", &endpoint(&server, "/authorize"), &[FORM], forged).await;
    assert_eq!(r.status, 403);
    assert!(
        r.text()
            .contains("this form is not the one the sandbox showed for this request (csrf_token)")
    );
    let r = decide(&server, &page, "allow", &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(r.status, 403);
    assert!(
        r.text()
            .contains("This form was sent from another site (Sec-Fetch-Site: cross-site).")
    );
    assert_eq!(r.header("access-control-allow-origin"), None);
    // Neither spent the request; the real form still works, once.
    assert_eq!(
        decide(&server, &page, "allow", &[("sec-fetch-site", "same-origin")])
            .await
            .status,
        302
    );
    assert_eq!(decide(&server, &page, "allow", &[]).await.status, 400);
}

#[tokio::test]
async fn bad_client_credentials() {
    let server = start().await;
    let cc = [("grant_type", "client_credentials")];
    let r = token(&server, &cc, &[("authorization", &basic(M2M, "wrong"))]).await;
    let (status, err, why) = error(&r);
    assert_eq!((status, err.as_str()), (401, "invalid_client"));
    assert!(why.starts_with("the client_secret sent for playground-m2m (5 characters, by client_secret_basic) is not the registered one"), "{why}");
    assert!(
        r.header("www-authenticate")
            .unwrap()
            .starts_with("Basic realm=\"OAuth Playground sandbox\", error=\"invalid_client\"")
    );
    let post = [
        ("grant_type", "client_credentials"),
        ("client_id", M2M),
        ("client_secret", "nope"),
    ];
    assert_eq!(error(&token(&server, &post, &[]).await).1, "invalid_client");
    // A confidential client without credentials; a public one with an empty secret; two methods.
    let (_, _, why) = error(
        &token(
            &server,
            &[("grant_type", "client_credentials"), ("client_id", M2M)],
            &[],
        )
        .await,
    );
    assert_eq!(
        why,
        "playground-m2m is a confidential client: authenticate with client_secret_basic or client_secret_post"
    );
    let empty = token(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", SPA),
            ("client_secret", ""),
            ("refresh_token", "x"),
        ],
        &[],
    )
    .await;
    assert!(error(&empty).2.starts_with("client_secret is sent empty"));
    let both = [
        ("grant_type", "client_credentials"),
        ("client_secret", M2M_SECRET),
        ("client_id", M2M),
    ];
    let (_, err, why) = error(&token(&server, &both, &[("authorization", &basic(M2M, M2M_SECRET))]).await);
    assert_eq!(
        (err.as_str(), why.as_str()),
        (
            "invalid_request",
            "the client authenticated with client_secret_basic and client_secret_post; RFC 6749 §2.3 allows one method per request"
        )
    );
    // The SPA may not use client_credentials.
    let (_, err, _) = error(
        &token(
            &server,
            &[("grant_type", "client_credentials"), ("client_id", SPA)],
            &[],
        )
        .await,
    );
    assert_eq!(err, "unauthorized_client");
}

#[tokio::test]
async fn codes_and_tokens_expire_on_the_servers_clock() {
    let server = start().await;
    let late = code_for(&server, SPA, "openid").await;
    let code = code_for(&server, SPA, "openid").await;
    let t = exchange(&server, SPA, &code, &[]).await.json();
    advance(&server, 61).await;
    let (_, err, why) = error(&exchange(&server, SPA, &late, &[]).await);
    assert_eq!(err, "invalid_grant");
    assert!(
        why.starts_with("this code expired at ") && why.contains("(codes live 60 s)"),
        "{why}"
    );
    let access = t["access_token"].as_str().unwrap();
    assert_eq!(userinfo(&server, access).await.status, 200);
    advance(&server, 3600).await;
    let (status, err, why) = error(&userinfo(&server, access).await);
    assert_eq!((status, err.as_str()), (401, "invalid_token"));
    assert!(why.starts_with("the access token expired at "), "{why}");
    // The refresh token outlives it.
    let pairs = [
        ("grant_type", "refresh_token"),
        ("refresh_token", t["refresh_token"].as_str().unwrap()),
        ("client_id", SPA),
    ];
    assert_eq!(token(&server, &pairs, &[]).await.status, 200);
}

#[tokio::test]
async fn device_codes_expire_and_can_be_denied() {
    let server = start().await;
    let start_device = || async {
        post_form(
            &endpoint(&server, "/device_authorization"),
            &[("client_id", DEVICE)],
            &[],
        )
        .await
        .json()
    };
    let poll = |code: String| {
        let server = &server;
        async move {
            token(
                server,
                &[
                    ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                    ("device_code", &code),
                    ("client_id", DEVICE),
                ],
                &[],
            )
            .await
        }
    };
    let denied = start_device().await;
    let page = get(denied["verification_uri_complete"].as_str().unwrap())
        .await
        .text();
    let body = form(&[
        ("user_code", &hidden(&page, "user_code")),
        ("csrf_token", &hidden(&page, "csrf_token")),
        ("decision", "deny"),
    ]);
    assert_eq!(
        send("POST", &endpoint(&server, "/device"), &[FORM], body)
            .await
            .status,
        200
    );
    assert_eq!(
        error(&poll(denied["device_code"].as_str().unwrap().into()).await).1,
        "access_denied"
    );
    let wrong = get(&format!("{}?user_code=BCDF-GHJK", endpoint(&server, "/device")))
        .await
        .text();
    assert!(wrong.contains("No device is waiting for the code BCDF-GHJK"));

    let expiring = start_device().await;
    advance(&server, 601).await;
    let (_, err, why) = error(&poll(expiring["device_code"].as_str().unwrap().into()).await);
    assert_eq!(err, "expired_token");
    assert!(why.contains("(600 s after it was issued)"), "{why}");
}

/// python-oauthlib's client builds the token requests and reads the answers: a second
/// implementation of the client side.
#[tokio::test]
async fn oauthlib_client_against_the_sandbox() {
    let server = start().await;
    let code = code_for(&server, WEB, "openid").await;
    let script = r#"
import sys, json
from oauthlib.oauth2 import WebApplicationClient, BackendApplicationClient
kind = sys.argv[1]
if kind == "code":
    c = WebApplicationClient(sys.argv[2])
    print(c.prepare_request_body(code=sys.argv[3], redirect_uri=sys.argv[4], code_verifier=sys.argv[5], client_secret=sys.argv[6], include_client_id=True))
elif kind == "cc":
    print(BackendApplicationClient(sys.argv[2]).prepare_request_body(scope=["api.read"], client_id=sys.argv[2], client_secret=sys.argv[3], include_client_id=True))
else:
    t = WebApplicationClient("x").parse_request_body_response(sys.stdin.read(), scope=sys.argv[2].split())
    print(json.dumps(sorted(t.keys())))
"#;
    let python = |args: Vec<String>, input: Option<String>| async move {
        use tokio::io::AsyncWriteExt;
        let mut child = tokio::process::Command::new("/usr/bin/python3")
            .arg("-c")
            .arg(script)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(input.unwrap_or_default().as_bytes())
            .await
            .unwrap();
        drop(stdin);
        let out = child.wait_with_output().await.unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let body = python(
        ["code", WEB, &code, REDIRECT, VERIFIER, WEB_SECRET]
            .map(String::from)
            .to_vec(),
        None,
    )
    .await;
    let reply = send("POST", &endpoint(&server, "/token"), &[FORM], body).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let keys = python(vec!["parse".into(), "openid".into()], Some(reply.text())).await;
    assert!(
        keys.contains("\"id_token\"") && keys.contains("\"refresh_token\""),
        "{keys}"
    );
    let body = python(["cc", M2M, M2M_SECRET].map(String::from).to_vec(), None).await;
    let reply = send("POST", &endpoint(&server, "/token"), &[FORM], body).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let keys = python(vec!["parse".into(), "api.read".into()], Some(reply.text())).await;
    assert_eq!(
        keys,
        r#"["access_token", "expires_at", "expires_in", "scope", "token_type"]"#
    );
}

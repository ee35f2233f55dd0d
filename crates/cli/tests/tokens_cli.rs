//! `oauth-playground tokens add|list|remove`: a token obtained from the sandbox by a native
//! client is added by hand (secrets from the environment), listed with its secrets masked,
//! used by `request` against the sandbox, and removed.
#![allow(clippy::unwrap_used)]

mod cli_provider;
mod common;

use cli_provider::{run, stderr, stdout, temp_dir};
use common::Server;
use common::sandbox::{KEY, SECRET, access_token, click, consumer, request_token};
use oauth1::{SignatureMethod, TokenResponse};

/// An access token for the demo consumer, by the three legs (oob: the page shows the PIN).
async fn sandbox_token(server: &Server) -> TokenResponse {
    let rt = request_token(server, &consumer(), SignatureMethod::HmacSha1, "oob").await;
    let page = click(server, &rt.token, "allow").await.text();
    let verifier = page
        .split("<code id=\"verifier\">")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .unwrap_or_else(|| panic!("{page}"))
        .to_owned();
    let reply = access_token(server, &rt, &verifier).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    TokenResponse::parse(&reply.text()).unwrap()
}

#[tokio::test]
async fn add_list_request_remove_against_the_sandbox() {
    let server = Server::start(&["serve", "--listen", "127.0.0.1:0"]).await;
    let access = sandbox_token(&server).await;
    let dir = temp_dir("tokens-add");
    let file = dir.join("tokens.json");
    let file = file.to_str().unwrap();
    let base = server.url("/sandbox/api");
    let secrets = [
        ("OAUTH_CONSUMER_SECRET", SECRET),
        ("OAUTH_TOKEN_SECRET", access.token_secret.expose()),
    ];
    let add = [
        "tokens",
        "add",
        "--tokens",
        file,
        "--consumer-key",
        KEY,
        "--token",
        &access.token,
        "--signature-method",
        "hmac-sha256",
        "--base-url",
        &base,
        "--name",
        "Pasted",
    ];
    let out = run(&dir, &add, &secrets, "").await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        format!("Token {} saved as \"Pasted\" in {file}.\n", access.token)
    );

    // Saved as the store writes any token.
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let entry = &saved["tokens"][0];
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["current"], entry["id"]);
    assert_eq!(entry["protocol"], "oauth1");
    assert_eq!(entry["consumer_secret"], SECRET);
    assert_eq!(entry["token_secret"], access.token_secret.expose());
    assert_eq!(entry["signature_method"], "HMAC-SHA256");
    assert_eq!(entry["provider"], "127.0.0.1");
    assert_eq!(entry["endpoints"], serde_json::json!({ "api": base }));

    // Listed with the secrets masked, in text and JSON.
    let out = run(&dir, &["tokens", "list", "--tokens", file, "--json"], &[], "").await;
    assert!(out.status.success(), "{}", stderr(&out));
    let listed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(listed[0]["token"], access.token.as_str());
    assert_eq!(listed[0]["consumer_secret"], "•".repeat(12));
    assert_eq!(listed[0]["current"], true);
    assert!(!stdout(&out).contains(access.token_secret.expose()));
    let out = run(&dir, &["tokens", "list", "--tokens", file], &[], "").await;
    let text = stdout(&out);
    assert!(
        text.starts_with("Pasted (current)\n  consumer_key      playground-demo-key\n"),
        "{text}"
    );
    assert!(text.contains("\n  consumer_secret   ••••••••••••\n"), "{text}");
    assert!(!text.contains(SECRET) && !text.contains(access.token_secret.expose()));

    // `request` signs with it; the sandbox verifies.
    let me = server.url("/sandbox/api/me");
    let out = run(&dir, &["request", "--tokens", file, "GET", &me], &[], "").await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "{{\"consumer_key\":\"{KEY}\",\"screen_name\":\"sandbox-learner\",\"signature_method\":\"HMAC-SHA256\",\
             \"token\":\"{}\",\"user_id\":\"1001\"}}",
            access.token
        )
    );

    // The same token again replaces it; remove takes it out and clears `current`.
    let out = run(&dir, &add, &secrets, "").await;
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&dir, &["tokens", "remove", "--tokens", file, "Pasted"], &[], "").await;
    assert!(out.status.success(), "{}", stderr(&out));
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(saved["tokens"], serde_json::json!([]));
    assert_eq!(saved["current"], serde_json::Value::Null);
    let out = run(&dir, &["tokens", "remove", "--tokens", file, "Pasted"], &[], "").await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: the token file has no tokens; run `oauth-playground authorize …` first\n"
    );
}

/// Extra flags, the environment, and what stderr says.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[tokio::test]
async fn add_refuses_bad_input_before_writing() {
    let dir = temp_dir("tokens-refused");
    let file = dir.join("tokens.json");
    let file = file.to_str().unwrap();
    let both = [("OAUTH_CONSUMER_SECRET", "cs"), ("OAUTH_TOKEN_SECRET", "ts")];
    let cases: [Case; 4] = [
        (
            &["--base-url", "ftp://shop.example/"],
            &both,
            "error: the API's base URL is not usable: the URL \"ftp://shop.example/\" must start with http:// or https://\n",
        ),
        (
            &[
                "--base-url",
                "https://shop.example/",
                "--signature-method",
                "HMAC-MD5",
            ],
            &both,
            "error: \"HMAC-MD5\" is not a signature method; use one of HMAC-SHA1, HMAC-SHA256, HMAC-SHA512, \
             RSA-SHA1, RSA-SHA256, RSA-SHA512, PLAINTEXT\n",
        ),
        // No terminal (stdin is a pipe) and no variable: said, not asked.
        (
            &["--base-url", "https://shop.example/"],
            &[("OAUTH_CONSUMER_SECRET", "cs")],
            "error: the token secret is not set: give it in $OAUTH_TOKEN_SECRET (or run in a terminal to be asked)\n",
        ),
        (
            &["--base-url", "https://shop.example/"],
            &[("OAUTH_CONSUMER_SECRET", ""), ("OAUTH_TOKEN_SECRET", "ts")],
            "error: the consumer secret is not set: give it in $OAUTH_CONSUMER_SECRET (or run in a terminal to be asked)\n",
        ),
    ];
    for (extra, env, expected) in cases {
        let mut args = vec![
            "tokens",
            "add",
            "--tokens",
            file,
            "--consumer-key",
            "ck",
            "--token",
            "tk",
        ];
        args.extend_from_slice(extra);
        let out = run(&dir, &args, env, "").await;
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        assert_eq!(stderr(&out), expected, "{extra:?}");
    }
    assert!(!std::path::Path::new(file).exists());
}

//! `oauth-playground authorize` end to end with the PIN on stdin, then `request` with the
//! file it wrote: against the in-test provider and against `serve`'s sandbox.
#![allow(clippy::unwrap_used)]

mod cli_provider;

use std::process::Stdio;

use bytes::Bytes;
use cli_provider::*;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;

fn legs(base: &str) -> Vec<String> {
    [
        "--request-token-url",
        &format!("{base}/oauth/request_token"),
        "--authorize-url",
        &format!("{base}/oauth/authorize"),
        "--access-token-url",
        &format!("{base}/oauth/access_token"),
        "--consumer-key",
        CONSUMER_KEY,
    ]
    .map(str::to_owned)
    .to_vec()
}

async fn authorize(
    dir: &std::path::Path,
    extra: &[&str],
    envs: &[(&str, &str)],
    pin: &str,
) -> std::process::Output {
    let mut args = vec!["authorize"];
    args.extend_from_slice(extra);
    run(dir, &args, envs, pin).await
}

/// Starts `authorize` and waits until it prints the authorize URL, its only stdout line:
/// it then waits for the PIN, which [`enter_pin`] gives.
async fn start_authorize(home: &std::path::Path, args: &[String]) -> (tokio::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oauth-playground"))
        .arg("authorize")
        .args(args)
        .env("HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = tokio::time::timeout(WAIT, out.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    (child, url)
}

async fn enter_pin(mut child: tokio::process::Child, pin: &str) -> std::process::Output {
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(format!("{pin}\n").as_bytes()).await.unwrap();
    drop(stdin);
    let done = tokio::time::timeout(WAIT, child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    done
}

#[tokio::test]
async fn authorize_with_a_piped_pin_writes_a_token_that_request_uses() {
    let base = start_provider().await;
    let dir = temp_dir("authorize");
    let legs = legs(&base);
    let mut args: Vec<&str> = legs.iter().map(String::as_str).collect();
    args.extend(["--name", "Mine"]);
    let env = [("OAUTH_CONSUMER_SECRET", CONSUMER_SECRET)];
    let out = authorize(&dir, &args, &env, &format!("  {VERIFIER}\n")).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("{base}/oauth/authorize?oauth_token={REQUEST_TOKEN}\n")
    );
    let path = dir.join(".config/oauth-playground/tokens.json");
    assert_eq!(
        stderr(&out),
        format!(
            "Open this URL in a browser and allow access:\n\
             Then paste the verification code (PIN) here and press Enter: \
             Access token {ACCESS_TOKEN} saved as \"Mine\" in {}.\n  user_id = 7\n  screen_name = Jo Doe\n",
            path.display()
        )
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["schema"], "oauth-playground/tokens");
    assert_eq!(saved["version"], 2);
    let token = &saved["tokens"][0];
    assert_eq!(token["protocol"], "oauth1");
    assert_eq!(saved["current"], token["id"]);
    assert_eq!(token["name"], "Mine");
    assert_eq!(token["provider"], "127.0.0.1");
    assert_eq!(token["consumer_key"], CONSUMER_KEY);
    assert_eq!(token["consumer_secret"], CONSUMER_SECRET);
    assert_eq!(token["token"], ACCESS_TOKEN);
    assert_eq!(token["token_secret"], ACCESS_SECRET);
    assert_eq!(token["signature_method"], "HMAC-SHA1");
    assert_eq!(
        token["extra"],
        serde_json::json!([["user_id", "7"], ["screen_name", "Jo Doe"]])
    );
    assert_eq!(
        token["endpoints"],
        serde_json::json!({
            "request_token": format!("{base}/oauth/request_token"),
            "authorize": format!("{base}/oauth/authorize"),
            "access_token": format!("{base}/oauth/access_token"),
        })
    );
    // The id is the creation time in ms and the token's first characters.
    let created = token["created"].as_str().unwrap();
    assert_eq!(created.len(), "2025-01-01T00:00:00.000Z".len(), "{created}");
    let ms = humantime::parse_rfc3339(created)
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    assert_eq!(token["id"], format!("{ms}-access"));

    // `request` with the default file (HOME), no flags: the secret came from the file.
    let url = format!("{base}/api/me");
    let out = run(&dir, &["request", "POST", &url, "-d", "a=b c"], &[], "").await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "POST /api/me\nform a=b c\n");
}

#[tokio::test]
async fn authorize_updates_an_existing_file_and_keeps_what_it_does_not_know() {
    let base = start_provider().await;
    let dir = temp_dir("authorize-update");
    let path = dir.join("tokens.json");
    let mut other = access_token_entry("old", "Other");
    other["token"] = "other-token".into();
    other["future_field"] = serde_json::json!({"kept": true});
    let mut stale = access_token_entry("stale", "Mine");
    stale["token"] = "stale-token".into();
    // The token the provider hands out again: replaced in place, under its id.
    let mut same = access_token_entry("same", "Renamed");
    same["note"] = "mine".into();
    std::fs::write(&path, app_export(&[other, stale, same], Some("old"))).unwrap();
    let legs = legs(&base);
    let mut args: Vec<&str> = legs.iter().map(String::as_str).collect();
    let file = path.to_str().unwrap();
    args.extend(["--tokens", file, "--name", "Mine", "--omit-consumer-secret"]);
    args.extend(["--consumer-secret", CONSUMER_SECRET]);
    let out = authorize(
        &dir,
        &args,
        &[],
        &format!("http://cb.test/?oauth_verifier={VERIFIER}\n"),
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "Access token {ACCESS_TOKEN} saved as \"Mine (2)\" in {file}: a different token is already named \"Mine\".\n"
        )),
        "{}",
        stderr(&out)
    );

    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["version"], 2);
    let tokens = saved["tokens"].as_array().unwrap();
    let names: Vec<_> = tokens
        .iter()
        .map(|t| (t["id"].as_str().unwrap(), t["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [("old", "Other"), ("stale", "Mine"), ("same", "Mine (2)")],
        "{saved}"
    );
    assert_eq!(tokens[0]["future_field"]["kept"], true);
    assert_eq!(tokens[1]["token"], "stale-token");
    assert_eq!(tokens[2]["token"], ACCESS_TOKEN);
    assert_eq!(tokens[2]["note"], "mine");
    assert!(tokens[2].get("consumer_secret").is_none(), "{saved}");
    assert_eq!(saved["current"], "same");

    // Without the secret in the file, request needs it from the environment.
    let url = format!("{base}/api/me");
    let out = run(&dir, &["request", "--tokens", file, "GET", &url], &[], "").await;
    assert!(
        stderr(&out).contains("has no consumer secret"),
        "{}",
        stderr(&out)
    );
    let env = [("OAUTH_CONSUMER_SECRET", CONSUMER_SECRET)];
    let out = run(&dir, &["request", "--tokens", file, "GET", &url], &env, "").await;
    assert_eq!(stdout(&out), "GET /api/me\n", "{}", stderr(&out));
}

/// The token file is read again just before the save: what another run or an editor wrote
/// during the PIN wait is kept.
#[tokio::test]
async fn a_change_to_the_file_during_the_pin_wait_is_kept() {
    let base = start_provider().await;
    let dir = temp_dir("authorize-concurrent");
    let path = dir.join("tokens.json");
    let mut first = access_token_entry("first", "First");
    first["token"] = "first-token".into();
    std::fs::write(&path, app_export(&[first], Some("first"))).unwrap();
    let mut args = legs(&base);
    args.extend(["--consumer-secret", CONSUMER_SECRET, "--name", "Mine", "--tokens"].map(String::from));
    args.push(path.to_str().unwrap().to_owned());
    // The authorize URL on stdout: the CLI now waits for the PIN.
    let (child, url) = start_authorize(&dir, &args).await;
    assert!(url.ends_with(&format!("oauth_token={REQUEST_TOKEN}")), "{url}");

    // Meanwhile another run saves a token and the user edits the file.
    let mut edited = access_token_entry("first", "First, renamed");
    edited["token"] = "first-token".into();
    let mut second = access_token_entry("second", "Second");
    second["token"] = "second-token".into();
    std::fs::write(&path, app_export(&[edited, second], Some("second"))).unwrap();

    enter_pin(child, VERIFIER).await;

    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let names: Vec<_> = saved["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["token"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("First, renamed", "first-token"),
            ("Second", "second-token"),
            ("Mine", ACCESS_TOKEN)
        ],
        "{saved}"
    );
    assert_eq!(saved["current"], saved["tokens"][2]["id"]);
}

#[tokio::test]
async fn a_wrong_pin_is_explained_and_nothing_is_written() {
    let base = start_provider().await;
    let dir = temp_dir("authorize-wrong-pin");
    let legs = legs(&base);
    let mut args: Vec<&str> = legs.iter().map(String::as_str).collect();
    args.extend(["--consumer-secret", CONSUMER_SECRET]);
    let out = authorize(&dir, &args, &[], "0000\n").await;
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "The provider answered HTTP/1.1 401 Unauthorized.\noauth_problem=verifier_invalid\n  \
             The verifier (PIN) is wrong or belongs to another token. Paste it again exactly.\n"
        ),
        "{err}"
    );
    assert!(
        err.ends_with(
            "error: the access-token step failed: the provider answered HTTP/1.1 401 Unauthorized\n"
        ),
        "{err}"
    );
    assert!(!dir.join(".config").exists());

    // No PIN at all.
    let out = authorize(&dir, &args, &[], "").await;
    assert!(stderr(&out).ends_with("error: no verification code was given (stdin was empty)\n"));

    // A pasted return is checked against the pending request token (RFC 5849 §4.13).
    let returned = |query: String| format!("http://cb.test/done?{query}#x\n");
    let other = returned(format!("oauth_token=other&oauth_verifier={VERIFIER}"));
    let denied = returned(format!("denied={REQUEST_TOKEN}"));
    for (paste, error) in [
        (
            other,
            format!(
                "error: Refused: the provider returned oauth_token \"other\", which is not the pending request \
                 token \"{REQUEST_TOKEN}\". Continuing could let someone else's token be bound to you (RFC \
                 5849 §4.13). Start over.\n"
            ),
        ),
        (
            denied,
            "error: Authorization was denied. Start over to try again.\n".to_owned(),
        ),
    ] {
        let out = authorize(&dir, &args, &[], &paste).await;
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).ends_with(&error), "{}", stderr(&out));
    }
    assert!(!dir.join(".config").exists());
    let ours = returned(format!("oauth_token={REQUEST_TOKEN}&oauth_verifier={VERIFIER}"));
    let out = authorize(&dir, &args, &[], &ours).await;
    assert!(out.status.success(), "{}", stderr(&out));

    // A callback the browser cannot come back to: refused before anything is sent.
    let mut callback = args.clone();
    callback.extend(["--callback", "myapp://done"]);
    let out = authorize(&dir, &callback, &[], "").await;
    assert_eq!(
        stderr(&out),
        "error: the callback \"myapp://done\" is neither oob nor an absolute http:// or https:// URL\n"
    );
    assert_eq!(stdout(&out), "");

    // No consumer secret: refused before anything is sent.
    let args: Vec<&str> = legs.iter().map(String::as_str).collect();
    let out = authorize(&dir, &args, &[], "").await;
    assert_eq!(
        stderr(&out),
        "error: HMAC-SHA1 needs the consumer secret: give it with --consumer-secret SECRET or OAUTH_CONSUMER_SECRET\n"
    );
    assert_eq!(stdout(&out), "");
}

#[tokio::test]
async fn an_authorize_url_template_gets_the_token_and_consumer_key() {
    let base = start_provider().await;
    let dir = temp_dir("authorize-template");
    let mut legs = legs(&base);
    legs[3] = format!("{base}/e/t/etws/authorize?key={{consumer_key}}&token={{token}}");
    let mut args: Vec<&str> = legs.iter().map(String::as_str).collect();
    args.extend(["--consumer-secret", CONSUMER_SECRET, "--token-method", "GET"]);
    let out = authorize(&dir, &args, &[], &format!("{VERIFIER}\n")).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("{base}/e/t/etws/authorize?key={CONSUMER_KEY}&token={REQUEST_TOKEN}\n")
    );
}

/// GET or form POST on loopback; returns (status, body).
async fn http(method: &str, url: &str, form: Option<String>) -> (u16, String) {
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let mut req = hyper::Request::builder().method(method).uri(url);
    if form.is_some() {
        req = req.header("content-type", "application/x-www-form-urlencoded");
    }
    let req = req
        .body(Full::new(Bytes::from(form.unwrap_or_default())))
        .unwrap();
    let res = tokio::time::timeout(WAIT, client.request(req))
        .await
        .unwrap()
        .unwrap();
    let status = res.status().as_u16();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn authorize_and_request_against_the_sandbox() {
    let dir = temp_dir("authorize-sandbox");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_oauth-playground"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(serve.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(WAIT, lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let base = first.strip_prefix("listening on ").unwrap().to_owned();
    let sandbox = format!("{base}/sandbox");

    let tokens = dir.join("tokens.json");
    let args = [
        "--consumer-key",
        "playground-demo-key",
        "--consumer-secret",
        "playground-demo-secret",
        "--signature-method",
        "HMAC-SHA256",
        "--request-token-url",
        &format!("{sandbox}/oauth/request_token"),
        "--authorize-url",
        &format!("{sandbox}/oauth/authorize"),
        "--access-token-url",
        &format!("{sandbox}/oauth/access_token"),
        "--tokens",
        tokens.to_str().unwrap(),
        "--name",
        "Sandbox",
    ]
    .map(str::to_owned);
    let (child, url) = start_authorize(&dir, &args).await;
    let prefix = format!("{sandbox}/oauth/authorize?oauth_token=");
    let token = url
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{url}"))
        .to_owned();

    // What the page's Allow button does: a form POST back to the authorize path.
    let (status, page) = http("GET", &url, None).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(">Allow</button>"), "{page}");
    let csrf = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("{page}"));
    let form = format!("oauth_token={token}&csrf_token={csrf}&decision=allow");
    let (status, shown) = http("POST", &format!("{sandbox}/oauth/authorize"), Some(form)).await;
    assert_eq!(status, 200, "{shown}");
    let verifier = shown
        .split("<code id=\"verifier\">")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .unwrap_or_else(|| panic!("{shown}"));

    let done = enter_pin(child, verifier).await;
    assert!(String::from_utf8_lossy(&done.stderr).contains("screen_name = sandbox-learner"));

    let file = tokens.to_str().unwrap();
    let me = format!("{sandbox}/api/me");
    let out = run(&dir, &["request", "--tokens", file, "GET", &me], &[], "").await;
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["consumer_key"], "playground-demo-key");
    assert_eq!(v["screen_name"], "sandbox-learner");
    assert_eq!(v["signature_method"], "HMAC-SHA256");

    let echo = format!("{sandbox}/api/echo");
    let out = run(
        &dir,
        &[
            "request",
            "--tokens",
            file,
            "POST",
            &echo,
            "-d",
            "status=hi there & +",
        ],
        &[],
        "",
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["params"], serde_json::json!([["status", "hi there & +"]]));

    // A token the sandbox does not know: 401, explained.
    let saved = std::fs::read_to_string(&tokens)
        .unwrap()
        .replace(&token_of(&tokens), "forged");
    std::fs::write(&tokens, saved).unwrap();
    let out = run(&dir, &["request", "--tokens", file, "GET", &me], &[], "").await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("oauth_problem=token_rejected\n"),
        "{}",
        stderr(&out)
    );
}

fn token_of(path: &std::path::Path) -> String {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["tokens"][0]["token"].as_str().unwrap().to_owned()
}

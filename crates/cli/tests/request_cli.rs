//! `oauth-playground request` against a loopback provider that verifies every signature.
#![allow(clippy::unwrap_used)]

mod cli_provider;

use std::path::PathBuf;

use cli_provider::*;

struct Setup {
    base: String,
    dir: PathBuf,
    tokens: String,
}

/// A provider, and a token file holding one access token ("Test token", current).
async fn setup(name: &str) -> Setup {
    let base = start_provider().await;
    let dir = temp_dir(name);
    let tokens = dir.join("tokens.json");
    std::fs::write(
        &tokens,
        app_export(&[access_token_entry("t1", "Test token")], Some("t1")),
    )
    .unwrap();
    Setup {
        base,
        tokens: tokens.to_str().unwrap().to_owned(),
        dir,
    }
}

impl Setup {
    async fn request(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["request", "--tokens", &self.tokens];
        all.extend_from_slice(args);
        run(&self.dir, &all, &[], "").await
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

#[tokio::test]
async fn signed_get_with_query_and_data_prints_the_body() {
    let s = setup("get").await;
    let url = s.url("/api/items?tag=a%20b&n=1");
    let out = s
        .request(&["get", &url, "-d", "q=x y+z&ü", "-H", "X-Echo: hello"])
        .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "GET /api/items\nquery tag=a b\nquery n=1\nquery q=x y+z&ü\nheader x-echo=hello\n"
    );
    assert_eq!(stderr(&out), "");
}

#[tokio::test]
async fn form_post_with_awkward_values_is_signed_and_echoed() {
    let s = setup("post").await;
    let out = s
        .request(&[
            "POST",
            &s.url("/api/echo"),
            "-d",
            "status=hello world",
            "-d",
            "sum=1+1=2",
            "-d",
            "amp=a&b",
            "-d",
            "uni=héllo ✓ 日本",
            "-d",
            "empty=",
        ])
        .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "POST /api/echo\nform status=hello world\nform sum=1+1=2\nform amp=a&b\nform uni=héllo ✓ 日本\nform empty=\n"
    );
}

#[tokio::test]
async fn include_prints_the_status_line_and_headers() {
    let s = setup("include").await;
    let out = s.request(&["-i", "GET", &s.url("/api/me")]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("HTTP/1.1 200 OK\n"), "{text}");
    assert!(
        text.contains("\ncontent-type: text/plain; charset=utf-8\n"),
        "{text}"
    );
    assert!(text.contains("\ncontent-length: 12\n"), "{text}");
    assert!(text.ends_with("\n\nGET /api/me\n"), "{text}");
}

#[tokio::test]
async fn signature_invalid_exits_non_zero_and_explains_the_problem() {
    let s = setup("invalid").await;
    let url = s.url("/api/me");
    let out = s
        .request(&["GET", &url, "--consumer-secret", "not-the-secret"])
        .await;
    assert_eq!(out.status.code(), Some(1));
    let body = stdout(&out);
    assert!(
        body.starts_with("oauth_problem=signature_invalid&oauth_problem_advice="),
        "{body}"
    );
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "The provider answered HTTP/1.1 401 Unauthorized.\n\
             oauth_problem=signature_invalid\n  \
             The provider computed a different signature. Check the consumer secret and token secret, \
             then compare the base strings.\n\
             Provider's advice: the signature does not match the base string this server computed (debug_sbs)\n\
             The provider's base string (debug_sbs):\n  GET&http%3A%2F%2F127.0.0.1%3A"
        ),
        "{err}"
    );
    assert!(
        err.contains("\nThe base string signed here:\n  GET&http%3A%2F%2F127.0.0.1%3A"),
        "{err}"
    );
    assert!(
        err.contains(
            "\nThe base strings are identical, so the keys differ: check the consumer secret and the token \
             secret.\n"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("error: the provider answered HTTP/1.1 401 Unauthorized\n"),
        "{err}"
    );
    for secret in ["not-the-secret", CONSUMER_SECRET, ACCESS_SECRET] {
        assert!(!err.contains(secret) && !body.contains(secret), "{secret} leaked");
    }
}

#[tokio::test]
async fn a_404_exits_non_zero_and_says_the_provider_gave_no_reason() {
    let s = setup("notfound").await;
    let out = s.request(&["GET", &s.url("/status/404")]).await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "GET /status/404\n");
    assert_eq!(
        stderr(&out),
        "The provider answered HTTP/1.1 404 Not Found.\n\
         It did not say why (no oauth_problem in the body or the WWW-Authenticate header). Not found: the \
         URL is wrong for this provider, or the method (GET/POST) is.\n\
         error: the provider answered HTTP/1.1 404 Not Found\n"
    );
}

/// Provider text on stderr has its control characters escaped; the body on stdout, a pipe
/// here, is left as it came (on a terminal it is escaped too: `terminal::write_body`).
#[tokio::test]
async fn provider_text_cannot_drive_the_terminal() {
    let s = setup("hostile").await;
    let out = s.request(&["GET", &s.url("/status/hostile")]).await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, hostile_problem().to_body().into_bytes());
    let err = stderr(&out);
    assert!(
        err.contains(
            "\nProvider's advice: \\u{1b}[2J\\u{1b}]0;pwned\\u{7}all is well\\u{d}\\u{a}error: none\n\
             The provider's base string (debug_sbs):\n  GET&\\u{1b}[31mhttp\\u{9b}0m\n"
        ),
        "{err}"
    );
    assert!(!err.contains(['\u{1b}', '\u{7}', '\u{9b}', '\r']), "{err}");
}

#[tokio::test]
async fn json_body_with_body_hash_and_query_placement() {
    let s = setup("bodyhash").await;
    let json = r#"{"text":"a b&c"}"#;
    let url = s.url("/api/json");
    let args = [
        "PUT",
        &url,
        "--data-raw",
        json,
        "--content-type",
        "application/json",
        "--body-hash",
    ];
    let out = s.request(&args).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("PUT /api/json\nbody {json}\noauth_body_hash verified\n")
    );

    let out = s
        .request(&["--placement", "query", "DELETE", &s.url("/api/items/1")])
        .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "DELETE /api/items/1\n");
}

#[tokio::test]
async fn explain_prints_the_workings_to_stderr_with_secrets_masked() {
    let s = setup("explain").await;
    let out = s.request(&["--explain", "GET", &s.url("/api/me?x=1")]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "GET /api/me\nquery x=1\n");
    let err = stderr(&out);
    assert!(err.starts_with("Parameters (7 signed):\n"), "{err}");
    assert!(
        err.contains("\nSignature base string (§3.4.1.1):\n  GET&http%3A%2F%2F127.0.0.1%3A"),
        "{err}"
    );
    assert!(
        err.contains("\nSigning key (HMAC-SHA1):\n  ••••••••••••&••••••••••••\n"),
        "{err}"
    );
    assert!(!err.contains(CONSUMER_SECRET) && !err.contains(ACCESS_SECRET));
}

#[tokio::test]
async fn token_file_errors_are_clear() {
    let s = setup("errors").await;
    let url = s.url("/api/me");

    // The default path lives under HOME, where there is none.
    let out = run(&s.dir, &["request", "GET", &url], &[], "").await;
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "error: no token file at {}/.config/oauth-playground/tokens.json: run `oauth-playground authorize …` \
         to get a token, or export the tokens from the app and give the file with --tokens FILE (or \
         OAUTH_PLAYGROUND_TOKENS)\n",
        s.dir.display()
    );
    assert_eq!(stderr(&out), expected);

    // $OAUTH_PLAYGROUND_TOKENS is read; an unknown name lists the names there are.
    let two = app_export(
        &[
            access_token_entry("t1", "Test token"),
            access_token_entry("t2", "Other"),
        ],
        None,
    );
    let path = s.dir.join("two.json");
    std::fs::write(&path, two).unwrap();
    let env = [("OAUTH_PLAYGROUND_TOKENS", path.to_str().unwrap())];
    let out = run(&s.dir, &["request", "--token", "Nope", "GET", &url], &env, "").await;
    assert_eq!(
        stderr(&out),
        "error: no token named \"Nope\"; the file has \"Test token\", \"Other\"\n"
    );
    let out = run(&s.dir, &["request", "GET", &url], &env, "").await;
    assert_eq!(
        stderr(&out),
        "error: the token file has 2 tokens and none is current; pick one with --token NAME: \"Test token\", \"Other\"\n"
    );
    let out = run(&s.dir, &["request", "--token", "Other", "GET", &url], &env, "").await;
    assert!(out.status.success(), "{}", stderr(&out));

    // Another schema is refused.
    std::fs::write(
        &path,
        r#"{"schema":"oauth-playground/tokens","version":3,"tokens":[]}"#,
    )
    .unwrap();
    let out = run(&s.dir, &["request", "GET", &url], &env, "").await;
    assert_eq!(
        stderr(&out),
        format!(
            "error: the token file {} cannot be used: it was written by a newer version (schema version 3; \
             this one reads versions 1 to 2)\n",
            path.display()
        )
    );
}

#[tokio::test]
async fn a_missing_consumer_secret_says_how_to_supply_it() {
    let s = setup("nosecret").await;
    let mut entry = access_token_entry("t1", "Test token");
    entry.as_object_mut().unwrap().remove("consumer_secret");
    std::fs::write(&s.tokens, app_export(&[entry], Some("t1"))).unwrap();
    let url = s.url("/api/me");
    let out = s.request(&["GET", &url]).await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: the token \"Test token\" has no consumer secret saved, and none was given for the consumer \
             \"test-consumer\"; HMAC-SHA1 needs it: give it with --consumer-secret SECRET or \
             OAUTH_CONSUMER_SECRET, or add \"consumer_secret\" to the token in {}\n",
            s.tokens
        )
    );
    let args = ["request", "--tokens", &s.tokens, "GET", &url];
    let out = run(&s.dir, &args, &[("OAUTH_CONSUMER_SECRET", CONSUMER_SECRET)], "").await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "GET /api/me\n");
}

#[tokio::test]
async fn bad_arguments_are_refused_before_sending() {
    let s = setup("badargs").await;
    let url = s.url("/api/me");
    let refused = [
        (
            &["POST", &url, "-d", " "][..],
            "error: -d \" \" is not a parameter; write it as NAME=VALUE\n",
        ),
        (
            &["GET", &url, "-H", "Accept application/json"],
            "error: -H \"Accept application/json\": the header line \"Accept application/json\" has no colon; \
             write it as Name: value\n",
        ),
        (
            &["GET", &url, "-H", "X Echo: 1"],
            "error: -H \"X Echo: 1\": \"X Echo\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ \
             only)\n",
        ),
        (
            &["GET", &url, "-H", "Authorization: Basic x"],
            "error: remove the Authorization header: the signature goes there (or place the OAuth parameters \
             in the query or the body)\n",
        ),
        (
            &["GET", &url, "--data-raw", "x=1"],
            "error: a GET request cannot carry a body; send it without one, or use another method\n",
        ),
        (
            &[
                "POST",
                &url,
                "--data-raw",
                "{}",
                "--content-type",
                "application/json",
                "-H",
                "content-type: text/plain",
            ],
            "error: give the Content-Type once, with --content-type or with -H\n",
        ),
    ];
    for (args, expected) in refused {
        let out = s.request(args).await;
        assert_eq!(
            (stderr(&out).as_str(), stdout(&out).as_str()),
            (expected, ""),
            "{args:?}"
        );
        assert_eq!(out.status.code(), Some(1));
    }
}

/// `-d` is read as the app reads a parameter line: trimmed, and a name alone has an empty
/// value; a `Content-Type` given for the form body it makes is sent with it, and signed.
#[tokio::test]
async fn data_flags_are_parameter_lines() {
    let s = setup("datalines").await;
    let args = [
        "POST",
        &s.url("/api/echo"),
        "-d",
        " status = hi there ",
        "-d",
        "flag",
        "-d",
        "#tag=x",
        "--content-type",
        "application/x-www-form-urlencoded; charset=utf-8",
    ];
    let out = s.request(&args).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "POST /api/echo\nform status=hi there\nform flag=\nform #tag=x\n"
    );
}

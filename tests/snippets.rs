//! Runs the export snippets against the real sandbox: `oauth-playground serve` on a
//! loopback port, an access token from `oauth-playground authorize` (PIN from the
//! authorize page's Allow form), then the curl, Python (requests-oauthlib), Node
//! (oauth-1.0a) and `oauth-playground request` snippets that `state::snippets` writes,
//! each asserted on the exact JSON it prints.
//!
//! The Rust (reqwest) snippet is not run: compiling reqwest and oauth1-request for one
//! test takes minutes on the CI machine. Its text is checked in the unit tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod snippets_support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use snippets_support::{bin_dir, curl, finish, run, serve, temp_dir};

use oauth_playground_app::state::config::Config;
use oauth_playground_app::state::console::{BodyType, ConsoleRequest, console_input};
use oauth_playground_app::state::snippets::{self, SnippetKind, SnippetRequest, SnippetToken};
use oauth_playground_app::state::tokens::SavedToken;
use oauth_playground_app::state::transfer;
use serde_json::{Value, json};

const CONSUMER_SECRET: &str = "playground-demo-secret";

/// `authorize` with the PIN the sandbox shows after "Allow"; returns the saved token.
fn authorize(bin: &Path, sandbox: &str, dir: &Path) -> SavedToken {
    let tokens = dir.join("tokens.json");
    let mut child = Command::new(bin.join("oauth-playground"))
        .args([
            "authorize",
            "--consumer-key",
            "playground-demo-key",
            "--consumer-secret",
            CONSUMER_SECRET,
        ])
        .args(["--request-token-url", &format!("{sandbox}/oauth/request_token")])
        .args(["--authorize-url", &format!("{sandbox}/oauth/authorize")])
        .args(["--access-token-url", &format!("{sandbox}/oauth/access_token")])
        .args(["--tokens", tokens.to_str().unwrap(), "--name", "Sandbox"])
        .env("HOME", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let url = url.trim();
    let token = url
        .strip_prefix(&format!("{sandbox}/oauth/authorize?oauth_token="))
        .unwrap_or_else(|| panic!("{url}"));

    // What the page's Allow button does: a form POST back to the authorize path.
    let page = curl(&[url]);
    assert!(page.contains(">Allow</button>"), "{page}");
    let csrf = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no csrf_token in {page}"));
    let shown = curl(&[
        "-d",
        &format!("oauth_token={token}"),
        "-d",
        &format!("csrf_token={csrf}"),
        "-d",
        "decision=allow",
        &format!("{sandbox}/oauth/authorize"),
    ]);
    let verifier = shown
        .split("<code id=\"verifier\">")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .unwrap_or_else(|| panic!("no verifier in {shown}"));
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{verifier}").unwrap();
    drop(stdin);
    let done = finish(child, "oauth-playground authorize");
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));

    let doc = transfer::parse(&std::fs::read_to_string(&tokens).unwrap()).unwrap();
    let saved = SavedToken::of(&doc.tokens[0]).unwrap();
    assert_eq!(saved.consumer_secret.as_deref(), Some(CONSUMER_SECRET));
    saved
}

/// Runs one snippet and returns what it printed, as JSON.
fn run_snippet(kind: SnippetKind, code: &str, bin: &Path, dir: &Path) -> Value {
    let file = |name: &str| {
        let path = dir.join(name);
        std::fs::write(&path, code).unwrap();
        path
    };
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = match kind {
        SnippetKind::Curl => run(Command::new("sh").arg("-c").arg(code), "the curl snippet"),
        SnippetKind::Cli => run(
            Command::new("sh")
                .arg("-c")
                .arg(code)
                .env("PATH", path)
                .env("HOME", dir)
                .env("OAUTH_PLAYGROUND_TOKENS", dir.join("tokens.json")),
            "the oauth-playground request snippet",
        ),
        SnippetKind::Python => run(
            Command::new("/usr/bin/python3").arg(file("snippet.py")),
            "the Python snippet",
        ),
        SnippetKind::Node => {
            let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snippets/node_modules");
            assert!(
                modules.join("oauth-1.0a").is_dir(),
                "oauth-1.0a is not installed: run `npm ci --prefix tests/snippets` (scripts/setup.sh does)"
            );
            run(
                Command::new("node")
                    .arg(file("snippet.js"))
                    .env("NODE_PATH", modules),
                "the Node snippet",
            )
        }
        SnippetKind::Rust | SnippetKind::Env => unreachable!("not run"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{kind:?} failed:\n{code}\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{kind:?} printed no JSON ({e}):\n{code}\n{stdout}"))
}

/// The curl snippet's one header, signed now with a fresh nonce.
fn signed_once(req: &ConsoleRequest, saved: &SavedToken) -> oauth1::PreparedRequest {
    let input = console_input(req, saved, &Config::default()).unwrap();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let nonce = format!("snippet{}{}", std::process::id(), now.as_nanos());
    let mut signed = oauth1::sign_request(
        &input.spec,
        &input.credentials,
        &input.options,
        &nonce,
        now.as_secs(),
    )
    .unwrap()
    .request;
    signed.headers.extend(input.extra_headers);
    signed
}

#[test]
fn snippets_run_against_the_sandbox() {
    let bin = bin_dir();
    let (_server, base) = serve(&bin, &[]);
    let sandbox = format!("{base}/sandbox");
    let dir = temp_dir();
    let saved = authorize(&bin, &sandbox, &dir);
    // The consumer secret from the configuration, as the export panel finds it.
    let config = Config {
        consumer_key: saved.consumer_key.clone(),
        consumer_secret: CONSUMER_SECRET.into(),
        ..Config::default()
    };
    let token = SnippetToken::new(&saved, &config).unwrap();

    let me = ConsoleRequest {
        url: format!("{sandbox}/api/me"),
        ..ConsoleRequest::default()
    };
    let echo = ConsoleRequest {
        method: "POST".into(),
        url: format!("{sandbox}/api/echo"),
        body_type: BodyType::Form,
        body: "status=hi there & + more\nnote=ünïcødé ✓ 1+1=2".into(),
        ..ConsoleRequest::default()
    };
    let json_body = ConsoleRequest {
        method: "POST".into(),
        url: format!("{sandbox}/api/echo"),
        body_type: BodyType::Json,
        body: r#"{"text": "a b&c ✓"}"#.into(),
        body_hash: true,
        ..ConsoleRequest::default()
    };
    let cases = [
        (
            &me,
            json!({
                "consumer_key": "playground-demo-key",
                "token": saved.token,
                "user_id": "1001",
                "screen_name": "sandbox-learner",
                "signature_method": "HMAC-SHA1",
            }),
        ),
        (
            &echo,
            json!({ "params": [["status", "hi there & + more"], ["note", "ünïcødé ✓ 1+1=2"]] }),
        ),
        (
            &json_body,
            json!({ "params": [], "body": { "text": "a b&c ✓" }, "body_hash": "verified" }),
        ),
    ];
    for (req, expected) in cases {
        let request = SnippetRequest::from_console(req).unwrap();
        for kind in [
            SnippetKind::Curl,
            SnippetKind::Python,
            SnippetKind::Node,
            SnippetKind::Cli,
        ] {
            let signed = (kind == SnippetKind::Curl).then(|| signed_once(req, &saved));
            let code = snippets::generate(kind, &token, &request, signed.as_ref());
            let printed = run_snippet(kind, &code, &bin, &dir);
            assert_eq!(
                printed, expected,
                "{kind:?} for {} {}:\n{code}",
                req.method, req.url
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

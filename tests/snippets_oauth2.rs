//! Runs the OAuth 2.0 export snippets (`state::oauth2::snippets`) against the real
//! sandbox: `oauth-playground serve --sandbox-test-clock` on a loopback port, token sets
//! from `oauth-playground oauth2 login` as the confidential client (Allow posted on the
//! sandbox's consent page, the loopback callback followed), then the curl, `.env`, Python
//! (requests-oauthlib), Node (openid-client v6) and `oauth-playground request` snippets,
//! each asserted on the exact userinfo JSON the sandbox answers with. Then the sandbox's
//! clock moves past the access tokens' lifetime (the old token is refused: 401) and the
//! refreshing snippets must refresh (RFC 6749 §6): requests-oauthlib's auto-refresh, the
//! Node snippet's `refreshTokenGrant`, the CLI's refresh-before-request and its explicit
//! `oauth2 refresh`, each with its own token set (the sandbox rotates refresh tokens and
//! revokes a family whose spent one is reused), each saving the rotated refresh token.
//!
//! Not run: the google-auth snippet (python3-google-auth is not installed here, and its
//! kind is offered for Google's token endpoint only) and the Rust oauth2-crate snippet
//! (compiling oauth2 and reqwest for one test takes minutes). Their exact text is checked
//! in the unit tests (src/state/oauth2/snippets_tests.rs).
// Native only: it runs processes and symlinks (the wasm32 test build compiles every test file).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod snippets_support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;

use oauth_playground_app::state::oauth2::snippets::{self, Kind, TokenSet};
use serde_json::{Value, json};
use snippets_support::{WAIT, bin_dir, curl, finish, run, serve, temp_dir};
use token_store::Document;

const CLIENT: &str = "playground-web";
const SECRET: &str = "playground-web-secret";
/// Past the sandbox's access token lifetime (crates/cli/src/sandbox/oauth2/store.rs ACCESS_TTL).
const LATER: &str = "3700";

/// What the sandbox's userinfo says for the scope `openid profile offline_access`.
fn userinfo() -> Value {
    json!({ "sub": "1001", "name": "Sandbox Learner", "preferred_username": "sandbox-learner" })
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split(&marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        .to_owned()
}

/// `oauth2 login` as the confidential client, saved under `name` in `tokens`: the URL it
/// prints, the consent page's Allow, and the redirect to its loopback listener.
fn login(bin: &Path, issuer: &str, tokens: &Path, name: &str) -> TokenSet {
    let mut child = Command::new(bin.join("oauth-playground"))
        .args(["oauth2", "login", "--issuer", issuer, "--client-id", CLIENT])
        .args([
            "--client-secret",
            SECRET,
            "--scope",
            "openid profile offline_access",
        ])
        .args([
            "--no-browser",
            "--tokens",
            tokens.to_str().unwrap(),
            "--name",
            name,
        ])
        .env_remove("OAUTH_CLIENT_SECRET")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let url = loop {
        let line = rx.recv_timeout(WAIT).expect("oauth2 login printed no URL");
        if line.starts_with("http") {
            break line;
        }
    };
    let page = curl(&[&url]);
    let callback = curl(&[
        "-o",
        "/dev/null",
        "-w",
        "%{redirect_url}",
        "-d",
        &format!("request_id={}", hidden(&page, "request_id")),
        "-d",
        &format!("csrf_token={}", hidden(&page, "csrf_token")),
        "-d",
        "decision=allow",
        &format!("{issuer}/authorize"),
    ]);
    assert!(callback.starts_with("http://127.0.0.1:"), "{callback}");
    curl(&[&callback]);
    let done = finish(child, "oauth-playground oauth2 login");
    let said: Vec<String> = rx.try_iter().collect();
    assert!(done.status.success(), "{said:?}");
    entry(tokens, name)
}

/// The token set saved as `name` in the token file, as the page's export reads it.
fn entry(tokens: &Path, name: &str) -> TokenSet {
    let doc = Document::parse(&std::fs::read_to_string(tokens).unwrap()).unwrap();
    let e = doc.tokens.iter().find(|e| e.name == name).unwrap();
    TokenSet::of(e).unwrap()
}

/// Runs one snippet in `dir` (its token file, its node_modules link) and returns stdout.
fn run_snippet(kind: Kind, code: &str, bin: &Path, dir: &Path, tokens: &Path) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let file = |name: &str| {
        std::fs::write(dir.join(name), code).unwrap();
        name.to_owned()
    };
    let mut cmd = match kind {
        Kind::Curl => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(code);
            c
        }
        Kind::Env => {
            file(".env");
            let mut c = Command::new("sh");
            c.arg("-c").arg(
                "set -a; . ./.env; set +a; \
                 curl -sS -H \"Authorization: $OAUTH2_TOKEN_TYPE $OAUTH2_ACCESS_TOKEN\" \"$OAUTH2_RESOURCE_URL\"",
            );
            c
        }
        Kind::Cli => {
            let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(code)
                .env("PATH", path)
                .env("HOME", dir)
                .env("OAUTH_PLAYGROUND_TOKENS", tokens);
            c
        }
        Kind::Requests => {
            let mut c = Command::new("/usr/bin/python3");
            c.arg(file("snippet.py"));
            c
        }
        Kind::OpenidClient => {
            // ES modules resolve packages from the file's folder up, not from NODE_PATH.
            let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snippets/node_modules");
            assert!(
                modules.join("openid-client").is_dir(),
                "openid-client is not installed: run `npm ci --prefix tests/snippets` (scripts/setup.sh does)"
            );
            let link = dir.join("node_modules");
            if !link.exists() {
                std::os::unix::fs::symlink(&modules, link).unwrap();
            }
            let mut c = Command::new("node");
            c.arg(file("snippet.mjs"));
            c
        }
        Kind::GoogleAuth | Kind::Rust => unreachable!("not run"),
    };
    let out = run(
        cmd.current_dir(dir).env_remove("OAUTH_CLIENT_SECRET"),
        kind.label(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{kind:?} failed:\n{code}\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn json_of(text: &str, what: &str) -> Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{what} printed no JSON ({e}): {text}"))
}

/// The refresh token a snippet saved in its own token file.
fn saved_refresh(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("oauth2_token.json")).expect("no rotated token saved");
    json_of(&text, "oauth2_token.json")["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn oauth2_snippets_run_against_the_sandbox() {
    let bin = bin_dir();
    let (_server, base) = serve(&bin, &["--sandbox-test-clock"]);
    let issuer = format!("{base}/sandbox/oauth2");
    let resource = format!("{issuer}/userinfo");
    let dir = temp_dir();
    // Each set in its own token file: the store's upsert rule would take a second login
    // of the same user and client for the same credential (docs/token-store.md).
    let tokens = dir.join("tokens.json");
    // Shell-special characters in the name the CLI snippet quotes.
    let name = "Sandbox 'web' $HOME \\ set";
    let set = login(&bin, &issuer, &tokens, name);
    assert_eq!(set.client_secret.as_deref(), Some(SECRET));
    assert_eq!(set.token_url.as_deref(), Some(format!("{issuer}/token").as_str()));
    assert!(set.refresh_token.is_some());

    // A fresh access token: every snippet calls the resource with it, none refreshes.
    for kind in [
        Kind::Curl,
        Kind::Env,
        Kind::Requests,
        Kind::OpenidClient,
        Kind::Cli,
    ] {
        let code = snippets::generate(kind, &set, &resource).unwrap();
        let out = run_snippet(kind, &code, &bin, &dir.join(kind.as_str()), &tokens);
        assert_eq!(json_of(&out, kind.label()), userinfo(), "{kind:?}:\n{code}");
        assert!(!dir.join(kind.as_str()).join("oauth2_token.json").exists());
    }

    // One set per refreshing snippet: a spent refresh token must not be used twice.
    let files: Vec<_> = ["requests", "node", "cli"]
        .iter()
        .map(|n| dir.join(format!("tokens-{n}.json")))
        .collect();
    let sets: Vec<TokenSet> = ["requests", "node", "cli"]
        .iter()
        .zip(&files)
        .map(|(n, f)| login(&bin, &issuer, f, n))
        .collect();
    let clock = curl(&["-d", &format!("advance={LATER}"), &format!("{issuer}/test/clock")]);
    assert!(clock.starts_with("{\"now\":"), "{clock}");
    let code = snippets::generate(Kind::Curl, &set, &resource).unwrap();
    let refused = run_snippet(
        Kind::Curl,
        &format!("{} -o /dev/null -w '%{{http_code}}'", code.trim_end()),
        &bin,
        &dir,
        &tokens,
    );
    assert_eq!(refused, "401", "the old access token has expired at the sandbox");

    // The stored sets say so too: their expiry has passed.
    let expired = |s: &TokenSet| TokenSet {
        expires_at: Some(1),
        ..s.clone()
    };
    for (kind, s) in [(Kind::Requests, &sets[0]), (Kind::OpenidClient, &sets[1])] {
        let run_dir = dir.join(format!("{}-refresh", kind.as_str()));
        let code = snippets::generate(kind, &expired(s), &resource).unwrap();
        let out = run_snippet(kind, &code, &bin, &run_dir, &tokens);
        assert_eq!(json_of(&out, kind.label()), userinfo(), "{kind:?}:\n{code}");
        let rotated = saved_refresh(&run_dir);
        assert_ne!(
            Some(rotated.as_str()),
            s.refresh_token.as_deref(),
            "{kind:?} saved the rotated refresh token"
        );
        // The next run starts from the saved pair: no refresh, the same answer.
        let again = run_snippet(kind, &code, &bin, &run_dir, &tokens);
        assert_eq!(json_of(&again, kind.label()), userinfo());
        assert_eq!(saved_refresh(&run_dir), rotated);
    }

    // The CLI: `request` refreshes the expired set first; `oauth2 refresh` (the snippet's
    // commented line) refreshes the first set explicitly.
    let file = std::fs::read_to_string(&files[2]).unwrap();
    let mut doc: Value = serde_json::from_str(&file).unwrap();
    for t in doc["tokens"].as_array_mut().unwrap() {
        if t["name"] == "cli" {
            t["expires_at"] = 1.into();
        }
    }
    std::fs::write(&files[2], serde_json::to_string(&doc).unwrap()).unwrap();
    let code = snippets::generate(Kind::Cli, &sets[2], &resource).unwrap();
    let out = run_snippet(Kind::Cli, &code, &bin, &dir.join("cli-refresh"), &files[2]);
    assert_eq!(json_of(&out, "cli"), userinfo(), "{code}");
    assert_ne!(entry(&files[2], "cli").refresh_token, sets[2].refresh_token);

    let code = snippets::generate(Kind::Cli, &set, &resource).unwrap();
    let refresh_line = code
        .lines()
        .find_map(|l| l.strip_prefix("# oauth-playground oauth2 refresh"))
        .map(|rest| {
            format!(
                "oauth-playground oauth2 refresh{rest} >/dev/null && {}",
                code.lines().nth(3).unwrap()
            )
        })
        .unwrap();
    let out = run_snippet(Kind::Cli, &refresh_line, &bin, &dir.join("cli-explicit"), &tokens);
    assert_eq!(json_of(&out, "oauth2 refresh"), userinfo(), "{refresh_line}");
    assert_ne!(entry(&tokens, name).refresh_token, set.refresh_token);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `.env` block read back by a shell: quotes, backslashes, newlines and `$` survive.
#[test]
fn env_values_read_back_exactly() {
    let hostile = "a'b\"c\\d\ne $HOME `x` ${y}";
    let set = TokenSet {
        name: "n".into(),
        client_id: hostile.into(),
        client_secret: Some(hostile.into()),
        access_token: hostile.into(),
        token_type: "Bearer".into(),
        refresh_token: Some(hostile.into()),
        scope: hostile.into(),
        ..TokenSet::default()
    };
    let dir = temp_dir();
    std::fs::write(dir.join(".env"), snippets::env(&set, "https://h/x")).unwrap();
    for var in [
        "OAUTH2_CLIENT_ID",
        "OAUTH2_CLIENT_SECRET",
        "OAUTH2_ACCESS_TOKEN",
        "OAUTH2_REFRESH_TOKEN",
        "OAUTH2_SCOPE",
    ] {
        let out = run(
            Command::new("sh")
                .arg("-c")
                .arg(format!("set -a; . ./.env; printf %s \"${var}\""))
                .current_dir(&dir),
            "sh",
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), hostile, "{var}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

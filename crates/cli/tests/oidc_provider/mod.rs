//! panva's oidc-provider (tests/oidc-provider/server.mjs) on a loopback port, the CLI run
//! against it, and the user's side of its development forms (drive.mjs). No sleeps: every
//! wait is on a line or an exit, bounded by a timeout.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(60);
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/oidc-provider");
const BIN: &str = env!("CARGO_BIN_EXE_oauth-playground");
/// The clients server.mjs registers.
pub const CONFIDENTIAL_SECRET: &str = "conf secret/with:reserved+chars&%=?";

pub struct Provider {
    child: Child,
    /// `http://127.0.0.1:PORT`, the issuer.
    pub issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Provider {
    pub fn start() -> Provider {
        assert!(
            Path::new(DIR).join("node_modules/oidc-provider").is_dir(),
            "oidc-provider is not installed: run scripts/setup.sh (npm ci --prefix tests/oidc-provider)"
        );
        let mut child = Command::new("node")
            .arg("server.mjs")
            .current_dir(DIR)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node is needed for the oidc-provider tests");
        let lines = lines_of(child.stdout.take().unwrap());
        let port = lines
            .recv_timeout(WAIT)
            .expect("oidc-provider did not print its port");
        assert!(port.parse::<u16>().is_ok(), "{port}");
        Provider {
            child,
            issuer: format!("http://127.0.0.1:{port}"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }
}

/// Each line read on a thread, so waits can time out. The pipe is drained to its end even
/// when nobody listens any more: a closed pipe would kill the writer on its next line.
fn lines_of(r: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    rx
}

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .env_remove("OAUTH_CLIENT_SECRET")
        .env_remove("OAUTH_PLAYGROUND_TOKENS")
        .stdin(Stdio::null());
    c
}

/// The CLI run to its end.
pub fn cli(args: &[&str]) -> Output {
    let child = command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child)
}

/// The CLI run to its end with `$OAUTH_CLIENT_SECRET` set.
pub fn cli_with_secret(args: &[&str], secret: &str) -> std::process::Output {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_oauth-playground"))
        .args(args)
        .env("OAUTH_CLIENT_SECRET", secret)
        .env_remove("OAUTH_PLAYGROUND_TOKENS")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    finish(child)
}

/// Waits for the exit, bounded by [`WAIT`].
pub fn finish(child: Child) -> Output {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    rx.recv_timeout(WAIT)
        .expect("the CLI did not finish in time")
        .unwrap()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn json_of(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", text(&o.stdout), text(&o.stderr)))
}

/// Runs the CLI, which must succeed, and returns the JSON it printed.
pub fn cli_json(args: &[&str]) -> serde_json::Value {
    let o = cli(args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    json_of(&o)
}

/// `oauth2 introspect --which access` of the token in `tokens`, as JSON.
pub fn introspect_access(tokens: &str) -> serde_json::Value {
    cli_json(&[
        "oauth2",
        "introspect",
        "--tokens",
        tokens,
        "--which",
        "access",
        "--json",
    ])
}

/// A CLI run that waits on the user: its stderr read line by line until `wanted` matches.
pub struct Interactive {
    child: Child,
    stderr: mpsc::Receiver<String>,
    pub seen: Vec<String>,
}

impl Interactive {
    pub fn start(args: &[&str]) -> Interactive {
        let mut child = command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = lines_of(child.stderr.take().unwrap());
        Interactive {
            child,
            stderr,
            seen: Vec::new(),
        }
    }

    /// The first stderr line for which `pick` gives something.
    pub fn line<T>(&mut self, pick: impl Fn(&str) -> Option<T>) -> T {
        loop {
            let line = self
                .stderr
                .recv_timeout(WAIT)
                .unwrap_or_else(|_| panic!("no such line; stderr so far: {:?}", self.seen));
            self.seen.push(line.clone());
            if let Some(t) = pick(&line) {
                return t;
            }
        }
    }

    /// The exit status and stdout; the rest of stderr joins [`Interactive::seen`].
    pub fn finish(mut self) -> (ExitStatus, String, Vec<String>) {
        let out = self.child.stdout.take().unwrap();
        let child = self.child;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut child = child;
            let mut stdout = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(out), &mut stdout);
            let _ = tx.send((child.wait(), stdout));
        });
        let (status, stdout) = rx.recv_timeout(WAIT).expect("the CLI did not finish in time");
        let mut seen = self.seen;
        seen.extend(self.stderr.try_iter());
        (status.unwrap(), stdout, seen)
    }
}

/// drive.mjs: the user's browser at oidc-provider's forms; its one line of output.
pub fn drive(args: &[&str]) -> String {
    let child = Command::new("node")
        .arg("drive.mjs")
        .args(args)
        .current_dir(DIR)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = finish(child);
    assert!(o.status.success(), "drive.mjs {args:?}: {}", text(&o.stderr));
    text(&o.stdout).trim().to_owned()
}

/// A token file in a fresh directory.
pub fn token_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oidc-provider-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("tokens.json")
}

pub fn tokens(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The only token entry in the file.
pub fn only_token(path: &Path) -> serde_json::Value {
    let file = tokens(path);
    let list = file["tokens"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{file}");
    list[0].clone()
}

/// `oauth2 login` as the public client, the forms submitted as `user`: the saved entry.
pub fn login(op: &Provider, file: &Path, user: &str) -> serde_json::Value {
    let (url, token_type) = login_with(op, file, user, &[]);
    assert_eq!(token_type, "Bearer");
    assert!(
        url.starts_with(
            &op.url("/auth?response_type=code&client_id=cli-public&redirect_uri=http%3A%2F%2F127.0.0.1%3A")
        ),
        "{url}"
    );
    assert!(url.contains("&code_challenge_method=S256&"), "{url}");
    saved_for(file, user)
}

/// The entry of `user` in the file.
pub fn saved_for(file: &Path, user: &str) -> serde_json::Value {
    tokens(file)["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["subject"] == user)
        .cloned()
        .unwrap()
}

/// `oauth2 login` of the public client `cli-public` at `op`, saving into `tokens`, the
/// URL printed and no browser started.
pub fn login_args<'a>(op: &'a Provider, tokens: &'a str) -> Vec<&'a str> {
    vec![
        "oauth2",
        "login",
        "--issuer",
        &op.issuer,
        "--client-id",
        "cli-public",
        "--no-browser",
        "--tokens",
        tokens,
    ]
}

/// `oauth2 login` with `extra` flags, driven to the end; the authorize URL it printed and
/// the token type it got.
pub fn login_with(op: &Provider, file: &Path, user: &str, extra: &[&str]) -> (String, String) {
    let file = file.to_str().unwrap();
    let mut args = login_args(op, file);
    args.extend_from_slice(&[
        "--scope",
        "openid offline_access",
        "--param",
        "prompt=consent",
        "--json",
    ]);
    args.extend_from_slice(extra);
    let mut run = Interactive::start(&args);
    let url = run.line(|l| l.starts_with("http").then(|| l.to_owned()));
    // The loopback listener answers the browser's redirect with 200 once the code is in.
    assert_eq!(drive(&["login", &url, user]), "redirect 200");
    let (status, stdout, stderr) = run.finish();
    assert!(status.success(), "{stderr:?}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["scope"], "openid offline_access");
    assert_eq!(summary["refresh_token"], true);
    assert_eq!(summary["id_token"], true);
    (url, summary["token_type"].as_str().unwrap().to_owned())
}

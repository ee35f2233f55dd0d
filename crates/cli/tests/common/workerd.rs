//! The Cloudflare Worker relay (deploy/cloudflare) on workerd, the runtime Cloudflare runs
//! Workers on, from npm (deploy/cloudflare/package.json): built once per test binary by
//! deploy/cloudflare/build.sh, then one workerd per test on a free loopback port.
//! scripts/setup.sh installs the tools; scripts/test.sh runs these tests.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::process::{Child, Command};

use super::WAIT;

/// What the Worker may connect to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outbound {
    /// workerd's default `internet` service: public addresses only, checked on the address
    /// it connects to. This is how the deployed Worker runs, and what the refusal tests use.
    Public,
    /// A network service that also allows `local` (loopback) addresses. The test upstreams
    /// listen on 127.0.0.1 (the only network this machine has), and workerd refuses to
    /// connect there by default; this is the test's configuration only, never the deployed
    /// Worker's: its refusals are the policy's, which still runs in full.
    AlsoLoopback,
}

/// A running workerd, killed when dropped.
pub struct Workerd {
    _child: Child,
    _dir: TempDir,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    log: Arc<Mutex<String>>,
}

fn worker_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/cloudflare")
}

/// Builds the Worker once per test binary (worker-build: cargo, wasm-bindgen, wasm-opt,
/// esbuild, all installed beforehand; nothing is downloaded).
fn build() -> &'static Result<(), String> {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = std::process::Command::new("bash")
            .arg(worker_dir().join("build.sh"))
            .env("CARGO_NET_OFFLINE", "true")
            .output()
            .map_err(|e| format!("could not run build.sh: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "deploy/cloudflare/build.sh failed:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    })
}

/// A capnp text string (workerd's config format): quotes and backslashes escaped.
fn capnp_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// workerd's config: the built Worker with `vars` as its environment, on `port`
/// (deploy/cloudflare/workerd.local.capnp, filled in).
fn config(vars: &[(&str, &str)], outbound: Outbound, port: u16) -> String {
    let template = std::fs::read_to_string(worker_dir().join("workerd.local.capnp")).unwrap();
    let bindings: Vec<String> = vars
        .iter()
        .map(|(n, v)| format!("(name = {}, text = {})", capnp_string(n), capnp_string(v)))
        .collect();
    let outbound = match outbound {
        Outbound::Public => "",
        Outbound::AlsoLoopback => ", globalOutbound = \"loopback\"",
    };
    template
        .replace("@DATE@", &compatibility_date())
        .replace("@BINDINGS@", &bindings.join(", "))
        .replace("@OUTBOUND@", outbound)
        .replace("@PORT@", &port.to_string())
}

/// The compatibility date wrangler.toml deploys with, so the test runs the same.
fn compatibility_date() -> String {
    let toml = std::fs::read_to_string(worker_dir().join("wrangler.toml")).unwrap();
    toml.lines()
        .find_map(|l| l.strip_prefix("compatibility_date = "))
        .map(|v| v.trim_matches('"').to_owned())
        .expect("wrangler.toml has a compatibility_date")
}

impl Workerd {
    /// Builds (once) and starts the Worker with `vars`, and waits until it accepts
    /// connections.
    pub async fn start(vars: &[(&str, &str)], outbound: Outbound) -> Workerd {
        if let Err(e) = build() {
            panic!("{e}");
        }
        let dir = TempDir::new();
        let built = worker_dir().join("build");
        for file in ["index.js", "index_bg.wasm"] {
            std::fs::copy(built.join(file), dir.0.join(file)).unwrap_or_else(|e| panic!("build/{file}: {e}"));
        }
        // A port found free now; workerd binds it itself (its config names the address).
        // Another process may take it in between: then workerd exits, and we try another.
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let path = dir.0.join("config.capnp");
            std::fs::write(&path, config(vars, outbound, port)).unwrap();
            let mut child = Command::new(worker_dir().join("node_modules/.bin/workerd"))
                .arg("serve")
                .arg(&path)
                .arg("--verbose")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .kill_on_drop(true)
                .spawn()
                .expect("workerd is missing: run scripts/setup.sh (npm ci in deploy/cloudflare)");
            let log = Arc::new(Mutex::new(String::new()));
            for pipe in [
                Box::new(child.stdout.take().unwrap()) as Box<dyn tokio::io::AsyncRead + Send + Unpin>,
                Box::new(child.stderr.take().unwrap()),
            ] {
                let sink = log.clone();
                tokio::spawn(async move {
                    let mut pipe = pipe;
                    let mut buf = [0u8; 4096];
                    while let Ok(n) = pipe.read(&mut buf).await {
                        if n == 0 {
                            break;
                        }
                        sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
                    }
                });
            }
            let addr = format!("127.0.0.1:{port}");
            let ready = tokio::time::timeout(WAIT, async {
                loop {
                    if let Ok(Some(status)) = child.try_wait() {
                        return Err(status);
                    }
                    if tokio::net::TcpStream::connect(&addr).await.is_ok() {
                        return Ok(());
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
            .await
            .expect("workerd did not start listening in time");
            match ready {
                Ok(()) => {
                    return Workerd {
                        _child: child,
                        _dir: dir,
                        base: format!("http://{addr}"),
                        log,
                    };
                }
                Err(status) => {
                    let log = log.lock().unwrap().clone();
                    assert!(
                        log.contains("Address already in use") || log.contains("EADDRINUSE"),
                        "workerd exited ({status}):\n{log}"
                    );
                }
            }
        }
        panic!("no free port for workerd after 5 tries");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the log has at least `n` lines containing `needle`.
    pub async fn wait_for_log(&self, needle: &str, n: usize) -> String {
        tokio::time::timeout(WAIT, async {
            loop {
                let log = self.log();
                if log.matches(needle).count() >= n {
                    return log;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("{n} log lines with {needle:?} did not appear:\n{}", self.log()))
    }
}

/// A folder of the test's own, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("relay-workerd-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

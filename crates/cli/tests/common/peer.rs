//! oauthlib as an independent verifier: tests/peers/oauthlib_one_legged.py on a free
//! loopback port, killed when dropped.

use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use super::WAIT;

pub const PYTHON: &str = "/usr/bin/python3";
pub const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/peers/oauthlib_one_legged.py"
);
/// The consumer the peer knows (see the script).
pub const KEY: &str = "peer-one-legged-key";
pub const SECRET: &str = "peer-one-legged-secret";

pub struct Peer {
    _child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Peer {
    pub async fn start() -> Peer {
        let mut child = Command::new(PYTHON)
            .arg(SCRIPT)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = tokio::time::timeout(WAIT, lines.next_line())
            .await
            .expect("the oauthlib peer did not start in time")
            .unwrap()
            .expect("the oauthlib peer exited");
        let base = first.strip_prefix("listening on ").unwrap().to_owned();
        Peer { _child: child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

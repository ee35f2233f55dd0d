//! The loopback redirect of RFC 8252 §7.3: a listener on 127.0.0.1 (the IP literal, not
//! `localhost`, §8.3) at a port of the system's choosing unless one is asked for, that
//! takes the one request the browser makes to `/callback` and answers it with a page.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// The path the sandbox's code clients register too (docs/sandbox.md), so `login` works
/// against `serve` as it does against any server that allows loopback redirects.
pub const CALLBACK_PATH: &str = "/callback";
/// A request line and headers larger than this are not a browser's redirect.
const MAX_HEAD: usize = 16 * 1024;

pub struct Loopback {
    listener: TcpListener,
    pub redirect_uri: String,
}

/// The browser's connection, to answer once the callback has been checked.
pub struct Pending(TcpStream);

impl Loopback {
    pub fn bind(port: u16) -> Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .with_context(|| format!("could not listen on 127.0.0.1:{port}"))?;
        let port = listener.local_addr()?.port();
        Ok(Self {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}{CALLBACK_PATH}"),
        })
    }

    /// Waits for `GET /callback…`; other requests (a favicon) get 404. Returns the full callback
    /// URL and the connection to answer.
    pub fn wait(&self) -> Result<(String, Pending)> {
        loop {
            let (mut stream, _) = self.listener.accept().context("the loopback listener failed")?;
            stream.set_read_timeout(Some(Duration::from_secs(10)))?;
            let Ok(target) = read_target(&mut stream) else {
                continue;
            };
            let path = target.split(['?', '#']).next().unwrap_or_default();
            if path == CALLBACK_PATH {
                let base = self.redirect_uri.trim_end_matches(CALLBACK_PATH);
                return Ok((format!("{base}{target}"), Pending(stream)));
            }
            let _ = respond(&mut stream, "404 Not Found", "Not the callback.");
        }
    }
}

impl Pending {
    pub fn answer(mut self, ok: bool, message: &str) {
        let status = if ok { "200 OK" } else { "400 Bad Request" };
        let _ = respond(&mut self.0, status, message);
    }
}

/// The request target of `GET TARGET HTTP/1.1`.
fn read_target(stream: &mut TcpStream) -> Result<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 || head.len() + n > MAX_HEAD {
            bail!("not an HTTP request");
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let line = text.lines().next().unwrap_or_default();
    let mut parts = line.split(' ');
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) if target.starts_with('/') => Ok(target.to_owned()),
        _ => bail!("not a GET"),
    }
}

fn respond(stream: &mut TcpStream, status: &str, message: &str) -> std::io::Result<()> {
    let body = format!(
        "<!doctype html><meta charset=utf-8><title>oauth-playground</title><p>{}</p>",
        html_escape(message)
    );
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn get(addr: &str, target: &str) -> TcpStream {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        s
    }

    /// A request to `target` and the whole answer to it.
    fn answer_to(addr: &str, target: &str) -> String {
        let mut answer = String::new();
        get(addr, target).read_to_string(&mut answer).unwrap();
        answer
    }

    /// The `host:port` the redirect URI points at.
    fn address(lb: &Loopback) -> String {
        lb.redirect_uri
            .trim_start_matches("http://")
            .trim_end_matches("/callback")
            .to_owned()
    }

    #[test]
    fn takes_the_callback_and_turns_other_requests_away() {
        let lb = Loopback::bind(0).unwrap();
        assert!(
            lb.redirect_uri.starts_with("http://127.0.0.1:"),
            "{}",
            lb.redirect_uri
        );
        assert!(lb.redirect_uri.ends_with("/callback"));
        let addr = address(&lb);
        let a = addr.clone();
        let browser = std::thread::spawn(move || {
            let favicon = answer_to(&a, "/favicon.ico");
            let page = answer_to(&a, "/callback?code=c%20d&state=s");
            (favicon, page)
        });
        let (url, pending) = lb.wait().unwrap();
        assert_eq!(url, format!("http://{addr}/callback?code=c%20d&state=s"));
        pending.answer(true, "Logged in <now>.");
        let (favicon, page) = browser.join().unwrap();
        assert!(favicon.starts_with("HTTP/1.1 404 Not Found\r\n"), "{favicon}");
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
        assert!(page.ends_with("<p>Logged in &lt;now&gt;.</p>"), "{page}");
    }

    #[test]
    fn a_path_that_only_starts_like_the_callback_is_not_it() {
        let lb = Loopback::bind(0).unwrap();
        let addr = address(&lb);
        let a = addr.clone();
        let browser = std::thread::spawn(move || {
            let answer = answer_to(&a, "/callbackx?code=1");
            let _right = get(&a, "/callback#frag");
            answer
        });
        let (url, pending) = lb.wait().unwrap();
        assert_eq!(url, format!("http://{addr}/callback#frag"));
        drop(pending);
        assert!(browser.join().unwrap().starts_with("HTTP/1.1 404"));
    }
}

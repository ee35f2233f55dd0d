//! Which `Host` names the server answers for: its bound address, `localhost`, `127.0.0.1`,
//! `[::1]` and the operator's `--public-host` names; anything else gets 421 (RFC 9110
//! §15.5.20). This defeats DNS rebinding: a page on `evil.example` whose name is made to
//! resolve to 127.0.0.1 reaches the server with `Host: evil.example`, and is turned away
//! before it can use the relay (or read the sandbox) as its own origin. Ports are not
//! checked: rebinding changes the name, not the port, and a port may be forwarded.

use crate::code::RelayCode;
use std::net::{IpAddr, SocketAddr};

use super::policy::Refusal;

#[derive(Debug, Clone)]
pub struct Hosts {
    /// Normalized (see `host_name`).
    names: Vec<String>,
}

impl Hosts {
    /// `public`: `--public-host` values, already checked by `parse_public_host`.
    pub fn new(bound: SocketAddr, public: &[String]) -> Self {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        names.push(match bound.ip() {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        });
        names.extend(public.iter().cloned());
        names.dedup();
        Self { names }
    }

    /// Checks a request's `Host` header (or the authority of an absolute-form target,
    /// which takes its place, RFC 9112 §3.2.2).
    pub fn check(&self, host: Option<&str>) -> Result<(), Refusal> {
        let Some(host) = host else {
            // RFC 9112 §3.2: a request without Host is answered 400.
            return Err(Refusal::new(
                400,
                RelayCode::HostRefused,
                "the request has no Host header",
            ));
        };
        match host_name(host) {
            Some(name) if self.names.contains(&name) => Ok(()),
            _ => Err(Refusal::new(
                421,
                RelayCode::HostRefused,
                "this server answers only for its own address, localhost, 127.0.0.1, [::1] \
                 and the names it was started with (--public-host NAME)",
            )),
        }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// The name part of a `Host` value (`name[:port]`, `[v6]:port`), lowercase, without a
/// trailing dot; `None` when it is not a plausible host.
pub fn host_name(authority: &str) -> Option<String> {
    let authority = authority.trim();
    let (name, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let ip: std::net::Ipv6Addr = inside.parse().ok()?;
        (format!("[{ip}]"), after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((name, port)) => (name.to_owned(), Some(port)),
            None => (authority.to_owned(), None),
        }
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let plausible = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'[' | b']' | b':'));
    plausible.then_some(name)
}

/// Checks a `--public-host` value: a name or IP address, without scheme, port or path.
pub fn parse_public_host(value: &str) -> Result<String, String> {
    let v = value.trim();
    let looks_like_url = v.contains("://") || v.contains('/');
    let with_port = if v.starts_with('[') {
        !v.ends_with(']')
    } else {
        v.contains(':') && v.parse::<std::net::Ipv6Addr>().is_err()
    };
    if looks_like_url || with_port {
        return Err(format!(
            "--public-host {value:?}: give the name alone, as in --public-host playground.example.org \
             (no scheme, port or path; any port is accepted)"
        ));
    }
    let bracketed = match v.parse::<std::net::Ipv6Addr>() {
        Ok(ip) => format!("[{ip}]"),
        Err(_) => v.to_owned(),
    };
    host_name(&bracketed).ok_or_else(|| format!("--public-host {value:?} is not a host name"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn answers_for_its_own_names_only() {
        let hosts = Hosts::new(
            "127.0.0.1:8080".parse().unwrap(),
            &[parse_public_host("Playground.Example.org").unwrap()],
        );
        for ok in [
            "127.0.0.1:8080",
            "127.0.0.1",
            "localhost:8080",
            "LocalHost.:9000",
            "[::1]:8080",
            "[0:0::1]",
            "playground.example.org",
            "playground.example.org:443",
            "PLAYGROUND.example.org.",
        ] {
            assert!(hosts.check(Some(ok)).is_ok(), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.2:8080",
            "localhost.evil.example",
            "app.localhost",
            "playground.example.org.evil.example",
            "10.0.0.1:8080",
            "[::2]:8080",
            "localhost:80x",
            "localhost:",
            "",
            "local host",
        ] {
            let r = hosts.check(Some(refused)).unwrap_err();
            assert_eq!((r.status, r.code.as_str()), (421, "host_refused"), "{refused}");
        }
        assert_eq!(hosts.check(None).unwrap_err().status, 400);
    }

    #[test]
    fn the_bound_address_counts() {
        let v4 = Hosts::new("192.0.2.10:8080".parse().unwrap(), &[]);
        assert!(v4.check(Some("192.0.2.10:8080")).is_ok());
        assert!(v4.check(Some("192.0.2.11:8080")).is_err());
        let v6 = Hosts::new("[2001:db8::5]:8080".parse().unwrap(), &[]);
        assert!(v6.check(Some("[2001:DB8:0::5]:8080")).is_ok());
        // A wildcard bind does not admit every name: only the listed ones.
        let any = Hosts::new("0.0.0.0:8080".parse().unwrap(), &[]);
        assert!(any.check(Some("192.0.2.10:8080")).is_err());
        assert!(any.check(Some("localhost:8080")).is_ok());
    }

    #[test]
    fn public_host_values() {
        assert_eq!(parse_public_host("App.Example.").unwrap(), "app.example");
        assert_eq!(parse_public_host("192.0.2.1").unwrap(), "192.0.2.1");
        assert_eq!(parse_public_host("2001:db8::1").unwrap(), "[2001:db8::1]");
        assert_eq!(parse_public_host("[2001:db8::1]").unwrap(), "[2001:db8::1]");
        for bad in [
            "https://app.example",
            "app.example:8080",
            "app.example/x",
            "[2001:db8::1]:80",
            "",
            "a b",
        ] {
            assert!(parse_public_host(bad).is_err(), "{bad}");
        }
    }
}

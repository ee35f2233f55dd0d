//! Which targets the relay may reach: a pure function of the URL and the addresses it
//! resolves to. The relay sees signed requests from anyone who can load a page, so it must
//! not become a way into the machine's own network (SSRF): loopback, private, link-local
//! (cloud metadata at 169.254.169.254), CGNAT, unique-local, multicast and unspecified
//! addresses are refused, in every spelling (the `url` crate normalizes decimal, hex,
//! octal and short IPv4 forms per the WHATWG URL standard) and inside IPv6 (mapped, NAT64,
//! 6to4). Names are checked again on the resolved address at connect time (connect.rs).

use crate::code::RelayCode;
use std::net::IpAddr;

use url::{Host, Url};

use super::address::{Class, classify};
pub use super::allow_target::AllowedTarget;
use super::target_path::raw_path_and_query;

/// Why the relay refuses a request; it answers `{"error": code, "message": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 400 for malformed targets, 403 for what the policy forbids, 421 for a wrong Host.
    pub status: u16,
    pub code: RelayCode,
    pub message: String,
}

impl Refusal {
    pub fn new(status: u16, code: RelayCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    fn bad(message: impl Into<String>) -> Self {
        Self::new(400, RelayCode::TargetRefused, message)
    }

    fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, RelayCode::TargetRefused, message)
    }
}

/// A target the policy let through, ready to forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub scheme: String,
    /// Normalized host, IPv6 in brackets.
    pub host: String,
    pub port: u16,
    /// What goes in `Host`: the host, and the port when the URL gave a non-default one.
    pub authority: String,
    /// Exactly as the caller wrote it (RFC 9112 §3.2.1 origin-form), never re-encoded.
    pub path_and_query: String,
    /// Named by `--allow-target`: exempt from the address classes.
    pub listed: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub allow_loopback: bool,
    pub allow_targets: Vec<AllowedTarget>,
}

impl Policy {
    /// Parses and checks a target URL before anything is contacted.
    pub fn target(&self, raw: &str) -> Result<Target, Refusal> {
        let raw = raw.trim();
        let url = Url::parse(raw)
            .map_err(|e| Refusal::bad(format!("the url parameter is not an absolute URL ({e})")))?;
        let scheme = url.scheme();
        if !matches!(scheme, "http" | "https") {
            return Err(Refusal::bad(format!(
                "the relay forwards http and https URLs only, not {scheme}:"
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refusal::bad("the target URL must not carry user:password@"));
        }
        let port = url
            .port_or_known_default()
            .ok_or_else(|| Refusal::bad("the target has no port"))?;
        let host = match url.host() {
            Some(Host::Domain(d)) if !d.is_empty() => d.to_owned(),
            Some(Host::Ipv4(ip)) => ip.to_string(),
            Some(Host::Ipv6(ip)) => format!("[{ip}]"),
            _ => return Err(Refusal::bad("the target URL has no host")),
        };
        let listed = self.is_listed(&host, port, url.port().is_none());
        if !self.allow_targets.is_empty() && !listed {
            return Err(Refusal::forbidden(format!(
                "{host}:{port} is not one of this relay's --allow-target entries"
            )));
        }
        if !listed {
            let literal = match url.host() {
                Some(Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
                Some(Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
                _ => None,
            };
            if let Some(ip) = literal {
                self.check_ip(ip)?;
            } else if is_localhost_name(&host) && !self.allow_loopback {
                // RFC 6761 §6.3: these names are loopback whatever DNS says; no lookup needed.
                return Err(Refusal::forbidden(format!(
                    "{host} is a loopback name; the relay reaches loopback only when started with --allow-loopback"
                )));
            }
        }
        let authority = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        Ok(Target {
            scheme: scheme.to_owned(),
            host,
            port,
            authority,
            path_and_query: raw_path_and_query(raw, &url),
            listed,
        })
    }

    fn is_listed(&self, host: &str, port: u16, default_port: bool) -> bool {
        self.allow_targets
            .iter()
            .any(|t| t.host == host && t.port.map_or(default_port, |p| p == port))
    }

    /// Whether a host was named by `--allow-target` (the resolver's exemption; the port was
    /// already matched when the target was parsed).
    pub fn is_listed_host(&self, host: &str) -> bool {
        self.allow_targets.iter().any(|t| t.host == host)
    }

    /// The check on an address the caller wrote: the message may name it.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Refusal> {
        self.check(ip, &ip.to_string(), "is")
    }

    /// The check on an address `host` resolved to. The message never names the address:
    /// the caller must not learn what a name resolves to inside the relay's network.
    pub fn check_resolved(&self, host: &str, ip: IpAddr) -> Result<(), Refusal> {
        self.check(ip, host, "resolves to")
    }

    fn check(&self, ip: IpAddr, subject: &str, verb: &str) -> Result<(), Refusal> {
        match classify(ip) {
            None => Ok(()),
            Some(Class::Loopback) if self.allow_loopback => Ok(()),
            Some(Class::Loopback) => Err(Refusal::forbidden(format!(
                "{subject} {verb} a loopback address; the relay reaches loopback only when started with --allow-loopback"
            ))),
            Some(Class::Special(name)) => Err(Refusal::forbidden(format!(
                "{subject} {verb} a {name} address, which the relay never reaches"
            ))),
        }
    }
}

/// RFC 6761 §6.3: `localhost` and names under `.localhost` are loopback whatever DNS says
/// (a trailing dot or not; `host` is lowercase, as `Url` gives it).
pub fn is_localhost_name(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    host == "localhost" || host.ends_with(".localhost")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn refused(policy: &Policy, url: &str) -> Refusal {
        policy.target(url).expect_err(url)
    }

    #[test]
    fn refuses_special_ipv4() {
        let p = Policy::default();
        for url in [
            "http://127.0.0.1/",
            "http://127.255.255.254:8080/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://172.31.255.255/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://100.127.255.255/",
            "http://0.0.0.0/",
            "http://224.0.0.1/",
            "http://239.255.255.250/",
            "http://255.255.255.255/",
            "http://240.0.0.1/",
            "http://198.18.0.1/",
            "http://192.0.2.1/",
        ] {
            assert_eq!(refused(&p, url).status, 403, "{url}");
        }
    }

    #[test]
    fn refuses_other_ipv4_spellings() {
        let p = Policy::default();
        for url in [
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://127.0.1/",
            "http://0/",
            "http://017700000001/",
            "http://3232235777/",
            "http://0xa9.0xfe.0xa9.0xfe/",
            "http://169.254.43518/",
            "HTTP://127.0.0.1./",
        ] {
            let r = refused(&p, url);
            assert_eq!(r.status, 403, "{url}: {r:?}");
        }
    }

    #[test]
    fn refuses_special_ipv6() {
        let p = Policy::default();
        for url in [
            "http://[::1]/",
            "http://[::]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:10.0.0.1]/",
            "http://[::127.0.0.1]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:7f00:1::]/",
            "http://[fd00::1]/",
            "http://[fc00::1]/",
            "http://[fe80::1]/",
            "http://[fec0::1]/",
            "http://[ff02::1]/",
            "http://[2001:db8::1]/",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
            "http://[0:0:0:0:0:ffff:127.0.0.1]/",
            // SIIT (IPv4-translated), and prefixes added to the registries since RFC 6890.
            "http://[::ffff:0:127.0.0.1]/",
            "http://[::ffff:0:a9fe:a9fe]/",
            "http://[3fff::1]/",
            "http://[5f00::1]/",
            "http://[2001:2::1]/",
            "http://[100:0:0:1::1]/",
        ] {
            assert_eq!(refused(&p, url).status, 403, "{url}");
        }
    }

    #[test]
    fn admits_public_addresses_and_names() {
        let p = Policy::default();
        for url in [
            "https://api.example.com/oauth/request_token",
            "http://93.184.215.14/",
            "http://[2606:4700::1111]/",
            "http://[::ffff:8.8.8.8]/",
            "http://[64:ff9b::808:808]/",
            "http://172.32.0.1/",
            "http://100.128.0.1/",
            "http://localhost.example.com/",
        ] {
            assert!(p.target(url).is_ok(), "{url}");
        }
        // Other names are checked on their resolved address (connect.rs).
        for url in [
            "http://localhost/",
            "http://LocalHost./",
            "http://app.localhost:8080/",
        ] {
            assert_eq!(refused(&p, url).status, 403, "{url}");
        }
    }

    #[test]
    fn loopback_only_when_allowed() {
        let p = Policy {
            allow_loopback: true,
            ..Policy::default()
        };
        for url in [
            "http://127.0.0.1:9/",
            "http://[::1]:9/",
            "http://[::ffff:127.0.0.1]/",
            "http://127.1/",
        ] {
            assert!(p.target(url).is_ok(), "{url}");
        }
        for url in [
            "http://10.0.0.1/",
            "http://169.254.169.254/",
            "http://0.0.0.0/",
            "http://[fe80::1]/",
        ] {
            assert_eq!(refused(&p, url).status, 403, "{url}");
        }
    }

    #[test]
    fn a_resolved_address_is_never_named() {
        let p = Policy::default();
        for (ip, class) in [
            ("10.1.2.3", "private (RFC 1918)"),
            ("169.254.169.254", "link-local"),
            ("127.0.0.53", "loopback"),
            ("::ffff:0:a01:203", "private (RFC 1918)"),
            ("fd12:3456::1", "unique-local"),
        ] {
            let r = p
                .check_resolved("intranet.example", ip.parse().unwrap())
                .unwrap_err();
            assert_eq!((r.status, r.code.as_str()), (403, "target_refused"));
            assert!(
                r.message
                    .starts_with(&format!("intranet.example resolves to a {class}")),
                "{}",
                r.message
            );
            assert!(!r.message.contains(ip), "{ip} leaked: {}", r.message);
        }
        assert!(
            p.check_resolved("x.example", "93.184.215.14".parse().unwrap())
                .is_ok()
        );
        // A literal the caller wrote may be named.
        let r = p.check_ip("10.1.2.3".parse().unwrap()).unwrap_err();
        assert!(r.message.starts_with("10.1.2.3 is a private"), "{}", r.message);
    }

    #[test]
    fn refuses_other_schemes_and_bad_urls() {
        let p = Policy::default();
        for url in [
            "ftp://example.com/",
            "file:///etc/passwd",
            "gopher://example.com/",
            "javascript:alert(1)",
            "data:text/plain,hi",
            "ws://example.com/",
            "/relative",
            "",
            "http://user:pass@example.com/",
            "http://",
        ] {
            assert_eq!(refused(&p, url).status, 400, "{url}");
        }
    }

    #[test]
    fn allow_target_is_exact() {
        let p = Policy {
            allow_loopback: false,
            allow_targets: vec![
                "127.0.0.1:9000".parse().unwrap(),
                "API.Example.com".parse().unwrap(),
                "[::1]:80".parse().unwrap(),
            ],
        };
        assert!(p.target("http://127.0.0.1:9000/x").unwrap().listed);
        assert!(p.target("http://127.1:9000/x").is_ok());
        assert!(p.target("https://api.example.com/").is_ok());
        assert!(p.target("http://api.example.com/").is_ok());
        assert!(p.target("http://[::1]/").is_ok());
        for url in [
            "http://127.0.0.1:9001/",
            "http://127.0.0.2:9000/",
            "https://api.example.com:8443/",
            "https://evil.api.example.com/",
            "https://api.example.com.evil.com/",
            "http://example.com/",
        ] {
            assert_eq!(refused(&p, url).status, 403, "{url}");
        }
        assert!(p.is_listed_host("api.example.com"));
    }

    #[test]
    fn authority_and_path() {
        let p = Policy::default();
        let t = p.target("https://H.Example:8443/p?q=1#f").unwrap();
        assert_eq!(
            (
                t.host.as_str(),
                t.port,
                t.authority.as_str(),
                t.path_and_query.as_str()
            ),
            ("h.example", 8443, "h.example:8443", "/p?q=1")
        );
        let t = p.target("https://h.example:443/p").unwrap();
        assert_eq!(t.authority, "h.example");
        let t = p.target("http:h.example/x?u=http://a/b").unwrap();
        assert_eq!(
            (t.host.as_str(), t.path_and_query.as_str()),
            ("h.example", "/x?u=http://a/b")
        );
    }
}

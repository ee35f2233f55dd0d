//! `--allow-target HOST[:PORT]`: the targets an operator names, reached whatever their
//! address class. Pure.

use std::str::FromStr;

use url::Url;

/// An `--allow-target HOST[:PORT]` entry. Without a port it admits the scheme's default
/// port (80 for http, 443 for https).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedTarget {
    /// As `Url` normalizes it: lowercase, IPv4 in dotted form, IPv6 in brackets.
    pub host: String,
    pub port: Option<u16>,
}

impl FromStr for AllowedTarget {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        // Split a trailing :PORT ourselves: Url would drop a default port like :80.
        let (host, port) = match s.rsplit_once(':') {
            Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(':') => {
                let port = p
                    .parse::<u16>()
                    .map_err(|_| format!("{s:?}: the port is out of range"))?;
                (h, Some(port))
            }
            _ => (s, None),
        };
        let url =
            Url::parse(&format!("http://{host}/")).map_err(|e| format!("{s:?} is not HOST[:PORT]: {e}"))?;
        match url.host_str() {
            Some(h)
                if !h.is_empty()
                    && url.path() == "/"
                    && url.username().is_empty()
                    && url.port().is_none() =>
            {
                Ok(Self {
                    host: h.to_owned(),
                    port,
                })
            }
            _ => Err(format!("{s:?} is not HOST[:PORT]")),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        let t: AllowedTarget = "API.Example.com".parse().unwrap();
        assert_eq!((t.host.as_str(), t.port), ("api.example.com", None));
        let t: AllowedTarget = "127.1:9000".parse().unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", Some(9000)));
        let t: AllowedTarget = "[::1]:80".parse().unwrap();
        assert_eq!((t.host.as_str(), t.port), ("[::1]", Some(80)));
        for bad in ["", "http://x/", "x/y", "a:99999", "u@x"] {
            assert!(bad.parse::<AllowedTarget>().is_err(), "{bad}");
        }
    }
}

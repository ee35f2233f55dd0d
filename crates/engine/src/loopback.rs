//! Which hosts are this machine: 127.0.0.0/8, `::1` (also IPv4-mapped), and `localhost`
//! names (RFC 6761 §6.3: `localhost` and names under `.localhost` resolve to loopback).

use std::net::IpAddr;

use url::{Host, Url};

pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
        // The relay's rule, kept in one place (crates/relay-policy).
        Some(Host::Domain(name)) => relay_policy::is_localhost_name(name),
        None => false,
    }
}

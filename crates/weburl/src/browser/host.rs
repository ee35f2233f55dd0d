//! The host's kind, read back from the serialised host (URL Standard §3.6, "host
//! serializing"): `[…]` is IPv6, four decimal numbers are IPv4 in a special URL (the
//! parser has already turned every other IPv4 form into that), the rest a domain.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::HostKind;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Host<S = String> {
    Domain(S),
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
}

impl<S: AsRef<str>> std::fmt::Display for Host<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Host::Domain(d) => f.write_str(d.as_ref()),
            Host::Ipv4(ip) => write!(f, "{ip}"),
            Host::Ipv6(ip) => write!(f, "[{ip}]"),
        }
    }
}

/// `None` for a serialisation this cannot read (not one the parser makes).
pub(super) fn kind(host: &str, special: bool) -> Option<HostKind> {
    if host.is_empty() {
        // The url crate has no host for `file:///…` nor for a non-special `x:///…`.
        return Some(HostKind::None);
    }
    if let Some(inner) = host.strip_prefix('[') {
        return inner.strip_suffix(']')?.parse().ok().map(HostKind::Ipv6);
    }
    match host.parse::<Ipv4Addr>() {
        Ok(ip) if special => Some(HostKind::Ipv4(ip)),
        _ => Some(HostKind::Domain),
    }
}

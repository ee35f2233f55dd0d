//! Address classes (the IANA special-purpose registries, RFC 6890): which IPv4 and IPv6
//! addresses are not the public internet. Pure; the policy decides what to do with them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An address class the relay does not reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Loopback,
    /// Any other special-purpose range, named for the message.
    Special(&'static str),
}

/// The special-purpose class of an address (RFC 6890 registries), `None` for a global one.
pub fn classify(ip: IpAddr) -> Option<Class> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<Class> {
    let [a, b, c, _] = ip.octets();
    let special = |name| Some(Class::Special(name));
    match (a, b, c) {
        (127, _, _) => Some(Class::Loopback),
        (0, _, _) => special("unspecified (0.0.0.0/8)"),
        (10, _, _) | (192, 168, _) => special("private (RFC 1918)"),
        (172, 16..=31, _) => special("private (RFC 1918)"),
        (100, 64..=127, _) => special("carrier-grade NAT (RFC 6598)"),
        (169, 254, _) => special("link-local (RFC 3927), where cloud metadata services live"),
        (192, 0, 0) => special("IETF protocol assignments (RFC 6890)"),
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => special("documentation (RFC 5737)"),
        (192, 88, 99) => special("6to4 relay anycast (RFC 7526)"),
        (198, 18..=19, _) => special("benchmarking (RFC 2544)"),
        (224..=239, _, _) => special("multicast"),
        (240..=255, _, _) => special("reserved or broadcast"),
        _ => None,
    }
}

fn classify_v6(ip: Ipv6Addr) -> Option<Class> {
    let s = ip.segments();
    let special = |name| Some(Class::Special(name));
    if ip.is_loopback() {
        return Some(Class::Loopback);
    }
    if ip.is_unspecified() {
        return special("unspecified (::)");
    }
    // IPv4 inside IPv6: the embedded address decides.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s {
        // ::a.b.c.d, IPv4-compatible (deprecated, RFC 4291 §2.5.5.1).
        [0, 0, 0, 0, 0, 0, hi, lo] => {
            classify_v4(embedded(hi, lo)).or(special("IPv4-compatible (deprecated)"))
        }
        // 64:ff9b::/96 NAT64 (RFC 6052) reaches the embedded IPv4 address.
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => classify_v4(embedded(hi, lo)),
        [0x64, 0xff9b, 1, ..] => special("local-use NAT64 (RFC 8215)"),
        // 2002::/16 6to4 (RFC 3056) embeds the IPv4 address in the next 32 bits.
        [0x2002, hi, lo, ..] => classify_v4(embedded(hi, lo)),
        [0x2001, 0, ..] => special("Teredo (RFC 4380)"),
        [0x2001, 0xdb8, ..] => special("documentation (RFC 3849)"),
        [0x100, 0, 0, 0, ..] => special("discard-only (RFC 6666)"),
        [first, ..] if first & 0xfe00 == 0xfc00 => special("unique-local (RFC 4193)"),
        [first, ..] if first & 0xffc0 == 0xfe80 => special("link-local"),
        [first, ..] if first & 0xffc0 == 0xfec0 => special("site-local (deprecated)"),
        [first, ..] if first & 0xff00 == 0xff00 => special("multicast"),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn class(ip: &str) -> Option<Class> {
        classify(ip.parse().unwrap())
    }

    #[test]
    fn classes() {
        assert_eq!(class("127.3.2.1"), Some(Class::Loopback));
        assert_eq!(class("::1"), Some(Class::Loopback));
        assert_eq!(class("::ffff:127.0.0.1"), Some(Class::Loopback));
        assert!(matches!(class("169.254.169.254"), Some(Class::Special(n)) if n.contains("metadata")));
        assert!(matches!(class("fd00:ec2::254"), Some(Class::Special(n)) if n.contains("unique-local")));
        assert!(matches!(class("100.100.100.200"), Some(Class::Special(n)) if n.contains("NAT")));
        for public in [
            "1.1.1.1",
            "8.8.8.8",
            "2606:4700::1111",
            "2a00:1450::1",
            "::ffff:1.1.1.1",
        ] {
            assert_eq!(class(public), None, "{public}");
        }
    }
}

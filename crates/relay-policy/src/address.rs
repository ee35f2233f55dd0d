//! Address classes: which IPv4 and IPv6 addresses are not the public internet, after the
//! IANA special-purpose address registries (RFC 6890) and the IPv6 address-space registry.
//! Pure; the policy decides what to do with them. docs/relay.md carries the same table (a
//! test checks every prefix here appears there).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An address class the relay does not reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Loopback,
    /// Any other special-purpose range, named for the message ("a {name} address").
    Special(&'static str),
}

/// One row of a table: a prefix and what it is.
pub struct Row<T> {
    pub net: T,
    pub len: u32,
    pub class: Class,
}

const fn v4(net: [u8; 4], len: u32, name: &'static str) -> Row<u32> {
    Row {
        net: u32::from_be_bytes(net),
        len,
        class: Class::Special(name),
    }
}

const fn v6(net: [u16; 8], len: u32, name: &'static str) -> Row<u128> {
    let [a, b, c, d, e, f, g, h] = net;
    Row {
        net: Ipv6Addr::new(a, b, c, d, e, f, g, h).to_bits(),
        len,
        class: Class::Special(name),
    }
}

/// IPv4 ranges that are not globally reachable, first match wins. Left reachable: the
/// registry's globally reachable entries (AS112 192.31.196.0/24 and 192.175.48.0/24, AMT
/// 192.52.193.0/24), which are public services.
pub const V4: &[Row<u32>] = &[
    Row {
        net: u32::from_be_bytes([127, 0, 0, 0]),
        len: 8,
        class: Class::Loopback,
    },
    v4([0, 0, 0, 0], 8, "“this network” (RFC 791)"),
    v4([10, 0, 0, 0], 8, "private (RFC 1918)"),
    v4([100, 64, 0, 0], 10, "carrier-grade NAT (RFC 6598)"),
    v4(
        [169, 254, 0, 0],
        16,
        "link-local (RFC 3927), where cloud metadata services live,",
    ),
    v4([172, 16, 0, 0], 12, "private (RFC 1918)"),
    v4([192, 0, 0, 0], 24, "IETF protocol assignment (RFC 6890)"),
    v4([192, 0, 2, 0], 24, "documentation (RFC 5737)"),
    v4([192, 88, 99, 0], 24, "6to4 relay anycast (RFC 7526)"),
    v4([192, 168, 0, 0], 16, "private (RFC 1918)"),
    v4([198, 18, 0, 0], 15, "benchmarking (RFC 2544)"),
    v4([198, 51, 100, 0], 24, "documentation (RFC 5737)"),
    v4([203, 0, 113, 0], 24, "documentation (RFC 5737)"),
    v4([224, 0, 0, 0], 4, "multicast (RFC 5771)"),
    v4([255, 255, 255, 255], 32, "broadcast (RFC 919)"),
    v4([240, 0, 0, 0], 4, "reserved (RFC 1112)"),
];

/// IPv6 ranges that are not globally reachable, first match wins, checked after the forms
/// that embed an IPv4 address (`classify_v6`).
pub const V6: &[Row<u128>] = &[
    Row {
        net: 1,
        len: 128,
        class: Class::Loopback,
    },
    v6([0; 8], 128, "unspecified (RFC 4291)"),
    v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, "local-use NAT64 (RFC 8215)"),
    v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64, "discard-only (RFC 6666)"),
    v6([0x100, 0, 0, 1, 0, 0, 0, 0], 64, "dummy-prefix (RFC 9780)"),
    v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, "Teredo (RFC 4380)"),
    v6(
        [0x2001, 0, 0, 0, 0, 0, 0, 0],
        23,
        "IETF protocol assignment (RFC 2928)",
    ),
    v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, "documentation (RFC 3849)"),
    v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, "documentation (RFC 9637)"),
    v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, "unique-local (RFC 4193)"),
    v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, "link-local (RFC 4291)"),
    v6(
        [0xfec0, 0, 0, 0, 0, 0, 0, 0],
        10,
        "site-local (deprecated, RFC 3879)",
    ),
    v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, "multicast (RFC 4291)"),
];

/// Only 2000::/3 is allocated for global unicast (RFC 4291 §2.4, the IPv6 address-space
/// registry); the rest is reserved, e.g. 5f00::/16 (SRv6 SIDs, RFC 9602).
const GLOBAL_UNICAST: Row<u128> = v6([0x2000, 0, 0, 0, 0, 0, 0, 0], 3, "");
const RESERVED_V6: Class = Class::Special("reserved IPv6 (outside 2000::/3)");

/// The special-purpose class of an address, `None` for a global one.
pub fn classify(ip: IpAddr) -> Option<Class> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn matches<T>(row: &Row<T>, bits: T, width: u32) -> bool
where
    T: Copy + PartialEq + std::ops::Shr<u32, Output = T>,
{
    // A shift by the full width would overflow; a /0 matches everything.
    row.len == 0 || bits >> (width - row.len) == row.net >> (width - row.len)
}

fn classify_v4(ip: Ipv4Addr) -> Option<Class> {
    let bits = ip.to_bits();
    V4.iter().find(|r| matches(r, bits, 32)).map(|r| r.class)
}

fn classify_v6(ip: Ipv6Addr) -> Option<Class> {
    let bits = ip.to_bits();
    if let Some(v4) = embedded_v4(ip) {
        return classify_v4(v4);
    }
    if let Some(row) = V6.iter().find(|r| matches(r, bits, 128)) {
        return Some(row.class);
    }
    (!matches(&GLOBAL_UNICAST, bits, 128)).then_some(RESERVED_V6)
}

/// The IPv4 address an IPv6 address stands for, where the packet ends up at it.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low32 = || Ipv4Addr::from_bits(ip.to_bits() as u32);
    match s {
        // ::ffff:a.b.c.d, IPv4-mapped (RFC 4291 §2.5.5.2).
        [0, 0, 0, 0, 0, 0xffff, _, _] => Some(low32()),
        // ::ffff:0:a.b.c.d, IPv4-translated for SIIT (RFC 2765 §2.1).
        [0, 0, 0, 0, 0xffff, 0, _, _] => Some(low32()),
        // ::a.b.c.d, IPv4-compatible (deprecated, RFC 4291 §2.5.5.1); not :: or ::1.
        [0, 0, 0, 0, 0, 0, hi, _] if hi != 0 => Some(low32()),
        // 64:ff9b::/96, the NAT64 well-known prefix (RFC 6052 §2.1).
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(low32()),
        // 2002::/16, 6to4 (RFC 3056 §2): the IPv4 address is in the next 32 bits.
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::from_bits(u32::from(hi) << 16 | u32::from(lo))),
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

    fn name(ip: &str) -> &'static str {
        match class(ip) {
            Some(Class::Special(n)) => n,
            other => panic!("{ip}: {other:?}"),
        }
    }

    #[test]
    fn loopback_in_every_family() {
        for ip in [
            "127.0.0.1",
            "127.3.2.1",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:0:127.0.0.1",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "2002:7f00:1::",
        ] {
            assert_eq!(class(ip), Some(Class::Loopback), "{ip}");
        }
    }

    #[test]
    fn every_ipv4_row() {
        for (ip, want) in [
            ("0.1.2.3", "this network"),
            ("10.255.0.1", "RFC 1918"),
            ("100.64.0.0", "carrier-grade NAT"),
            ("100.127.255.255", "carrier-grade NAT"),
            ("169.254.169.254", "metadata"),
            ("172.16.0.1", "RFC 1918"),
            ("172.31.255.255", "RFC 1918"),
            ("192.0.0.170", "IETF protocol"),
            ("192.0.2.1", "documentation"),
            ("192.88.99.1", "6to4 relay"),
            ("192.168.1.1", "RFC 1918"),
            ("198.19.255.255", "benchmarking"),
            ("198.51.100.7", "documentation"),
            ("203.0.113.7", "documentation"),
            ("224.0.0.1", "multicast"),
            ("239.255.255.250", "multicast"),
            ("255.255.255.255", "broadcast"),
            ("240.0.0.1", "reserved"),
        ] {
            assert!(name(ip).contains(want), "{ip}: {}", name(ip));
        }
    }

    #[test]
    fn every_ipv6_row() {
        for (ip, want) in [
            ("::", "unspecified"),
            ("64:ff9b:1::1", "local-use NAT64"),
            ("100::1", "discard-only"),
            ("100:0:0:1::1", "dummy-prefix"),
            ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
            ("2001:2::1", "IETF protocol"),
            ("2001:1ff::1", "IETF protocol"),
            ("2001:db8::1", "documentation (RFC 3849)"),
            ("3fff::1", "documentation (RFC 9637)"),
            ("3fff:fff::1", "documentation (RFC 9637)"),
            ("fd00:ec2::254", "unique-local"),
            ("fc00::1", "unique-local"),
            ("fe80::1", "link-local"),
            ("fec0::1", "site-local"),
            ("ff02::1", "multicast"),
            ("5f00::1", "reserved IPv6"),
            ("::1:0:0:0", "reserved IPv6"),
            ("4000::1", "reserved IPv6"),
            ("e000::1", "reserved IPv6"),
        ] {
            assert!(name(ip).contains(want), "{ip}: {}", name(ip));
        }
    }

    #[test]
    fn embedded_ipv4_decides() {
        // Mapped, SIIT-translated, compatible, NAT64 and 6to4 forms of private addresses.
        for ip in [
            "::ffff:10.0.0.1",
            "::ffff:0:10.0.0.1",
            "::ffff:0:a9fe:a9fe",
            "::10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:c0a8:101::1",
            "::ffff:0:0.0.0.0",
        ] {
            assert!(matches!(class(ip), Some(Class::Special(_))), "{ip}");
        }
        // The same forms of public addresses are public.
        for ip in [
            "::ffff:1.1.1.1",
            "::ffff:0:1.1.1.1",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert_eq!(class(ip), None, "{ip}");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "192.0.1.1",
            "192.31.196.1",
            "198.20.0.1",
            "223.255.255.255",
            "2606:4700::1111",
            "2a00:1450::1",
            "2001:200::1",
            "3fff:1000::1",
            "2620:4f:8000::1",
        ] {
            assert_eq!(class(ip), None, "{ip}");
        }
    }

    /// docs/relay.md shows the same table: every prefix must be there.
    #[test]
    fn docs_list_every_prefix() {
        let docs = include_str!("../../../docs/relay.md");
        for r in V4 {
            let prefix = format!("`{}/{}`", Ipv4Addr::from_bits(r.net), r.len);
            assert!(docs.contains(&prefix), "docs/relay.md lacks {prefix}");
        }
        for r in V6.iter().chain([&GLOBAL_UNICAST]) {
            let prefix = format!("`{}/{}`", Ipv6Addr::from_bits(r.net), r.len);
            assert!(docs.contains(&prefix), "docs/relay.md lacks {prefix}");
        }
        for form in [
            "`::ffff:0:0/96`",
            "`::ffff:0:0:0/96`",
            "`::/96`",
            "`64:ff9b::/96`",
            "`2002::/16`",
        ] {
            assert!(docs.contains(form), "docs/relay.md lacks {form}");
        }
    }
}

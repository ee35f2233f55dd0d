//! Per-client rate limiting: a token bucket per client, refilled continuously so a client
//! gets `per_minute` requests a minute with bursts up to the same number. A client is an
//! IPv4 address or an IPv6 /64 (one subscriber's usual allocation, RFC 6177), so a host
//! cannot escape the limit by rotating through its own addresses.
//!
//! Memory is bounded: at most `max_clients` buckets are tracked. Full buckets carry no
//! information and are pruned, at most once a second (one scan, not one per request); when
//! the table is still full, the longest-tracked client is evicted (its next request starts
//! a fresh bucket, which errs on the side of letting it through).

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Tracked clients by default: a few MB at most.
pub const MAX_CLIENTS: usize = 100_000;
const PRUNE_EVERY: Duration = Duration::from_secs(1);

struct Bucket {
    tokens: f64,
    last: Instant,
}

#[derive(Default)]
struct Clients {
    buckets: HashMap<IpAddr, Bucket>,
    /// The buckets' keys, oldest first: always exactly the keys of `buckets`.
    order: VecDeque<IpAddr>,
    last_prune: Option<Instant>,
    /// Scans so far (tests check their frequency).
    prunes: u64,
}

pub struct RateLimiter {
    per_minute: u32,
    max_clients: usize,
    clients: Mutex<Clients>,
}

/// Whom a request is counted against: the IPv4 address (also when it arrives IPv4-mapped
/// on a dual-stack socket), or the IPv6 address's /64.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !u128::from(u64::MAX))),
        },
    }
}

impl RateLimiter {
    /// `per_minute == 0` turns the limit off.
    pub fn new(per_minute: u32) -> Self {
        Self::with_max_clients(per_minute, MAX_CLIENTS)
    }

    pub fn with_max_clients(per_minute: u32, max_clients: usize) -> Self {
        Self {
            per_minute,
            max_clients: max_clients.max(1),
            clients: Mutex::new(Clients::default()),
        }
    }

    /// Takes one token for `client`, or says how long until one is available.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let refilled =
            |b: &Bucket| b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * per_second;
        let key = client_key(client);
        let mut guard = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let c = &mut *guard;
        if c.last_prune
            .is_none_or(|t| now.saturating_duration_since(t) >= PRUNE_EVERY)
        {
            c.buckets.retain(|_, b| refilled(b) < capacity);
            let buckets = &c.buckets;
            c.order.retain(|k| buckets.contains_key(k));
            c.last_prune = Some(now);
            c.prunes += 1;
        }
        if !c.buckets.contains_key(&key) {
            while c.buckets.len() >= self.max_clients {
                let Some(oldest) = c.order.pop_front() else { break };
                c.buckets.remove(&oldest);
            }
            c.order.push_back(key);
        }
        let bucket = c.buckets.entry(key).or_insert(Bucket {
            tokens: capacity,
            last: now,
        });
        bucket.tokens = refilled(bucket).min(capacity);
        bucket.last = bucket.last.max(now);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }

    #[cfg(test)]
    fn tracked(&self) -> (usize, usize, u64) {
        let c = self.clients.lock().unwrap();
        (c.buckets.len(), c.order.len(), c.prunes)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn allows_a_burst_then_refills() {
        let limiter = RateLimiter::new(60);
        let t0 = Instant::now();
        for _ in 0..60 {
            assert!(limiter.check(ip("192.0.2.1"), t0).is_ok());
        }
        let wait = limiter.check(ip("192.0.2.1"), t0).unwrap_err();
        assert!(wait <= Duration::from_secs(1) && wait > Duration::from_millis(900));
        assert!(limiter.check(ip("192.0.2.2"), t0).is_ok());
        assert!(
            limiter
                .check(ip("192.0.2.1"), t0 + Duration::from_secs(1))
                .is_ok()
        );
        assert!(
            limiter
                .check(ip("192.0.2.1"), t0 + Duration::from_secs(1))
                .is_err()
        );
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0);
        for _ in 0..1000 {
            assert!(limiter.check(ip("::1"), Instant::now()).is_ok());
        }
    }

    #[test]
    fn ipv6_clients_are_their_64() {
        let limiter = RateLimiter::new(2);
        let t0 = Instant::now();
        assert!(limiter.check(ip("2001:db8:1:2::1"), t0).is_ok());
        assert!(limiter.check(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"), t0).is_ok());
        // A third address in the same /64 shares the bucket; the next /64 does not.
        assert!(limiter.check(ip("2001:db8:1:2:abcd::9"), t0).is_err());
        assert!(limiter.check(ip("2001:db8:1:3::1"), t0).is_ok());
        assert_eq!(client_key(ip("2001:db8:1:2:3:4:5:6")), ip("2001:db8:1:2::"));
        // IPv4 through a dual-stack socket counts as IPv4, each address on its own.
        assert_eq!(client_key(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(client_key(ip("192.0.2.7")), ip("192.0.2.7"));
    }

    #[test]
    fn tracked_clients_have_a_hard_cap() {
        let limiter = RateLimiter::with_max_clients(10, 100);
        let t0 = Instant::now();
        // Every client spends a token, so no bucket is full and pruning frees nothing.
        for i in 0..1000u32 {
            let client = IpAddr::V4(std::net::Ipv4Addr::from_bits(0x0a00_0000 + i));
            assert!(limiter.check(client, t0).is_ok());
            let (buckets, order, _) = limiter.tracked();
            assert!(buckets <= 100 && order == buckets, "{buckets} {order}");
        }
        // The most recent clients are still tracked: their bucket is still spent.
        let recent = IpAddr::V4(std::net::Ipv4Addr::from_bits(0x0a00_0000 + 999));
        for _ in 0..9 {
            assert!(limiter.check(recent, t0).is_ok());
        }
        assert!(limiter.check(recent, t0).is_err());
    }

    #[test]
    fn prunes_at_most_once_a_second() {
        let limiter = RateLimiter::with_max_clients(10, 50);
        let t0 = Instant::now();
        for i in 0..500u32 {
            let client = IpAddr::V4(std::net::Ipv4Addr::from_bits(0x0a00_0000 + i));
            let _ = limiter.check(client, t0 + Duration::from_millis(u64::from(i)));
        }
        // 500 requests over half a second: one scan.
        assert_eq!(limiter.tracked().2, 1);
        let _ = limiter.check(ip("192.0.2.1"), t0 + Duration::from_millis(1000));
        assert_eq!(limiter.tracked().2, 2);
        // A minute later every bucket is full again: the scan drops them all.
        let _ = limiter.check(ip("192.0.2.2"), t0 + Duration::from_secs(120));
        assert_eq!(limiter.tracked(), (1, 1, 3));
    }
}

//! The nonces seen inside the timestamp window (RFC 5849 §3.3: a nonce is unique per
//! consumer and timestamp). Bucketed by timestamp so that a second leaving the window goes
//! in one step, and capped so that memory stays bounded whatever clients send. Pure: the
//! caller passes the clock's reading.

use std::collections::{BTreeMap, HashSet};

use super::state::TIMESTAMP_WINDOW;

/// The longest `oauth_nonce` accepted, in characters; generated nonces are 32.
pub const MAX_NONCE_CHARS: usize = 128;
/// How many nonces the window may hold: about 160 requests a second for ten minutes, far
/// beyond a workshop, and some 20 MB at most with the longest nonces.
pub const MAX_NONCES: usize = 100_000;

#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Already sent by this consumer with this timestamp: a replay.
    Used,
    /// The store is full; room is made when the oldest second leaves the window.
    Full { retry_after: u64 },
}

pub struct NonceStore {
    /// `oauth_timestamp` → (consumer key, nonce).
    buckets: BTreeMap<u64, HashSet<(&'static str, String)>>,
    len: usize,
    capacity: usize,
}

impl Default for NonceStore {
    fn default() -> Self {
        Self::with_capacity(MAX_NONCES)
    }
}

impl NonceStore {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            buckets: BTreeMap::new(),
            len: 0,
            capacity,
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Records a nonce seen at `now`. The caller has already refused timestamps outside
    /// the window, so every bucket older than it can go: those requests are refused anyway.
    pub fn record(
        &mut self,
        now: u64,
        consumer: &'static str,
        timestamp: u64,
        nonce: &str,
    ) -> Result<(), Refused> {
        self.prune(now);
        let key = (consumer, nonce.to_owned());
        if self.buckets.get(&timestamp).is_some_and(|b| b.contains(&key)) {
            return Err(Refused::Used);
        }
        if self.len >= self.capacity {
            let oldest = self.buckets.keys().next().copied().unwrap_or(now);
            // The oldest bucket goes once `now` passes oldest + window.
            let retry_after = (oldest + TIMESTAMP_WINDOW + 1).saturating_sub(now).max(1);
            return Err(Refused::Full { retry_after });
        }
        self.buckets.entry(timestamp).or_default().insert(key);
        self.len += 1;
        Ok(())
    }

    fn prune(&mut self, now: u64) {
        let oldest = now.saturating_sub(TIMESTAMP_WINDOW);
        let kept = self.buckets.split_off(&oldest);
        let dropped = std::mem::replace(&mut self.buckets, kept);
        self.len -= dropped.values().map(HashSet::len).sum::<usize>();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_000_000;

    #[test]
    fn a_nonce_is_single_use_per_consumer_and_timestamp() {
        let mut s = NonceStore::default();
        assert_eq!(s.record(NOW, "c", NOW, "n"), Ok(()));
        assert_eq!(s.record(NOW, "c", NOW, "n"), Err(Refused::Used));
        assert_eq!(s.record(NOW, "other", NOW, "n"), Ok(()));
        assert_eq!(s.record(NOW, "c", NOW + 1, "n"), Ok(()));
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn whole_buckets_leave_with_the_window() {
        let mut s = NonceStore::default();
        for (i, t) in [NOW - TIMESTAMP_WINDOW, NOW, NOW + TIMESTAMP_WINDOW]
            .into_iter()
            .enumerate()
        {
            s.record(NOW, "c", t, &format!("a{i}"))
                .unwrap_or_else(|e| panic!("{e:?}"));
            s.record(NOW, "c", t, &format!("b{i}"))
                .unwrap_or_else(|e| panic!("{e:?}"));
        }
        assert_eq!(s.len(), 6);
        // One second on, the oldest bucket (two nonces) is past the window.
        assert_eq!(s.record(NOW + 1, "c", NOW + 1, "x"), Ok(()));
        assert_eq!(s.len(), 5);
        assert_eq!(s.buckets.keys().next(), Some(&NOW));
        // Long after, only what was just recorded remains.
        let later = NOW + 10 * TIMESTAMP_WINDOW;
        assert_eq!(s.record(later, "c", later, "y"), Ok(()));
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn a_full_store_refuses_new_nonces_until_a_bucket_leaves() {
        let mut s = NonceStore::with_capacity(3);
        assert_eq!(s.record(NOW, "c", NOW - 10, "a"), Ok(()));
        assert_eq!(s.record(NOW, "c", NOW, "b"), Ok(()));
        assert_eq!(s.record(NOW, "c", NOW, "c"), Ok(()));
        // NOW - 10 leaves the window when the clock passes NOW - 10 + 300.
        let full = Refused::Full {
            retry_after: TIMESTAMP_WINDOW - 10 + 1,
        };
        assert_eq!(s.record(NOW, "c", NOW, "d"), Err(full));
        // A replay is still called a replay.
        assert_eq!(s.record(NOW, "c", NOW, "b"), Err(Refused::Used));
        assert_eq!(s.len(), 3);
        let later = NOW - 10 + TIMESTAMP_WINDOW + 1;
        assert_eq!(s.record(later, "c", later, "d"), Ok(()));
        assert_eq!(s.len(), 3);
        assert_eq!(
            s.record(later, "c", later, "e"),
            Err(Refused::Full {
                retry_after: NOW + TIMESTAMP_WINDOW + 1 - later
            })
        );
    }
}

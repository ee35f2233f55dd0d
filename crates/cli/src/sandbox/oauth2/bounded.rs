//! A map whose entries expire and whose size is capped, so the server's memory stays bounded
//! whatever clients do: expired entries go first, then the ones closest to expiry. Pure: the
//! caller passes the clock's reading.

use std::collections::HashMap;

/// At most this many of each kind of record (codes, tokens, device grants, …).
pub const MAX_ENTRIES: usize = 10_000;

pub struct Bounded<T> {
    entries: HashMap<String, (u64, T)>,
    capacity: usize,
}

impl<T> Default for Bounded<T> {
    fn default() -> Self {
        Self::with_capacity(MAX_ENTRIES)
    }
}

impl<T> Bounded<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: HashMap::new(),
            capacity,
        }
    }

    /// Keeps `value` under `key` until `expires` (seconds).
    pub fn insert(&mut self, now: u64, key: String, expires: u64, value: T) {
        if self.entries.len() >= self.capacity {
            self.entries.retain(|_, (e, _)| *e > now);
        }
        while self.entries.len() >= self.capacity {
            let Some(soonest) = self
                .entries
                .iter()
                .min_by_key(|(_, (e, _))| *e)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            self.entries.remove(&soonest);
        }
        self.entries.insert(key, (expires, value));
    }

    /// The live entry under `key` and its expiry.
    pub fn get_mut(&mut self, now: u64, key: &str) -> Option<(u64, &mut T)> {
        match self.entries.get_mut(key) {
            Some((e, v)) if *e > now => Some((*e, v)),
            _ => None,
        }
    }

    /// Whether `key` is held, even expired (to tell "expired" from "unknown").
    pub fn expired(&self, now: u64, key: &str) -> Option<u64> {
        self.entries.get(key).map(|(e, _)| *e).filter(|e| *e <= now)
    }

    /// The key of the live entry `pred` picks.
    pub fn find_key(&self, now: u64, pred: impl Fn(&T) -> bool) -> Option<String> {
        self.entries
            .iter()
            .find(|(_, (e, v))| *e > now && pred(v))
            .map(|(k, _)| k.clone())
    }

    pub fn remove(&mut self, key: &str) -> Option<T> {
        self.entries.remove(key).map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.entries.values_mut().map(|(_, v)| v)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_then_soonest_go_first() {
        let mut m = Bounded::with_capacity(2);
        m.insert(0, "a".into(), 10, 1);
        m.insert(0, "b".into(), 30, 2);
        m.insert(0, "c".into(), 20, 3);
        assert_eq!(m.len(), 2);
        assert!(m.get_mut(0, "a").is_none());
        assert_eq!(m.get_mut(0, "c").map(|(_, v)| *v), Some(3));
        assert_eq!(m.get_mut(20, "c").map(|(_, v)| *v), None);
        assert_eq!(m.expired(20, "c"), Some(20));
        assert_eq!(m.expired(20, "b"), None);
        m.insert(25, "d".into(), 40, 4);
        assert_eq!(m.len(), 2);
        assert!(m.get_mut(25, "b").is_some() && m.get_mut(25, "d").is_some());
    }
}

//! A cache of the version d'étape keys known to exist, for the OPI wish check
//! (`Store::vets_exist`), so that a request whose wishes name VETs seen a moment
//! ago does not read the course structure again (on PostgreSQL a round trip and a
//! pool checkout per request).
//!
//! Only **positive** answers are kept, each for `database.vet_cache_secs`: a VET
//! added to the course structure is accepted at once (an unknown key is always
//! looked up), a VET removed may still be accepted for at most that long. An empty
//! course structure (no check at all) is not cached either. `0` disables it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many keys the cache starts again empty (a course structure has a
/// few thousand VETs; this only bounds memory against odd input).
const MAX_KEYS: usize = 100_000;

pub struct VetCache {
    ttl: Duration,
    known: Mutex<HashMap<(String, i32), Instant>>,
}

impl VetCache {
    pub fn new(ttl: Duration) -> VetCache {
        VetCache {
            ttl,
            known: Mutex::new(HashMap::new()),
        }
    }

    /// `Some(all true)` when every key was found less than the TTL ago.
    pub fn lookup(&self, keys: &[(String, i32)]) -> Option<Vec<bool>> {
        if self.ttl.is_zero() || keys.is_empty() {
            return None;
        }
        let now = Instant::now();
        let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter()
            .all(|k| {
                known
                    .get(k)
                    .is_some_and(|at| now.duration_since(*at) < self.ttl)
            })
            .then(|| vec![true; keys.len()])
    }

    /// Keeps the keys the database found.
    pub fn remember(&self, keys: &[(String, i32)], found: &[bool]) {
        if self.ttl.is_zero() {
            return;
        }
        let now = Instant::now();
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if known.len() > MAX_KEYS {
            known.clear();
        }
        for (k, _) in keys.iter().zip(found).filter(|(_, f)| **f) {
            known.insert(k.clone(), now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(e: &str, v: i32) -> (String, i32) {
        (e.to_string(), v)
    }

    #[test]
    fn only_found_keys_are_kept_and_only_for_the_ttl() {
        let c = VetCache::new(Duration::from_millis(200));
        assert_eq!(c.lookup(&[k("L1INF", 101)]), None);
        c.remember(&[k("L1INF", 101), k("NOPE", 1)], &[true, false]);
        assert_eq!(c.lookup(&[k("L1INF", 101)]), Some(vec![true]));
        // One unknown key: the database is asked again.
        assert_eq!(c.lookup(&[k("L1INF", 101), k("NOPE", 1)]), None);
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(c.lookup(&[k("L1INF", 101)]), None);
    }

    #[test]
    fn zero_disables_it() {
        let c = VetCache::new(Duration::ZERO);
        c.remember(&[k("L1INF", 101)], &[true]);
        assert_eq!(c.lookup(&[k("L1INF", 101)]), None);
    }
}

//! Per-client abuse limits (`auth.rate_per_sec`, `auth.rate_burst`,
//! `auth.max_in_flight_per_client`, `docs/SECURITY.md`): a token bucket per
//! client name (HTTP 429 when empty) and a cap on the client's requests in
//! progress (HTTP 503). Both answer with `Retry-After`. Only authenticated
//! clients are counted; the open demo mode has the global cap only.

use crate::config::AuthConfig;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Most clients tracked; the table is emptied when full (a client then starts
/// with a full bucket, which errs on the side of serving).
const MAX_TRACKED: usize = 10_000;

/// Why a client's request is not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Rate exceeded: retry after this many seconds (HTTP 429).
    Rate(u64),
    /// Too many requests of this client in progress (HTTP 503).
    Busy,
}

pub struct ClientLimits {
    rate: f64,
    burst: f64,
    max_in_flight: usize,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
    in_flight: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl ClientLimits {
    pub fn new(c: &AuthConfig) -> ClientLimits {
        ClientLimits {
            rate: c.rate_per_sec.max(0.0),
            burst: f64::from(c.rate_burst.max(1)),
            max_in_flight: c.max_in_flight_per_client,
            buckets: Mutex::new(HashMap::new()),
            in_flight: Mutex::new(HashMap::new()),
        }
    }

    /// Admits one request of `client`: the permit (if concurrency is capped) is
    /// to be held until the request is answered.
    pub fn admit(&self, client: &str) -> Result<Option<OwnedSemaphorePermit>, Refused> {
        if self.rate > 0.0 {
            let now = Instant::now();
            let mut b = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
            if b.len() >= MAX_TRACKED && !b.contains_key(client) {
                b.clear();
            }
            let (tokens, last) = b.entry(client.to_string()).or_insert((self.burst, now));
            *tokens =
                (*tokens + now.duration_since(*last).as_secs_f64() * self.rate).min(self.burst);
            *last = now;
            if *tokens < 1.0 {
                let wait = ((1.0 - *tokens) / self.rate).ceil().max(1.0) as u64;
                return Err(Refused::Rate(wait));
            }
            *tokens -= 1.0;
        }
        if self.max_in_flight == 0 {
            return Ok(None);
        }
        let sem = {
            let mut m = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
            if m.len() >= MAX_TRACKED && !m.contains_key(client) {
                // Forget only idle clients.
                let cap = self.max_in_flight;
                m.retain(|_, s| s.available_permits() < cap);
            }
            m.entry(client.to_string())
                .or_insert_with(|| Arc::new(Semaphore::new(self.max_in_flight)))
                .clone()
        };
        sem.try_acquire_owned().map(Some).map_err(|_| Refused::Busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_and_cap() {
        let c = AuthConfig {
            rate_per_sec: 1.0,
            rate_burst: 3,
            max_in_flight_per_client: 2,
            ..AuthConfig::default()
        };
        let l = ClientLimits::new(&c);
        let a = l.admit("a").unwrap();
        let b = l.admit("a").unwrap();
        assert_eq!(l.admit("a").unwrap_err(), Refused::Busy);
        drop((a, b));
        assert!(matches!(l.admit("a"), Err(Refused::Rate(1))));
        assert!(l.admit("b").is_ok());
    }
}

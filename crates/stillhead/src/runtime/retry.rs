//! Retrying what timed out waiting for a table lock: a migration statement
//! that waits longer than `ddl_lock_timeout` is rolled back rather than
//! left queueing (every later query on the table would queue behind it),
//! and tried again after a pause that grows, with jitter so that instances
//! starting together do not retry in step. Bounded by `ddl_retries` and
//! `ddl_retry_window`. A deadlock or a conflicting write the server rolled
//! back (`DbError::conflict`) draws on the same budget: nothing of the
//! rolled-back work stands, so it is run again the same way.

use std::time::{Duration, Instant};

/// The retry budget of one run.
#[derive(Debug)]
pub(super) struct Retry {
    max: u32,
    window: Duration,
    attempts: u32,
    first: Option<Instant>,
}

impl Retry {
    /// A budget of `max` retries, started within `window` of the first timeout.
    pub(super) fn new(max: u32, window: Duration) -> Retry {
        Retry {
            max,
            window,
            attempts: 0,
            first: None,
        }
    }

    /// The pause before the next retry, or `None` when the budget is spent.
    /// 100 ms doubling to at most 5 s, each scaled by a random 0.5–1.5.
    pub(super) fn next_pause(&mut self) -> Option<Duration> {
        let first = *self.first.get_or_insert_with(Instant::now);
        if self.attempts >= self.max || first.elapsed() >= self.window {
            return None;
        }
        let base =
            Duration::from_millis(100 * (1u64 << self.attempts.min(6))).min(Duration::from_secs(5));
        self.attempts += 1;
        Some(base.mul_f64(crate::dialect::lease::jitter()))
    }

    /// Retries made so far.
    pub(super) fn attempts(&self) -> u32 {
        self.attempts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_with_jitter_and_stop_at_the_budget() {
        let mut r = Retry::new(3, Duration::from_secs(60));
        let pauses: Vec<Duration> = std::iter::from_fn(|| r.next_pause()).collect();
        assert_eq!(pauses.len(), 3);
        for (i, p) in pauses.iter().enumerate() {
            let base = 100.0 * 2f64.powi(i as i32);
            let ms = p.as_secs_f64() * 1000.0;
            assert!(ms >= base * 0.5 && ms <= base * 1.5, "{i}: {ms}");
        }
        assert_eq!(r.attempts(), 3);
        let mut closed = Retry::new(10, Duration::ZERO);
        assert_eq!(closed.next_pause(), None, "an elapsed window allows none");
    }
}

//! The lease of a runner inside a migration that no transaction covers,
//! where the migration lock lasts only as long as a transaction (PostgreSQL,
//! whose lock is `pg_advisory_xact_lock` so that a transaction pooler never
//! keeps it). The in-progress mark, committed first, keeps other runners
//! out; the lease tells them whether its runner is alive: a [`Heartbeat`]
//! renews it from a connection of its own while the run's connection is
//! busy with a statement that may take hours (CREATE INDEX CONCURRENTLY).
//! A live lease makes others wait (up to `lock_timeout`, then a lock
//! timeout naming the holder); a lapsed one means the runner died, and the
//! half-done migration is reported at once (ARCHITECTURE.md, "Locking").

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::dialect::{Lease, LeaseRenewer, LeaseRow, Tables};

/// A new lease for `revision`, held by `holder`, lasting `length` between renewals.
pub(super) fn new_lease(holder: &str, revision: &str, at: &str, length: Duration) -> Lease {
    Lease {
        token: token(),
        holder: holder.to_string(),
        revision: revision.to_string(),
        acquired_at: at.to_string(),
        length,
    }
}

/// A token no other runner holds: this process, this instant, a counter.
fn token() -> String {
    use std::sync::atomic::AtomicU64;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{:x}-{nanos:x}-{:x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Who holds a lease and what it is doing, for a lock-timeout message.
pub(super) fn holder_of(lease: &LeaseRow) -> String {
    format!(
        "{}, applying {} since {} (its lease is renewed until {})",
        lease.holder, lease.revision, lease.acquired_at, lease.expires_at
    )
}

/// Renews a lease every third of its length until stopped. A renewal that
/// fails is logged and tried again at the next beat: the lease still has
/// two thirds of its length to run.
pub(super) struct Heartbeat {
    stop: Option<mpsc::Sender<()>>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Heartbeat {
    /// Starts renewing `lease` through `renewer`.
    pub(super) fn start(
        mut renewer: Box<dyn LeaseRenewer>,
        tables: &Tables,
        lease: &Lease,
    ) -> Heartbeat {
        let (stop, stopped) = mpsc::channel::<()>();
        let stopping = Arc::new(AtomicBool::new(false));
        let (tables, token, length) = (tables.clone(), lease.token.clone(), lease.length);
        let revision = lease.revision.clone();
        let quitting = Arc::clone(&stopping);
        let thread = std::thread::spawn(move || loop {
            match stopped.recv_timeout(length / 3) {
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                _ => return,
            }
            let renewed = renewer.renew(&tables, &token, length);
            if quitting.load(Ordering::SeqCst) {
                return;
            }
            match renewed {
                Ok(true) => tracing::debug!(revision = %revision, "lease renewed"),
                Ok(false) => {
                    tracing::error!(revision = %revision, "the lease was taken away (`lock release --force`?); other runners will report {revision} as interrupted");
                    return;
                }
                Err(e) => {
                    tracing::warn!(revision = %revision, "could not renew the lease: {e}; trying again")
                }
            }
        });
        Heartbeat {
            stop: Some(stop),
            stopping,
            thread: Some(thread),
        }
    }

    /// Tells the heartbeat that the lease is about to be released, so that
    /// a renewal racing the release is not reported as a lost lease.
    pub(super) fn finishing(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        self.finishing();
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DbError;
    use std::sync::Mutex;

    /// Counts renewals, and answers as told.
    struct Counting(Arc<Mutex<u32>>, bool);

    impl LeaseRenewer for Counting {
        fn renew(&mut self, _t: &Tables, _token: &str, _l: Duration) -> Result<bool, DbError> {
            *self.0.lock().unwrap() += 1;
            Ok(self.1)
        }
    }

    #[test]
    fn a_heartbeat_renews_every_third_of_the_lease_until_dropped() {
        let count = Arc::new(Mutex::new(0));
        let lease = new_lease("me", "001", "now", Duration::from_millis(300));
        let beat = Heartbeat::start(
            Box::new(Counting(Arc::clone(&count), true)),
            &Tables::new("v"),
            &lease,
        );
        std::thread::sleep(Duration::from_millis(750));
        drop(beat);
        let renewed = *count.lock().unwrap();
        // About 7 beats in 750 ms; a loaded machine may miss some.
        assert!(renewed >= 3, "renewed {renewed} times");
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(*count.lock().unwrap(), renewed, "no renewal after the drop");
    }

    #[test]
    fn a_lost_lease_stops_the_heartbeat() {
        let count = Arc::new(Mutex::new(0));
        let lease = new_lease("me", "001", "now", Duration::from_millis(150));
        let beat = Heartbeat::start(
            Box::new(Counting(Arc::clone(&count), false)),
            &Tables::new("v"),
            &lease,
        );
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(
            *count.lock().unwrap(),
            1,
            "one renewal found the lease gone"
        );
        drop(beat);
    }

    #[test]
    fn tokens_differ() {
        assert_ne!(token(), token());
    }
}

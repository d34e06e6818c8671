//! Leases: committed rows saying who is at work and until when, renewed by
//! a [`Heartbeat`] from a connection of its own while the run's connection
//! is busy with a statement that may take hours. Two uses
//! (ARCHITECTURE.md, "Locking"): on PostgreSQL, a runner inside a migration
//! that no transaction covers (its lock, `pg_advisory_xact_lock`, lasts
//! only as long as a transaction, so that a transaction pooler never keeps
//! it), where the in-progress mark keeps others out and the lease tells them
//! whether the runner is alive; on a MariaDB Galera cluster, the migration
//! lock itself, since `GET_LOCK` is local to one node.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::{Lease, LeaseRenewer, LeaseRow, Tables};

/// A new lease held by `holder` (for `revision`, or for a whole run),
/// lasting `length` between renewals.
pub fn new_lease(holder: &str, revision: Option<&str>, at: &str, length: Duration) -> Lease {
    Lease {
        token: token(),
        holder: holder.to_string(),
        revision: revision.map(str::to_string),
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

/// A random factor in 0.5–1.5, so that instances started together do not
/// retry in step.
pub fn jitter() -> f64 {
    0.5 + fastrand::f64()
}

/// Who holds a lease and what it is doing, for a lock-timeout message.
pub fn holder_of(lease: &LeaseRow) -> String {
    let doing = match &lease.revision {
        Some(revision) => format!("applying {revision}"),
        None => "running migrations".to_string(),
    };
    format!(
        "{}, {doing} since {} (its lease is renewed until {})",
        lease.holder, lease.acquired_at, lease.expires_at
    )
}

/// Renews a lease every third of its length until stopped. A renewal that
/// fails is logged and tried again at the next beat: the lease still has
/// two thirds of its length to run.
pub struct Heartbeat {
    stop: Option<mpsc::Sender<()>>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Heartbeat {
    /// Starts renewing `lease` through `renewer`.
    pub fn start(mut renewer: Box<dyn LeaseRenewer>, tables: &Tables, lease: &Lease) -> Heartbeat {
        let (stop, stopped) = mpsc::channel::<()>();
        let stopping = Arc::new(AtomicBool::new(false));
        let (tables, token, length) = (tables.clone(), lease.token.clone(), lease.length);
        let revision = lease.revision.clone().unwrap_or_else(|| "the run".into());
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
                    tracing::error!(revision = %revision, "the lease was taken away (it lapsed, and `lock release --force` removed it or another runner took it over); {revision} stops before its next statement");
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
    pub fn finishing(&self) {
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
        let lease = new_lease("me", Some("001"), "now", Duration::from_millis(300));
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
        let lease = new_lease("me", Some("001"), "now", Duration::from_millis(150));
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

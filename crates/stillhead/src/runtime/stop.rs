//! Stopping a run because the process is about to end (the CLI's Ctrl-C and
//! SIGTERM handler): once [`request_stop`] is called, every run in the
//! process starts no further statement, and fails the statement that was
//! running when it returns, even if it returned well (MariaDB's `KILL
//! QUERY` of `SELECT SLEEP(…)` ends it without an error). The failure is
//! recorded as any failed statement is: rolled back where the database can,
//! marked in progress where it cannot.

use std::sync::atomic::{AtomicBool, Ordering};

static STOP: AtomicBool = AtomicBool::new(false);

/// Asks every run in this process to stop at its next statement.
pub fn request_stop() {
    STOP.store(true, Ordering::SeqCst);
}

/// Whether [`request_stop`] was called.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

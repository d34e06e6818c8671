//! Ctrl-C (SIGINT), SIGTERM and SIGHUP. On the first, a thread of its own
//! asks every run to stop (`stillhead::runtime::request_stop`), cancels the
//! statement the run's connection is running on the server (a second
//! connection sends `pg_cancel_backend` / `KILL QUERY`; SQLite is
//! interrupted in place), drops any scratch database, gives the command a
//! few seconds to record its failed migration as it records any failed
//! statement, and exits 128 + the signal's number: 130, 143, 129. A second
//! signal exits at once.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use stillhead::dialect::Canceller;

/// How long the cancel request may take (a second connection and one
/// statement).
const CANCEL_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the command may take, after its statement was cancelled, to
/// roll back and record the failure.
const RECORD_TIMEOUT: Duration = Duration::from_secs(10);

/// The exit code of the signal received, 0 before any.
static EXIT_CODE: AtomicI32 = AtomicI32::new(0);
/// What cancels the statement of the connection a run is using.
static CANCELLER: Mutex<Option<Canceller>> = Mutex::new(None);
/// The statement the run started last and has not finished, as the
/// runner's observer saw it: the canceller makes sure it cancels that.
static RUNNING: Mutex<Option<String>> = Mutex::new(None);
/// Set by the main thread when the command has returned.
static MAIN_DONE: Mutex<bool> = Mutex::new(false);
static MAIN_DONE_CHANGED: Condvar = Condvar::new();

/// Starts the thread that waits for signals; `Err` when they cannot be
/// caught (the command then runs without the handler, as before one).
pub fn install() -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let mut handling = false;
            for signal in signals.forever() {
                let code = 128 + signal;
                if handling {
                    // A second Ctrl-C: the person does not want to wait.
                    std::process::exit(EXIT_CODE.load(Ordering::SeqCst).max(code));
                }
                handling = true;
                EXIT_CODE.store(code, Ordering::SeqCst);
                let _ = std::thread::Builder::new()
                    .name("interrupted".into())
                    .spawn(move || stop(code));
            }
        })?;
    Ok(())
}

/// The exit code of the signal that stopped the command, if one did.
pub fn received() -> Option<i32> {
    match EXIT_CODE.load(Ordering::SeqCst) {
        0 => None,
        code => Some(code),
    }
}

/// Remembers what cancels the statement of the connection a run is about
/// to use.
pub fn watch(canceller: Canceller) {
    if let Ok(mut slot) = CANCELLER.lock() {
        *slot = Some(canceller);
    }
}

/// The statement the run is about to send (`None`: between statements).
pub fn running(statement: Option<&str>) {
    if let Ok(mut slot) = RUNNING.lock() {
        *slot = statement.map(str::to_string);
    }
}

/// The command returned: a signal handler waiting for it may exit now.
pub fn main_done() {
    if let Ok(mut done) = MAIN_DONE.lock() {
        *done = true;
        MAIN_DONE_CHANGED.notify_all();
    }
}

fn stop(code: i32) {
    stillhead::runtime::request_stop();
    let canceller = CANCELLER.lock().ok().and_then(|mut slot| slot.take());
    if let Some(canceller) = &canceller {
        let started = std::time::Instant::now();
        let running = RUNNING.lock().ok().and_then(|r| r.clone());
        match canceller.cancel(running.as_deref(), CANCEL_TIMEOUT) {
            Ok(()) => tracing::info!(
                "interrupted: asked for the running statement of {} to be cancelled ({} ms)",
                canceller.describe(),
                started.elapsed().as_millis()
            ),
            Err(e) => anstream::eprintln!(
                "warning: interrupted, but the running statement could not be cancelled on the server ({e}); it may run on until it ends"
            ),
        }
    }
    stillhead::dialect::scratch::drop_all_scratch_databases();
    if canceller.is_some() {
        // The run is failing with the cancelled statement: let it roll
        // back and record that, as for any failed statement.
        if let Ok(done) = MAIN_DONE.lock() {
            let _ = MAIN_DONE_CHANGED.wait_timeout_while(done, RECORD_TIMEOUT, |done| !*done);
        }
    }
    std::process::exit(code);
}

//! The `tokio` feature: the runner awaited from async code
//! (ARCHITECTURE.md, "Async applications").
//!
//! The runner itself stays blocking (the three drivers are synchronous).
//! These functions run it on a thread of their own and await its answer
//! through a channel, so the runtime's workers go on serving while the
//! migrations run. A plain thread rather than `spawn_blocking`: a thread
//! of tokio's blocking pool counts as inside the runtime, where the
//! PostgreSQL client would hop to yet another thread for every call.
//!
//! Dropping the future does not stop the run: a migration half done is
//! not something to abandon. The run finishes (or fails and is recorded)
//! on its thread.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::{Config, EmbeddedMigrations, Error, MigrationSet, Result, RunReport};

/// [`upgrade_to_head`](crate::upgrade_to_head) without blocking the async
/// runtime: brings the database at `url` to the head of the embedded
/// migrations, idempotently and safely when many instances start at once.
///
/// ```no_run
/// static MIGRATIONS: stillhead::EmbeddedMigrations =
///     stillhead::embed_migrations!("../../examples/shop/migrations");
///
/// # async fn start() -> Result<(), stillhead::Error> {
/// let report = stillhead::upgrade_to_head_async("sqlite://app.db", &MIGRATIONS).await?;
/// println!("{} migration(s) applied", report.steps.len());
/// # Ok(())
/// # }
/// ```
pub async fn upgrade_to_head_async(
    url: &str,
    migrations: &'static EmbeddedMigrations,
) -> Result<RunReport> {
    let url = url.to_string();
    on_own_thread(move || crate::upgrade_to_head(&url, migrations)).await
}

/// [`upgrade_set_to_head`](crate::upgrade_set_to_head) without blocking
/// the async runtime: for a prepared set (Rust migrations, say) and a
/// configuration of its own.
pub async fn upgrade_set_to_head_async(
    config: Config,
    set: Arc<MigrationSet>,
) -> Result<RunReport> {
    on_own_thread(move || crate::upgrade_set_to_head(&config, &set)).await
}

/// Runs `work` on a new thread and awaits what it returns; a panic there
/// goes on here, as if `work` had been called directly.
async fn on_own_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("stillhead-run".into())
        .spawn(move || {
            // The receiver gone means the caller stopped waiting: the run
            // has finished anyway, and its result goes nowhere.
            let _ = answer.send(catch_unwind(AssertUnwindSafe(work)));
        })
        .map_err(|source| Error::Io {
            path: "a thread for the migration run".into(),
            source,
        })?;
    match answered.await {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => resume_unwind(panic),
        // The thread always sends before it ends, panic or not.
        Err(_) => unreachable!("the run's thread ended without an answer"),
    }
}

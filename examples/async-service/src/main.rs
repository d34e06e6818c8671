//! A tokio service that migrates its database at start-up through
//! stillhead's async API (`upgrade_to_head_async`, the `tokio` feature), on
//! SQLite, PostgreSQL or MariaDB alike: `DATABASE_URL` picks which.
//!
//! It runs on a single-threaded runtime on purpose: while the migrations
//! run, a heartbeat task goes on ticking on the same thread, which it
//! could not do if the migration blocked the runtime. It prints what was
//! applied and how many heartbeats the runtime served meanwhile.

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use stillhead::EmbeddedMigrations;

/// The migration guide's shop migrations (`examples/shop/migrations`),
/// with their SQLite, PostgreSQL and MariaDB parts.
static MIGRATIONS: EmbeddedMigrations = stillhead::embed_migrations!("../shop/migrations");

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("async-service: set DATABASE_URL (sqlite://, postgres:// or mysql://)");
        return ExitCode::from(2);
    };

    // Something else the runtime must keep doing while the migrations run.
    let beats = Arc::new(AtomicU64::new(0));
    let heartbeat = tokio::spawn({
        let beats = Arc::clone(&beats);
        async move {
            let mut every = tokio::time::interval(Duration::from_millis(1));
            loop {
                every.tick().await;
                beats.fetch_add(1, Ordering::Relaxed);
            }
        }
    });

    let migrated = stillhead::upgrade_to_head_async(&url, &MIGRATIONS).await;
    heartbeat.abort();
    match migrated {
        Ok(report) => {
            for step in &report.steps {
                println!("applied {} in {:.1} ms", step.revision, step.duration_ms);
            }
            println!("at {}", report.to.join(", "));
            println!(
                "heartbeats during the migration: {}",
                beats.load(Ordering::Relaxed)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("async-service: {e}");
            ExitCode::FAILURE
        }
    }
}

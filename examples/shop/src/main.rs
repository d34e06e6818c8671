//! The migration guide's shop app: it migrates its database at start-up
//! through the stillhead library (migrations embedded at compile time), then
//! does a small real workload on the schema and prints what it did.
//!
//! The database URL comes from `DATABASE_URL` (environment or `./.env`), else
//! from `stillhead.toml` — the same file the `stillhead` CLI reads, so both
//! work on one database.

mod workload;

use std::path::PathBuf;
use std::process::ExitCode;

use stillhead::LoadOptions;
use stillhead::{Config, EmbeddedMigrations};

/// The app's migrations, compiled in: `examples/shop/migrations/*.sql`.
static MIGRATIONS: EmbeddedMigrations = stillhead::embed_migrations!("migrations");

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shop: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `./stillhead.toml` if the app is started next to one, else the example's own.
fn config_file() -> PathBuf {
    let local = PathBuf::from("stillhead.toml");
    if local.is_file() {
        local
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("stillhead.toml")
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::load(&LoadOptions {
        config_file: Some(config_file()),
        ..LoadOptions::default()
    })?;
    let (url, source) = config.url.clone().ok_or(stillhead::Error::NoUrl)?;
    println!("shop: database {url} (from {source})");

    // Start-up migration: one call, safe on every start and from many instances.
    let report = stillhead::upgrade_to_head(url.expose(), &MIGRATIONS)?;
    if report.steps.is_empty() {
        println!(
            "shop: schema is at {} — nothing to migrate",
            report.to.join(", ")
        );
    } else {
        for step in &report.steps {
            println!(
                "shop: applied {:<24} {:<45} [{}] {:.1} ms",
                step.revision,
                step.message,
                step.tags.join(", "),
                step.duration_ms
            );
        }
        println!(
            "shop: migrated {} -> {} in {:.1} ms",
            if report.from.is_empty() {
                "base".into()
            } else {
                report.from.join(", ")
            },
            report.to.join(", "),
            report.duration_ms
        );
    }

    // The app's own work, through the same kind of connection (any backend).
    let mut db = stillhead::open(&config)?;
    for line in workload::run(db.as_mut())? {
        println!("shop: {line}");
    }
    Ok(())
}

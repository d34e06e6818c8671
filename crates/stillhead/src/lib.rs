//! # stillhead
//!
//! Versioned, reviewable, reversible database schema migrations — the ideas of
//! Alembic as a Rust library and one fast binary.
//!
//! Migrations are SQL files in a folder (the README's "Migration files"), read at
//! run time with [`MigrationSet::from_dir`] or compiled into a program with
//! [`embed_migrations!`]. The one-call start-up runner:
//!
//! ```no_run
//! // In an app the path is usually just "migrations" (relative to Cargo.toml).
//! static MIGRATIONS: stillhead::EmbeddedMigrations =
//!     stillhead::embed_migrations!("../../examples/shop/migrations");
//!
//! fn main() -> Result<(), stillhead::Error> {
//!     let report = stillhead::upgrade_to_head("sqlite://app.db", &MIGRATIONS)?;
//!     for step in &report.steps {
//!         println!("applied {} in {:.1} ms", step.revision, step.duration_ms);
//!     }
//!     Ok(())
//! }
//! ```
//!
//! It is safe to call on every start: at head it costs one short read, and
//! when many instances start at once each migration is applied exactly once.
//!
//! ## From an async (tokio) application
//! The runner is blocking (it uses the databases' synchronous drivers), and
//! it may be called from anywhere, inside an async runtime too, on every
//! backend. To keep the runtime's workers free while it runs, enable the
//! `tokio` feature and await it:
//!
//! ```ignore
//! let report = stillhead::upgrade_to_head_async(&url, &MIGRATIONS).await?;
//! ```
//!
//! For more control (a target other than head, Rust data migrations,
//! progress callbacks), build a [`MigrationSet`] and a [`Migrator`].
//!
//! ## Cargo features
//! One per database driver: `sqlite` (the default; rusqlite with SQLite
//! compiled in, any rusqlite from 0.32 to 0.43, so an application's own is
//! shared), `postgres` and `mysql`. A build without a database's feature
//! still reads its URLs and migration sections and writes its SQL (offline
//! scripts); connecting to it is [`Error::FeatureDisabled`], naming the
//! feature to enable, and [`DialectBackend::driver_enabled`] says so
//! beforehand. `tokio` adds the async API to any of them. `tools` adds
//! what the `stillhead` command does beyond running migrations (the
//! `project`, `autogen`, `schema`, `lint`, `import` and `fleet` modules,
//! scratch databases, the revision template); an application that runs
//! its migrations needs none of it.
//!
//! [`DialectBackend::driver_enabled`]: dialect::DialectBackend::driver_enabled
//!
//! ```toml
//! stillhead = { version = "0.1", default-features = false, features = ["postgres"] }
//! ```

// Errors carry the file, line and statement a person needs; they are cold
// paths, so their size on the stack does not matter.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

/// Declares modules that are the CLI's (`tools`) and the library's own
/// otherwise: an application sees the curated re-exports below, not the
/// machinery (ARCHITECTURE.md, "The public API").
macro_rules! public_with_tools {
    ($($module:ident),* $(,)?) => {$(
        #[cfg(feature = "tools")]
        pub mod $module;
        #[cfg(not(feature = "tools"))]
        mod $module;
    )*};
}

#[cfg(feature = "tokio")]
mod asynchronous;
#[cfg(feature = "tools")]
pub mod autogen;
public_with_tools!(config, dburl, dialect, runtime, script);
mod error;
#[cfg(feature = "tools")]
pub mod fleet;
#[cfg(feature = "tools")]
pub mod import;
#[cfg(feature = "tools")]
pub mod lint;
#[cfg(feature = "tools")]
pub mod project;
#[cfg(feature = "tools")]
pub use stillhead_core::revision;
#[cfg(not(feature = "tools"))]
use stillhead_core::revision;
#[cfg(feature = "tools")]
pub mod schema;

#[cfg(feature = "tokio")]
pub use asynchronous::{upgrade_set_to_head_async, upgrade_to_head_async};
pub use config::{Config, ConfigError, LoadOptions, TransactionMode, UrlSource};
pub use dburl::{DatabaseUrl, UrlError};
pub use dialect::admin::{
    create as create_database, drop as drop_database, exists as database_exists,
    Outcome as DatabaseOutcome,
};
#[cfg(feature = "mysql")]
pub use dialect::mysql::MysqlConnection;
#[cfg(feature = "postgres")]
pub use dialect::postgres::PostgresConnection;
#[cfg(feature = "sqlite")]
pub use dialect::sqlite::SqliteConnection;
pub use dialect::wait::{wait_for, wait_for_server, Wait, Waited};
pub use dialect::{
    connect, ConnectOptions, Connected, Connection, Dialect, DialectBackend, Executor, Value,
};
pub use error::{BoxError, DbError, Error, Result};
pub use revision::{GraphError, RevisionMap, TargetError};
pub use runtime::{
    request_stop, stop_requested, CurrentRevision, DbState, Direction, EmbeddedFile,
    EmbeddedMigrations, LockReport, Mark, MarkHolder, Migration, MigrationSet, Migrator, Observer,
    OfflineRequest, RunReport, RustFn, RustMigration, Silent, StampReport, Status, StepReport,
    VerifyIssue, VerifyReport,
};
pub use script::{Script, ScriptError, Section};
pub use stillhead_macros::embed_migrations;

/// Opens a connection for a configuration, creating a SQLite file if needed.
pub fn open(config: &Config) -> Result<Box<dyn Connection>> {
    let (url, _) = config.url.as_ref().ok_or(Error::NoUrl)?;
    open_creating(url, &ConnectOptions::for_config(config, true))
}

/// Connects with `opts.create` set, which never finds a database missing.
pub(crate) fn open_creating(
    url: &DatabaseUrl,
    opts: &ConnectOptions,
) -> Result<Box<dyn Connection>> {
    match connect(url, opts)? {
        Connected::Open(conn) => Ok(conn),
        Connected::Missing => unreachable!("create = true never reports a missing database"),
    }
}

/// Brings the database at `url` to the head of the embedded migrations.
///
/// Idempotent and safe to call concurrently from many processes; returns what
/// was applied and how long each migration took. Uses the default settings
/// (state table `stillhead_version`, one transaction per run, 60 s lock
/// timeout); use [`Migrator`] to change them.
pub fn upgrade_to_head(url: &str, migrations: &EmbeddedMigrations) -> Result<RunReport> {
    let set = migrations.load()?;
    let config = Config::for_url(url)?;
    upgrade_set_to_head(&config, &set)
}

/// Like [`upgrade_to_head`], for a prepared set (e.g. with Rust migrations) and configuration.
pub fn upgrade_set_to_head(config: &Config, set: &MigrationSet) -> Result<RunReport> {
    let mut conn = open(config)?;
    Migrator::new(set, config).upgrade(conn.as_mut(), "head")
}

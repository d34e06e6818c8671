//! Backends: one module per database, each implementing the small
//! [`Connection`] trait the runner drives (execute, transactions, state and
//! log tables, locks).
//!
//! Owns everything that differs per database. No other module may branch on
//! the dialect: they ask a `Connection` instead.

mod backend;
mod fence;
pub mod mysql;
pub mod postgres;
pub mod scratch;
pub mod sql;
pub mod sqlite;

mod state;

pub use backend::{Backend, Capabilities};
pub use state::{lock_key, LogAction, LogEntry, LogOutcome, StateRow, Tables};

use std::time::Duration;

use serde::Serialize;

use crate::dburl::DatabaseUrl;
use crate::error::{DbError, Error};
pub use crate::script::Dialect;

/// A value passed to or read from the database by a Rust migration.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl Value {
    /// The value as text, as a catalog query's column is read: text as it
    /// is, numbers written out, bytes decoded (lossily), NULL as "".
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Integer(i) => i.to_string(),
            Value::Real(f) => f.to_string(),
            Value::Text(s) => s.clone(),
            Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        }
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Integer(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// What a Rust migration may do: run SQL inside the migration's transaction.
pub trait Executor {
    /// The backend this connection talks to.
    fn dialect(&self) -> Dialect;
    /// Runs one statement with positional parameters (`?` on SQLite and
    /// MySQL, `$1` on PostgreSQL); returns the number of rows changed.
    fn execute_with(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Runs a query and returns every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, DbError>;
}

/// A connection the runner can drive. Small on purpose: one screen per backend.
pub trait Connection: Executor {
    /// The URL this connection was opened with.
    fn url(&self) -> &DatabaseUrl;
    /// Runs one statement of a migration.
    fn execute(&mut self, sql: &str) -> Result<(), DbError>;
    /// Starts a transaction (SQLite overrides this with `BEGIN IMMEDIATE`,
    /// which takes the write lock at once).
    fn begin(&mut self) -> Result<(), DbError> {
        let sql = self.dialect().backend().sql().begin();
        self.execute(sql)
    }
    /// Commits the open transaction.
    fn commit(&mut self) -> Result<(), DbError> {
        self.execute("COMMIT")
    }
    /// Rolls back the open transaction, if any.
    fn rollback(&mut self) -> Result<(), DbError> {
        self.execute("ROLLBACK")
    }
    /// Whether both the state and the log table exist (a run killed between
    /// creating them leaves one: it is then created again).
    fn has_state_tables(&mut self, tables: &Tables) -> Result<bool, DbError>;
    /// Creates the state and log tables if missing (idempotent, safe concurrently).
    fn create_state_tables(&mut self, tables: &Tables) -> Result<(), DbError>;
    /// Reads the state table; empty if it does not exist.
    fn read_state(&mut self, tables: &Tables) -> Result<Vec<StateRow>, DbError>;
    /// Inserts or replaces a state row.
    fn put_state(&mut self, tables: &Tables, row: &StateRow) -> Result<(), DbError>;
    /// Deletes a state row (no error if absent).
    fn delete_state(&mut self, tables: &Tables, revision: &str) -> Result<(), DbError>;
    /// Appends to the log.
    fn append_log(&mut self, tables: &Tables, entry: &LogEntry) -> Result<(), DbError>;
    /// Records a finished step: its state change (`Some(row)` written,
    /// `None` = the revision's row deleted) and its log entry. Backends that
    /// pay a round trip per statement send both at once.
    fn record_step(
        &mut self,
        tables: &Tables,
        revision: &str,
        state: Option<&StateRow>,
        log: &LogEntry,
    ) -> Result<(), DbError> {
        match state {
            Some(row) => self.put_state(tables, row)?,
            None => self.delete_state(tables, revision)?,
        }
        self.append_log(tables, log)
    }
    /// Reads the log, oldest first.
    fn read_log(&mut self, tables: &Tables) -> Result<Vec<LogEntry>, DbError>;
    /// Called once before a run writes anything (SQLite: turn foreign keys off so table rebuilds work).
    fn begin_run(&mut self) -> Result<(), DbError> {
        Ok(())
    }
    /// Called inside each transaction just before commit; an error aborts it
    /// (SQLite: `PRAGMA foreign_key_check`).
    fn check_before_commit(&mut self) -> Result<(), DbError> {
        Ok(())
    }
    /// Called once after a run, success or not (SQLite: restore foreign keys).
    fn end_run(&mut self) -> Result<(), DbError> {
        Ok(())
    }
    /// Takes the migration lock for the whole run, waiting up to `timeout`.
    /// Backends whose write transactions already serialise runs (SQLite) do nothing here.
    fn lock(&mut self, timeout: Duration) -> Result<(), Error>;
    /// Releases the migration lock.
    fn unlock(&mut self) -> Result<(), DbError>;
    /// Whether [`Connection::lock`] takes a session lock held for the whole
    /// run (PostgreSQL, MySQL). Then, once it is held, no other runner can be
    /// active, and any in-progress mark was left by one that died.
    fn has_session_lock(&self) -> bool {
        true
    }
    /// A number that changes whenever another connection commits to the
    /// database (SQLite: `PRAGMA data_version`), or `None` where there is
    /// none. Equal numbers at the start of two transactions mean nobody
    /// else wrote in between, so a runner may keep the state it wrote.
    fn others_commit_counter(&mut self) -> Option<i64> {
        None
    }
    /// Whether DDL can be rolled back (false on MySQL, where DDL commits implicitly).
    fn transactional_ddl(&self) -> bool {
        true
    }
}

/// Options for opening a connection.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Create the database (SQLite file) if it does not exist.
    pub create: bool,
    /// How long to wait for locks.
    pub lock_timeout: Duration,
    /// PostgreSQL schema to work in (created if `create`); ignored elsewhere.
    pub schema: Option<String>,
    /// Name of the state table, from which lock names are derived.
    pub version_table: String,
}

impl ConnectOptions {
    /// The options a configuration asks for.
    pub fn for_config(config: &crate::config::Config, create: bool) -> ConnectOptions {
        ConnectOptions {
            create,
            lock_timeout: config.lock_timeout,
            schema: config.schema.clone(),
            version_table: config.version_table.clone(),
        }
    }
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            create: true,
            lock_timeout: Duration::from_secs(60),
            schema: None,
            version_table: "stillhead_version".into(),
        }
    }
}

/// The outcome of [`connect`]: a live connection, or the knowledge that the
/// database does not exist yet (so read-only commands need not create it).
pub enum Connected {
    /// An open connection.
    Open(Box<dyn Connection>),
    /// The database does not exist and `create` was false.
    Missing,
}

/// Opens a connection for a URL.
pub fn connect(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error> {
    url.dialect().backend().connect(url, opts)
}

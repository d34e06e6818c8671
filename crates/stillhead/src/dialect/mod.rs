//! Databases: one home per database (`sqlite/`, `postgres/`, `mysql/`),
//! each a [`Backend`] (connecting, SQL text, offline scripts), with the
//! `tools` feature a `Tooling` too (introspection, rendering, lint rules,
//! scratch databases), and a connection implementing the small traits of
//! [`Connection`] that the runner drives. Shared here: values, the state
//! records, SQL text built from a dialect's spelling, scratch databases'
//! naming and cleanup (ARCHITECTURE.md, "Dialect homes").
//!
//! Owns everything that differs per database. Other modules ask a
//! [`Backend`] or a [`Connection`]; none matches on the dialect.

pub mod admin;
mod backend;
mod connection;
// The fence of a server's scratch database without a temporary user, and
// the statement reading it rests on: only with a server's driver, and only
// for the tooling's scratch databases.
#[cfg(all(feature = "tools", any(feature = "postgres", feature = "mysql")))]
mod fence;
pub mod lease;
pub mod mysql;
pub mod postgres;
pub mod process;
#[cfg(all(feature = "tools", any(feature = "postgres", feature = "mysql")))]
mod reading;
#[cfg(feature = "tools")]
pub mod scratch;
pub mod sql;
pub mod sqlite;
mod state;
#[cfg(feature = "tools")]
mod tooling;
#[cfg(feature = "tools")]
pub mod translation;
pub mod wait;

pub use admin::{Canceller, DatabaseAdmin};
pub use backend::{Backend, Capabilities, DialectBackend};
pub use connection::{
    Connection, Executor, LeaseRenewer, Leases, Locker, RunHooks, StateStore, Timeouts,
    Transactions,
};
#[cfg(any(feature = "postgres", feature = "mysql", feature = "tools"))]
pub use state::lock_key;
pub use state::{
    now, whoami, Lease, LeaseRow, LockState, LogAction, LogEntry, LogOutcome, StateRow,
    Tables, MAX_REVISION_LEN, STATE_FORMAT,
};
#[cfg(feature = "tools")]
pub use tooling::{Online, Tooling};

use std::time::Duration;

use serde::Serialize;

use crate::dburl::DatabaseUrl;
use crate::error::Error;
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
    /// How long a lease holds between renewals (`[migrations] lock_lease`).
    pub lock_lease: Duration,
}

impl ConnectOptions {
    /// The options a configuration asks for.
    pub fn for_config(config: &crate::config::Config, create: bool) -> ConnectOptions {
        ConnectOptions {
            create,
            lock_timeout: config.lock_timeout,
            schema: config.schema.clone(),
            version_table: config.version_table.clone(),
            lock_lease: config.lock_lease,
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
            lock_lease: Duration::from_secs(30),
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

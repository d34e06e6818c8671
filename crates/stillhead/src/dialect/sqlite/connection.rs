//! SQLite backend (rusqlite, bundled SQLite: no system library needed).
//!
//! Concurrency: runs are serialised by `BEGIN IMMEDIATE`, which takes the
//! database's write lock; the runner re-reads the state under it. Foreign
//! keys are switched off for the run (a PRAGMA that cannot change inside a
//! transaction) so that table rebuilds work, checked with
//! `PRAGMA foreign_key_check` before every commit, and restored afterwards.

use std::path::Path;
use std::time::Duration;

use rusqlite::params;
use rusqlite::types::ValueRef;

use super::sql::SQL;
use crate::dburl::{DatabaseUrl, SqliteTarget};
use crate::dialect::sql::{SqlText, LOG_COLUMNS, STATE_COLUMNS};
use crate::dialect::{
    ConnectOptions, Connected, Connection, Dialect, Executor, LockState, Locker, LogAction,
    LogEntry, LogOutcome, RunHooks, StateRow, StateStore, Tables, Transactions, Value,
};
use crate::error::{DbError, Error};

/// A connection to one SQLite database.
pub struct SqliteConnection {
    pub(super) conn: rusqlite::Connection,
    pub(super) url: DatabaseUrl,
    /// The `foreign_keys` setting before the run, restored by `end_run`.
    pub(super) saved_foreign_keys: Option<bool>,
    /// A scratch database (see `sqlite::scratch`).
    pub(super) scratch: bool,
    /// The busy timeout (ms) of a connection the application handed over,
    /// set back when it is given back.
    pub(super) given_busy_timeout: Option<i64>,
}

/// SQLITE_AUTH: the authorizer refused a statement.
const AUTH_DENIED: &str = "23";

fn db_err(e: rusqlite::Error) -> DbError {
    let busy = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    );
    let code = match &e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.extended_code.to_string()),
        _ => None,
    };
    DbError {
        message: e.to_string(),
        busy,
        // SQLite has no deadlocks to break: a writer waits for BUSY.
        conflict: false,
        code,
        cause: Some(std::sync::Arc::new(e)),
    }
}

impl SqliteConnection {
    /// Opens (and, with `create`, creates) the database a `sqlite:` URL names.
    pub fn open(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error> {
        use rusqlite::OpenFlags as F;
        let fail = |message: String| Error::Connect {
            url: url.redacted().to_string(),
            message,
        };
        let conn = match url.sqlite_target()? {
            SqliteTarget::Memory => {
                rusqlite::Connection::open_in_memory().map_err(|e| fail(e.to_string()))?
            }
            SqliteTarget::File(path) => {
                let query = url.sqlite_open()?;
                // `mode=ro` and `mode=rw` never create the file: a missing
                // one is reported as for a read, never created.
                let create = opts.create && !query.read_only && !query.must_exist;
                if !create && !path.exists() {
                    // A file that does not exist yet is a database at base
                    // that `upgrade` creates; one whose folder is missing
                    // could not be created either: the URL is wrong, and
                    // every command says so alike.
                    return match missing_folder(&path) {
                        Some(why) => Err(fail(format!(
                            "the database file {} does not exist, and {why}",
                            path.display()
                        ))),
                        None if opts.create => Err(fail(format!(
                            "the database file {} does not exist, and the URL's mode={} says not to create it",
                            path.display(),
                            if query.read_only { "ro" } else { "rw" }
                        ))),
                        None => Ok(Connected::Missing),
                    };
                }
                let mut flags = F::SQLITE_OPEN_NO_MUTEX | F::SQLITE_OPEN_URI;
                flags |= match query.read_only {
                    true => F::SQLITE_OPEN_READ_ONLY,
                    false => F::SQLITE_OPEN_READ_WRITE,
                };
                if create {
                    flags |= F::SQLITE_OPEN_CREATE;
                }
                flags |= match query.shared_cache {
                    Some(true) => F::SQLITE_OPEN_SHARED_CACHE,
                    Some(false) => F::SQLITE_OPEN_PRIVATE_CACHE,
                    None => F::empty(),
                };
                rusqlite::Connection::open_with_flags(&path, flags)
                    .map_err(|e| fail(why_not_opened(&path, &e)))?
            }
        };
        Self::wrap(conn, url, opts).map(|c| Connected::Open(Box::new(c)))
    }

    /// Takes over a connection the application opened itself (from its
    /// pool, say), so that the runner works on it; [`Self::into_inner`]
    /// gives it back. Its busy timeout becomes `opts.lock_timeout` while
    /// stillhead has it, and is set back when it is given back.
    pub fn from_rusqlite(
        conn: rusqlite::Connection,
        opts: &ConnectOptions,
    ) -> Result<SqliteConnection, Error> {
        let raw = match conn.path() {
            Some(path) if !path.is_empty() => format!("sqlite://{path}"),
            // No file: an in-memory (or temporary) database.
            _ => "sqlite::memory:".to_string(),
        };
        let url = DatabaseUrl::parse(&raw)?;
        let busy: i64 = conn
            .query_row("PRAGMA busy_timeout", [], |row| row.get(0))
            .map_err(|e| Error::Connect {
                url: url.redacted().to_string(),
                message: e.to_string(),
            })?;
        let mut wrapped = Self::wrap(conn, &url, opts)?;
        wrapped.given_busy_timeout = Some(busy);
        Ok(wrapped)
    }

    /// Gives back the rusqlite connection, with the busy timeout it had
    /// when [`Self::from_rusqlite`] took it.
    pub fn into_inner(self) -> rusqlite::Connection {
        if let Some(busy) = self.given_busy_timeout {
            // A pragma that only sets a number: it cannot fail on an open
            // connection, and there is nothing to report it to.
            let _ = self.conn.pragma_update(None, "busy_timeout", busy.max(0));
        }
        self.conn
    }

    /// The connection as stillhead uses it: waiting `lock_timeout` for a
    /// writer, and proven to be a database.
    fn wrap(
        conn: rusqlite::Connection,
        url: &DatabaseUrl,
        opts: &ConnectOptions,
    ) -> Result<SqliteConnection, Error> {
        let fail = |message: String| Error::Connect {
            url: url.redacted().to_string(),
            message,
        };
        conn.busy_timeout(opts.lock_timeout.min(crate::config::MAX_DURATION))
            .map_err(|e| fail(e.to_string()))?;
        // Reading the schema proves the file is a database, not some other
        // file. It waits up to lock_timeout for a writer that holds it.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseBusy) => fail(format!(
                    "{e}: another connection held it for all of lock_timeout ({:.1} s), which stillhead waited; \
                     find what holds it (`fuser FILE`) or raise [migrations] lock_timeout",
                    opts.lock_timeout.as_secs_f64()
                )),
                _ => fail(e.to_string()),
            })?;
        Ok(SqliteConnection {
            conn,
            url: url.clone(),
            saved_foreign_keys: None,
            scratch: false,
            given_busy_timeout: None,
        })
    }

    /// The underlying rusqlite connection, for library users and tests.
    pub fn inner(&self) -> &rusqlite::Connection {
        &self.conn
    }
}

/// Why SQLite could not open `path`, in words better than its "unable to
/// open database file" where the reason is a common one.
fn why_not_opened(path: &Path, e: &rusqlite::Error) -> String {
    if path.is_dir() {
        format!("{} is a folder, not a database file", path.display())
    } else if let Some(why) = missing_folder(path) {
        why
    } else {
        format!("{e} (file {})", path.display())
    }
}

/// A sentence naming the folder of `path` if that folder does not exist.
fn missing_folder(path: &Path) -> Option<String> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.is_dir())?;
    Some(format!(
        "the folder {} does not exist (SQLite creates the database file, not the folders it is in)",
        folder.display()
    ))
}

/// A failed write in words better than SQLite's where the reason is one a
/// user can fix: a statement a scratch database refuses, a URL that opens
/// the file read-only (`mode=ro`), a folder in which SQLite cannot create
/// the journal it writes beside the file.
fn explain_write(e: rusqlite::Error, url: &DatabaseUrl, scratch: bool) -> DbError {
    let code = e.sqlite_error_code();
    let mut err = db_err(e);
    let hint = match code {
        _ if scratch && err.code.as_deref() == Some(AUTH_DENIED) => Some(
            "refused in a scratch database (ATTACH and VACUUM INTO of a file would reach outside it)"
                .to_string(),
        ),
        Some(rusqlite::ErrorCode::ReadOnly) if url.sqlite_open().is_ok_and(|o| o.read_only) => {
            Some(
                "the URL opens the database read-only (mode=ro); remove mode=ro to migrate it"
                    .to_string(),
            )
        }
        // The database file is open already: what SQLite could not open is
        // the journal it creates beside it for a write.
        Some(rusqlite::ErrorCode::CannotOpen) => match url.sqlite_target() {
            Ok(SqliteTarget::File(path)) => Some(journal_hint(&path)),
            _ => None,
        },
        _ => None,
    };
    if let Some(hint) = hint {
        err.message = format!("{}: {hint}", err.message);
    }
    err
}

/// Why SQLite could not open a file beside the database at `path` while
/// writing: its folder does not take new files.
fn journal_hint(path: &Path) -> String {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Named in full where it can be: `.` says little in a message.
    let folder = std::fs::canonicalize(folder)
        .unwrap_or_else(|_| folder.to_path_buf())
        .display()
        .to_string();
    let name = path.display();
    format!(
        "SQLite could not create its journal ({name}-journal, or {name}-wal in WAL mode) in the folder {folder}: \
         that folder must be writable, not only the database file (check its permissions, `lsattr -d`, or a read-only mount)"
    )
}

fn to_sql(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Integer(i) => rusqlite::types::Value::Integer(*i),
        Value::Real(f) => rusqlite::types::Value::Real(*f),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
    }
}

fn from_sql(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

impl Executor for SqliteConnection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute_with(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let values: Vec<_> = params.iter().map(to_sql).collect();
        self.conn
            .execute(sql, rusqlite::params_from_iter(values))
            .map(|n| n as u64)
            .map_err(db_err)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, DbError> {
        let values: Vec<_> = params.iter().map(to_sql).collect();
        let mut stmt = self.conn.prepare(sql).map_err(db_err)?;
        let n = stmt.column_count();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(values), |row| {
                (0..n).map(|i| row.get_ref(i).map(from_sql)).collect()
            })
            .map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }
}

impl Transactions for SqliteConnection {
    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        // execute_batch accepts statements that return rows (e.g. a PRAGMA) and
        // trailing comments, which a migration may legitimately contain.
        let (url, scratch) = (&self.url, self.scratch);
        self.conn
            .execute_batch(sql)
            .map_err(|e| explain_write(e, url, scratch))
    }

    fn begin(&mut self) -> Result<(), DbError> {
        let url = &self.url;
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| explain_write(e, url, false))
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.conn.execute_batch("ROLLBACK").map_err(db_err)
    }
}

impl StateStore for SqliteConnection {
    fn has_state_tables(&mut self, tables: &Tables) -> Result<bool, DbError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?1, ?2)",
                [&tables.state, &tables.log],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n == 2)
            .map_err(db_err)
    }

    fn state_format(&mut self, t: &Tables) -> Result<Option<u32>, DbError> {
        let mut names = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?1, ?2, ?3)",
            )
            .map_err(db_err)?;
        let rows = stmt
            .query_map([&t.state, &t.log, &t.meta], |r| r.get::<_, String>(0))
            .map_err(db_err)?;
        for name in rows {
            names.push(name.map_err(db_err)?);
        }
        drop(stmt);
        let has = |name: &str| names.iter().any(|n| n == name);
        let recorded: Option<String> = if has(&t.meta) {
            let sql = crate::dialect::sql::select_format(&SQL, t);
            self.conn
                .query_row(&sql, [], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })
                .map_err(db_err)?
        } else {
            None
        };
        Ok(crate::dialect::sql::format_of(
            has(&t.state) && has(&t.log),
            recorded.as_deref(),
        ))
    }

    fn create_state_tables(&mut self, t: &Tables) -> Result<(), DbError> {
        for sql in crate::dialect::sql::state_tables(&SQL, t) {
            self.conn.execute_batch(&sql).map_err(db_err)?;
        }
        Ok(())
    }

    fn read_state(&mut self, t: &Tables) -> Result<Vec<StateRow>, DbError> {
        if !self.has_state_tables(t)? {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {STATE_COLUMNS} FROM {}", SQL.ident(&t.state));
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db_err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(StateRow {
                    revision: r.get(0)?,
                    checksum: r.get(1)?,
                    applied_at: r.get(2)?,
                    in_progress: r.get::<_, i64>(3)? != 0,
                    failed_statement: r.get::<_, Option<i64>>(4)?.map(|n| n as usize),
                    applied_by: r.get(5)?,
                })
            })
            .map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    fn put_state(&mut self, t: &Tables, row: &StateRow) -> Result<(), DbError> {
        let sql = format!(
            "INSERT OR REPLACE INTO {} ({STATE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            SQL.ident(&t.state)
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.execute(params![
                    row.revision,
                    row.checksum,
                    row.applied_at,
                    row.in_progress as i64,
                    row.failed_statement.map(|n| n as i64),
                    row.applied_by
                ])
            })
            .map(|_| ())
            .map_err(db_err)
    }

    fn delete_state(&mut self, t: &Tables, revision: &str) -> Result<(), DbError> {
        let sql = format!("DELETE FROM {} WHERE revision = ?1", SQL.ident(&t.state));
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.execute([revision]))
            .map(|_| ())
            .map_err(db_err)
    }

    fn append_log(&mut self, t: &Tables, e: &LogEntry) -> Result<(), DbError> {
        let sql = format!(
            "INSERT INTO {} ({LOG_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            SQL.ident(&t.log)
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.execute(params![
                    e.revision,
                    e.action.as_str(),
                    e.outcome.as_str(),
                    e.checksum,
                    e.started_at,
                    e.finished_at,
                    e.duration_ms,
                    e.applied_by,
                    e.message
                ])
            })
            .map(|_| ())
            .map_err(db_err)
    }

    fn read_log(&mut self, t: &Tables) -> Result<Vec<LogEntry>, DbError> {
        if !self.has_state_tables(t)? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {LOG_COLUMNS} FROM {} ORDER BY id",
            SQL.ident(&t.log)
        );
        let mut stmt = self.conn.prepare(&sql).map_err(db_err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(LogEntry {
                    revision: r.get(0)?,
                    action: LogAction::parse(&r.get::<_, String>(1)?),
                    outcome: LogOutcome::parse(&r.get::<_, String>(2)?),
                    checksum: r.get(3)?,
                    started_at: r.get(4)?,
                    finished_at: r.get(5)?,
                    duration_ms: r.get(6)?,
                    applied_by: r.get(7)?,
                    message: r.get(8)?,
                })
            })
            .map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }
}

impl Locker for SqliteConnection {
    fn lock(&mut self, _timeout: Duration) -> Result<(), Error> {
        // BEGIN IMMEDIATE (with busy_timeout = lock_timeout) is the lock.
        Ok(())
    }

    fn unlock(&mut self) -> Result<(), DbError> {
        Ok(())
    }

    fn has_session_lock(&self) -> bool {
        false
    }

    /// Whether another connection has a write transaction open, found by
    /// asking for the write lock without waiting (and giving it back at once).
    fn lock_state(&mut self, _t: &Tables) -> Result<LockState, DbError> {
        let waits: i64 = self
            .conn
            .query_row("PRAGMA busy_timeout", [], |r| r.get(0))
            .map_err(db_err)?;
        self.conn.busy_timeout(Duration::ZERO).map_err(db_err)?;
        let probe = self.conn.execute_batch("BEGIN IMMEDIATE");
        let busy = match probe {
            Ok(()) => {
                self.conn.execute_batch("ROLLBACK").map_err(db_err)?;
                false
            }
            Err(e) if db_err_busy(&e) => true,
            Err(e) => return Err(db_err(e)),
        };
        self.conn
            .busy_timeout(Duration::from_millis(waits.max(0) as u64))
            .map_err(db_err)?;
        Ok(LockState {
            lock: format!(
                "the database's write lock (each unit of a run is a BEGIN IMMEDIATE transaction) on {}",
                self.url.redacted()
            ),
            holder: busy.then(|| "another connection has a write transaction open".to_string()),
            end_session: None,
        })
    }
}

/// SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock.
fn db_err_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl RunHooks for SqliteConnection {
    fn others_commit_counter(&mut self) -> Option<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .ok()
    }

    fn begin_run(&mut self) -> Result<(), DbError> {
        let on: bool = self
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .map_err(db_err)?;
        self.saved_foreign_keys = Some(on);
        self.conn
            .execute_batch("PRAGMA foreign_keys = OFF")
            .map_err(db_err)
    }

    fn check_before_commit(&mut self) -> Result<(), DbError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(db_err)?;
        let violations: Vec<String> = stmt
            .query_map([], |r| {
                let table: String = r.get(0)?;
                let rowid: Option<i64> = r.get(1)?;
                let parent: String = r.get(2)?;
                Ok(format!(
                    "{table}(rowid {}) -> {parent}",
                    rowid.map_or("?".into(), |n| n.to_string())
                ))
            })
            .map_err(db_err)?
            .take(11)
            .collect::<Result<_, _>>()
            .map_err(db_err)?;
        if violations.is_empty() {
            return Ok(());
        }
        let mut text = violations
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if violations.len() > 10 {
            text.push_str(", …");
        }
        Err(DbError::new(format!("foreign key violations: {text}")))
    }

    fn end_run(&mut self) -> Result<(), DbError> {
        if let Some(on) = self.saved_foreign_keys.take() {
            let _ = self.rollback();
            let sql = if on {
                "PRAGMA foreign_keys = ON"
            } else {
                "PRAGMA foreign_keys = OFF"
            };
            self.conn.execute_batch(sql).map_err(db_err)?;
        }
        Ok(())
    }
}

/// No lease: a runner outside a transaction is waited for by its mark
/// (`read_settled_state`), and the file has no second connection to renew from cheaply.
impl crate::dialect::Leases for SqliteConnection {}

impl Connection for SqliteConnection {
    fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// `sqlite3_interrupt`: the running statement stops with SQLITE_INTERRUPT.
    fn canceller(&mut self) -> Result<Option<crate::dialect::Canceller>, DbError> {
        let handle = self.conn.get_interrupt_handle();
        Ok(Some(crate::dialect::Canceller::new(
            format!("{} (in this process)", self.url.redacted()),
            move |_| {
                handle.interrupt();
                Ok(())
            },
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(extended_code: i32, message: &str) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(extended_code),
            Some(message.into()),
        )
    }

    #[test]
    fn a_journal_that_cannot_be_created_names_the_folder() {
        let url = DatabaseUrl::parse("sqlite://data/app.db").unwrap();
        // SQLITE_CANTOPEN, as a write in a folder that takes no new file gives.
        let err = explain_write(failure(14, "unable to open database file"), &url, false);
        assert!(
            err.message.starts_with("unable to open database file: SQLite could not create its journal (data/app.db-journal")
                && err.message.contains("in the folder data: that folder must be writable"),
            "{}",
            err.message
        );
        assert_eq!(err.code.as_deref(), Some("14"));
    }

    #[test]
    fn a_write_refused_by_mode_ro_names_the_url() {
        // SQLITE_READONLY.
        let ro = DatabaseUrl::parse("sqlite://app.db?mode=ro").unwrap();
        let err = explain_write(
            failure(8, "attempt to write a readonly database"),
            &ro,
            false,
        );
        assert!(
            err.message.contains("read-only (mode=ro)"),
            "{}",
            err.message
        );
        // Read-only for another reason: no word about the URL.
        let rw = DatabaseUrl::parse("sqlite://app.db").unwrap();
        let err = explain_write(
            failure(8, "attempt to write a readonly database"),
            &rw,
            false,
        );
        assert_eq!(err.message, "attempt to write a readonly database");
    }
}

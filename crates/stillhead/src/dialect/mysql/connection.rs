//! MySQL and MariaDB backend (the `mysql` crate, synchronous).
//!
//! DDL commits implicitly here, so no migration can share a transaction with
//! its state change: [`Connection::transactional_ddl`] is false, and the
//! runner marks each migration *in progress* before its first statement (see
//! `runtime::run`). Concurrent runs are serialised by `GET_LOCK`; a timeout
//! names the connection that holds it. On a Galera cluster, where
//! `GET_LOCK` is local to one node, the lock is a lease row instead
//! (`cluster.rs`).

use std::time::Duration;

use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder};

use super::sql::SQL;
use crate::dburl::{scrub, DatabaseUrl};
use crate::dialect::sql::{SqlText, LOG_COLUMNS, STATE_COLUMNS};
use crate::dialect::{
    lock_key, ConnectOptions, Connected, Connection, Dialect, Executor, LockState, Locker,
    LogAction, LogEntry, LogOutcome, RunHooks, StateRow, StateStore, Tables, Timeouts,
    Transactions, Value,
};
use crate::error::{DbError, Error};

/// A connection to one MySQL/MariaDB database.
pub struct MysqlConnection {
    pub(super) conn: Conn,
    pub(super) url: DatabaseUrl,
    lock_name: String,
    /// Lock and statement timeouts are set for the session (until cleared).
    session_timeouts: bool,
    /// What it was opened with, for a second connection (a lease's renewer).
    opts: ConnectOptions,
    /// Whether the server is a Galera node, once asked (`on_galera`).
    pub(super) galera: Option<bool>,
    /// The cluster lease this connection holds, on Galera, during a run.
    pub(super) cluster_lease: Option<super::cluster::ClusterLease>,
    /// How long a cluster lease holds between renewals.
    pub(super) lock_lease: Duration,
    /// stillhead's tables, for the cluster lease's row.
    tables: Tables,
    /// A transaction begun by [`Transactions::begin`] is open: a read that
    /// fails with a conflict then rolled it back whole, and is not retried.
    in_transaction: bool,
}

/// How often a read outside a transaction is tried again after a conflict.
const READ_RETRIES: u32 = 5;

/// `ER_LOCK_WAIT_TIMEOUT`: a statement waited `lock_wait_timeout` or
/// `innodb_lock_wait_timeout` for a lock another session holds.
const LOCK_WAIT_TIMEOUT: u16 = 1205;

/// `ER_LOCK_DEADLOCK`: InnoDB rolled the transaction back to end a
/// deadlock, or Galera did, as it failed certification (a write conflicting
/// with one committed meanwhile) or was aborted by a DDL in total order.
/// Nothing waited: it is a conflict, not a lock timeout.
const DEADLOCK: u16 = 1213;

fn db_err(e: mysql::Error, url: &DatabaseUrl) -> DbError {
    let busy = matches!(&e, mysql::Error::MySqlError(m) if m.code == LOCK_WAIT_TIMEOUT);
    let conflict = matches!(&e, mysql::Error::MySqlError(m) if m.code == DEADLOCK);
    let (message, code) = match &e {
        mysql::Error::MySqlError(m) => (
            format!("{} [error {}]", m.message, m.code),
            Some(m.code.to_string()),
        ),
        // The server went away (stopped, crashed, a cluster node shut
        // down): say which.
        mysql::Error::IoError(_) | mysql::Error::DriverError(_) => (
            format!(
                "the connection to {} failed: {} (the server stopped, crashed or closed it)",
                url.redacted(),
                driver_words(&e)
            ),
            None,
        ),
        other => (other.to_string(), None),
    };
    DbError {
        message: scrub(&message, url),
        busy,
        conflict,
        code,
        cause: Some(std::sync::Arc::new(e)),
    }
}

/// The driver's own words for an error, without the wrapper its `Display`
/// adds around I/O and driver errors (`DriverError { … }`, `IoError { … }`).
fn driver_words(e: &mysql::Error) -> String {
    match e {
        mysql::Error::IoError(io) => io.to_string(),
        mysql::Error::DriverError(d) => d.to_string(),
        other => other.to_string(),
    }
}

fn ident(name: &str) -> String {
    SQL.ident(name)
}

impl MysqlConnection {
    /// Connects to the database a `mysql://` or `mariadb://` URL names.
    pub fn open(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error> {
        Self::connect(url, opts, true).map(|c| Connected::Open(Box::new(c)))
    }

    /// Connects to the server a URL names, which need not name a database
    /// (`scratch_url = "mysql://root@host:3306/"`): for creating and dropping
    /// scratch databases.
    pub(crate) fn open_server(
        url: &DatabaseUrl,
        opts: &ConnectOptions,
    ) -> Result<Box<dyn Connection>, Error> {
        Self::connect(url, opts, false).map(|c| Box::new(c) as Box<dyn Connection>)
    }

    fn connect(
        url: &DatabaseUrl,
        opts: &ConnectOptions,
        need_database: bool,
    ) -> Result<MysqlConnection, Error> {
        let fail = |message: String| Error::Connect {
            url: url.redacted().to_string(),
            message: scrub(&message, url),
        };
        // The driver knows only the mysql:// scheme.
        let raw = url.expose();
        let normalised = match raw.split_once("://") {
            Some((_, rest)) => format!("mysql://{rest}"),
            None => raw.to_string(),
        };
        let parsed =
            Opts::from_url(&normalised).map_err(|e| fail(format!("invalid MySQL URL: {e}")))?;
        if need_database && parsed.get_db_name().is_none_or(str::is_empty) {
            return Err(fail(
                "the URL names no database (write mysql://user@host/DATABASE)".into(),
            ));
        }
        let builder = OptsBuilder::from_opts(parsed)
            .tcp_connect_timeout(Some(Duration::from_secs(10)))
            .prefer_socket(false);
        let conn = Conn::new(builder).map_err(|e| match e {
            mysql::Error::MySqlError(_) => fail(db_err(e, url).message),
            // Not yet a connection that went away: the driver's words.
            other => fail(driver_words(&other)),
        })?;
        Self::wrap(conn, url, opts)
    }

    /// Takes over a connection the application opened itself, so that the
    /// runner works on it; [`Self::into_inner`] gives it back. `url` is the
    /// one it was opened with: stillhead connects with it again for what
    /// needs a second connection (a Galera cluster lease's heartbeat).
    pub fn from_conn(
        conn: Conn,
        url: &str,
        opts: &ConnectOptions,
    ) -> Result<MysqlConnection, Error> {
        let url = DatabaseUrl::parse(url)?;
        Self::wrap(conn, &url, opts)
    }

    /// Gives back the driver's connection, with stillhead's session
    /// timeouts cleared.
    pub fn into_inner(mut self) -> Conn {
        if self.session_timeouts {
            // Best effort: a connection that cannot take a SET is one the
            // application will find broken on its next use anyway.
            let _ = self.clear_timeouts();
        }
        self.conn
    }

    /// A connected driver connection as stillhead uses it: its lock named
    /// after the database it is in.
    fn wrap(
        mut conn: Conn,
        url: &DatabaseUrl,
        opts: &ConnectOptions,
    ) -> Result<MysqlConnection, Error> {
        let fail = |message: String| Error::Connect {
            url: url.redacted().to_string(),
            message: scrub(&message, url),
        };
        let db: String = conn
            .query_first("SELECT COALESCE(DATABASE(), '')")
            .map_err(|e| fail(db_err(e, url).message))?
            .unwrap_or_default();
        // GET_LOCK names are global to the server: include the database.
        let lock_name = format!(
            "stillhead:{:x}",
            lock_key(&format!("{db}.{}", opts.version_table))
        );
        Ok(MysqlConnection {
            conn,
            url: url.clone(),
            lock_name,
            session_timeouts: false,
            opts: opts.clone(),
            galera: None,
            cluster_lease: None,
            lock_lease: opts.lock_lease,
            tables: Tables::new(&opts.version_table),
            in_transaction: false,
        })
    }

    /// A second connection to the same database, with the same options.
    pub(super) fn reconnect(&self) -> Result<MysqlConnection, Error> {
        Self::connect(&self.url, &self.opts, true)
    }

    pub(super) fn err(&self, e: mysql::Error) -> DbError {
        db_err(e, &self.url)
    }

    /// Runs a read of stillhead's own tables (or the idempotent creation
    /// of the lease table), trying it again when the
    /// server rolled it back as a conflict outside a transaction. On a
    /// Galera node a DDL in total order (another start-up creating the
    /// state or lease tables) aborts even a plain `SELECT` that holds a
    /// metadata lock on the table with error 1213: nothing was written,
    /// and reading again is the whole remedy. Inside a transaction the
    /// conflict ended the transaction, so it is the caller's to handle.
    pub(super) fn read<T>(
        &mut self,
        mut f: impl FnMut(&mut Conn) -> Result<T, mysql::Error>,
    ) -> Result<T, DbError> {
        let mut attempt = 0;
        loop {
            match f(&mut self.conn).map_err(|e| self.err(e)) {
                Err(e) if e.conflict && !self.in_transaction && attempt < READ_RETRIES => {
                    attempt += 1;
                    let pause = Duration::from_millis(20 << attempt);
                    std::thread::sleep(pause.mul_f64(crate::dialect::lease::jitter()));
                }
                done => return done,
            }
        }
    }

    /// Who holds the lock, in words.
    fn lock_holder(&mut self) -> Option<String> {
        let id: Option<u64> = self
            .conn
            .exec_first("SELECT IS_USED_LOCK(?)", (&self.lock_name,))
            .ok()
            .flatten()
            .flatten();
        let id = id?;
        let row: Option<(String, String, u64)> = self
            .conn
            .exec_first(
                "SELECT USER, HOST, TIME FROM information_schema.PROCESSLIST WHERE ID = ?",
                (id,),
            )
            .ok()
            .flatten();
        Some(match row {
            Some((user, host, secs)) => {
                format!("connection {id}, user {user} from {host}, connected {secs} s")
            }
            None => format!("connection {id}"),
        })
    }
}

fn to_param(v: &Value) -> mysql::Value {
    match v {
        Value::Null => mysql::Value::NULL,
        Value::Integer(i) => mysql::Value::Int(*i),
        Value::Real(f) => mysql::Value::Double(*f),
        Value::Text(s) => mysql::Value::Bytes(s.as_bytes().to_vec()),
        Value::Blob(b) => mysql::Value::Bytes(b.clone()),
    }
}

fn from_mysql(v: mysql::Value) -> Value {
    match v {
        mysql::Value::NULL => Value::Null,
        mysql::Value::Int(i) => Value::Integer(i),
        mysql::Value::UInt(u) => Value::Integer(u as i64),
        mysql::Value::Float(f) => Value::Real(f.into()),
        mysql::Value::Double(f) => Value::Real(f),
        mysql::Value::Bytes(b) => match String::from_utf8(b) {
            Ok(s) => Value::Text(s),
            Err(e) => Value::Blob(e.into_bytes()),
        },
        other => Value::Text(other.as_sql(true).trim_matches('\'').to_string()),
    }
}

impl Executor for MysqlConnection {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn execute_with(&mut self, sql: &str, values: &[Value]) -> Result<u64, DbError> {
        let params: Vec<mysql::Value> = values.iter().map(to_param).collect();
        let result = if params.is_empty() {
            self.conn.query_drop(sql)
        } else {
            self.conn.exec_drop(sql, params)
        };
        result.map_err(|e| self.err(e))?;
        Ok(self.conn.affected_rows())
    }

    fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<Vec<Value>>, DbError> {
        let params: Vec<mysql::Value> = values.iter().map(to_param).collect();
        // The binary protocol (a prepared statement) returns typed values;
        // the text protocol would return every number as a string.
        let rows: Vec<mysql::Row> = self.conn.exec(sql, params).map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .map(|row| row.unwrap().into_iter().map(from_mysql).collect())
            .collect())
    }
}

impl Transactions for MysqlConnection {
    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        self.ensure_lease_held()?;
        self.conn.query_drop(sql).map_err(|e| self.err(e))
    }

    fn begin(&mut self) -> Result<(), DbError> {
        self.execute(SQL.begin())?;
        self.in_transaction = true;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), DbError> {
        // Whether it commits or fails, the transaction is over.
        self.in_transaction = false;
        self.execute("COMMIT")
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        self.in_transaction = false;
        self.execute("ROLLBACK")
    }
}

impl StateStore for MysqlConnection {
    fn has_state_tables(&mut self, t: &Tables) -> Result<bool, DbError> {
        // Literals by the text protocol: one round trip where a prepared
        // statement takes two, on the path every start-up takes.
        let sql = format!(
            "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ({}, {})",
            SQL.literal(&t.state),
            SQL.literal(&t.log)
        );
        let found: Option<i64> = self.read(|c| c.query_first(&sql))?;
        Ok(found == Some(2))
    }

    fn state_format(&mut self, t: &Tables) -> Result<Option<u32>, DbError> {
        let sql = format!(
            "SELECT CAST(TABLE_NAME AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ({}, {}, {})",
            SQL.literal(&t.state),
            SQL.literal(&t.log),
            SQL.literal(&t.meta)
        );
        let names: Vec<String> = self.read(|c| c.query(&sql))?;
        let has = |name: &str| names.iter().any(|n| n == name);
        let recorded: Option<String> = if has(&t.meta) {
            let sql = crate::dialect::sql::select_format(&SQL, t);
            self.read(|c| c.query_first(&sql))?
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
            self.execute(&sql)?;
        }
        Ok(())
    }

    fn read_state(&mut self, t: &Tables) -> Result<Vec<StateRow>, DbError> {
        if !self.has_state_tables(t)? {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {STATE_COLUMNS} FROM {}", ident(&t.state));
        type Row = (String, Option<String>, String, i8, Option<i64>, String);
        let rows: Vec<Row> = self.read(|c| c.query(&sql))?;
        Ok(rows
            .into_iter()
            .map(
                |(revision, checksum, applied_at, in_progress, failed, applied_by)| StateRow {
                    revision,
                    checksum,
                    applied_at,
                    in_progress: in_progress != 0,
                    failed_statement: failed.map(|n| n as usize),
                    applied_by,
                },
            )
            .collect())
    }

    fn put_state(&mut self, t: &Tables, row: &StateRow) -> Result<(), DbError> {
        let sql = format!(
            "INSERT INTO {} ({STATE_COLUMNS})
             VALUES (?, ?, ?, ?, ?, ?)
             ON DUPLICATE KEY UPDATE checksum = VALUES(checksum), applied_at = VALUES(applied_at),
                in_progress = VALUES(in_progress), failed_statement = VALUES(failed_statement),
                applied_by = VALUES(applied_by)",
            ident(&t.state)
        );
        self.conn
            .exec_drop(
                &sql,
                (
                    &row.revision,
                    &row.checksum,
                    &row.applied_at,
                    row.in_progress as i8,
                    row.failed_statement.map(|n| n as i64),
                    &row.applied_by,
                ),
            )
            .map_err(|e| self.err(e))
    }

    fn delete_state(&mut self, t: &Tables, revision: &str) -> Result<(), DbError> {
        let sql = format!("DELETE FROM {} WHERE revision = ?", ident(&t.state));
        self.conn
            .exec_drop(&sql, (revision,))
            .map_err(|e| self.err(e))
    }

    fn append_log(&mut self, t: &Tables, e: &LogEntry) -> Result<(), DbError> {
        let sql = format!(
            "INSERT INTO {} ({LOG_COLUMNS})
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ident(&t.log)
        );
        let params: Vec<mysql::Value> = vec![
            e.revision.clone().into(),
            e.action.as_str().into(),
            e.outcome.as_str().into(),
            e.checksum.clone().into(),
            e.started_at.clone().into(),
            e.finished_at.clone().into(),
            e.duration_ms.into(),
            e.applied_by.clone().into(),
            e.message.clone().into(),
        ];
        self.conn
            .exec_drop(&sql, params)
            .map_err(|err| self.err(err))
    }

    fn read_log(&mut self, t: &Tables) -> Result<Vec<LogEntry>, DbError> {
        if !self.has_state_tables(t)? {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {LOG_COLUMNS} FROM {} ORDER BY id", ident(&t.log));
        let rows: Vec<mysql::Row> = self.read(|c| c.query(&sql))?;
        Ok(rows
            .into_iter()
            .map(|mut r| LogEntry {
                revision: r.take(0).unwrap_or_default(),
                action: LogAction::parse(&r.take::<String, _>(1).unwrap_or_default()),
                outcome: LogOutcome::parse(&r.take::<String, _>(2).unwrap_or_default()),
                checksum: r.take(3).unwrap_or_default(),
                started_at: r.take(4).unwrap_or_default(),
                finished_at: r.take(5).unwrap_or_default(),
                duration_ms: r.take(6).unwrap_or_default(),
                applied_by: r.take(7).unwrap_or_default(),
                message: r.take(8).unwrap_or_default(),
            })
            .collect())
    }
}

impl Locker for MysqlConnection {
    fn lock(&mut self, timeout: Duration) -> Result<(), Error> {
        if self
            .on_galera()
            .map_err(|e| e.context("asking whether the server is a Galera node"))?
        {
            let tables = self.tables.clone();
            return self.take_cluster_lease(&tables, timeout);
        }
        // GET_LOCK takes whole seconds (fractions on MariaDB); round up so a
        // short timeout still waits a little.
        let secs = timeout.as_secs_f64().max(0.001);
        let got: Option<Option<i64>> = self
            .conn
            .exec_first("SELECT GET_LOCK(?, ?)", (&self.lock_name, secs))
            .map_err(|e| self.err(e).context("taking the migration lock"))?;
        match got.flatten() {
            Some(1) => Ok(()),
            _ => Err(Error::LockTimeout {
                lock: format!(
                    "the migration lock (GET_LOCK '{}') on {}",
                    self.lock_name,
                    self.url.redacted()
                ),
                holder: self.lock_holder(),
                waited: timeout,
            }),
        }
    }

    fn lock_state(&mut self, t: &Tables) -> Result<LockState, DbError> {
        if self.on_galera()? {
            let lease = self.read_cluster_lease(t)?;
            return Ok(LockState {
                lock: format!(
                    "the migration lease (a row of {} replicated across the Galera cluster) on {}",
                    t.lock,
                    self.url.redacted()
                ),
                holder: lease.map(|l| {
                    let state = if l.live { "renewed until" } else { "lapsed at" };
                    format!(
                        "{}{} since {} (lease {state} {})",
                        l.holder,
                        l.revision
                            .as_ref()
                            .map(|r| format!(", applying {r}"))
                            .unwrap_or_default(),
                        l.acquired_at,
                        l.expires_at
                    )
                }),
                end_session: None,
            });
        }
        let id: Option<u64> = self
            .conn
            .exec_first("SELECT IS_USED_LOCK(?)", (&self.lock_name,))
            .map_err(|e| self.err(e))?
            .flatten();
        Ok(LockState {
            lock: format!(
                "the migration lock (GET_LOCK '{}', a session lock) on {}",
                self.lock_name,
                self.url.redacted()
            ),
            holder: id.and_then(|_| self.lock_holder()),
            end_session: id.map(|id| format!("KILL {id}")),
        })
    }

    fn remove_lease(&mut self, t: &Tables) -> Result<bool, DbError> {
        if self.read_cluster_lease(t)?.is_none() {
            return Ok(false);
        }
        let sql = format!(
            "DELETE FROM {} WHERE name = {}",
            ident(&t.lock),
            super::cluster::LEASE
        );
        self.conn.query_drop(sql).map_err(|e| self.err(e))?;
        Ok(self.conn.affected_rows() > 0)
    }

    fn unlock(&mut self) -> Result<(), DbError> {
        if self.cluster_lease.is_some() {
            let tables = self.tables.clone();
            return self.release_cluster_lease(&tables);
        }
        let name = self.lock_name.clone();
        self.conn
            .exec_drop("SELECT RELEASE_LOCK(?)", (name,))
            .map_err(|e| self.err(e))
    }
}

impl RunHooks for MysqlConnection {
    fn set_timeouts(&mut self, t: &Timeouts, _in_transaction: bool) -> Result<(), DbError> {
        if t.is_none() || self.session_timeouts {
            return Ok(());
        }
        // Seconds, at least 1: a DDL waits for the metadata lock up to
        // lock_wait_timeout, a row lock up to innodb_lock_wait_timeout.
        let mut sets = Vec::new();
        if let Some(d) = t.lock {
            let secs = d.as_secs().max(1);
            sets.push(format!(
                "lock_wait_timeout = {secs}, innodb_lock_wait_timeout = {secs}"
            ));
        }
        if let Some(d) = t.statement {
            sets.push(format!("max_statement_time = {:.3}", d.as_secs_f64()));
        }
        self.conn
            .query_drop(format!("SET SESSION {}", sets.join(", ")))
            .map_err(|e| self.err(e))?;
        self.session_timeouts = true;
        Ok(())
    }

    fn clear_timeouts(&mut self) -> Result<(), DbError> {
        if !std::mem::take(&mut self.session_timeouts) {
            return Ok(());
        }
        self.conn
            .query_drop(
                "SET SESSION lock_wait_timeout = DEFAULT, innodb_lock_wait_timeout = DEFAULT, max_statement_time = DEFAULT",
            )
            .map_err(|e| self.err(e))
    }

    fn read_only_server(&mut self) -> Result<Option<&'static str>, DbError> {
        // A user with SUPER (root) writes through `read_only`; a replica
        // written that way drifts from its primary and breaks replication.
        let on: Option<i64> = self
            .conn
            .query_first("SELECT @@read_only")
            .map_err(|e| self.err(e))?;
        Ok((on == Some(1)).then_some("a MariaDB/MySQL server with read_only=ON (a replica)"))
    }
}

/// The lock lasts the whole run (`GET_LOCK`, or the cluster lease on
/// Galera), so the runner takes no lease of its own here; the cluster
/// lease's row is read back for `lock status`.
impl crate::dialect::Leases for MysqlConnection {
    fn read_lease(&mut self, t: &Tables) -> Result<Option<crate::dialect::LeaseRow>, DbError> {
        self.read_cluster_lease(t)
    }
}

impl Connection for MysqlConnection {
    fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// `KILL QUERY` of the handshake's connection id (`CONNECTION_ID()`,
    /// no round trip), from a second connection (`admin.rs`).
    fn canceller(&mut self) -> Result<Option<crate::dialect::Canceller>, DbError> {
        Ok(Some(super::admin::canceller(
            &self.url,
            self.conn.connection_id(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_error(code: u16, state: &str) -> DbError {
        let url = DatabaseUrl::parse("mysql://root@127.0.0.1/test").unwrap();
        db_err(
            mysql::Error::MySqlError(mysql::MySqlError {
                state: state.into(),
                message: "from the server".into(),
                code,
            }),
            &url,
        )
    }

    #[test]
    fn a_deadlock_is_a_conflict_and_only_a_lock_wait_timeout_is_busy() {
        let deadlock = server_error(1213, "40001");
        assert!(deadlock.conflict && !deadlock.busy, "{deadlock:?}");
        assert_eq!(deadlock.code.as_deref(), Some("1213"));
        assert!(deadlock.message.contains("[error 1213]"), "{deadlock:?}");
        let waited = server_error(1205, "HY000");
        assert!(waited.busy && !waited.conflict, "{waited:?}");
        let other = server_error(1146, "42S02");
        assert!(!other.busy && !other.conflict, "{other:?}");
    }

    /// A read the server rolled back as a conflict is tried again outside a
    /// transaction, and left to the caller inside one (the conflict ended
    /// it). Needs the MariaDB server the test suite runs against.
    #[test]
    fn a_conflicting_read_is_retried_only_outside_a_transaction() {
        let port = std::env::var("STILLHEAD_TEST_MARIADB_PORT").unwrap_or_else(|_| "3306".into());
        let url = DatabaseUrl::parse(&format!("mysql://root@127.0.0.1:{port}/test")).unwrap();
        let mut conn = MysqlConnection::connect(&url, &ConnectOptions::default(), true)
            .expect("the MariaDB server of the test suite");
        let deadlock = || {
            mysql::Error::MySqlError(mysql::MySqlError {
                state: "40001".into(),
                message: "Deadlock found when trying to get lock".into(),
                code: DEADLOCK,
            })
        };
        let mut calls = 0;
        let read = conn.read(|c| {
            calls += 1;
            if calls < 3 {
                return Err(deadlock());
            }
            c.query_first::<i64, _>("SELECT 7")
        });
        assert_eq!(read.unwrap(), Some(7));
        assert_eq!(calls, 3);

        conn.begin().unwrap();
        let mut calls = 0;
        let read = conn.read(|_| -> Result<(), _> {
            calls += 1;
            Err(deadlock())
        });
        assert!(read.unwrap_err().conflict);
        assert_eq!(
            calls, 1,
            "inside a transaction the conflict is the caller's"
        );
        conn.rollback().unwrap();

        let mut calls = 0;
        let read = conn.read(|_| -> Result<(), _> {
            calls += 1;
            Err(deadlock())
        });
        assert!(read.unwrap_err().conflict);
        assert_eq!(
            calls,
            1 + READ_RETRIES,
            "a conflict that persists is reported"
        );
    }
}

//! The small traits a backend's connection implements, after sqlx's
//! `Migrate`, refinery's `Transaction` + `Query` and Atlas's `Locker` /
//! `RevisionReadWriter`: running SQL ([`Executor`]), transactions
//! ([`Transactions`]), the state and log rows ([`StateStore`]), the
//! migration lock ([`Locker`]), the lease of a runner outside a transaction
//! ([`Leases`]) and the hooks a run calls ([`RunHooks`]).
//! [`Connection`] is their sum, plus the URL.

use crate::dialect::DialectBackend;
use std::time::Duration;

use super::{Capabilities, Dialect, Lease, LeaseRow, LockState, LogEntry, StateRow, Tables, Value};
use crate::dburl::DatabaseUrl;
use crate::error::{DbError, Error};

/// Running SQL: what a Rust migration may do, inside the migration's transaction.
pub trait Executor {
    /// The backend this connection talks to.
    fn dialect(&self) -> Dialect;
    /// Runs one statement with positional parameters (`?` on SQLite and
    /// MySQL, `$1` on PostgreSQL); returns the number of rows changed.
    fn execute_with(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Runs a query and returns every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, DbError>;
}

/// Statements of a migration, and the transactions around them.
pub trait Transactions: Executor {
    /// Runs one statement of a migration (no parameters; any statement,
    /// including ones that cannot be prepared).
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
}

/// The state table (one row per applied revision) and the append-only log.
pub trait StateStore {
    /// Whether both the state and the log table exist (a run killed between
    /// creating them leaves one: it is then created again).
    fn has_state_tables(&mut self, tables: &Tables) -> Result<bool, DbError>;
    /// The format of stillhead's tables here (`STATE_FORMAT`): `None` when
    /// the state and log tables do not both exist, 1 for tables of a
    /// stillhead before formats were recorded, else the recorded number.
    fn state_format(&mut self, tables: &Tables) -> Result<Option<u32>, DbError>;
    /// Creates stillhead's tables if missing and records the format:
    /// brings an older set up to date too (idempotent, run under the lock).
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
}

/// The migration lock, which keeps concurrent runs apart.
pub trait Locker {
    /// Takes the migration lock for the whole run, waiting up to `timeout`.
    /// Backends whose write transactions already serialise runs (SQLite) do nothing here.
    fn lock(&mut self, timeout: Duration) -> Result<(), Error>;
    /// Releases the migration lock.
    fn unlock(&mut self) -> Result<(), DbError>;
    /// Whether [`Locker::lock`] takes a session lock held for the whole
    /// run (PostgreSQL, MySQL). Then, once it is held, no other runner can be
    /// active, and any in-progress mark was left by one that died.
    fn has_session_lock(&self) -> bool {
        true
    }
    /// After a lock timeout, which lock it was (in words) and who holds it,
    /// where the backend takes its lock with a transaction and can tell.
    fn lock_wait_details(&mut self) -> Option<(String, Option<String>)> {
        None
    }
    /// Who holds the migration lock now (`lock status`), without taking it.
    fn lock_state(&mut self, tables: &Tables) -> Result<LockState, DbError>;
    /// Removes the lease row whoever holds it (`lock release --force`);
    /// `false` when there was none.
    fn remove_lease(&mut self, _tables: &Tables) -> Result<bool, DbError> {
        Ok(false)
    }
}

/// The lease of a runner working outside any transaction (a `transaction:
/// false` migration where the migration lock lives only as long as a
/// transaction): a committed row that says who is at work and until when,
/// renewed while the work runs, so that others can tell a live runner
/// (wait for it) from a dead one (report its half-done migration). The
/// in-progress mark keeps others out either way; the lease only tells them
/// why. Backends whose lock lasts the whole run need none.
pub trait Leases {
    /// Whether this backend writes leases.
    fn takes_leases(&self) -> bool {
        false
    }
    /// The lease row, if the table and a row exist.
    fn read_lease(&mut self, _t: &Tables) -> Result<Option<LeaseRow>, DbError> {
        Ok(None)
    }
    /// Writes this runner's lease (creating the table if needed), in the
    /// open transaction, replacing any other.
    fn put_lease(&mut self, _t: &Tables, _lease: &Lease) -> Result<(), DbError> {
        Ok(())
    }
    /// Removes this runner's lease (matched on its token), in the open
    /// transaction.
    fn release_lease(&mut self, _t: &Tables, _token: &str) -> Result<(), DbError> {
        Ok(())
    }
    /// A connection of its own that renews a lease while this one is busy
    /// running the migration's statements; `None` where leases are not taken.
    fn lease_renewer(&self) -> Option<Result<Box<dyn LeaseRenewer>, Error>> {
        None
    }
}

/// Renews one lease from a connection of its own.
pub trait LeaseRenewer: Send {
    /// Pushes the lease's expiry `length` past the database's now; `false`
    /// when the row is no longer this token's (released, or taken over).
    fn renew(&mut self, t: &Tables, token: &str, length: Duration) -> Result<bool, DbError>;
}

/// What a run asks of a backend around its transactions; every hook has a
/// default that does nothing.
pub trait RunHooks {
    /// Called once before a run writes anything (SQLite: turn foreign keys off so table rebuilds work).
    fn begin_run(&mut self) -> Result<(), DbError> {
        Ok(())
    }
    /// Called inside each transaction just before commit; an error aborts it
    /// (SQLite: `PRAGMA foreign_key_check`).
    fn check_before_commit(&mut self) -> Result<(), DbError> {
        Ok(())
    }
    /// Bounds the unit about to run: how long a statement waits for a table
    /// lock, how long it may run. `in_transaction`: the unit's transaction
    /// is open and the bounds end with it (PostgreSQL `SET LOCAL`, which a
    /// transaction pooler keeps with the transaction); otherwise they hold
    /// until [`RunHooks::clear_timeouts`] (MariaDB sets them on the session;
    /// PostgreSQL sends each statement in a transaction of its own that sets
    /// them, since a pooler would keep a session setting for others).
    fn set_timeouts(&mut self, _t: &Timeouts, _in_transaction: bool) -> Result<(), DbError> {
        Ok(())
    }
    /// Takes back bounds set outside a transaction.
    fn clear_timeouts(&mut self) -> Result<(), DbError> {
        Ok(())
    }
    /// What the server is when it takes no writes from a migration run (a
    /// PostgreSQL hot standby, a MariaDB replica with `read_only=ON`), in
    /// words; `None` for a server that takes them. Asked only before a run
    /// writes, so a run at head pays nothing for it.
    fn read_only_server(&mut self) -> Result<Option<&'static str>, DbError> {
        Ok(None)
    }
    /// Called once after a run, success or not (SQLite: restore foreign keys).
    fn end_run(&mut self) -> Result<(), DbError> {
        Ok(())
    }
    /// A number that changes whenever another connection commits to the
    /// database (SQLite: `PRAGMA data_version`), or `None` where there is
    /// none. Equal numbers at the start of two transactions mean nobody
    /// else wrote in between, so a runner may keep the state it wrote.
    fn others_commit_counter(&mut self) -> Option<i64> {
        None
    }
}

/// The bounds on a migration's statements (`[migrations] ddl_lock_timeout`,
/// `statement_timeout`); `None` = no bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timeouts {
    /// Longest wait for a table lock.
    pub lock: Option<Duration>,
    /// Longest run of one statement.
    pub statement: Option<Duration>,
}

impl Timeouts {
    /// True when neither is set.
    pub fn is_none(&self) -> bool {
        self.lock.is_none() && self.statement.is_none()
    }
}

/// A connection the runner can drive: the sum of the small traits.
pub trait Connection: Transactions + StateStore + Locker + Leases + RunHooks {
    /// The URL this connection was opened with.
    fn url(&self) -> &DatabaseUrl;
    /// What the database behind it can do.
    fn capabilities(&self) -> Capabilities {
        self.dialect().backend().capabilities()
    }
    /// What cancels, from another thread, the statement this connection
    /// will be running (the CLI's Ctrl-C and SIGTERM), made now while it is
    /// idle; `None` where the backend has no way. By default the server
    /// session's id is asked once with the backend's query (one round
    /// trip; `DatabaseAdmin::session_id_sql`).
    fn canceller(&mut self) -> Result<Option<super::Canceller>, DbError> {
        let admin = self.dialect().backend().admin();
        let Some(sql) = admin.session_id_sql() else {
            return Ok(None);
        };
        let rows = self.query(sql, &[])?;
        let id = rows
            .first()
            .and_then(|r| r.first())
            .and_then(|v| v.to_text().trim().parse::<u64>().ok());
        Ok(id.and_then(|id| admin.session_canceller(self.url(), id)))
    }
}

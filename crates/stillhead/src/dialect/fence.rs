//! The fallback fence of a scratch database: where stillhead could not
//! create a temporary user (no privilege to), the scratch replay runs as the
//! configured user, and this wrapper refuses each statement that would reach
//! beyond the scratch database (roles, tablespaces, other databases,
//! plugins…) before the server sees it. The rules are each backend's
//! (`postgres::fence`, `mysql::fence`); this module
//! only applies them (ARCHITECTURE.md, "Scratch databases").
//!
//! The rules read each statement as its server does (`reading.rs`: tokens,
//! not words, so spacing, comments and quoting around a name change
//! nothing), strings and function bodies included, and a statement that
//! cannot be read is refused. Statements built at run time from pieces
//! (`EXECUTE 'DROP ' || 'DATABASE …'`) can evade it: the temporary user is
//! the real fence, and this is the best that can be done without one.

use std::time::Duration;

use super::{
    Connection, Dialect, Executor, Locker, LogEntry, RunHooks, StateRow, StateStore, Tables,
    Transactions, Value,
};
use crate::dburl::DatabaseUrl;
use crate::error::{DbError, Error};

/// A rule: the reason a statement is refused, or `None` to let it run.
pub(crate) type Refusal = Box<dyn Fn(&str) -> Option<String> + Send>;

/// A connection whose statements are checked against a [`Refusal`] first.
pub(crate) struct Fenced {
    inner: Box<dyn Connection>,
    refuse: Refusal,
    /// Why the fence is a rule here rather than a temporary user.
    because: String,
}

impl Fenced {
    /// Wraps `inner`; `because` tells the user why statements are checked
    /// (and so what to configure to avoid it).
    pub(crate) fn new(inner: Box<dyn Connection>, refuse: Refusal, because: String) -> Fenced {
        Fenced {
            inner,
            refuse,
            because,
        }
    }

    fn check(&self, sql: &str) -> Result<(), DbError> {
        match (self.refuse)(sql) {
            None => Ok(()),
            Some(reason) => Err(DbError::new(format!(
                "refused in a scratch database: {reason}. {}",
                self.because
            ))),
        }
    }
}

impl Executor for Fenced {
    fn dialect(&self) -> Dialect {
        self.inner.dialect()
    }
    fn execute_with(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        self.check(sql)?;
        self.inner.execute_with(sql, params)
    }
    /// Not checked: queries are stillhead's own catalog reads (introspection).
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, DbError> {
        self.inner.query(sql, params)
    }
}

impl Transactions for Fenced {
    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        self.check(sql)?;
        self.inner.execute(sql)
    }

    fn begin(&mut self) -> Result<(), DbError> {
        self.inner.begin()
    }

    fn commit(&mut self) -> Result<(), DbError> {
        self.inner.commit()
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        self.inner.rollback()
    }
}

impl StateStore for Fenced {
    fn has_state_tables(&mut self, tables: &Tables) -> Result<bool, DbError> {
        self.inner.has_state_tables(tables)
    }

    fn create_state_tables(&mut self, tables: &Tables) -> Result<(), DbError> {
        self.inner.create_state_tables(tables)
    }

    fn read_state(&mut self, tables: &Tables) -> Result<Vec<StateRow>, DbError> {
        self.inner.read_state(tables)
    }

    fn state_format(&mut self, tables: &Tables) -> Result<Option<u32>, DbError> {
        self.inner.state_format(tables)
    }

    fn put_state(&mut self, tables: &Tables, row: &StateRow) -> Result<(), DbError> {
        self.inner.put_state(tables, row)
    }

    fn delete_state(&mut self, tables: &Tables, revision: &str) -> Result<(), DbError> {
        self.inner.delete_state(tables, revision)
    }

    fn append_log(&mut self, tables: &Tables, entry: &LogEntry) -> Result<(), DbError> {
        self.inner.append_log(tables, entry)
    }

    fn record_step(
        &mut self,

        tables: &Tables,
        revision: &str,
        state: Option<&StateRow>,
        log: &LogEntry,
    ) -> Result<(), DbError> {
        self.inner.record_step(tables, revision, state, log)
    }
    fn read_log(&mut self, tables: &Tables) -> Result<Vec<LogEntry>, DbError> {
        self.inner.read_log(tables)
    }
}

impl Locker for Fenced {
    fn lock(&mut self, timeout: Duration) -> Result<(), Error> {
        self.inner.lock(timeout)
    }

    fn unlock(&mut self) -> Result<(), DbError> {
        self.inner.unlock()
    }

    fn has_session_lock(&self) -> bool {
        self.inner.has_session_lock()
    }

    fn lock_state(&mut self, tables: &Tables) -> Result<super::LockState, DbError> {
        self.inner.lock_state(tables)
    }
}

impl RunHooks for Fenced {
    fn begin_run(&mut self) -> Result<(), DbError> {
        self.inner.begin_run()
    }

    fn check_before_commit(&mut self) -> Result<(), DbError> {
        self.inner.check_before_commit()
    }

    fn end_run(&mut self) -> Result<(), DbError> {
        self.inner.end_run()
    }

    fn others_commit_counter(&mut self) -> Option<i64> {
        self.inner.others_commit_counter()
    }
}

/// A scratch database has one runner: no lease is needed.
impl crate::dialect::Leases for Fenced {}

impl Connection for Fenced {
    fn url(&self) -> &DatabaseUrl {
        self.inner.url()
    }
}

//! The fallback fence of a scratch database: where stillhead could not
//! create a temporary user (no privilege to), the scratch replay runs as the
//! configured user, and this wrapper refuses each statement that would reach
//! beyond the scratch database (roles, tablespaces, other databases,
//! plugins…) before the server sees it. The rules are each backend's
//! (`postgres::fence`, `mysql::fence`); this module
//! only applies them (ARCHITECTURE.md, "Scratch databases").
//!
//! The check reads statement text, strings and function bodies included, so
//! it errs towards refusing. Statements built at run time from pieces
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

/// The words of a statement, upper-cased, strings and quoted identifiers
/// included (split at every character that is not a letter, digit, `_` or
/// `$`), each with whether a `.` follows it directly: enough for the rules'
/// keyword sequences and qualified names.
pub(crate) fn words(sql: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut word = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' || c == '$' {
            word.push(c.to_ascii_uppercase());
            continue;
        }
        // A quote closing an identifier (`"db".t`, `` `db`.t ``) still
        // counts as the end of the word the dot follows.
        let quote_then_dot = matches!(c, '"' | '`') && chars.peek() == Some(&'.');
        if !word.is_empty() {
            let dotted = c == '.' || quote_then_dot;
            out.push((std::mem::take(&mut word), dotted));
        }
    }
    if !word.is_empty() {
        out.push((word, false));
    }
    out
}

/// The first of `pairs` (`["CREATE", "ROLE"]`, …) that occurs as
/// consecutive words, if any.
pub(crate) fn find_sequence<'a>(
    words: &[(String, bool)],
    sequences: &'a [&'a [&'a str]],
) -> Option<&'a [&'a str]> {
    sequences.iter().copied().find(|seq| {
        words
            .windows(seq.len())
            .any(|w| w.iter().zip(seq.iter()).all(|((word, _), s)| word == s))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_see_into_strings_and_mark_qualifiers() {
        let w = words("EXECUTE 'drop database x'; select * from `live`.t, \"s\".u, a.b");
        let names: Vec<&str> = w.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            names,
            [
                "EXECUTE", "DROP", "DATABASE", "X", "SELECT", "FROM", "LIVE", "T", "S", "U", "A",
                "B"
            ]
        );
        let dotted: Vec<&str> = w
            .iter()
            .filter(|(_, d)| *d)
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(dotted, ["LIVE", "S", "A"]);
        assert_eq!(
            find_sequence(&w, &[&["CREATE", "DATABASE"], &["DROP", "DATABASE"]]),
            Some(&["DROP", "DATABASE"][..])
        );
        assert_eq!(find_sequence(&w, &[&["DROP", "TABLE"]]), None);
    }
}

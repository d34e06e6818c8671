//! `schema.sql` executed in a scratch database (see ARCHITECTURE.md,
//! "Declared schemas"): what `project/autogen.rs` reads back from the
//! catalogs. It owns how the statements are sent, nothing of what they say.
//!
//! Where DDL is transactional, a small file goes in one transaction and one
//! round trip, which is rolled back after the catalogs are read (the server
//! then drops an empty scratch database). A large file goes in batches, each
//! committed: PostgreSQL takes a lock per table, index and type a
//! transaction creates and keeps them to its end, so a few thousand tables
//! in one transaction fail with `out of shared memory` (SQLSTATE 53200,
//! `max_locks_per_transaction`). A small file that still runs out of locks
//! (one statement creating many objects) is loaded again in batches.

use std::time::Instant;

use crate::dialect::Connection;
use crate::error::{DbError, Error, Result};
use crate::script::Statement;

/// Statements in one transaction, and the size of a file loaded in one.
/// About six locks a table with a key and an index: a batch stays well
/// under the 6,400 a default PostgreSQL server shares among all sessions.
const BATCH: usize = 500;

/// Statements in one transaction after a single one ran out of locks.
const FALLBACK_BATCH: usize = 100;

/// PostgreSQL's `out of shared memory` (the lock table is full).
const OUT_OF_LOCKS: &str = "53200";

/// A hidden knob for tests: the batch size instead of [`BATCH`], so a small
/// file can take the batched path (or a large one the single transaction).
const BATCH_VAR: &str = "STILLHEAD_SCHEMA_BATCH";

/// How the statements were left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Loaded {
    /// In one open transaction, to be rolled back once the catalogs are read.
    InTransaction,
    /// Committed (in batches, or where DDL is not transactional).
    Committed,
}

/// Runs `preamble`, then `statements`, in `conn`; an error names the line
/// of the statement that failed (`fail` makes it). Says how long it took in
/// `-v` (tracing info).
pub(super) fn load(
    conn: &mut dyn Connection,
    preamble: &[&str],
    statements: &[Statement],
    fail: &dyn Fn(usize, DbError) -> Error,
) -> Result<Loaded> {
    let started = Instant::now();
    let batch = batch_size();
    let (loaded, transactions) = if !conn.capabilities().transactional_ddl {
        execute_each(conn, preamble, statements, fail)?;
        (Loaded::Committed, 0)
    } else if statements.len() <= batch {
        match in_one_transaction(conn, preamble, statements, fail)? {
            Some(()) => (Loaded::InTransaction, 1),
            None => {
                tracing::info!(
                    "schema.sql ran out of locks in one transaction; loading it in batches of {FALLBACK_BATCH} statements"
                );
                let n = in_batches(conn, preamble, statements, FALLBACK_BATCH, fail)?;
                (Loaded::Committed, n)
            }
        }
    } else {
        let n = in_batches(conn, preamble, statements, batch, fail)?;
        (Loaded::Committed, n)
    };
    tracing::info!(
        "loaded schema.sql ({} statements) into the scratch database in {:.2?}, in {transactions} transaction(s)",
        statements.len(),
        started.elapsed()
    );
    Ok(loaded)
}

fn batch_size() -> usize {
    std::env::var(BATCH_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(BATCH)
}

fn first_line(statements: &[Statement]) -> usize {
    statements.first().map_or(1, |s| s.line)
}

/// The whole file in one transaction and one round trip, left open; only
/// if it fails is it run again statement by statement, to name the line.
/// `None` when it ran out of locks (rolled back).
fn in_one_transaction(
    conn: &mut dyn Connection,
    preamble: &[&str],
    statements: &[Statement],
    fail: &dyn Fn(usize, DbError) -> Error,
) -> Result<Option<()>> {
    let first = first_line(statements);
    conn.begin().map_err(|e| fail(first, e))?;
    let whole = joined(preamble, statements);
    let Err(e) = conn.execute(&whole) else {
        return Ok(Some(()));
    };
    conn.rollback().map_err(|e| fail(first, e))?;
    if out_of_locks(&e) {
        return Ok(None);
    }
    conn.begin().map_err(|e| fail(first, e))?;
    execute_each(conn, preamble, statements, fail)?;
    Ok(Some(()))
}

/// The preamble (session settings, which outlast a transaction), then each
/// `size` statements in a transaction of their own, committed. Returns the
/// number of transactions.
fn in_batches(
    conn: &mut dyn Connection,
    preamble: &[&str],
    statements: &[Statement],
    size: usize,
    fail: &dyn Fn(usize, DbError) -> Error,
) -> Result<usize> {
    execute_each(conn, preamble, &[], fail)?;
    let mut transactions = 0;
    for chunk in statements.chunks(size) {
        let first = first_line(chunk);
        conn.begin().map_err(|e| fail(first, e))?;
        let sent = conn.execute(&joined(&[], chunk));
        let done = match sent {
            Ok(()) => Ok(()),
            Err(_) => {
                // Run again statement by statement, to name the line.
                conn.rollback().map_err(|e| fail(first, e))?;
                conn.begin().map_err(|e| fail(first, e))?;
                execute_each(conn, &[], chunk, fail)
            }
        };
        if let Err(e) = done {
            let _ = conn.rollback();
            return Err(e);
        }
        conn.commit().map_err(|e| fail(first, e))?;
        transactions += 1;
    }
    Ok(transactions)
}

fn out_of_locks(e: &DbError) -> bool {
    e.code.as_deref() == Some(OUT_OF_LOCKS)
}

fn joined(preamble: &[&str], statements: &[Statement]) -> String {
    preamble
        .iter()
        .copied()
        .chain(statements.iter().map(|s| s.sql.as_str()))
        .collect::<Vec<_>>()
        .join(";\n")
}

/// Runs the preamble, then each statement; an error names the statement's line.
pub(super) fn execute_each(
    conn: &mut dyn Connection,
    preamble: &[&str],
    statements: &[Statement],
    fail: &dyn Fn(usize, DbError) -> Error,
) -> Result<()> {
    let first = first_line(statements);
    for sql in preamble {
        conn.execute(sql).map_err(|e| fail(first, e))?;
    }
    for stmt in statements {
        conn.execute(&stmt.sql).map_err(|e| fail(stmt.line, e))?;
    }
    Ok(())
}

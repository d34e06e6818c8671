//! Executing a plan: transaction units, statements, state and log writes, and
//! the truthful account of what a failure left behind.
//!
//! The target is resolved once, against the state read under the migration
//! lock in the run's first transaction: that plan is what the user's target
//! named. Before every later unit the loop knows the state under the lock
//! again, so concurrent runners never apply a migration twice: whoever gets
//! the lock second finds the work done and drops it from its plan. It
//! re-reads the state unless no one else can have written since its last
//! unit (a session lock held for the run, or SQLite's commit counter
//! unchanged). It never re-plans: a plan the state no longer allows (another
//! run reverted what it builds on, or applied what it would have to revert)
//! stops the run with [`Error::Overtaken`].

use std::collections::BTreeSet;
use std::time::Instant;

use crate::config::TransactionMode;
use crate::dialect::lease::{self, Heartbeat};
use crate::dialect::{Connection, Lease, LeaseRenewer, LogEntry, LogOutcome};
use crate::error::{DbError, Error, Result};

use super::report::{Direction, StepReport};
use super::retry::Retry;
use super::set::Migration;
use super::state::{now, DbState};
use super::{Migrator, Observer, Session};

/// How one unit of work is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    /// Inside one transaction with its state changes.
    Transaction,
    /// Outside any transaction, guarded by an in-progress mark.
    Autocommit,
}

/// Splits the head of a plan into the next unit to run.
///
/// Where DDL commits implicitly (MySQL), every migration is its own
/// autocommit unit, guarded by an in-progress mark.
fn next_unit<'p>(
    plan: &'p [&'p Migration],
    mode: TransactionMode,
    transactional_ddl: bool,
) -> (UnitKind, &'p [&'p Migration]) {
    let transactional =
        |m: &Migration| transactional_ddl && m.script.transaction && mode != TransactionMode::None;
    if !transactional(plan[0]) {
        return (UnitKind::Autocommit, &plan[..1]);
    }
    if mode == TransactionMode::PerMigration {
        return (UnitKind::Transaction, &plan[..1]);
    }
    let len = plan.iter().take_while(|m| transactional(m)).count();
    (UnitKind::Transaction, &plan[..len])
}

/// The state after a committed unit as the run loop recorded it, and the
/// other-writers counter it saw then: still true while nobody else can
/// have written.
struct Known {
    state: DbState,
    counter: Option<i64>,
}

/// The states a run went from and to, both read (or recorded) under the
/// migration lock: what its report says.
pub(super) struct Span {
    pub(super) from: DbState,
    pub(super) to: DbState,
}

impl Session<'_, '_> {
    /// Runs units until the plan is done. Called with the session lock held
    /// (where the backend has one) and foreign keys prepared.
    pub(super) fn run_units(
        &self,
        conn: &mut dyn Connection,
        direction: Direction,
        target: &str,
        observer: &mut dyn Observer,
        done: &mut Vec<StepReport>,
    ) -> Result<Span> {
        // What is left of the plan, once the target is resolved: a relative
        // target like `-1` must not mean one more step each round.
        let mut remaining: Option<Vec<&Migration>> = None;
        let mut announced = false;
        let mut from: Option<DbState> = None;
        // With a session lock held for the whole run no other runner can
        // change the state between units, and on SQLite an unchanged commit
        // counter says nobody else wrote: then after a committed unit the
        // state is known without reading the table again (which, one
        // migration per transaction, would cost a read per migration), and
        // what is left of the plan needs no second look.
        let mut known: Option<Known> = None;
        let mut retry = Retry::new(self.ddl_retries, self.ddl_retry_window);
        loop {
            self.begin(conn)?;
            conn.set_timeouts(&self.timeouts, true)
                .map_err(|e| self.db_error(e, "setting ddl_lock_timeout"))?;
            let counter = if conn.has_session_lock() {
                None
            } else {
                conn.others_commit_counter()
            };
            let (state, trusted) = match known.take() {
                Some(k)
                    if conn.has_session_lock() || (k.counter.is_some() && k.counter == counter) =>
                {
                    (k.state, true)
                }
                _ => match self.read_state(conn) {
                    Ok(s) => (s, false),
                    Err(e) => {
                        let e = self.lock_error(conn, e);
                        let _ = conn.rollback();
                        return Err(e);
                    }
                },
            };
            if !conn.has_session_lock() && state.in_progress().any(|r| r.failed_statement.is_none())
            {
                // Another runner is inside a non-transactional migration:
                // let go of the lock and wait for its mark to clear.
                let _ = conn.rollback();
                let settled = self.read_settled_state(conn)?;
                if settled.in_progress().next().is_some() {
                    settled.ensure_plannable(self.set)?;
                }
                continue;
            }
            let planned = match remaining.take() {
                None => self.plan_on(&state, direction, target),
                Some(rest) if trusted => Ok(rest),
                Some(rest) => self.rest_of_plan(&state, direction, rest),
            };
            let mut plan = match planned {
                Ok(p) => p,
                Err(e) => {
                    let _ = conn.rollback();
                    return Err(e);
                }
            };
            let from = from.get_or_insert_with(|| state.clone());
            if plan.is_empty() {
                conn.commit().map_err(|e| self.db_error(e, "committing"))?;
                return Ok(Span {
                    from: from.clone(),
                    to: state,
                });
            }
            if !announced {
                announced = true;
                let steps: Vec<StepReport> = plan
                    .iter()
                    .map(|m| self.step_report(m, direction))
                    .collect();
                observer.plan(direction, &steps);
            }
            let (kind, unit) = next_unit(&plan, self.mode, conn.capabilities().transactional_ddl);
            let ran = unit.len();
            match kind {
                UnitKind::Transaction => {
                    if let Some(wait) =
                        self.run_transaction(conn, direction, unit, &state, observer, done)?
                    {
                        let Some(pause) = retry.next_pause() else {
                            return Err(wait.failure.into_error(
                                direction,
                                wait.migration,
                                wait.outcome,
                            ));
                        };
                        let what = match unit.len() {
                            1 => "its transaction".to_string(),
                            n => format!("the transaction of {n} migrations"),
                        };
                        self.retry_notice(
                            observer,
                            wait.migration,
                            &wait.failure,
                            &what,
                            pause,
                            &retry,
                        );
                        std::thread::sleep(pause);
                        // Rolled back: from the top, with the state read
                        // again and the same plan. Safe after a deadlock or
                        // a certification conflict too: the unit's state
                        // rows were in the transaction the server rolled
                        // back, so it left nothing behind, and the state is
                        // read again under the lock before anything runs.
                        remaining = Some(plan);
                        continue;
                    }
                }
                UnitKind::Autocommit => {
                    let why = if conn.capabilities().transactional_ddl {
                        "transaction: false"
                    } else {
                        "DDL commits implicitly on this database; it is marked in progress until done"
                    };
                    observer.notice(&format!(
                        "{} runs outside a transaction ({why})",
                        unit[0].script.id
                    ));
                    // Finished and recorded (a failure returns): the state
                    // is known as after a transaction. MariaDB runs every
                    // migration this way, and re-reading the state table (an
                    // information_schema lookup and a SELECT) cost two round
                    // trips per migration.
                    self.run_autocommit(conn, direction, unit[0], observer, done, &mut retry)?;
                }
            }
            let state = self.state_after(state, direction, &plan[..ran]);
            plan.drain(..ran);
            known = Some(Known { state, counter });
            remaining = Some(plan);
        }
    }

    /// What is left of a plan fixed under the lock, on a state another run
    /// may have changed since (module doc).
    fn rest_of_plan<'m>(
        &self,
        state: &DbState,
        direction: Direction,
        plan: Vec<&'m Migration>,
    ) -> Result<Vec<&'m Migration>> {
        state.ensure_plannable(self.set)?;
        let ids: Vec<String> = plan.iter().map(|m| m.script.id.clone()).collect();
        let graph = self.set.graph();
        let rest = match direction {
            Direction::Upgrade => graph.rest_of_upgrade(&state.applied, &ids),
            Direction::Downgrade => graph.rest_of_downgrade(&state.applied, &ids),
        };
        match rest {
            // `rest` keeps the plan's order: one walk picks its migrations.
            Ok(rest) => {
                let mut rest = rest.iter().peekable();
                Ok(plan
                    .into_iter()
                    .filter(|m| rest.next_if(|id| **id == m.script.id).is_some())
                    .collect())
            }
            Err(overtaken) => Err(Error::Overtaken {
                direction: direction.as_str(),
                database: self.database.clone(),
                revision: overtaken.revision,
                other: overtaken.other,
                current: graph.current_heads(&state.applied),
            }),
        }
    }

    /// The state after `unit` committed, as the runner recorded it.
    fn state_after(&self, state: DbState, direction: Direction, unit: &[&Migration]) -> DbState {
        let DbState {
            mut rows,
            mut applied,
        } = state;
        rows.retain(|r| !unit.iter().any(|m| m.script.id == r.revision));
        for m in unit {
            applied.remove(&m.script.id);
            if direction == Direction::Upgrade {
                applied.insert(m.script.id.clone());
                rows.push(self.applied_row(m, &now()));
            }
        }
        DbState { rows, applied }
    }

    fn begin(&self, conn: &mut dyn Connection) -> Result<()> {
        conn.begin()
            .map_err(|e| self.db_error(e, "starting a transaction"))
    }

    /// Maps a driver error: "busy" (a lock waited for up to its timeout)
    /// is a lock timeout; a deadlock or a conflicting write the server
    /// rolled back is [`Error::Conflict`], since nothing waited.
    pub(super) fn db_error(&self, e: DbError, context: &str) -> Error {
        if e.conflict {
            Error::Conflict {
                context: context.to_string(),
                database: self.database.clone(),
                source: e,
                outcome: "Nothing of that transaction was applied; run the command again.".into(),
            }
        } else if e.busy {
            Error::LockTimeout {
                lock: format!("the write lock on {}", self.database),
                holder: None,
                waited: self.lock_timeout,
            }
        } else {
            e.context(format!("{context} on {}", self.database))
        }
    }

    /// Runs a unit in one transaction. `Some`: the transaction was rolled
    /// back because a statement timed out on a table lock, or because the
    /// server ended a deadlock or a conflicting write (at a statement, the
    /// state's record or the commit); the caller may retry it.
    fn run_transaction<'u>(
        &self,
        conn: &mut dyn Connection,
        direction: Direction,
        unit: &[&'u Migration],
        state: &DbState,
        observer: &mut dyn Observer,
        done: &mut Vec<StepReport>,
    ) -> Result<Option<LockWait<'u>>> {
        let mut applied = state.applied.clone();
        let mut reports = Vec::with_capacity(unit.len());
        for (k, m) in unit.iter().enumerate() {
            let mut report = self.step_report(m, direction);
            observer.step_started(&report);
            let started = now();
            let clock = Instant::now();
            let result = self
                .run_body(conn, m, direction, observer, None)
                .and_then(|()| {
                    let ms = clock.elapsed().as_secs_f64() * 1000.0;
                    self.record(conn, m, direction, &started, ms)
                        .map_err(|e| Failure::Db(self.db_error(e, "recording the state")))
                });
            if let Err(failure) = result {
                let _ = conn.rollback();
                self.log_failure(conn, m, direction, &started, clock, &failure);
                let outcome = self.outcome_after_rollback(state, k);
                if failure.retryable() {
                    return Ok(Some(LockWait {
                        failure,
                        migration: m,
                        outcome,
                    }));
                }
                return Err(failure.into_error(direction, m, outcome));
            }
            report.duration_ms = clock.elapsed().as_secs_f64() * 1000.0;
            match direction {
                Direction::Upgrade => applied.insert(m.script.id.clone()),
                Direction::Downgrade => applied.remove(&m.script.id),
            };
            observer.step_finished(&report);
            reports.push(report);
        }
        if let Err(e) = conn.check_before_commit() {
            let _ = conn.rollback();
            let last = unit.last().expect("a unit is never empty");
            return Err(Error::ForeignKeyViolation {
                revision: last.script.id.clone(),
                violations: e.message,
                outcome: self.outcome_after_rollback(state, unit.len()),
            });
        }
        if let Err(e) = conn.commit() {
            let _ = conn.rollback();
            let last = unit.last().expect("a unit is never empty");
            let outcome = self.outcome_after_rollback(state, unit.len() - 1);
            let failure = Failure::Db(self.db_error(e, "committing"));
            // A conflict at commit (Galera certifies there) rolled back the
            // whole unit, its state rows with it: retried like a lock wait.
            if failure.retryable() {
                return Ok(Some(LockWait {
                    failure,
                    migration: last,
                    outcome,
                }));
            }
            return Err(failure.into_error(direction, last, outcome));
        }
        done.extend(reports);
        Ok(None)
    }

    /// Tells the observer and the log that a lock timeout or a conflict is
    /// being retried, saying which it was.
    fn retry_notice(
        &self,
        observer: &mut dyn Observer,
        m: &Migration,
        failure: &Failure,
        what: &str,
        pause: std::time::Duration,
        retry: &Retry,
    ) {
        let message = format!(
            "{}: {}; {what} is retried in {} ms (retry {} of at most {})",
            m.script.id,
            failure.why_rolled_back(),
            pause.as_millis(),
            retry.attempts(),
            self.ddl_retries
        );
        tracing::warn!("{message}");
        observer.notice(&message);
    }

    fn run_autocommit(
        &self,
        conn: &mut dyn Connection,
        direction: Direction,
        m: &Migration,
        observer: &mut dyn Observer,
        done: &mut Vec<StepReport>,
        retry: &mut Retry,
    ) -> Result<()> {
        let id = &m.script.id;
        let started = now();
        let mark = self.applied_row(m, &started).marked_in_progress(None);
        let lease = self.lease_for(conn, id, &started);
        // The mark is committed before the first statement so that a crash
        // midway is visible to the next run instead of silently re-running;
        // the lease with it says, while it is renewed, that the run is alive.
        let marked = match &lease {
            Some((lease, _)) => conn.put_lease(&self.tables, lease),
            None => Ok(()),
        }
        .and_then(|()| conn.put_state(&self.tables, &mark))
        .and_then(|()| conn.commit());
        if let Err(e) = marked {
            let _ = conn.rollback();
            return Err(self.db_error(e, "marking the migration in progress"));
        }
        let token = lease.as_ref().map(|(l, _)| l.token.clone());
        let heartbeat = lease.map(|(l, renewer)| Heartbeat::start(renewer, &self.tables, &l));
        // Released in the transaction that records the outcome, success or not.
        let release = |conn: &mut dyn Connection| match &token {
            Some(token) => conn.release_lease(&self.tables, token),
            None => Ok(()),
        };
        let mut report = self.step_report(m, direction);
        observer.step_started(&report);
        let clock = Instant::now();
        let bounded = conn
            .set_timeouts(&self.timeouts, false)
            .map_err(|e| Failure::Db(self.db_error(e, "setting ddl_lock_timeout")));
        if let Err(failure) =
            bounded.and_then(|()| self.run_body(conn, m, direction, observer, Some(retry)))
        {
            let statement = failure.statement();
            let why = if conn.capabilities().transactional_ddl {
                "ran outside a transaction (transaction: false)"
            } else {
                "ran without a transaction (this database commits DDL implicitly)"
            };
            let outcome = format!(
                "{id} {why}, so the statements before the failing one are committed; it is marked in progress. Fix the database by hand, then run `stillhead resolve {id} --applied` or `--reverted`."
            );
            if let Some(beat) = &heartbeat {
                beat.finishing();
            }
            let record = conn.begin().and_then(|()| {
                conn.put_state(&self.tables, &mark.clone().marked_in_progress(statement))?;
                release(conn)?;
                conn.commit()
            });
            if record.is_err() {
                let _ = conn.rollback();
            }
            self.log_failure(conn, m, direction, &started, clock, &failure);
            return Err(failure.into_error(direction, m, outcome));
        }
        let ms = clock.elapsed().as_secs_f64() * 1000.0;
        if let Some(beat) = &heartbeat {
            beat.finishing();
        }
        // The statements are committed; only their record is left. A
        // conflict rolls that transaction back whole (state row, log entry,
        // lease release), so running it again records the step once.
        let recorded = loop {
            let recorded = conn.begin().and_then(|()| {
                self.record(conn, m, direction, &started, ms)?;
                release(conn)?;
                conn.commit()
            });
            match recorded {
                Err(e) if e.conflict => {
                    let _ = conn.rollback();
                    let failure = Failure::Db(self.db_error(e, "recording the state"));
                    match retry.next_pause() {
                        Some(pause) => {
                            self.retry_notice(observer, m, &failure, "the record", pause, retry);
                            std::thread::sleep(pause);
                        }
                        None => break Err(failure),
                    }
                }
                Err(e) => break Err(Failure::Db(self.db_error(e, "recording the state"))),
                Ok(()) => break Ok(()),
            }
        };
        drop(heartbeat);
        if let Err(failure) = recorded {
            let _ = conn.rollback();
            let (ran, flag) = match direction {
                Direction::Upgrade => ("upgrade", "--applied"),
                Direction::Downgrade => ("downgrade", "--reverted"),
            };
            let outcome = format!(
                "{id}'s {ran} statements ran and are committed, but its record was not written: it is still marked in progress. Check the schema, then run `stillhead resolve {id} {flag}`."
            );
            return Err(failure.into_error(direction, m, outcome));
        }
        report.duration_ms = ms;
        observer.step_finished(&report);
        done.push(report);
        Ok(())
    }

    /// A lease for a migration about to run outside a transaction, with
    /// the connection that will renew it; `None` where the backend takes no
    /// leases, or the second connection cannot be opened (then others wait
    /// for the mark up to `lock_timeout`, as for a runner without a lease).
    fn lease_for(
        &self,
        conn: &mut dyn Connection,
        revision: &str,
        at: &str,
    ) -> Option<(Lease, Box<dyn LeaseRenewer>)> {
        match conn.lease_renewer()? {
            Ok(renewer) => Some((
                lease::new_lease(&self.whoami, Some(revision), at, self.lock_lease),
                renewer,
            )),
            Err(e) => {
                tracing::warn!(
                    "{revision} runs without a lease: no second connection for its heartbeat ({e})"
                );
                None
            }
        }
    }

    /// Runs a migration's statements (or Rust code) in the given direction.
    fn run_body(
        &self,
        conn: &mut dyn Connection,
        m: &Migration,
        direction: Direction,
        observer: &mut dyn Observer,
        mut retry: Option<&mut Retry>,
    ) -> std::result::Result<(), Failure> {
        if let Some(code) = &m.code {
            let f = match direction {
                Direction::Upgrade => Some(&code.up),
                Direction::Downgrade => code.down.as_ref(),
            };
            let f = f.ok_or_else(|| Failure::Plan(self.irreversible(m)))?;
            tracing::debug!(revision = %m.script.id, "running Rust migration");
            let exec: &mut dyn crate::dialect::Executor = conn;
            return f(exec).map_err(Failure::Rust);
        }
        let section = self.section(m, direction).map_err(Failure::Plan)?;
        for (i, stmt) in section.statements().into_iter().enumerate() {
            let interrupted = |words: &str| Failure::Statement {
                index: i + 1,
                line: stmt.line,
                sql: stmt.sql.clone(),
                error: DbError::new(format!(
                    "the run was interrupted (Ctrl-C or SIGTERM): {words}"
                )),
            };
            if super::stop_requested() {
                return Err(interrupted("this statement was not run"));
            }
            observer.statement(&m.script.id, i + 1, &stmt.sql);
            tracing::debug!(revision = %m.script.id, statement = i + 1, line = stmt.line, sql = %stmt.sql);
            loop {
                let failure = match conn.execute(&stmt.sql) {
                    // Cancelled on the server, a statement may still end
                    // well (MariaDB's `SELECT SLEEP()`): it is not taken as
                    // done, whether or not it did all its work.
                    Ok(()) if super::stop_requested() => {
                        return Err(interrupted(
                            "this statement was cancelled on the server while it ran",
                        ))
                    }
                    Ok(()) => break,
                    Err(e) => Failure::Statement {
                        index: i + 1,
                        line: stmt.line,
                        sql: stmt.sql.clone(),
                        error: e,
                    },
                };
                // Outside a transaction (where DDL commits implicitly) the
                // statements before this one stand: only it is retried.
                let pause = match retry.as_deref_mut() {
                    Some(r) if failure.retryable() => r.next_pause(),
                    _ => None,
                };
                let (Some(pause), Some(r)) = (pause, retry.as_deref()) else {
                    return Err(failure);
                };
                self.retry_notice(observer, m, &failure, "the statement", pause, r);
                std::thread::sleep(pause);
            }
        }
        Ok(())
    }

    /// Writes the state change and the log entry of a finished step.
    fn record(
        &self,
        conn: &mut dyn Connection,
        m: &Migration,
        direction: Direction,
        started: &str,
        ms: f64,
    ) -> std::result::Result<(), DbError> {
        let finished = now();
        let state = match direction {
            Direction::Upgrade => Some(self.applied_row(m, &finished)),
            Direction::Downgrade => None,
        };
        let checksum = Some(m.script.checksum.as_str());
        conn.record_step(
            &self.tables,
            &m.script.id,
            state.as_ref(),
            &LogEntry {
                started_at: started.to_string(),
                duration_ms: ms,
                ..LogEntry::done(
                    &m.script.id,
                    direction.into(),
                    checksum,
                    &finished,
                    &self.whoami,
                )
            },
        )
    }

    /// Appends a `failed` log entry in its own transaction; best effort,
    /// since the original error matters more than a failure to log it.
    fn log_failure(
        &self,
        conn: &mut dyn Connection,
        m: &Migration,
        direction: Direction,
        started: &str,
        clock: Instant,
        failure: &Failure,
    ) {
        let checksum = Some(m.script.checksum.as_str());
        let entry = LogEntry {
            outcome: LogOutcome::Failed,
            started_at: started.to_string(),
            duration_ms: clock.elapsed().as_secs_f64() * 1000.0,
            message: Some(failure.summary()),
            ..LogEntry::done(
                &m.script.id,
                direction.into(),
                checksum,
                &now(),
                &self.whoami,
            )
        };
        let logged = conn
            .begin()
            .and_then(|()| conn.append_log(&self.tables, &entry))
            .and_then(|()| conn.commit());
        if logged.is_err() {
            let _ = conn.rollback();
        }
    }

    /// Words for the state after a transaction was rolled back.
    fn outcome_after_rollback(&self, state: &DbState, undone: usize) -> String {
        let heads = self.set.graph().current_heads(&state.applied);
        let at = if heads.is_empty() {
            "base (no revision applied)".to_string()
        } else {
            heads.join(", ")
        };
        let extra = match undone {
            0 => String::new(),
            1 => "; the 1 earlier migration of this transaction was rolled back with it".into(),
            n => {
                format!("; the {n} earlier migrations of this transaction were rolled back with it")
            }
        };
        format!("The transaction was rolled back: the database remains at {at}{extra}.")
    }

    /// Starting state for a step's report.
    pub(super) fn step_report(&self, m: &Migration, direction: Direction) -> StepReport {
        let statements = if m.is_rust() {
            0
        } else {
            self.section(m, direction)
                .map(|s| s.statements().len())
                .unwrap_or(0)
        };
        StepReport {
            revision: m.script.id.clone(),
            message: m.script.message.clone(),
            tags: m.script.tags.clone(),
            file: m.script.origin.clone(),
            statements,
            transactional: m.script.transaction && self.mode != TransactionMode::None,
            duration_ms: 0.0,
        }
    }
}

impl Migrator<'_> {
    /// The applied set after a plan runs, for dry runs.
    pub(super) fn simulate(
        applied: &BTreeSet<String>,
        plan: &[&Migration],
        direction: Direction,
    ) -> BTreeSet<String> {
        let mut out = applied.clone();
        for m in plan {
            match direction {
                Direction::Upgrade => out.insert(m.script.id.clone()),
                Direction::Downgrade => out.remove(&m.script.id),
            };
        }
        out
    }
}

/// A transaction rolled back because a statement gave up waiting for a
/// table lock: what to report if it is not retried.
struct LockWait<'m> {
    failure: Failure,
    migration: &'m Migration,
    outcome: String,
}

/// Why a step failed, before it is turned into an [`Error`] with its outcome.
enum Failure {
    Statement {
        index: usize,
        line: usize,
        sql: String,
        error: DbError,
    },
    Rust(crate::error::BoxError),
    Db(Error),
    Plan(Error),
}

impl Failure {
    fn statement(&self) -> Option<usize> {
        match self {
            Failure::Statement { index, .. } => Some(*index),
            _ => None,
        }
    }

    /// The transaction (outside one: the statement) was rolled back and
    /// may pass when run again: a statement gave up waiting for a lock
    /// (PostgreSQL `lock_timeout`, MariaDB `lock_wait_timeout`), or the
    /// server ended a deadlock or a conflicting write (MariaDB 1213, a
    /// Galera certification conflict; PostgreSQL 40P01, 40001).
    fn retryable(&self) -> bool {
        match self {
            Failure::Statement { error, .. } => error.busy || error.conflict,
            Failure::Db(e) => matches!(e, Error::Conflict { .. }),
            _ => false,
        }
    }

    /// What rolled it back, in words, for a retry's notice.
    fn why_rolled_back(&self) -> String {
        match self {
            Failure::Statement { index, error, .. } if error.conflict => format!(
                "statement {index} was rolled back by the server to end a deadlock or a conflicting write ({})",
                error.message
            ),
            Failure::Statement { index, .. } => format!(
                "statement {index} waited longer than ddl_lock_timeout for a table lock"
            ),
            Failure::Db(Error::Conflict {
                context, source, ..
            }) => format!(
                "{context} was rolled back by the server to end a deadlock or a conflicting write ({})",
                source.message
            ),
            other => other.summary(),
        }
    }

    fn summary(&self) -> String {
        match self {
            Failure::Statement { index, error, .. } => {
                format!("statement {index}: {}", error.message)
            }
            Failure::Rust(e) => e.to_string(),
            Failure::Db(e) | Failure::Plan(e) => e.to_string(),
        }
    }

    fn into_error(self, direction: Direction, m: &Migration, outcome: String) -> Error {
        match self {
            Failure::Statement {
                index,
                line,
                sql,
                error,
            } => Error::StatementFailed {
                direction: direction.as_str(),
                revision: m.script.id.clone(),
                file: m.script.origin.clone(),
                index,
                line,
                sql: shorten(&sql),
                message: error.message.clone(),
                code: error.code.clone(),
                cause: error,
                outcome,
            },
            Failure::Rust(source) => Error::RustMigrationFailed {
                direction: direction.as_str(),
                revision: m.script.id.clone(),
                source,
                outcome,
            },
            // Said of the unit it rolled back, not of a transaction alone.
            Failure::Db(Error::Conflict {
                context,
                database,
                source,
                ..
            }) => Error::Conflict {
                context: format!(
                    "{context} ({direction} of {})",
                    m.script.id,
                    direction = direction.as_str()
                ),
                database,
                source,
                outcome,
            },
            Failure::Db(e) | Failure::Plan(e) => e,
        }
    }
}

/// A statement cut to a readable length for error messages.
fn shorten(sql: &str) -> String {
    let one_line: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= 200 {
        one_line
    } else {
        let cut: String = one_line.chars().take(197).collect();
        format!("{cut}…")
    }
}

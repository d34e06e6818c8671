//! Running migrations against a database: plans, runs, state queries, stamp,
//! verify, and the one-call start-up runner.
//!
//! Owns the order of operations and the guarantees (README, "Guarantees"). It talks to
//! databases only through [`crate::dialect::Connection`], and to files only
//! through [`MigrationSet`].

mod admin;
mod liveness;
mod offline;
mod report;
mod retry;
mod run;
mod session;
mod set;
mod state;
mod stop;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

pub use offline::OfflineRequest;
pub use report::{
    CurrentRevision, Direction, LockReport, Mark, MarkHolder, RunReport, StampReport, Status,
    StepReport, VerifyIssue, VerifyReport,
};
pub use set::{EmbeddedFile, EmbeddedMigrations, Migration, MigrationSet, RustFn, RustMigration};
pub use state::DbState;
pub use stop::{request_stop, stop_requested};

use crate::config::{Config, TransactionMode, MAX_DURATION};
use crate::dialect::{Connection, StateRow, Tables, STATE_FORMAT};
use crate::error::{Error, Result};
use crate::script::{Dialect, Section};
use session::Session;

/// Progress callbacks for a run (the CLI draws its progress bar and `-v`
/// output from these). Every method has an empty default.
pub trait Observer {
    /// The plan, once, before the first migration runs.
    fn plan(&mut self, _direction: Direction, _steps: &[StepReport]) {}
    /// A migration is about to run.
    fn step_started(&mut self, _step: &StepReport) {}
    /// A statement is about to run (1-based index within its migration).
    fn statement(&mut self, _revision: &str, _index: usize, _sql: &str) {}
    /// A migration finished (its transaction may still be open).
    fn step_finished(&mut self, _step: &StepReport) {}
    /// Something worth telling a person (e.g. a migration runs outside a transaction).
    fn notice(&mut self, _message: &str) {}
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}

/// Runs plans for one set of migrations.
#[derive(Clone)]
pub struct Migrator<'a> {
    set: &'a MigrationSet,
    tables: Tables,
    mode: TransactionMode,
    lock_timeout: Duration,
    lock_lease: Duration,
    allow_read_only_server: bool,
    timeouts: crate::dialect::Timeouts,
    ddl_retries: u32,
    ddl_retry_window: Duration,
    whoami: String,
}

impl<'a> Migrator<'a> {
    /// A migrator with the config's table name, transaction mode and lock timeout.
    ///
    /// A `Config` built in code skips the ranges the config file is checked
    /// against: waits longer than a day (`MAX_DURATION`) are cut to it, so that no
    /// deadline or driver overflows (`config/numbers.rs`).
    pub fn new(set: &'a MigrationSet, config: &Config) -> Migrator<'a> {
        Migrator {
            set,
            tables: Tables::new(&config.version_table),
            mode: config.transaction,
            lock_timeout: config.lock_timeout.min(MAX_DURATION),
            lock_lease: config.lock_lease.min(MAX_DURATION),
            allow_read_only_server: config.allow_read_only_server,
            timeouts: crate::dialect::Timeouts {
                lock: config.ddl_lock_timeout,
                statement: config.statement_timeout,
            },
            ddl_retries: config.ddl_retries,
            ddl_retry_window: config.ddl_retry_window,
            whoami: state::whoami(),
        }
    }

    /// A migrator with stillhead's defaults, for an application that sets
    /// what it needs in code rather than in a `Config`:
    ///
    /// ```no_run
    /// # fn run(set: &stillhead::MigrationSet) -> stillhead::Result<()> {
    /// use std::time::Duration;
    /// use stillhead::{Migrator, TransactionMode};
    ///
    /// let migrator = Migrator::with_defaults(set)
    ///     .version_table("app_schema_version")
    ///     .transaction_mode(TransactionMode::PerMigration)
    ///     .lock_timeout(Duration::from_secs(10));
    /// let mut conn = migrator.connect("postgres://app@db/app")?;
    /// migrator.upgrade(conn.as_mut(), "head")?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The defaults: state table `stillhead_version`, one transaction per
    /// run, a 60 s wait for the migration lock, a 2 s wait for a table lock
    /// with retries, no statement timeout (README, "Configuration").
    pub fn with_defaults(set: &'a MigrationSet) -> Migrator<'a> {
        Migrator::new(set, &Config::defaults())
    }

    /// Names the state table (its log table is this name plus `_log`).
    pub fn version_table(mut self, name: &str) -> Migrator<'a> {
        self.tables = Tables::new(name);
        self
    }

    /// How runs group migrations into transactions.
    pub fn transaction_mode(mut self, mode: TransactionMode) -> Migrator<'a> {
        self.mode = mode;
        self
    }

    /// How long to wait for another run's migration lock (at most a day).
    pub fn lock_timeout(mut self, wait: Duration) -> Migrator<'a> {
        self.lock_timeout = wait.min(MAX_DURATION);
        self
    }

    /// How long a lease row holds without renewal (at most a day).
    pub fn lock_lease(mut self, length: Duration) -> Migrator<'a> {
        self.lock_lease = length.min(MAX_DURATION);
        self
    }

    /// How long a migration statement may wait for a table lock before it
    /// is rolled back and retried; `None` waits for ever.
    pub fn ddl_lock_timeout(mut self, wait: Option<Duration>) -> Migrator<'a> {
        self.timeouts.lock = wait.map(|w| w.min(MAX_DURATION));
        self
    }

    /// How long one migration statement may run; `None` is no limit.
    pub fn statement_timeout(mut self, limit: Option<Duration>) -> Migrator<'a> {
        self.timeouts.statement = limit.map(|l| l.min(MAX_DURATION));
        self
    }

    /// How many times, and within how long, a statement that timed out on
    /// a table lock (or was rolled back in a deadlock) is tried again.
    pub fn ddl_retries(mut self, retries: u32, window: Duration) -> Migrator<'a> {
        self.ddl_retries = retries;
        self.ddl_retry_window = window.min(MAX_DURATION);
        self
    }

    /// Whether a read-only server (a standby, a replica) may be written
    /// anyway; refused by default.
    pub fn allow_read_only_server(mut self, allow: bool) -> Migrator<'a> {
        self.allow_read_only_server = allow;
        self
    }

    /// The connection options this migrator's settings ask for: the lock
    /// names come from the state table's name, and SQLite waits for a
    /// writer as long as for the lock.
    pub fn connect_options(&self) -> crate::ConnectOptions {
        crate::ConnectOptions {
            create: true,
            lock_timeout: self.lock_timeout,
            schema: None,
            version_table: self.tables.state.clone(),
            lock_lease: self.lock_lease,
        }
    }

    /// Opens a connection to `url` with [`Self::connect_options`] (a SQLite
    /// file is created if missing; `?schema=` picks a PostgreSQL schema).
    pub fn connect(&self, url: &str) -> Result<Box<dyn Connection>> {
        crate::open_creating(&crate::DatabaseUrl::parse(url)?, &self.connect_options())
    }

    /// The migrations this migrator runs.
    pub fn migrations(&self) -> &'a MigrationSet {
        self.set
    }

    /// The state and log table names.
    pub fn tables(&self) -> &Tables {
        &self.tables
    }

    /// The state row recording `m` as applied at `at` by this process.
    pub(crate) fn applied_row(&self, m: &Migration, at: &str) -> StateRow {
        StateRow::applied(&m.script.id, Some(&m.script.checksum), at, &self.whoami)
    }

    /// Reads the state table (empty if it does not exist yet).
    pub fn read_state(&self, conn: &mut dyn Connection) -> Result<DbState> {
        self.on(conn).read_state(conn)
    }

    /// What `upgrade`/`downgrade` would do, without doing it (`--dry-run`).
    pub fn plan(
        &self,
        conn: &mut dyn Connection,
        direction: Direction,
        target: &str,
    ) -> Result<RunReport> {
        let this = self.on(conn);
        let start = Instant::now();
        this.refuse_newer_format(conn)?;
        let state = this.read_state(conn)?;
        this.plan_report(&state, direction, target, start)
    }

    /// What `plan` shows for a database that does not exist yet (a SQLite
    /// file a dry run must not create): the plan from nothing applied.
    pub fn plan_of_missing(
        &self,
        database: &str,
        direction: Direction,
        target: &str,
    ) -> Result<RunReport> {
        self.on_database(Dialect::default(), database).plan_report(
            &DbState::default(),
            direction,
            target,
            Instant::now(),
        )
    }

    /// Applies migrations up to `target` (`head`, `heads`, an id, `+N`…).
    pub fn upgrade(&self, conn: &mut dyn Connection, target: &str) -> Result<RunReport> {
        self.run(conn, Direction::Upgrade, target, &mut Silent)
    }

    /// Reverts migrations down to `target` (`-1`, an id, `base`…).
    pub fn downgrade(&self, conn: &mut dyn Connection, target: &str) -> Result<RunReport> {
        self.run(conn, Direction::Downgrade, target, &mut Silent)
    }

    /// Runs a plan, reporting progress to `observer`.
    ///
    /// At the target already, this costs one read and writes nothing.
    pub fn run(
        &self,
        conn: &mut dyn Connection,
        direction: Direction,
        target: &str,
        observer: &mut dyn Observer,
    ) -> Result<RunReport> {
        let this = self.on(conn);
        let start = Instant::now();
        // Fast path: one unlocked read; if nothing is to do, we are done.
        let mut before = this.read_state(conn)?;
        let marked = before.in_progress().next().is_some();
        if marked && !conn.has_session_lock() {
            // SQLite: another process may be inside a non-transactional
            // migration right now; give it time to finish.
            before = this.read_settled_state(conn)?;
        }
        // With a session lock, a mark seen before taking the lock may belong
        // to a live runner: decide under the lock, where any mark is stale.
        let needs_lock = if marked && conn.has_session_lock() {
            true
        } else {
            !this.plan_on(&before, direction, target)?.is_empty()
        };
        if !needs_lock {
            // A state a newer stillhead wrote may mean what this one cannot
            // tell: even "nothing to do" would be a guess (reads such as
            // `current` still show it). With work to do, `ensure_tables`
            // refuses it under the lock; here, unlocked, the tables are
            // settled: this run found its target recorded in them, so no
            // other run is creating them (a read of tables being created
            // fails on a Galera node).
            this.refuse_newer_format(conn)?;
        }
        let mut steps = Vec::new();
        // With work to do, what the report says the run went from and to
        // are states read under the lock (README "Guarantees"): between the
        // unlocked read and the lock, others may have moved the database.
        let (from, to) = if needs_lock {
            this.refuse_read_only_server(conn)?;
            conn.lock(this.lock_timeout)?;
            let result = this.run_locked(conn, direction, target, observer, &mut steps);
            let unlocked = conn.unlock();
            let span = result?;
            unlocked.map_err(|e| this.db_error(e, "releasing the migration lock"))?;
            (span.from.applied, span.to.applied)
        } else {
            (before.applied.clone(), before.applied)
        };
        let graph = this.set.graph();
        Ok(RunReport {
            direction,
            target: target.to_string(),
            database: this.database.clone(),
            from: graph.current_heads(&from),
            to: graph.current_heads(&to),
            steps,
            dry_run: false,
            duration_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// The database's current revision(s) and what is pending.
    pub fn status(&self, conn: &mut dyn Connection) -> Result<Status> {
        let this = self.on(conn);
        let state = this.read_state(conn)?;
        let marks = this.marks(conn, &state)?;
        Ok(Status {
            marks,
            ..this.status_of(&state)
        })
    }

    /// Status of a database that does not exist yet (nothing applied).
    pub fn status_of_missing(&self, database: &str) -> Status {
        Status {
            missing: true,
            ..self
                .on_database(Dialect::default(), database)
                .status_of(&DbState::default())
        }
    }
}

impl<'a> Session<'_, 'a> {
    /// Reads the state table (empty if it does not exist yet).
    fn read_state(&self, conn: &mut dyn Connection) -> Result<DbState> {
        conn.read_state(&self.tables)
            .map(DbState::from_rows)
            .map_err(|e| self.db_error(e, "reading the state table"))
    }

    /// Reads the state, waiting while another process is running a
    /// migration outside a transaction (an in-progress mark with no failed
    /// statement), up to `lock_timeout` (ARCHITECTURE.md, "Locking"). A
    /// run known to be alive (its lease renewed, or its process alive on
    /// this host) is waited for, and one still at work at the end of it is
    /// a lock timeout naming it. A run known to have stopped (its lease
    /// lapsed, its process gone from this host) ends the wait at once: the
    /// mark is left for [`DbState::ensure_plannable`] to report. One that
    /// cannot be told (another host, no lease) is waited out, then left to
    /// `ensure_plannable` too.
    fn read_settled_state(&self, conn: &mut dyn Connection) -> Result<DbState> {
        let deadline = Instant::now() + self.lock_timeout;
        let mut announced = false;
        loop {
            let state = self.read_state(conn)?;
            let Some(row) = state.in_progress().find(|r| r.failed_statement.is_none()) else {
                return Ok(state);
            };
            let lease = if conn.takes_leases() {
                conn.read_lease(&self.tables)
                    .map_err(|e| self.db_error(e, "reading the lease table"))?
            } else {
                None
            };
            match liveness::mark_holder(row, lease.as_ref()) {
                MarkHolder::Stopped { why } => {
                    // The state was read before the process was looked
                    // at: a run that cleared its mark and exited between
                    // the two looks dead. Only a mark still there once its
                    // runner is gone was left by it.
                    let again = self.read_state(conn)?;
                    let left = again.in_progress().any(|r| {
                        r.revision == row.revision
                            && r.applied_at == row.applied_at
                            && r.failed_statement.is_none()
                    });
                    if !left {
                        continue;
                    }
                    tracing::warn!("{} was left in progress: {why}", row.revision);
                    return Ok(again);
                }
                MarkHolder::Running { holder } if Instant::now() >= deadline => {
                    return Err(Error::LockTimeout {
                        lock: format!(
                            "the in-progress mark of {} on {} (a migration running outside a transaction)",
                            row.revision, self.database
                        ),
                        holder: Some(holder),
                        waited: self.lock_timeout,
                    });
                }
                MarkHolder::Running { holder } if !announced => {
                    tracing::info!("waiting up to {:?} for {holder}", self.lock_timeout);
                    announced = true;
                }
                MarkHolder::Unknown if Instant::now() >= deadline => return Ok(state),
                _ => {}
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The migrations a target needs, in order, on a given state.
    fn plan_on(
        &self,
        state: &DbState,
        direction: Direction,
        target: &str,
    ) -> Result<Vec<&'a Migration>> {
        state.ensure_plannable(self.set)?;
        let graph = self.set.graph();
        if direction == Direction::Upgrade {
            state.ensure_unedited(self.set)?;
        }
        let ids = match direction {
            Direction::Upgrade => graph.upgrade_plan(&state.applied, target)?,
            Direction::Downgrade => graph.downgrade_plan(&state.applied, target)?,
        };
        let plan: Vec<&Migration> = ids
            .iter()
            .map(|id| self.set.get(id).expect("planned ids come from the set"))
            .collect();
        for m in &plan {
            if direction == Direction::Downgrade && !m.script.is_reversible() {
                return Err(self.irreversible(m));
            }
            if !m.is_rust() {
                self.section(m, direction)?.check_closed(&m.script.origin)?;
            }
        }
        Ok(plan)
    }

    fn irreversible(&self, m: &Migration) -> Error {
        Error::Irreversible {
            revision: m.script.id.clone(),
            file: m.script.origin.clone(),
        }
    }

    /// The section of a migration for the connection's dialect.
    fn section(&self, m: &'a Migration, direction: Direction) -> Result<&'a Section> {
        let dialect = self.dialect;
        let found = match direction {
            Direction::Upgrade => m.script.upgrade_for(dialect),
            Direction::Downgrade => {
                if !m.script.is_reversible() {
                    return Err(self.irreversible(m));
                }
                m.script.downgrade_for(dialect)
            }
        };
        found.ok_or_else(|| Error::NoSectionForDialect {
            revision: m.script.id.clone(),
            file: m.script.origin.clone(),
            direction: direction.as_str(),
            dialect: dialect.to_string(),
        })
    }

    fn run_locked(
        &self,
        conn: &mut dyn Connection,
        direction: Direction,
        target: &str,
        observer: &mut dyn Observer,
        steps: &mut Vec<StepReport>,
    ) -> Result<run::Span> {
        self.ensure_tables(conn)?;
        conn.begin_run()
            .map_err(|e| self.db_error(e, "preparing the connection"))?;
        let result = self.run_units(conn, direction, target, observer, steps);
        let cleared = conn.clear_timeouts();
        let ended = conn.end_run().and(cleared);
        let span = result?;
        ended.map_err(|e| self.db_error(e, "restoring connection settings"))?;
        Ok(span)
    }

    /// The format of stillhead's tables (`None`: there are none), or
    /// [`Error::StateFormatTooNew`] for one a newer version wrote.
    fn refuse_newer_format(&self, conn: &mut dyn Connection) -> Result<Option<u32>> {
        let format = conn
            .state_format(&self.tables)
            .map_err(|e| self.db_error(e, "looking for the state table"))?;
        match format {
            Some(found) if found > STATE_FORMAT => Err(Error::StateFormatTooNew {
                database: self.database.clone(),
                found,
                supported: STATE_FORMAT,
                version: env!("CARGO_PKG_VERSION"),
            }),
            other => Ok(other),
        }
    }

    /// Makes sure stillhead's tables exist in the current format before a
    /// write: creates them, brings an older format up to date (in one
    /// transaction where DDL is transactional), refuses a newer one.
    pub(super) fn ensure_tables(&self, conn: &mut dyn Connection) -> Result<()> {
        match self.refuse_newer_format(conn)? {
            Some(found) if found == STATE_FORMAT => return Ok(()),
            Some(found) => tracing::info!(
                "bringing stillhead's tables on {} from format {found} to {STATE_FORMAT}",
                self.database
            ),
            None => {}
        }
        let created = conn
            .begin()
            .and_then(|()| conn.create_state_tables(&self.tables))
            .and_then(|()| conn.commit());
        if let Err(e) = created {
            let e = self.lock_error(conn, self.db_error(e, "creating the state tables"));
            let _ = conn.rollback();
            return Err(e);
        }
        Ok(())
    }

    /// The report of a dry run from `state`: what the plan would apply or
    /// revert, and where the database would end.
    fn plan_report(
        &self,
        state: &DbState,
        direction: Direction,
        target: &str,
        start: Instant,
    ) -> Result<RunReport> {
        let plan = self.plan_on(state, direction, target)?;
        let after = Migrator::simulate(&state.applied, &plan, direction);
        Ok(RunReport {
            direction,
            target: target.to_string(),
            database: self.database.clone(),
            from: self.set.graph().current_heads(&state.applied),
            to: self.set.graph().current_heads(&after),
            steps: plan
                .iter()
                .map(|m| self.step_report(m, direction))
                .collect(),
            dry_run: true,
            duration_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }

    fn status_of(&self, state: &DbState) -> Status {
        let graph = self.set.graph();
        let heads: BTreeSet<&str> = graph.heads().into_iter().collect();
        let known: BTreeSet<String> = state
            .applied
            .iter()
            .filter(|id| self.set.get(id).is_some())
            .cloned()
            .collect();
        let current = graph
            .current_heads(&known)
            .into_iter()
            .map(|id| {
                let m = self.set.get(&id);
                let row = state.row(&id);
                CurrentRevision {
                    message: m.map(|m| m.script.message.clone()).unwrap_or_default(),
                    tags: m.map(|m| m.script.tags.clone()).unwrap_or_default(),
                    is_head: heads.contains(id.as_str()),
                    applied_at: row.map(|r| r.applied_at.clone()).unwrap_or_default(),
                    applied_by: row.map(|r| r.applied_by.clone()).unwrap_or_default(),
                    revision: id,
                }
            })
            .collect();
        let pending = graph.upgrade_plan(&known, "heads").unwrap_or_default();
        Status {
            database: self.database.clone(),
            current,
            applied: state.applied.len(),
            pending,
            missing: false,
            in_progress: state.in_progress().map(|r| r.revision.clone()).collect(),
            marks: Vec::new(),
            unknown: state.unknown(self.set),
        }
    }
}

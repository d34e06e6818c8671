//! What runs and queries return: plain serialisable structs that the CLI
//! prints as text or as `--json`, and that library users inspect.

use serde::Serialize;

/// Which way a run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Applying migrations.
    Upgrade,
    /// Reverting migrations.
    Downgrade,
}

impl From<Direction> for crate::dialect::LogAction {
    fn from(d: Direction) -> Self {
        match d {
            Direction::Upgrade => crate::dialect::LogAction::Upgrade,
            Direction::Downgrade => crate::dialect::LogAction::Downgrade,
        }
    }
}

impl Direction {
    /// `upgrade` or `downgrade`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Upgrade => "upgrade",
            Direction::Downgrade => "downgrade",
        }
    }
}

/// One migration in a plan, and after a run, what it took.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct StepReport {
    /// Revision id.
    pub revision: String,
    /// Its message.
    pub message: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its file.
    pub file: String,
    /// How many statements it runs (0 for Rust migrations).
    pub statements: usize,
    /// Whether it runs outside a transaction.
    pub transactional: bool,
    /// Wall time in milliseconds (0 in a dry run).
    pub duration_ms: f64,
}

/// The outcome of `upgrade` or `downgrade` (or their `--dry-run`).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct RunReport {
    /// Which way.
    pub direction: Direction,
    /// The target as given.
    pub target: String,
    /// The database (URL redacted).
    pub database: String,
    /// Heads of the applied set before the run.
    pub from: Vec<String>,
    /// Heads of the applied set after the run (or after the plan, in a dry run).
    pub to: Vec<String>,
    /// The migrations applied or reverted, in order.
    pub steps: Vec<StepReport>,
    /// True if nothing was executed.
    pub dry_run: bool,
    /// Wall time of the whole run in milliseconds.
    pub duration_ms: f64,
}

/// One applied revision, as `current` shows it.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct CurrentRevision {
    /// Revision id.
    pub revision: String,
    /// Its message (empty if no file defines it).
    pub message: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Whether it is a head of the graph.
    pub is_head: bool,
    /// When it was applied.
    pub applied_at: String,
    /// Who applied it.
    pub applied_by: String,
}

/// The database's state: what `current` prints.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Status {
    /// The database (URL redacted).
    pub database: String,
    /// Heads of the applied set: the current revision(s).
    pub current: Vec<CurrentRevision>,
    /// How many revisions are applied.
    pub applied: usize,
    /// Revisions not yet applied that `upgrade heads` would apply.
    pub pending: Vec<String>,
    /// Revisions marked in progress (non-transactional migrations running
    /// now or interrupted: `marks` tells which).
    pub in_progress: Vec<String>,
    /// Each in-progress mark with what is known of its run.
    pub marks: Vec<Mark>,
    /// Applied revisions no file defines.
    pub unknown: Vec<String>,
    /// The database does not exist yet (a SQLite file a read did not
    /// create): nothing is applied, and `upgrade` creates it.
    pub missing: bool,
}

/// An in-progress mark and what is known of the run that made it
/// (ARCHITECTURE.md, "Locking").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Mark {
    /// The migration marked.
    pub revision: String,
    /// Whether its run is alive.
    #[serde(flatten)]
    pub holder: MarkHolder,
}

/// Whether the run behind an in-progress mark is alive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "run", rename_all = "kebab-case")]
pub enum MarkHolder {
    /// Running now: its lease is being renewed, or its process is alive on
    /// this host. `holder` says who, what and since when.
    Running {
        /// Who runs it, what, since when, and why it counts as alive.
        holder: String,
    },
    /// Its run stopped midway: a statement failed, its process is gone
    /// from this host, or its lease lapsed. `why` says which.
    Stopped {
        /// How that is known.
        why: String,
    },
    /// It cannot be told: the mark names another host and no lease says
    /// anything. Running there now, or interrupted.
    Unknown,
}

/// One problem `verify` found.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct VerifyIssue {
    /// The revision concerned.
    pub revision: String,
    /// `edited`, `unknown`, `in-progress` or `missing-parent`.
    pub kind: String,
    /// A sentence for people.
    pub detail: String,
}

/// The result of `verify`.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct VerifyReport {
    /// How many migrations the graph has.
    pub revisions: usize,
    /// How many were checked against the database.
    pub applied_checked: usize,
    /// Everything wrong; empty = all good.
    pub issues: Vec<VerifyIssue>,
}

/// The result of `stamp`.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct StampReport {
    /// The database (URL redacted).
    pub database: String,
    /// Revisions recorded as applied by this stamp.
    pub added: Vec<String>,
    /// Revisions removed from the record.
    pub removed: Vec<String>,
    /// Heads afterwards.
    pub to: Vec<String>,
}

/// The result of `lock status`: who holds the migration lock, and what is
/// at work outside it.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct LockReport {
    /// The database (URL redacted).
    pub database: String,
    /// The lock and its holder, as the server tells.
    pub lock: crate::dialect::LockState,
    /// The lease row, where one is written (a PostgreSQL run inside a
    /// `transaction: false` migration, a Galera run).
    pub lease: Option<crate::dialect::LeaseRow>,
    /// Migrations marked in progress with no failed statement: being run
    /// outside a transaction right now, or interrupted.
    pub in_progress: Vec<String>,
    /// Those marks with what is known of their runs.
    pub marks: Vec<Mark>,
}

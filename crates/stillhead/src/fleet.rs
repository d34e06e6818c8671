//! Fleets: one migration set run over many databases — a database or a
//! PostgreSQL schema per tenant — in parallel, with bounded connections
//! (one per job), a canary first, and a summary of where each one is.
//!
//! Each target gets its own connection and [`Migrator`], exactly as a run
//! of `stillhead` on that one database would; so the guarantees of a run
//! (locks, records, failures left truthfully) hold per target.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use serde::Serialize;

use crate::config::Config;
use crate::dburl::DatabaseUrl;
use crate::dialect::{connect, ConnectOptions, Connected};
use crate::error::{Error, Result};
use crate::runtime::{Direction, MigrationSet, Migrator};

/// What to do on every target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `upgrade TARGET` (head, an id…).
    Upgrade(String),
    /// `downgrade TARGET`.
    Downgrade(String),
    /// `current`: only read where each target is.
    Current,
}

/// How to run the fleet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Targets worked on at once (each holds one connection).
    pub jobs: usize,
    /// Targets run first, all of which must succeed before the rest start.
    pub canary: usize,
    /// Stop starting targets after the first failure.
    pub fail_fast: bool,
}

/// How one target ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Done (or nothing to do).
    Ok,
    /// Failed; see the error.
    Failed,
    /// Not started: a canary or, with `fail_fast`, another target failed.
    Skipped,
}

/// One target's result.
#[derive(Debug, Clone, Serialize)]
pub struct TargetReport {
    /// The target (URL redacted).
    pub target: String,
    /// How it ended.
    pub outcome: Outcome,
    /// Its heads before.
    pub from: Vec<String>,
    /// Its heads after.
    pub to: Vec<String>,
    /// Migrations applied or reverted.
    pub steps: usize,
    /// Wall time in milliseconds.
    pub duration_ms: f64,
    /// The error, for a failed target.
    pub error: Option<String>,
}

/// The whole fleet's result, targets in the order given.
#[derive(Debug, Clone, Serialize)]
pub struct FleetReport {
    /// Every target.
    pub targets: Vec<TargetReport>,
    /// How many succeeded, failed and were skipped.
    pub ok: usize,
    /// Failed.
    pub failed: usize,
    /// Skipped.
    pub skipped: usize,
    /// Wall time in milliseconds.
    pub duration_ms: f64,
}

/// Parses a targets file: one URL per line; blank lines and `#` comments
/// are ignored. A bad URL is an error naming its line.
pub fn parse_targets(text: &str, file: &str) -> Result<Vec<DatabaseUrl>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        out.push(DatabaseUrl::parse(line).map_err(|e| Error::Import {
            tool: "targets".into(),
            message: format!("{file}:{}: {e}", i + 1),
        })?);
    }
    Ok(out)
}

/// Every schema of the PostgreSQL database at `url` whose name is `LIKE`
/// `pattern`, as targets (`url?schema=NAME`), sorted.
pub fn postgres_schema_targets(url: &DatabaseUrl, pattern: &str) -> Result<Vec<DatabaseUrl>> {
    let opts = ConnectOptions {
        create: false,
        ..ConnectOptions::default()
    };
    let Connected::Open(mut conn) = connect(url, &opts)? else {
        return Ok(Vec::new());
    };
    let rows = conn
        .query(
            "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE $1 ORDER BY 1",
            &[pattern.into()],
        )
        .map_err(|e| e.context("listing the schemas of [fleet] postgres_schemas"))?;
    let sep = if url.expose().contains('?') { '&' } else { '?' };
    rows.into_iter()
        .map(|r| {
            DatabaseUrl::parse(&format!("{}{sep}schema={}", url.expose(), r[0].to_text())).map_err(
                |e| Error::Import {
                    tool: "fleet".into(),
                    message: e.to_string(),
                },
            )
        })
        .collect()
}

/// What one target's work moved it through: heads before and after, and
/// how many steps (migrations run, or differences found).
#[derive(Debug, Clone, Default)]
pub struct Moved {
    /// Heads before.
    pub from: Vec<String>,
    /// Heads after.
    pub to: Vec<String>,
    /// Steps taken.
    pub steps: usize,
}

/// Runs `action` on every target, `opts.jobs` at a time; `done` is called
/// as each target finishes (for progress).
pub fn run(
    set: &MigrationSet,
    config: &Config,
    targets: &[DatabaseUrl],
    action: &Action,
    opts: Options,
    done: &(dyn Fn(&TargetReport) + Sync),
) -> FleetReport {
    run_with(
        targets,
        opts,
        &|url| migrate_one(set, config, url, action),
        done,
    )
}

/// Runs `work` on every target, `opts.jobs` at a time, with the fleet's
/// canaries and fail-fast; for work other than a run (`check`).
pub fn run_with(
    targets: &[DatabaseUrl],
    opts: Options,
    work: &(dyn Fn(&DatabaseUrl) -> Result<Moved> + Sync),
    done: &(dyn Fn(&TargetReport) + Sync),
) -> FleetReport {
    let started = Instant::now();
    let results: Mutex<Vec<Option<TargetReport>>> = Mutex::new(vec![None; targets.len()]);
    let canary = opts.canary.min(targets.len());
    let stop = AtomicBool::new(false);
    // The canaries, then the rest: each batch runs `jobs` wide.
    for batch in [0..canary, canary..targets.len()] {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let next = AtomicUsize::new(batch.start);
        let jobs = opts.jobs.max(1).min(batch.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..jobs {
                scope.spawn(|| loop {
                    if opts.fail_fast && stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= batch.end {
                        return;
                    }
                    let report = timed(&targets[i], work);
                    if report.outcome == Outcome::Failed {
                        stop.store(true, Ordering::SeqCst);
                    }
                    done(&report);
                    results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(report);
                });
            }
        });
        // A failed canary keeps the rest from starting, fail-fast or not.
        if batch.start == 0 && canary > 0 && stop.load(Ordering::SeqCst) {
            break;
        }
        if !opts.fail_fast {
            stop.store(false, Ordering::SeqCst);
        }
    }
    let targets: Vec<TargetReport> = results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .zip(targets)
        .map(|(r, url)| {
            r.unwrap_or_else(|| TargetReport {
                target: url.redacted().to_string(),
                outcome: Outcome::Skipped,
                from: Vec::new(),
                to: Vec::new(),
                steps: 0,
                duration_ms: 0.0,
                error: None,
            })
        })
        .collect();
    let count = |o: Outcome| targets.iter().filter(|t| t.outcome == o).count();
    FleetReport {
        ok: count(Outcome::Ok),
        failed: count(Outcome::Failed),
        skipped: count(Outcome::Skipped),
        targets,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
    }
}

/// One target's work, timed, as a report.
fn timed(url: &DatabaseUrl, work: &(dyn Fn(&DatabaseUrl) -> Result<Moved> + Sync)) -> TargetReport {
    let started = Instant::now();
    let result = work(url);
    let (outcome, moved, error) = match result {
        Ok(moved) => (Outcome::Ok, moved, None),
        Err(e) => (
            Outcome::Failed,
            Moved::default(),
            Some(crate::dburl::scrub(&e.to_string(), url)),
        ),
    };
    TargetReport {
        target: url.redacted().to_string(),
        outcome,
        from: moved.from,
        to: moved.to,
        steps: moved.steps,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        error,
    }
}

/// One target, as `stillhead --url TARGET …` would run it.
pub fn migrate_one(
    set: &MigrationSet,
    config: &Config,
    url: &DatabaseUrl,
    action: &Action,
) -> Result<Moved> {
    let create = !matches!(action, Action::Current);
    let opts = ConnectOptions::for_config(config, create);
    let Connected::Open(mut conn) = connect(url, &opts)? else {
        return Ok(Moved::default());
    };
    let migrator = Migrator::new(set, config);
    match action {
        Action::Current => {
            let status = migrator.status(conn.as_mut())?;
            let heads: Vec<String> = status.current.into_iter().map(|c| c.revision).collect();
            Ok(Moved {
                from: heads.clone(),
                to: heads,
                steps: 0,
            })
        }
        Action::Upgrade(target) | Action::Downgrade(target) => {
            let direction = if matches!(action, Action::Upgrade(_)) {
                Direction::Upgrade
            } else {
                Direction::Downgrade
            };
            let run = migrator.run(
                conn.as_mut(),
                direction,
                target,
                &mut crate::runtime::Silent,
            )?;
            Ok(Moved {
                from: run.from,
                to: run.to,
                steps: run.steps.len(),
            })
        }
    }
}

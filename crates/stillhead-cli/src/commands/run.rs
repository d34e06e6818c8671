//! Commands that change files or the database: init, revision, merge,
//! upgrade, downgrade, stamp, resolve.

use std::path::Path;

use stillhead::project::{NewRevision, Project};
use stillhead::runtime::{MarkHolder, RunReport};
use stillhead::Direction;

use super::Outcome;
use crate::cli::RevisionArgs;
use crate::output::anyhow_like::Error;
use crate::output::{ms, paint, table, tags, Printer, BOLD, CYAN, DIM, GREEN};
use crate::progress::Progress;

pub fn init(p: &Printer, dir: &Path) -> Outcome {
    let created = stillhead::project::init(dir)?;
    if p.json {
        p.json(&serde_json::json!({ "created": created }));
    } else if created.is_empty() {
        p.line(format!(
            "{} already has a stillhead project; nothing created",
            dir.display()
        ));
    } else {
        for path in &created {
            p.line(format!("created {}", path.display()));
        }
    }
    Ok(0)
}

pub fn revision(project: &Project, p: &Printer, args: &RevisionArgs) -> Outcome {
    let req = NewRevision {
        message: args.message.clone(),
        tags: clean(&args.tags),
        rev_id: args.rev_id.clone(),
        head: args.head.clone().map(|h| vec![h]),
        splice: args.splice,
        depends_on: args.depends_on.clone(),
        branch: clean(&args.branch),
        ..NewRevision::default()
    };
    if args.autogenerate {
        let generated = project.autogenerate(
            &req,
            args.from == crate::cli::From::Migrations,
            &args.rename,
        )?;
        super::inspect::schema_notes(p, project, &generated.schema_notes);
        for w in &generated.warnings {
            p.warn(format!(
                "{w} (review {} before applying it)",
                generated.path.display()
            ));
        }
        if p.json {
            p.json(&generated);
        } else {
            for change in &generated.changes {
                p.note(format!("  {}", change.describe()));
            }
            created(p, &generated.path);
            if let Some(second) = &generated.follow_up {
                p.note(format!(
                    "Generated {} (outside a transaction: indexes built and constraints checked without blocking writes)",
                    second.display()
                ));
                p.raw(&format!("{}\n", second.display()));
            }
        }
        return Ok(0);
    }
    let path = project.create_revision(&req)?;
    created(p, &path);
    Ok(0)
}

pub fn merge(
    project: &Project,
    p: &Printer,
    message: &str,
    revs: &[String],
    rev_id: Option<String>,
) -> Outcome {
    let path = project.create_merge(message, revs, rev_id)?;
    created(p, &path);
    Ok(0)
}

/// A new file's path alone on stdout, so that `$EDITOR $(stillhead
/// revision -m x)` opens it; the words for people on stderr.
fn created(p: &Printer, path: &Path) {
    if p.json {
        p.json(&serde_json::json!({ "path": path }));
    } else {
        p.note(format!("Generated {}", path.display()));
        p.raw(&format!("{}\n", path.display()));
    }
}

fn clean(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn migrate(
    project: &Project,
    p: &Printer,
    direction: Direction,
    target: &str,
    dry_run: bool,
) -> Outcome {
    project.set.graph().check_target(target)?;
    if project.set.is_empty() && !p.json {
        // Nothing could be applied or reverted: the database is reached
        // (a wrong URL is still an error), but nothing is created in it,
        // nor a SQLite file for it.
        project.connect(false)?;
        p.line(format!(
            "{} holds no migrations; nothing to do (`stillhead revision -m MESSAGE` writes the first).",
            project.config.migrations_dir.display()
        ));
        return Ok(0);
    }
    let migrator = project.migrator();
    let report = if dry_run {
        // A dry run only reads: a SQLite file that does not exist yet is
        // planned from nothing applied, and not created.
        match project.connect(false)? {
            Some(mut conn) => migrator.plan(conn.as_mut(), direction, target)?,
            None => migrator.plan_of_missing(&project.database_display(), direction, target)?,
        }
    } else {
        let mut conn = connect_to_run(project)?;
        let mut progress = Progress::new(p.verbose > 0 && !p.json, p.quiet);
        migrator.run(conn.as_mut(), direction, target, &mut progress)?
    };
    if p.json {
        p.json(&report);
    } else {
        print_run(p, &report);
    }
    Ok(0)
}

/// The configured database opened for a run, with what cancels its
/// running statement handed to the Ctrl-C and SIGTERM handler.
fn connect_to_run(project: &Project) -> Result<Box<dyn stillhead::dialect::Connection>, Error> {
    let mut conn = project.connect(true)?.expect("create = true always opens");
    match conn.canceller() {
        Ok(Some(canceller)) => crate::signals::watch(canceller),
        Ok(None) => {}
        Err(e) => tracing::warn!(
            "Ctrl-C will not cancel a running statement on the server: its session id could not be read ({e})"
        ),
    }
    Ok(conn)
}

/// `redo`: `downgrade -1`, then `upgrade` of the revision it reverted, on
/// one connection; refused when nothing is applied.
pub fn redo(project: &Project, p: &Printer) -> Outcome {
    let migrator = project.migrator();
    let mut conn = connect_to_run(project)?;
    let state = migrator.read_state(conn.as_mut())?;
    if state.applied.is_empty() {
        return Err(Error::Msg(format!(
            "nothing is applied to {}: redo reverts the latest applied migration and applies it again (run `stillhead upgrade` first)",
            project.database_display()
        )));
    }
    let mut progress = Progress::new(p.verbose > 0 && !p.json, p.quiet);
    let down = migrator.run(conn.as_mut(), Direction::Downgrade, "-1", &mut progress)?;
    let reverted: Vec<String> = down.steps.iter().map(|s| s.revision.clone()).collect();
    let [revision] = reverted.as_slice() else {
        return Err(Error::Msg(format!(
            "redo reverted {} migrations ({}), not one; apply them again with `stillhead upgrade`",
            reverted.len(),
            reverted.join(", ")
        )));
    };
    let mut progress = Progress::new(p.verbose > 0 && !p.json, p.quiet);
    let up = migrator.run(conn.as_mut(), Direction::Upgrade, revision, &mut progress)?;
    if p.json {
        p.json(&serde_json::json!({ "downgrade": down, "upgrade": up }));
    } else {
        p.line(format!(
            "Redone {}: reverted in {}, applied again in {}; now at {}.",
            paint(CYAN, revision),
            ms(down.duration_ms),
            ms(up.duration_ms),
            paint(CYAN, at(&up.to))
        ));
    }
    Ok(0)
}

fn at(heads: &[String]) -> String {
    if heads.is_empty() {
        "base".into()
    } else {
        heads.join(", ")
    }
}

fn print_run(p: &Printer, r: &RunReport) {
    let verb = match (r.direction, r.dry_run) {
        (Direction::Upgrade, false) => "Applied",
        (Direction::Downgrade, false) => "Reverted",
        (Direction::Upgrade, true) => "Would apply",
        (Direction::Downgrade, true) => "Would revert",
    };
    if r.steps.is_empty() {
        p.line(format!(
            "{} is already at {}; nothing to do.",
            r.database,
            paint(CYAN, at(&r.to))
        ));
        return;
    }
    let rows: Vec<Vec<String>> = r
        .steps
        .iter()
        .map(|s| {
            let mark = if r.dry_run {
                paint(DIM, "·")
            } else {
                paint(GREEN, "✓")
            };
            let mut row = vec![
                format!("  {mark} {}", paint(CYAN, &s.revision)),
                s.message.clone(),
                tags(&s.tags),
            ];
            if r.dry_run {
                let mut what = format!(
                    "{} statement{}",
                    s.statements,
                    if s.statements == 1 { "" } else { "s" }
                );
                if !s.transactional {
                    what.push_str(", no transaction");
                }
                row.push(paint(DIM, what));
            } else {
                row.push(paint(DIM, ms(s.duration_ms)));
            }
            row
        })
        .collect();
    p.line(format!(
        "{} {} migration{} on {}:",
        paint(BOLD, verb),
        r.steps.len(),
        if r.steps.len() == 1 { "" } else { "s" },
        r.database
    ));
    p.lines(table(&rows));
    if r.dry_run {
        p.line(format!(
            "It would then be at {} (now at {}).",
            paint(CYAN, at(&r.to)),
            at(&r.from)
        ));
    } else {
        p.line(format!(
            "Done in {}; now at {} (was {}).",
            ms(r.duration_ms),
            paint(CYAN, at(&r.to)),
            at(&r.from)
        ));
    }
}

/// `--sql`: prints the script; connects to nothing.
pub fn offline(
    project: &Project,
    p: &Printer,
    direction: Direction,
    range: &str,
    dialect: Option<&str>,
) -> Outcome {
    let dialect = match dialect {
        Some(name) => name
            .parse::<stillhead::Dialect>()
            .map_err(|e| Error::Msg(e.to_string()))?,
        None => match &project.config.url {
            Some((url, _)) => url.dialect(),
            None => {
                return Err(Error::Msg(
                    "--sql needs a dialect: pass --dialect sqlite|postgres|mysql, or configure a database URL (it is not connected to)".into(),
                ))
            }
        },
    };
    let script = project
        .migrator()
        .offline_script(&stillhead::runtime::OfflineRequest {
            direction,
            range: range.to_string(),
            dialect,
            schema: project.config.schema.clone(),
        })?;
    p.raw(&script);
    Ok(0)
}

pub fn stamp(project: &Project, p: &Printer, rev: &str, purge: bool, verify: bool) -> Outcome {
    if verify {
        let check = project.verify_stamp(rev, purge)?;
        if !check.differences.is_empty() {
            if p.json {
                p.json(&check);
            } else {
                p.line(format!(
                    "{} {} is not what the migrations make at {rev}; not stamped. What it would take to make it so:",
                    paint(crate::output::YELLOW, "differs:"),
                    check.database
                ));
                for change in &check.differences {
                    p.line(format!("  {}", change.describe()));
                }
            }
            return Ok(super::EXIT_DIFFERENCES);
        }
        if !p.json {
            p.line(format!(
                "Verified: {} matches the migrations at {rev} (replayed on a scratch database).",
                check.database
            ));
        }
    }
    project.set.graph().check_target(rev)?;
    let mut conn = project.connect(true)?.expect("create = true always opens");
    let report = project.migrator().stamp(conn.as_mut(), rev, purge)?;
    if p.json {
        p.json(&report);
    } else {
        p.line(format!(
            "Stamped {} at {} (recorded {} revision{}, removed {}); no migration was run.",
            report.database,
            paint(CYAN, at(&report.to)),
            report.added.len(),
            if report.added.len() == 1 { "" } else { "s" },
            report.removed.len()
        ));
    }
    Ok(0)
}

pub fn resolve(project: &Project, p: &Printer, rev: &str, applied: bool) -> Outcome {
    let mut conn = project.connect(true)?.expect("create = true always opens");
    project.migrator().resolve(conn.as_mut(), rev, applied)?;
    let what = if applied { "applied" } else { "reverted" };
    if p.json {
        p.json(&serde_json::json!({ "revision": rev, "resolved": what }));
    } else {
        p.line(format!("Recorded {rev} as {what}."));
    }
    Ok(0)
}

/// `lock status`: the lock, its holder, any lease and what runs outside it.
pub fn lock_status(project: &Project, p: &Printer) -> Outcome {
    let Some(mut conn) = project.connect(false)? else {
        p.line("The database does not exist yet: nothing holds its lock.");
        return Ok(0);
    };
    let report = project.migrator().lock_status(conn.as_mut())?;
    if p.json {
        p.json(&report);
        return Ok(0);
    }
    p.line(format!("Lock: {}", report.lock.lock));
    match &report.lock.holder {
        Some(holder) => p.line(format!("  held by {holder}")),
        None => p.line("  free"),
    }
    if let Some(lease) = &report.lease {
        let state = if lease.live {
            format!("renewed until {}", lease.expires_at)
        } else {
            format!(
                "lapsed at {} (its runner stopped renewing it)",
                lease.expires_at
            )
        };
        p.line(format!(
            "Lease: {}{}, since {}; {state}",
            lease.holder,
            lease
                .revision
                .as_ref()
                .map(|r| format!(", applying {r}"))
                .unwrap_or_default(),
            lease.acquired_at
        ));
    }
    for mark in &report.marks {
        let revision = &mark.revision;
        p.line(match &mark.holder {
            MarkHolder::Running { holder } => format!("In progress: {revision}, running now: {holder}"),
            MarkHolder::Stopped { why } => format!("In progress: {revision}, interrupted: {why}"),
            MarkHolder::Unknown => format!(
                "In progress: {revision} (running outside a transaction on another host now, or interrupted)"
            ),
        });
    }
    Ok(0)
}

/// `lock release --force`: removes a lapsed lease row, after asking.
pub fn lock_release(project: &Project, p: &Printer, yes: bool) -> Outcome {
    let Some(mut conn) = project.connect(false)? else {
        p.line("The database does not exist yet: there is no lease to release.");
        return Ok(0);
    };
    let migrator = project.migrator();
    let report = migrator.lock_status(conn.as_mut())?;
    let Some(lease) = &report.lease else {
        return match (&report.lock.holder, &report.lock.end_session) {
            (Some(holder), Some(end)) => {
                p.warn(format!(
                    "{} is a server lock, held by {holder}: it cannot be released from outside; it ends with that session (`{end}`)",
                    report.lock.lock
                ));
                Ok(1)
            }
            _ => {
                p.line("No lease is held, and the migration lock is free.");
                Ok(0)
            }
        };
    };
    // A lease still being renewed is refused by the library, asked or not.
    if !yes && !lease.live {
        let question = format!(
            "Remove the lease of {} (since {}; it has lapsed)? Another runner may then start. [y/N] ",
            lease.holder, lease.acquired_at
        );
        if !confirm(&question) {
            p.warn("Not released (pass --yes to release without asking, in a script).");
            return Ok(2);
        }
    }
    match migrator.release_lease(conn.as_mut())? {
        Some(lease) => {
            if p.json {
                p.json(&serde_json::json!({ "released": lease }));
            } else {
                p.line(format!(
                    "Released the lease of {}; recorded in the log.",
                    lease.holder
                ));
            }
        }
        None => p.line("The lease was gone already."),
    }
    Ok(0)
}

/// Asks a yes/no question on the terminal; `false` when there is none.
pub(super) fn confirm(question: &str) -> bool {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
}

/// `adopt`: another tool's history table becomes stillhead's record.
pub fn adopt(project: &Project, p: &Printer, tool: Option<&str>, drop_source: bool) -> Outcome {
    let tool = tool.and_then(stillhead::import::Tool::parse);
    let Some(mut conn) = project.connect(false)? else {
        p.warn(format!(
            "{} does not exist: there is no other tool's history to adopt",
            project.database_display()
        ));
        return Ok(1);
    };
    let migrator = project.migrator();
    let report = stillhead::import::adopt::adopt(&migrator, conn.as_mut(), tool, drop_source)?;
    if p.json {
        p.json(&report);
        return Ok(0);
    }
    for m in &report.mismatches {
        p.warn(format!(
            "{}: {} records checksum {} for it, but the imported file was computed as {}: the database ran another version of this file",
            m.revision, report.table, m.recorded, m.file
        ));
    }
    if report.recorded.is_empty() {
        p.line(format!(
            "stillhead already records what {} says ({} revisions); nothing to do.",
            report.table,
            report.applied.len()
        ));
    } else {
        p.line(format!(
            "Adopted {} revision{} from {} ({}): {}.",
            report.recorded.len(),
            if report.recorded.len() == 1 { "" } else { "s" },
            report.table,
            report.tool,
            report.recorded.join(", ")
        ));
    }
    if report.dropped_source_table {
        p.line(format!("Dropped {}.", report.table));
    } else {
        p.line(format!(
            "{} is left as it was (`--drop-source-table` drops it).",
            report.table
        ));
    }
    Ok(0)
}

/// `import TOOL [PATH]`: another tool's migrations become stillhead files in
/// the configured migrations folder.
pub fn import(
    cli: &crate::cli::Cli,
    p: &Printer,
    tool: &str,
    path: Option<&std::path::Path>,
    dialects: &[String],
    force: bool,
) -> Outcome {
    use stillhead::import::{alembic::AlembicOptions, Source, Tool};
    let tool = Tool::parse(tool).expect("clap checks the tool's name");
    // `import alembic --config alembic.ini` reads as with alembic itself:
    // there --config names Alembic's file, and stillhead's own is the
    // default ./stillhead.toml.
    let (stillhead_config, alembic_ini) = match (tool, &cli.global.config) {
        (Tool::Alembic, Some(ini)) => (None, ini.clone()),
        (Tool::Alembic, None) => (
            cli.global.config.clone(),
            path.unwrap_or(std::path::Path::new("."))
                .join("alembic.ini"),
        ),
        _ => (cli.global.config.clone(), std::path::PathBuf::new()),
    };
    let config = stillhead::Config::load(&stillhead::LoadOptions {
        config_file: stillhead_config,
        ..stillhead::LoadOptions::default()
    })?;
    let source = match tool {
        Tool::Alembic => {
            let mut parsed = Vec::new();
            for d in dialects {
                match d.parse() {
                    Ok(dialect) => parsed.push(dialect),
                    Err(e) => return Err(Error::Usage(format!("--dialect: {e}"))),
                }
            }
            Source::Alembic(AlembicOptions {
                config: alembic_ini,
                dialects: parsed,
                python: None,
            })
        }
        other => {
            let Some(path) = path else {
                return Err(Error::Usage(format!(
                    "stillhead import {other} needs the folder of its migrations"
                )));
            };
            Source::Folder(other, path.to_path_buf())
        }
    };
    let report = stillhead::import::import(&source, &config.migrations_dir, force)?;
    if p.json {
        p.json(&report);
        return Ok(0);
    }
    p.line(format!(
        "Imported {} migration{} from {} into {} in {:.0} ms.",
        report.written.len(),
        if report.written.len() == 1 { "" } else { "s" },
        report.tool,
        config.migrations_dir.display(),
        report.duration_ms
    ));
    for (revision, why) in &report.todo {
        p.warn(format!(
            "{revision} needs review before it runs (a TODO in its file): {}",
            why.replace('\n', "; ")
        ));
    }
    for skipped in &report.skipped {
        p.warn(format!(
            "not imported: {}: {}",
            skipped.file, skipped.reason
        ));
    }
    p.line("Next: review the files, then `stillhead adopt` on a database the other tool migrated.");
    Ok(0)
}

/// `baseline -m MSG`: the first migration from the live schema, stamped.
pub fn baseline(
    project: &Project,
    p: &Printer,
    message: &str,
    tags: &[String],
    reversible: bool,
) -> Outcome {
    let report = project.baseline(message, tags, reversible)?;
    if p.json {
        p.json(&report);
        return Ok(0);
    }
    p.line(format!(
        "Wrote {} ({} object{} from the live schema{}) and recorded it as applied.",
        report.path.display(),
        report.changes,
        if report.changes == 1 { "" } else { "s" },
        if report.reversible {
            ", with a downgrade that drops them all"
        } else {
            "; irreversible: its downgrade would drop every table"
        }
    ));
    if !report.uncovered.is_empty() {
        p.warn(format!(
            "not written, as stillhead's schema model does not describe them: {}. Add their definitions to the file's TODO section.",
            report.uncovered.join(", ")
        ));
    }
    Ok(0)
}

/// `upgrade`/`downgrade`/`current` over a fleet: `--targets FILE` or
/// `--all-targets` (stillhead.toml's `[fleet]`), `--jobs N` at a time.
pub fn fleet(
    project: &Project,
    p: &Printer,
    args: &crate::cli::FleetArgs,
    action: &stillhead::fleet::Action,
) -> Outcome {
    let work = |url: &stillhead::DatabaseUrl| {
        stillhead::fleet::migrate_one(&project.set, &project.config, url, action)
    };
    over_fleet(project, p, args, &work)
}

/// `check --targets`/`--all-targets`: each target against `schema.sql`, as
/// `stillhead --url TARGET check` would compare it; a target that is behind
/// or differs counts as failed.
pub fn fleet_check(project: &Project, p: &Printer, args: &crate::cli::FleetArgs) -> Outcome {
    let work = |url: &stillhead::DatabaseUrl| {
        let mut config = project.config.clone();
        config.url = Some((url.clone(), stillhead::config::UrlSource::Flag));
        let report = Project::load(config)?.check()?;
        if !report.ok() {
            return Err(stillhead::Error::CheckFailed {
                database: report.database,
                pending: report.pending,
                differences: report.differences.iter().map(|c| c.describe()).collect(),
            });
        }
        Ok(stillhead::fleet::Moved::default())
    };
    over_fleet(project, p, args, &work)
}

/// Runs `work` over the fleet's targets and prints the summary.
fn over_fleet(
    project: &Project,
    p: &Printer,
    args: &crate::cli::FleetArgs,
    work: &(dyn Fn(&stillhead::DatabaseUrl) -> stillhead::Result<stillhead::fleet::Moved> + Sync),
) -> Outcome {
    use stillhead::fleet::{self, Outcome as Ended};
    let targets = fleet_targets(project, args)?;
    for secret in targets.iter().flat_map(|t| t.secrets()) {
        p.hide(&secret);
    }
    if targets.is_empty() {
        return Err(Error::Usage(
            "no targets: the targets file, or [fleet] targets / postgres_schemas, names none"
                .into(),
        ));
    }
    let total = targets.len();
    let finished = std::sync::atomic::AtomicUsize::new(0);
    let live = !p.json && !p.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let verbose = p.verbose > 0 && !p.json;
    // Progress is written from the jobs' threads: only what they may share.
    let done = |t: &fleet::TargetReport| {
        let n = finished.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if live {
            eprint!("\r{n}/{total} targets done ({} last)   ", t.target);
        } else if verbose {
            eprintln!("{n}/{total} {} {:?}", t.target, t.outcome);
        }
    };
    let report = fleet::run_with(
        &targets,
        fleet::Options {
            jobs: args.jobs,
            canary: args.canary,
            fail_fast: args.fail_fast,
        },
        work,
        &done,
    );
    if live {
        eprintln!();
    }
    if p.json {
        p.json(&report);
    } else {
        let width = report
            .targets
            .iter()
            .map(|t| t.target.len())
            .max()
            .unwrap_or(6)
            .max(6);
        p.line(format!(
            "{:<width$}  {:<8}  {:<24}  {:<24}  {:>9}  error",
            "target", "outcome", "from", "to", "ms"
        ));
        for t in &report.targets {
            let heads = |h: &[String]| {
                if h.is_empty() {
                    "base".to_string()
                } else {
                    h.join(",")
                }
            };
            p.line(format!(
                "{:<width$}  {:<8}  {:<24}  {:<24}  {:>9.1}  {}",
                t.target,
                match t.outcome {
                    Ended::Ok => "ok",
                    Ended::Failed => "FAILED",
                    Ended::Skipped => "skipped",
                },
                heads(&t.from),
                heads(&t.to),
                t.duration_ms,
                t.error.as_deref().unwrap_or("")
            ));
        }
        p.line(format!(
            "{} ok, {} failed, {} skipped of {total} targets in {:.1} s ({:.1} targets/s, {} jobs).",
            report.ok,
            report.failed,
            report.skipped,
            report.duration_ms / 1000.0,
            total as f64 / (report.duration_ms / 1000.0).max(1e-9),
            args.jobs
        ));
    }
    Ok(if report.failed > 0 || report.skipped > 0 {
        1
    } else {
        0
    })
}

/// The fleet's targets, from `--targets FILE` or stillhead.toml's `[fleet]`.
fn fleet_targets(
    project: &Project,
    args: &crate::cli::FleetArgs,
) -> Result<Vec<stillhead::DatabaseUrl>, stillhead::Error> {
    if let Some(file) = &args.targets {
        let text = std::fs::read_to_string(file).map_err(|source| stillhead::Error::Io {
            path: file.display().to_string(),
            source,
        })?;
        return stillhead::fleet::parse_targets(&text, &file.display().to_string());
    }
    let config = &project.config;
    let mut targets =
        stillhead::fleet::parse_targets(&config.fleet_targets.join("\n"), "[fleet] targets")?;
    if let Some(pattern) = &config.fleet_postgres_schemas {
        let (url, _) = config.url.as_ref().ok_or(stillhead::Error::NoUrl)?;
        targets.extend(stillhead::fleet::postgres_schema_targets(url, pattern)?);
    }
    Ok(targets)
}

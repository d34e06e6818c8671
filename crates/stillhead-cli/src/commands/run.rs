//! Commands that change files or the database: init, revision, merge,
//! upgrade, downgrade, stamp, resolve.

use std::path::Path;

use stillhead::project::{NewRevision, Project};
use stillhead::runtime::RunReport;
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
            p.line(format!("Generated {}", generated.path.display()));
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

fn created(p: &Printer, path: &Path) {
    if p.json {
        p.json(&serde_json::json!({ "path": path }));
    } else {
        p.line(format!("Generated {}", path.display()));
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
    let mut conn = project.connect(true)?.expect("create = true always opens");
    let migrator = project.migrator();
    let report = if dry_run {
        migrator.plan(conn.as_mut(), direction, target)?
    } else {
        let mut progress = Progress::new(p.verbose > 0 && !p.json, p.quiet || p.json);
        migrator.run(conn.as_mut(), direction, target, &mut progress)?
    };
    if p.json {
        p.json(&report);
    } else {
        print_run(p, &report);
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

pub fn stamp(project: &Project, p: &Printer, rev: &str, purge: bool) -> Outcome {
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

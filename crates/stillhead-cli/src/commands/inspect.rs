//! Commands that only read the project or the database: current, history,
//! heads, branches, show, verify (`--accept` writes one checksum), check,
//! test (on a scratch database) and lint.

use stillhead::project::{HistoryEntry, Project};
use stillhead::runtime::MarkHolder;

use super::{applied_if_available, Outcome, EXIT_DIFFERENCES};
use crate::output::{paint, table, tags, Printer, BOLD, CYAN, DIM, GREEN, YELLOW};

pub fn current(project: &Project, p: &Printer) -> Outcome {
    current_and_pending(project, p, false)
}

/// `status`: the current revision(s), as `current` shows them, and each
/// pending migration with its message and tags (dbmate's and Flyway's
/// `status`/`info`); writes nothing.
pub fn status(project: &Project, p: &Printer) -> Outcome {
    current_and_pending(project, p, true)
}

fn current_and_pending(project: &Project, p: &Printer, list_pending: bool) -> Outcome {
    let migrator = project.migrator();
    let status = match project.connect(false)? {
        Some(mut conn) => migrator.status(conn.as_mut())?,
        None => migrator.status_of_missing(&project.database_display()),
    };
    if p.json {
        p.json(&status);
        return Ok(0);
    }
    if p.verbose > 0 {
        p.line(format!("Database: {}", status.database));
    }
    if status.missing {
        p.line(format!(
            "{} (the database file does not exist yet: {}; `stillhead upgrade` creates it)",
            paint(CYAN, "base"),
            status.database
        ));
    } else if status.current.is_empty() {
        p.line(format!("{} (no revision applied)", paint(CYAN, "base")));
    }
    let rows: Vec<Vec<String>> = status
        .current
        .iter()
        .map(|c| {
            let mut id = paint(CYAN, &c.revision);
            if c.is_head {
                id.push_str(&paint(GREEN, " (head)"));
            }
            let mut row = vec![id, c.message.clone(), tags(&c.tags)];
            if p.verbose > 0 {
                row.push(paint(
                    DIM,
                    format!("applied {} by {}", c.applied_at, c.applied_by),
                ));
            }
            row
        })
        .collect();
    p.lines(table(&rows));
    for mark in &status.marks {
        let id = &mark.revision;
        match &mark.holder {
            MarkHolder::Running { holder } => p.note(format!("{id}: running now: {holder}")),
            MarkHolder::Stopped { why } => p.warn(format!(
                "{id} is marked in progress (an interrupted run: {why}); see `stillhead verify`"
            )),
            MarkHolder::Unknown => p.warn(format!(
                "{id} is marked in progress (running on another host now, or interrupted: this one cannot tell); see `stillhead verify`"
            )),
        }
    }
    if !status.unknown.is_empty() {
        p.warn(format!(
            "the database records revisions no file defines: {}",
            status.unknown.join(", ")
        ));
    }
    if list_pending && !status.pending.is_empty() {
        p.line(format!(
            "Pending ({}), in the order they apply:",
            status.pending.len()
        ));
        let rows: Vec<Vec<String>> = status
            .pending
            .iter()
            .filter_map(|id| project.set.get(id))
            .map(|m| {
                let s = &m.script;
                vec![paint(CYAN, &s.id), s.message.clone(), tags(&s.tags)]
            })
            .collect();
        p.lines(table(&rows));
    } else if !status.pending.is_empty() {
        p.note(format!(
            "{} migration{} pending; `stillhead upgrade head` applies {}",
            status.pending.len(),
            if status.pending.len() == 1 { "" } else { "s" },
            if status.pending.len() == 1 {
                "it"
            } else {
                "them"
            }
        ));
    }
    Ok(0)
}

fn flags(e: &HistoryEntry) -> String {
    let mut f = Vec::new();
    if e.is_head {
        f.push("head".to_string());
    }
    if e.is_base {
        f.push("base".to_string());
    }
    if e.is_merge {
        f.push(format!("merge of {}", e.revises.join(", ")));
    }
    if e.is_branch_point {
        f.push("branch point".to_string());
    }
    for l in e.branch_labels {
        f.push(format!("branch {l}"));
    }
    if f.is_empty() {
        String::new()
    } else {
        paint(GREEN, format!("({})", f.join(", ")))
    }
}

fn applied_mark(e: &HistoryEntry) -> String {
    match e.applied {
        Some(true) => paint(GREEN, "●"),
        Some(false) => paint(DIM, "○"),
        None => " ".into(),
    }
}

fn entry_rows(entries: &[HistoryEntry], verbose: bool) -> Vec<Vec<String>> {
    entries
        .iter()
        .map(|e| {
            let mut row = vec![
                format!("{} {}", applied_mark(e), paint(CYAN, e.revision)),
                flags(e),
                e.message.to_string(),
                tags(e.tags),
            ];
            if verbose {
                let mut extra = vec![format!(
                    "revises: {}",
                    if e.revises.is_empty() {
                        "-".into()
                    } else {
                        e.revises.join(", ")
                    }
                )];
                if !e.depends_on.is_empty() {
                    extra.push(format!("depends on: {}", e.depends_on.join(", ")));
                }
                if !e.reversible {
                    extra.push("irreversible".into());
                }
                extra.push(e.file.to_string());
                row.push(paint(DIM, extra.join("; ")));
            }
            row
        })
        .collect()
}

pub fn history(
    project: &Project,
    p: &Printer,
    range: Option<&str>,
    tag: Option<&str>,
    graph: bool,
    format: crate::cli::HistoryFormat,
) -> Outcome {
    let applied = applied_if_available(project, p);
    let entries = project.history(range, tag, applied.as_ref())?;
    if p.json {
        p.json(&entries);
        return Ok(0);
    }
    if format == crate::cli::HistoryFormat::Dot {
        p.line(crate::graph::dot(&entries).trim_end());
        return Ok(0);
    }
    if graph {
        p.lines(crate::graph::draw(&entries));
        if applied.is_some() && !entries.is_empty() {
            p.note("● applied  ○ not applied");
        }
        return Ok(0);
    }
    if entries.is_empty() {
        p.line("No revisions match.");
    }
    p.lines(table(&entry_rows(&entries, p.verbose > 0)));
    if applied.is_some() && !entries.is_empty() {
        p.note("● applied  ○ not applied");
    }
    Ok(0)
}

pub fn heads(project: &Project, p: &Printer) -> Outcome {
    let applied = applied_if_available(project, p);
    let heads = project.heads(applied.as_ref());
    if p.json {
        p.json(&heads);
        return Ok(0);
    }
    p.lines(table(&entry_rows(&heads, p.verbose > 0)));
    if heads.len() > 1 {
        p.warn(format!(
            "{} heads: `upgrade head` will refuse; merge them with `stillhead merge -m \"merge heads\"` or apply all with `upgrade heads`",
            heads.len()
        ));
    }
    Ok(0)
}

pub fn branches(project: &Project, p: &Printer) -> Outcome {
    let points = project.branches();
    if p.json {
        p.json(&points);
        return Ok(0);
    }
    if points.is_empty() {
        p.line("No branch points: the history is linear.");
    }
    for b in &points {
        p.line(format!(
            "{} {}  -> {}",
            paint(CYAN, &b.revision),
            b.message,
            b.children
                .iter()
                .map(|c| paint(CYAN, c))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(0)
}

pub fn show(project: &Project, p: &Printer, rev: &str) -> Outcome {
    let applied = applied_if_available(project, p);
    let dialect = project.config.url.as_ref().map(|(u, _)| u.dialect());
    let shown = project.show(rev, dialect, applied.as_ref())?;
    if p.json {
        p.json(&shown);
        return Ok(0);
    }
    let e = &shown.entry;
    let or_dash = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    let mut rows = vec![
        vec![
            paint(BOLD, "Rev:"),
            format!("{} {}", paint(CYAN, e.revision), flags(e)),
        ],
        vec![paint(BOLD, "Parent:"), or_dash(e.revises)],
        vec![paint(BOLD, "Children:"), or_dash(&shown.children)],
    ];
    if !e.depends_on.is_empty() {
        rows.push(vec![paint(BOLD, "Depends on:"), e.depends_on.join(", ")]);
    }
    rows.push(vec![paint(BOLD, "Message:"), e.message.to_string()]);
    rows.push(vec![paint(BOLD, "Tags:"), or_dash(e.tags)]);
    rows.push(vec![paint(BOLD, "Path:"), e.file.to_string()]);
    if let Some(c) = &e.created {
        rows.push(vec![paint(BOLD, "Created:"), c.to_string()]);
    }
    if let Some(a) = e.applied {
        rows.push(vec![
            paint(BOLD, "Applied:"),
            if a { "yes".into() } else { "no".into() },
        ]);
    }
    rows.push(vec![paint(BOLD, "Checksum:"), paint(DIM, e.checksum)]);
    if !e.transaction {
        rows.push(vec![
            paint(BOLD, "Transaction:"),
            "no (runs outside a transaction)".into(),
        ]);
    }
    p.lines(table(&rows));
    p.line("");
    p.line(paint(DIM, "-- +upgrade"));
    p.line(&shown.upgrade);
    p.line("");
    match &shown.downgrade {
        Some(sql) => {
            p.line(paint(DIM, "-- +downgrade"));
            p.line(sql);
        }
        None => p.line(paint(YELLOW, "-- irreversible: no downgrade part")),
    }
    Ok(0)
}

pub fn verify(project: &Project, p: &Printer, accept: Option<&str>) -> Outcome {
    let migrator = project.migrator();
    if let Some(rev) = accept {
        let mut conn = project.connect(true)?.expect("create = true always opens");
        migrator.accept(conn.as_mut(), rev)?;
        p.line(format!("Recorded the current checksum of {rev}."));
        return Ok(0);
    }
    let report = match project.config.url {
        None => migrator.verify(None)?,
        Some(_) => match project.connect(false)? {
            Some(mut conn) => migrator.verify(Some(conn.as_mut()))?,
            None => migrator.verify(None)?,
        },
    };
    if p.json {
        p.json(&report);
    } else if report.issues.is_empty() {
        p.line(format!(
            "{} {} revisions form a valid graph; {} applied migration{} match their files.",
            paint(GREEN, "OK:"),
            report.revisions,
            report.applied_checked,
            if report.applied_checked == 1 { "" } else { "s" }
        ));
    } else {
        for issue in &report.issues {
            p.line(format!(
                "{} {}: {}",
                paint(YELLOW, issue.kind.as_str()),
                paint(CYAN, &issue.revision),
                issue.detail
            ));
        }
    }
    Ok(if report.issues.is_empty() {
        0
    } else {
        EXIT_DIFFERENCES
    })
}

pub fn check(project: &Project, p: &Printer) -> Outcome {
    let report = project.check()?;
    schema_notes(p, project, &report.schema_notes);
    if p.json {
        p.json(&report);
    } else if report.ok() {
        p.line(format!(
            "{} {} is at head and matches {}.",
            paint(GREEN, "OK:"),
            report.database,
            project.config.schema_file.display()
        ));
    } else {
        if !report.at_head {
            p.line(format!(
                "{} {} migration(s) pending: {}",
                paint(YELLOW, "not at head:"),
                report.pending.len(),
                report.pending.join(", ")
            ));
        }
        // A replaced object shows both definitions, as `test` does.
        for words in stillhead::autogen::describe_with_definitions(&report.differences) {
            p.line(format!("{} {words}", paint(YELLOW, "differs:")));
        }
        for item in &report.not_compared {
            p.line(format!("{} {item}", paint(YELLOW, "not compared:")));
        }
        if !report.not_compared.is_empty() {
            p.note(
                "stillhead's schema model does not describe what is not compared, so it cannot say whether it matches; \
                 to accept it unchecked, list it (its kind, name or attribute) in [autogenerate] ignore",
            );
        }
    }
    Ok(if report.ok() { 0 } else { EXIT_DIFFERENCES })
}

pub fn round_trip(
    project: &Project,
    p: &Printer,
    range: Option<&str>,
    keep_going: bool,
) -> Outcome {
    let report = project.round_trip(range, keep_going)?;
    if p.json {
        p.json(&report);
        return Ok(if report.ok() { 0 } else { EXIT_DIFFERENCES });
    }
    if p.verbose > 0 {
        p.line(format!(
            "Scratch database on {} ({})",
            report.scratch.server,
            report.scratch.fencing.describe()
        ));
    }
    for id in &report.checked {
        p.line(format!("{} {}", paint(GREEN, "ok"), paint(CYAN, id)));
    }
    for id in &report.irreversible {
        p.line(format!(
            "{} {} (irreversible: upgrade only)",
            paint(DIM, "--"),
            paint(CYAN, id)
        ));
    }
    for w in &report.warnings {
        p.warn(format!("{}: after {}, {}", w.revision, w.step, w.message));
    }
    for f in &report.failures {
        let what = match &f.error {
            Some(error) => format!("{} failed: {error}", f.step),
            None => format!(
                "after {} the schema differs: {}",
                f.step,
                f.differences.join("; ")
            ),
        };
        p.line(format!(
            "{} {}: {what}",
            paint(YELLOW, "FAILED"),
            paint(CYAN, &f.revision)
        ));
    }
    for id in &report.skipped {
        p.line(format!(
            "{} {} (not tested: a migration it builds on failed to upgrade)",
            paint(DIM, "skipped"),
            paint(CYAN, id)
        ));
    }
    for item in &report.not_compared {
        p.line(format!("{} {item}", paint(YELLOW, "not compared:")));
    }
    if !report.not_compared.is_empty() {
        p.note(
            "a round trip can tell only whether what is not compared is there, not whether it came back as it was; \
             to accept it unchecked, list it (its kind, name or attribute) in [autogenerate] ignore",
        );
    }
    if !report.failures.is_empty() && !keep_going {
        p.note("stopped at the first failure; `stillhead test --keep-going` tests the rest too");
    }
    Ok(if report.ok() { 0 } else { EXIT_DIFFERENCES })
}

pub fn lint(
    project: &Project,
    p: &Printer,
    dialect: Option<&str>,
    format: crate::cli::LintFormat,
    since: Option<&str>,
) -> Outcome {
    use crate::cli::LintFormat;
    let dialect = match dialect {
        Some(d) => Some(
            d.parse::<stillhead::Dialect>()
                .map_err(|e| crate::output::anyhow_like::Error::Msg(e.to_string()))?,
        ),
        None => None,
    };
    let mut findings = project.lint(dialect);
    if let Some(since) = since {
        let added = crate::lint_output::added_since(&project.config.migrations_dir, since)?;
        findings.retain(|f| {
            std::fs::canonicalize(&f.file)
                .map(|path| added.contains(&path))
                .unwrap_or(false)
        });
    }
    if p.json {
        p.json(&findings);
    } else {
        match format {
            LintFormat::Github => {
                for f in &findings {
                    p.line(crate::lint_output::github(f));
                }
            }
            LintFormat::Sarif => p.line(crate::lint_output::sarif(&findings)),
            LintFormat::Text if findings.is_empty() => {
                p.line(format!("{} no findings.", paint(GREEN, "OK:")));
            }
            LintFormat::Text => {
                for f in &findings {
                    p.line(format!(
                        "{}:{}: {} {} ({})",
                        f.file,
                        f.line,
                        paint(YELLOW, f.rule),
                        f.message,
                        paint(CYAN, &f.revision)
                    ));
                }
                p.note("silence a finding with a comment `-- stillhead allow RULE` before the statement");
            }
        }
    }
    Ok(if findings.is_empty() {
        0
    } else {
        EXIT_DIFFERENCES
    })
}

/// What reading `schema.sql` noticed: warnings always, what was set aside with `-v`.
pub fn schema_notes(
    p: &Printer,
    project: &Project,
    notes: &stillhead::schema::declared::SchemaNotes,
) {
    for w in &notes.warnings {
        p.warn(w);
    }
    if p.verbose > 0 && !notes.ignored.is_empty() {
        p.note(format!(
            "{}: {} statement(s) set aside as not schema:",
            project.config.schema_file.display(),
            notes.ignored.len()
        ));
        for i in &notes.ignored {
            p.note(format!("  line {}: {} ({})", i.line, i.text, i.kind));
        }
    }
}

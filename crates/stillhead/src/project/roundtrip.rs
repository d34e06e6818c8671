//! `stillhead test`: every migration upgraded, downgraded and upgraded again
//! on a scratch database, the schema after each step compared with the one
//! it must equal. With `keep_going`, a failed migration is reported and the
//! next one starts from a fresh scratch database replayed up to it, so one
//! failure does not cascade into the rest.
//!
//! A difference that is only a date or time frozen at creation (PostgreSQL
//! folds `'now'::timestamp` in a view or default into a literal) is a
//! warning, not a failure: the downgrade restored the SQL exactly.

use crate::dialect::DialectBackend;
use std::collections::BTreeSet;

use serde::Serialize;

use super::Project;
use crate::autogen::{describe_with_definitions, diff, mentions};
use crate::dialect::scratch::{Fencing, Scratch};
use crate::dialect::Tooling;
use crate::error::{Error, Result};
use crate::runtime::Migrator;
use crate::schema::coverage::NotCompared;
use crate::schema::introspect::{introspect, query_failed};
use crate::schema::Schema;
use crate::script::split_statements;

/// One migration whose round trip failed.
#[derive(Debug, Clone, Serialize)]
pub struct RoundTripFailure {
    /// The migration.
    pub revision: String,
    /// `upgrade`, `downgrade` (did not restore the parent's schema),
    /// `upgrade again` (did not reproduce the first upgrade's schema), or
    /// `reading the schema …` (before or after one of them: the scratch
    /// database's schema could not be read back).
    pub step: String,
    /// What differs, in words (empty when the step itself failed).
    pub differences: Vec<String>,
    /// The error of a step that failed (naming the file and line).
    pub error: Option<String>,
}

/// A difference explained by a date or time frozen when an object was created.
#[derive(Debug, Clone, Serialize)]
pub struct RoundTripWarning {
    /// The migration.
    pub revision: String,
    /// The step after which the schemas differ.
    pub step: String,
    /// The objects whose frozen values differ.
    pub objects: Vec<String>,
    /// What differs, in words.
    pub differences: Vec<String>,
    /// Why this is only a warning, and what to write instead.
    pub message: String,
}

/// Where the round trips ran.
#[derive(Debug, Clone, Serialize)]
pub struct ScratchInfo {
    /// The server (URL redacted).
    pub server: String,
    /// How the scratch database was fenced off.
    pub fencing: Fencing,
}

/// The result of `stillhead test`.
#[derive(Debug, Clone, Serialize)]
pub struct RoundTripReport {
    /// Where the round trips ran.
    pub scratch: ScratchInfo,
    /// Migrations upgraded, downgraded and upgraded again without a failure.
    pub checked: Vec<String>,
    /// Irreversible migrations (upgraded only).
    pub irreversible: Vec<String>,
    /// Migrations not tested because one they build on failed to upgrade.
    pub skipped: Vec<String>,
    /// Failed round trips: the first only, unless `keep_going`.
    pub failures: Vec<RoundTripFailure>,
    /// Differences that are only frozen dates and times.
    pub warnings: Vec<RoundTripWarning>,
    /// What the migrations create that the schema model does not describe
    /// (`schema/coverage.rs`), less what `[autogenerate] ignore` accepts:
    /// a round trip can only tell whether each is there, not whether it
    /// came back as it was.
    pub not_compared: BTreeSet<String>,
}

impl RoundTripReport {
    /// True when no round trip failed (warnings allowed) and nothing went
    /// uncompared.
    pub fn ok(&self) -> bool {
        self.failures.is_empty() && self.not_compared.is_empty()
    }
}

impl Project {
    /// Upgrades, downgrades and upgrades again every migration (oldest
    /// first, within `range` if given) on a scratch database, comparing the
    /// schema after each step with the one it must equal. Stops at the
    /// first failure unless `keep_going`.
    pub fn round_trip(&self, range: Option<&str>, keep_going: bool) -> Result<RoundTripReport> {
        let migrator = Migrator::new(&self.set, &self.config);
        let mut entries = self.history(range, None, None)?;
        entries.reverse();
        // The chain's SQL, read once: for the frozen-literal check and for
        // every fresh scratch database a failure calls for.
        let chain = self.chain_sql(self.scratch_dialect());
        let frozen = frozen_objects(&chain);
        let mut scratch = self.scratch(chain.clone())?;
        let mut report = RoundTripReport {
            scratch: ScratchInfo {
                server: scratch.server().to_string(),
                fencing: scratch.fencing(),
            },
            checked: Vec::new(),
            irreversible: Vec::new(),
            skipped: Vec::new(),
            failures: Vec::new(),
            warnings: Vec::new(),
            not_compared: BTreeSet::new(),
        };
        let backend = self.scratch_dialect().tooling();
        let graph = self.set.graph();
        let mut broken: BTreeSet<String> = BTreeSet::new();
        for entry in entries {
            let id = entry.revision;
            if graph.ancestors(id).iter().any(|a| broken.contains(a)) {
                broken.insert(id.to_string());
                report.skipped.push(id.to_string());
                continue;
            }
            let trip = Trip {
                migrator: &migrator,
                backend,
                ignore: &self.config.autogenerate_ignore,
                id,
                frozen: &frozen,
            };
            match trip.run(&mut scratch, entry.revises, entry.reversible, &mut report) {
                Ok(()) => {}
                Err(failure) => {
                    // Only a failed upgrade leaves its descendants nothing
                    // to build on; a schema that cannot be read back is
                    // the reader's failure, named as such.
                    if failure.step == "upgrade" {
                        broken.insert(id.to_string());
                    }
                    report.failures.push(failure);
                    if !keep_going {
                        break;
                    }
                    // Whatever the failed step left is unknown: the next
                    // migration starts from a fresh replay.
                    drop(scratch);
                    scratch = self.scratch(chain.clone())?;
                }
            }
        }
        Ok(report)
    }
}

/// One migration's round trip.
struct Trip<'a> {
    migrator: &'a Migrator<'a>,
    backend: &'static dyn Tooling,
    ignore: &'a [String],
    id: &'a str,
    frozen: &'a BTreeSet<String>,
}

impl Trip<'_> {
    /// Runs the round trip, recording success or warnings in `report`; a
    /// failure is returned. Any error of a step is that step's failure (a
    /// lost connection too: then the fresh scratch database for the next
    /// migration fails to open, and that ends `test`).
    fn run(
        &self,
        scratch: &mut Scratch,
        parents: &[String],
        reversible: bool,
        report: &mut RoundTripReport,
    ) -> std::result::Result<(), RoundTripFailure> {
        let id = self.id;
        // Bring the parents in first (outside the range, or a merge's other side).
        for parent in parents {
            self.step("upgrade", self.migrator.upgrade(scratch.conn(), parent))?;
        }
        let before = self.schema(scratch, "reading the schema before upgrade")?;
        self.step("upgrade", self.migrator.upgrade(scratch.conn(), id))?;
        let after = self.schema(scratch, "reading the schema after upgrade")?;
        report
            .not_compared
            .extend(after.not_compared.iter().map(ToString::to_string));
        if !reversible {
            report.irreversible.push(id.to_string());
            return Ok(());
        }
        let down = format!("{id}@-1");
        self.step("downgrade", self.migrator.downgrade(scratch.conn(), &down))?;
        let undone = self.schema(scratch, "reading the schema after downgrade")?;
        self.compare("downgrade", &undone, &before, report)?;
        self.step("upgrade again", self.migrator.upgrade(scratch.conn(), id))?;
        let again = self.schema(scratch, "reading the schema after upgrade again")?;
        self.compare("upgrade again", &again, &after, report)?;
        report.checked.push(id.to_string());
        Ok(())
    }

    fn failure(&self, step: &str, error: &Error) -> RoundTripFailure {
        RoundTripFailure {
            revision: self.id.to_string(),
            step: step.to_string(),
            differences: Vec::new(),
            error: Some(error.to_string()),
        }
    }

    fn step<T>(&self, step: &str, result: Result<T>) -> std::result::Result<(), RoundTripFailure> {
        result
            .map(|_| ())
            .map_err(|e| self.failure(step, &on_scratch(e)))
    }

    fn schema(
        &self,
        scratch: &mut Scratch,
        step: &str,
    ) -> std::result::Result<Snapshot, RoundTripFailure> {
        let tables = self.migrator.tables();
        let schema =
            introspect(scratch.conn(), tables).map_err(|e| self.failure(step, &Error::from(e)))?;
        let not_compared = self
            .backend
            .not_compared(scratch.conn(), &tables.own())
            .map_err(|e| self.failure(step, &query_failed(scratch.conn(), e).into()))?
            .into_iter()
            .filter(|item| !self.ignore.iter().any(|entry| item.ignored_by(entry)))
            .collect();
        Ok(Snapshot {
            schema,
            not_compared,
        })
    }

    /// `Ok` when `got` equals `want`, or differs only by frozen dates and
    /// times (then with a warning in `report`).
    fn compare(
        &self,
        step: &str,
        got: &Snapshot,
        want: &Snapshot,
        report: &mut RoundTripReport,
    ) -> std::result::Result<(), RoundTripFailure> {
        // What the model does not describe can at least be counted: each
        // must be there exactly when it was.
        let gone = want
            .not_compared
            .iter()
            .filter(|i| !got.not_compared.contains(i));
        let extra = got
            .not_compared
            .iter()
            .filter(|i| !want.not_compared.contains(i));
        let presence: Vec<String> = gone
            .map(|i| format!("{i} (not compared) is missing after {step}"))
            .chain(extra.map(|i| format!("{i} (not compared) is there only after {step}")))
            .collect();
        if !presence.is_empty() {
            return Err(RoundTripFailure {
                revision: self.id.to_string(),
                step: step.to_string(),
                differences: presence,
                error: None,
            });
        }
        let (got, want) = (&got.schema, &want.schema);
        let changes = diff(got, want);
        if changes.is_empty() {
            return Ok(());
        }
        let differences = describe_with_definitions(&changes);
        let objects: BTreeSet<String> = changes.iter().map(|c| c.subject().to_string()).collect();
        let frozen = with_dependent_views(self.frozen, [got, want]);
        let explained = objects
            .iter()
            .all(|o| frozen.contains(&o.to_ascii_lowercase()))
            && diff(
                &got.map_expressions(&mask_datetimes),
                &want.map_expressions(&mask_datetimes),
            )
            .is_empty();
        if !explained {
            return Err(RoundTripFailure {
                revision: self.id.to_string(),
                step: step.to_string(),
                differences,
                error: None,
            });
        }
        let objects: Vec<String> = objects.into_iter().collect();
        report.warnings.push(RoundTripWarning {
            revision: self.id.to_string(),
            step: step.to_string(),
            message: format!(
                "{} differ only in a date or time frozen when created: 'now', 'today', 'tomorrow' and 'yesterday' are read once, when a view or default is created, not each time it is used. Write now(), CURRENT_TIMESTAMP or CURRENT_DATE to get the current time",
                objects.join(", ")
            ),
            objects,
            differences,
        });
        Ok(())
    }
}

/// A scratch database's schema after a step: what the model describes, and
/// what it does not.
struct Snapshot {
    schema: Schema,
    not_compared: Vec<NotCompared>,
}

/// A failed migration's error with the state it left told for a scratch
/// database: the runner's words are for the user's own database (a
/// migration left in progress there is to be fixed and `resolve`d), while
/// this one is dropped and the user's was never touched.
fn on_scratch(mut e: Error) -> Error {
    if let Error::StatementFailed { outcome, .. }
    | Error::RustMigrationFailed { outcome, .. }
    | Error::ForeignKeyViolation { outcome, .. } = &mut e
    {
        *outcome = "It failed on the scratch database `stillhead test` replays the migrations in (it is dropped): the configured database was not touched. Fix the migration, then run `stillhead test` again.".into();
    }
    e
}

/// The literals whose value is read once, at creation.
const FROZEN_WORDS: [&str; 4] = ["'now'", "'today'", "'tomorrow'", "'yesterday'"];

/// Names (lower-cased) mentioned by statements of the chain that hold a
/// frozen literal: the objects such a literal may have been frozen into.
fn frozen_objects(sections: &[&str]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for text in sections {
        for stmt in split_statements(text, 1) {
            let lower = stmt.sql.to_ascii_lowercase();
            if FROZEN_WORDS.iter().any(|w| lower.contains(w)) {
                names.extend(
                    lower
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
            }
        }
    }
    names
}

/// `frozen` and the views of `schemas` that read a view named in it,
/// directly or through other views: a view over one holding a frozen
/// literal is dropped and created again with it, so it differs as that one
/// does. Only views are followed (`frozen` holds every word of the
/// statements, keywords too).
fn with_dependent_views(frozen: &BTreeSet<String>, schemas: [&Schema; 2]) -> BTreeSet<String> {
    let views = || schemas.iter().flat_map(|s| s.views.values());
    let mut read: BTreeSet<String> = views()
        .map(|v| v.name.to_ascii_lowercase())
        .filter(|name| frozen.contains(name))
        .collect();
    loop {
        let more: Vec<String> = views()
            .filter(|v| !read.contains(&v.name.to_ascii_lowercase()))
            .filter(|v| read.iter().any(|n| mentions(&v.definition, n)))
            .map(|v| v.name.to_ascii_lowercase())
            .collect();
        if more.is_empty() {
            return frozen.union(&read).cloned().collect();
        }
        read.extend(more);
    }
}

/// `expr` with every quoted date, time or timestamp literal replaced by
/// `'<datetime>'`.
fn mask_datetimes(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut rest = expr;
    while let Some(start) = rest.find('\'') {
        out.push_str(&rest[..start]);
        let body = &rest[start + 1..];
        // A literal ends at a quote not doubled ('it''s').
        let mut end = None;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().map(|(_, n)| *n) == Some('\'') {
                    chars.next();
                } else {
                    end = Some(i);
                    break;
                }
            }
        }
        let Some(end) = end else {
            out.push_str(&rest[start..]);
            return out;
        };
        let literal = &body[..end];
        if is_datetime(literal) {
            out.push_str("'<datetime>'");
        } else {
            out.push('\'');
            out.push_str(literal);
            out.push('\'');
        }
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
}

/// `2026-12-01`, `2026-12-01 19:50:18.123+00`, `19:50:18`, and the like.
fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let date = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    let time = b.len() >= 5 && digits(0..2) && b[2] == b':' && digits(3..5);
    let tail_ok = s
        .chars()
        .all(|c| c.is_ascii_digit() || " :.+-T".contains(c));
    (date || time) && tail_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_dates_and_times_are_masked_and_nothing_else() {
        assert_eq!(
            mask_datetimes("SELECT a FROM t WHERE at > '2026-12-01 19:50:18.123456'::timestamp without time zone AND s = 'it''s'"),
            "SELECT a FROM t WHERE at > '<datetime>'::timestamp without time zone AND s = 'it''s'"
        );
        assert_eq!(mask_datetimes("'2026-12-01'::date"), "'<datetime>'::date");
        assert_eq!(
            mask_datetimes("'19:50:18+00'::time with time zone"),
            "'<datetime>'::time with time zone"
        );
        assert_eq!(mask_datetimes("'2026-12-01x'"), "'2026-12-01x'");
        assert_eq!(mask_datetimes("'1234'"), "'1234'");
        assert_eq!(mask_datetimes("unterminated 'x"), "unterminated 'x");
    }

    #[test]
    fn objects_of_statements_with_frozen_literals() {
        let found = frozen_objects(&[
            "CREATE VIEW recent AS SELECT * FROM orders WHERE placed > 'now'::timestamp - interval '1 day';\nCREATE TABLE other (id int);",
            "ALTER TABLE logs ALTER COLUMN at SET DEFAULT 'TODAY'::date;",
        ]);
        assert!(found.contains("recent") && found.contains("orders") && found.contains("logs"));
        assert!(!found.contains("other"));
    }
}

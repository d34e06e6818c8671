//! `stillhead adopt`: the history table another tool left in a live
//! database becomes stillhead's record, so the database continues where it
//! stands with the imported migrations.
//!
//! The tool is told by its table and columns, probed with a `SELECT` of
//! the columns it must have (`WHERE 1 = 0`: nothing is read, and nothing
//! dialect-specific is needed). Rows that say a migration failed or left
//! the database dirty are refused; checksums the tool kept (sqlx, Flyway)
//! are compared with the ones the imported files record. The other tool's
//! table is left as it is unless asked to drop it.
//!
//! A table left in place is the tool's, not the user's schema: each row
//! adopt logs names it (`adopt_note`), and `check` and autogenerate leave
//! the tables the log names out of the comparison (`adopted_tables`), so a
//! user's own table of the same name, never adopted, is still compared.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{layouts, source_checksum, Tool};
use crate::dialect::{Connection, LogAction, LogEntry, Value};
use crate::error::{Error, Result};
use crate::runtime::Migrator;

/// Where each tool keeps its history, and the columns that tell it.
struct HistoryTable {
    tool: Tool,
    table: &'static str,
    columns: &'static str,
}

const TABLES: [HistoryTable; 6] = [
    HistoryTable {
        tool: Tool::Alembic,
        table: "alembic_version",
        columns: "version_num",
    },
    HistoryTable {
        tool: Tool::Diesel,
        table: "__diesel_schema_migrations",
        columns: "version, run_on",
    },
    HistoryTable {
        tool: Tool::Sqlx,
        table: "_sqlx_migrations",
        columns: "version, description, success, checksum",
    },
    HistoryTable {
        tool: Tool::Flyway,
        table: "flyway_schema_history",
        columns: "installed_rank, version, type, checksum, success",
    },
    HistoryTable {
        tool: Tool::GolangMigrate,
        table: "schema_migrations",
        columns: "version, dirty",
    },
    HistoryTable {
        tool: Tool::Dbmate,
        table: "schema_migrations",
        columns: "version",
    },
];

/// A checksum the tool recorded that differs from the imported file's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecksumMismatch {
    /// The revision.
    pub revision: String,
    /// What the tool's history table holds.
    pub recorded: String,
    /// What the imported file says the tool computed for it.
    pub file: String,
}

/// What `adopt` did.
#[derive(Debug, Clone, Serialize)]
pub struct AdoptReport {
    /// The tool whose table was read.
    pub tool: String,
    /// Its history table.
    pub table: String,
    /// Revisions recorded in stillhead's state table, in order (empty when
    /// the same record was there already).
    pub recorded: Vec<String>,
    /// The applied set the table stands for.
    pub applied: Vec<String>,
    /// Checksum differences (sqlx, Flyway): the database ran another
    /// version of these files than the one imported.
    pub mismatches: Vec<ChecksumMismatch>,
    /// Whether the other tool's table was dropped (`--drop-source-table`).
    pub dropped_source_table: bool,
}

/// The table in which `tool` records what it applied, if it keeps one.
pub(super) fn history_table(tool: Tool) -> Option<&'static str> {
    TABLES.iter().find(|t| t.tool == tool).map(|t| t.table)
}

/// What each row adopt records is logged with: the table and tool it came
/// from, and whether that table was dropped.
fn adopt_note(t: &HistoryTable, dropped: bool) -> String {
    let note = format!("adopted from {} ({})", t.table, t.tool);
    if dropped {
        format!("{note}{DROPPED}")
    } else {
        note
    }
}

/// How [`adopt_note`] says the table was dropped.
const DROPPED: &str = ", which was dropped";

/// The other tools' history tables that `log` says were adopted and left in
/// place: bookkeeping, not the user's schema, so neither a difference for
/// `check` nor something for autogenerate to drop. Only what adopt recorded
/// counts: a table of the same name that was never adopted is the user's.
pub fn adopted_tables(log: &[LogEntry]) -> BTreeSet<&'static str> {
    log.iter()
        .filter(|e| e.action == LogAction::Adopt)
        .filter_map(|e| e.message.as_deref())
        .filter_map(|m| {
            TABLES
                .iter()
                .find(|t| m == adopt_note(t, false))
                .map(|t| t.table)
        })
        .collect()
}

fn import_error(tool: Tool, message: String) -> Error {
    Error::Import {
        tool: tool.name().into(),
        message,
    }
}

/// Whether `table` exists here with `columns`.
fn has_table(conn: &mut dyn Connection, table: &str, columns: &str) -> bool {
    conn.query(&format!("SELECT {columns} FROM {table} WHERE 1 = 0"), &[])
        .is_ok()
}

/// The tool whose history table is here: `wanted`, checked, or the one
/// table that is found. Several (or none) is an error asking for the tool.
fn detect(conn: &mut dyn Connection, wanted: Option<Tool>) -> Result<&'static HistoryTable> {
    // golang-migrate's table also has dbmate's one column, but one row of
    // it stands for every version below: read as dbmate's, the versions
    // below would run again. With its `dirty` column, it is golang-migrate's.
    let golang = TABLES
        .iter()
        .find(|t| t.tool == Tool::GolangMigrate)
        .is_some_and(|go| has_table(conn, go.table, go.columns));
    if golang && wanted == Some(Tool::Dbmate) {
        return Err(import_error(
            Tool::Dbmate,
            "schema_migrations has golang-migrate's dirty column: it is golang-migrate's table, whose one row stands for every version up to it; `stillhead adopt golang-migrate`".into(),
        ));
    }
    let found: Vec<&HistoryTable> = TABLES
        .iter()
        .filter(|t| wanted.is_none_or(|w| w == t.tool))
        .filter(|t| !(golang && t.tool == Tool::Dbmate))
        .filter(|t| has_table(conn, t.table, t.columns))
        .collect();
    match (found.as_slice(), wanted) {
        ([one], _) => {
            // Rails keeps a `schema_migrations (version)` too, beside its
            // `ar_internal_metadata`: not dbmate's to claim.
            if one.tool == Tool::Dbmate
                && wanted.is_none()
                && has_table(conn, "ar_internal_metadata", "key")
            {
                return Err(Error::Import {
                    tool: "adopt".into(),
                    message: "schema_migrations may be dbmate's or Rails' (ar_internal_metadata is there too): say which, `stillhead adopt dbmate`".into(),
                });
            }
            Ok(one)
        }
        ([], Some(tool)) => Err(import_error(
            tool,
            format!(
                "no history table of {tool} here (looked for {})",
                TABLES
                    .iter()
                    .filter(|t| t.tool == tool)
                    .map(|t| format!("{} with {}", t.table, t.columns))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
        ([], None) => Err(Error::Import {
            tool: "adopt".into(),
            message: format!(
                "no other tool's history table here (looked for {})",
                TABLES
                    .iter()
                    .map(|t| t.table)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
        (many, _) => Err(Error::Import {
            tool: "adopt".into(),
            message: format!(
                "history tables of several tools are here ({}): say which to adopt, e.g. `stillhead adopt {}`",
                many.iter()
                    .map(|t| format!("{} ({})", t.table, t.tool))
                    .collect::<Vec<_>>()
                    .join(", "),
                many[0].tool
            ),
        }),
    }
}

/// A row value as text (a version, a Flyway checksum).
fn text(v: &Value) -> String {
    v.to_text()
}

/// sqlx's checksum column (bytes) as lowercase hex, whichever way the
/// driver hands the bytes over.
fn hex(v: &Value) -> String {
    let bytes = match v {
        Value::Blob(b) => b.as_slice(),
        Value::Text(t) => t.as_bytes(),
        _ => &[],
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One applied version as the table records it.
struct Row {
    version: String,
    /// The checksum the tool recorded, where it keeps one.
    checksum: Option<String>,
    /// The row stands for every migration below it too (Alembic's heads,
    /// golang-migrate's one version, a Flyway baseline).
    and_below: bool,
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Integer(i) => *i != 0,
        Value::Text(t) => matches!(t.as_str(), "t" | "true" | "1" | "TRUE"),
        _ => false,
    }
}

/// The versions the table says are applied, with the checksum the tool
/// recorded for each where it keeps one. Failed or dirty rows are refused.
fn applied_versions(conn: &mut dyn Connection, t: &HistoryTable) -> Result<Vec<Row>> {
    let read = |conn: &mut dyn Connection, sql: &str| {
        conn.query(sql, &[])
            .map_err(|e| import_error(t.tool, format!("reading {}: {}", t.table, e.message)))
    };
    let mut out: Vec<Row> = Vec::new();
    let row = |version: String, checksum: Option<String>, and_below: bool| Row {
        version,
        checksum,
        and_below,
    };
    match t.tool {
        Tool::Alembic => {
            for r in read(conn, "SELECT version_num FROM alembic_version")? {
                out.push(row(text(&r[0]), None, true));
            }
        }
        Tool::Diesel | Tool::Dbmate => {
            for r in read(conn, &format!("SELECT version FROM {}", t.table))? {
                out.push(row(text(&r[0]), None, false));
            }
        }
        Tool::Sqlx => {
            let rows = read(
                conn,
                "SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version",
            )?;
            for r in rows {
                if !truthy(&r[1]) {
                    return Err(import_error(
                        t.tool,
                        format!(
                            "_sqlx_migrations records version {} as failed (success = false): fix the database and sqlx's record first",
                            text(&r[0])
                        ),
                    ));
                }
                out.push(row(text(&r[0]), Some(hex(&r[2])), false));
            }
        }
        Tool::Flyway => {
            let rows = read(
                conn,
                "SELECT version, type, checksum, success FROM flyway_schema_history ORDER BY installed_rank",
            )?;
            for r in rows {
                let (version, kind) = (text(&r[0]), text(&r[1]));
                if !truthy(&r[3]) {
                    return Err(import_error(
                        t.tool,
                        format!(
                            "flyway_schema_history records {kind} {version} as failed: run `flyway repair` (or fix it by hand) first"
                        ),
                    ));
                }
                match kind.as_str() {
                    // Undone by a U script: no longer applied.
                    "UNDO_SQL" | "UNDO_JDBC" => out.retain(|r| r.version != version),
                    // Repeatables and schema creation rows carry no version.
                    _ if version.is_empty() => {}
                    "BASELINE" => out.push(row(version, None, true)),
                    _ => out.push(row(version, Some(text(&r[2])), false)),
                }
            }
        }
        Tool::GolangMigrate => {
            for r in read(conn, "SELECT version, dirty FROM schema_migrations")? {
                if truthy(&r[1]) {
                    return Err(import_error(
                        t.tool,
                        format!(
                            "schema_migrations is dirty at version {}: a migration failed midway. Fix the database, then `migrate force VERSION`, and adopt again",
                            text(&r[0])
                        ),
                    ));
                }
                out.push(row(text(&r[0]), None, true));
            }
        }
    }
    Ok(out)
}

/// Adopts the history table of `tool` (or the one found) into stillhead's
/// state tables for `migrator`'s migrations, which must define every
/// version the table records (import them first).
pub fn adopt(
    migrator: &Migrator<'_>,
    conn: &mut dyn Connection,
    tool: Option<Tool>,
    drop_source_table: bool,
) -> Result<AdoptReport> {
    let table = detect(conn, tool)?;
    let versions = applied_versions(conn, table)?;
    let set = migrator.migrations();
    let mut applied = BTreeSet::new();
    let mut below = Vec::new();
    let mut unknown = Vec::new();
    let mut mismatches = Vec::new();
    for row in &versions {
        let id = match table.tool {
            Tool::Alembic => row.version.clone(),
            other => layouts::revision_id(other, &row.version),
        };
        let Some(m) = set.get(&id) else {
            unknown.push(row.version.clone());
            continue;
        };
        if let Some(recorded) = &row.checksum {
            let file = std::fs::read_to_string(&m.script.origin)
                .ok()
                .and_then(|text| source_checksum(&text));
            if let Some(file) = file.filter(|f| f != recorded) {
                mismatches.push(ChecksumMismatch {
                    revision: id.clone(),
                    recorded: recorded.clone(),
                    file,
                });
            }
        }
        if row.and_below {
            below.push(id.clone());
        }
        applied.insert(id);
    }
    if !unknown.is_empty() {
        return Err(import_error(
            table.tool,
            format!(
                "{} records {} that no migration file defines ({}): import the migrations first (`stillhead import {}`)",
                table.table,
                if unknown.len() == 1 { "a version" } else { "versions" },
                unknown.join(", "),
                table.tool
            ),
        ));
    }
    // What stands for everything below it brings its ancestors along.
    let ancestors = set
        .graph()
        .upgrade_plan_for(&BTreeSet::new(), &below)
        .map_err(Error::from)?;
    applied.extend(ancestors);
    let note = adopt_note(table, drop_source_table);
    let recorded = migrator.record_adopted(conn, &applied, &note)?;
    let mut all: Vec<String> = migrator.read_state(conn)?.applied.into_iter().collect();
    all.sort();
    if drop_source_table {
        conn.execute(&format!("DROP TABLE {}", table.table))
            .map_err(|e| {
                import_error(
                    table.tool,
                    format!("dropping {}: {}", table.table, e.message),
                )
            })?;
    }
    Ok(AdoptReport {
        tool: table.tool.name().into(),
        table: table.table.into(),
        recorded,
        applied: all,
        mismatches,
        dropped_source_table: drop_source_table,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(action: LogAction, message: &str) -> LogEntry {
        let mut e = LogEntry::done("001", action, None, "2026-01-01T00:00:00Z", "me");
        e.message = Some(message.to_string());
        e
    }

    #[test]
    fn only_tables_adopt_recorded_and_left_in_place_are_the_tools() {
        let go = TABLES
            .iter()
            .find(|t| t.tool == Tool::GolangMigrate)
            .unwrap();
        let sqlx = TABLES.iter().find(|t| t.tool == Tool::Sqlx).unwrap();
        let log = [
            logged(LogAction::Adopt, &adopt_note(go, false)),
            logged(LogAction::Adopt, &adopt_note(sqlx, true)),
            // The same words under another action are not adopt's.
            logged(LogAction::Stamp, "adopted from alembic_version (alembic)"),
        ];
        assert_eq!(
            adopted_tables(&log).into_iter().collect::<Vec<_>>(),
            ["schema_migrations"]
        );
        assert!(adopted_tables(&[]).is_empty());
    }
}

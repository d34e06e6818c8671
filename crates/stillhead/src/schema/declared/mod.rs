//! `schema.sql` as one database reads it: the portable part and that
//! database's `-- +schema dialect=` parts ([`sections`]), dump furniture set
//! aside ([`dump`]), portable SQL translated ([`translate`], by the
//! database's [`Translation`](crate::dialect::translation::Translation)).
//! The statements keep their file lines, so errors name them
//! (ARCHITECTURE.md, "Declared schemas").

pub mod dump;
pub mod sections;
mod tokens;
pub mod translate;

use crate::dialect::DialectBackend;
use std::collections::BTreeMap;

use serde::Serialize;
use sqlparser::dialect::GenericDialect;

pub use dump::{Ignored, Source};

use super::parse::SchemaError;
use crate::script::{Dialect, Statement};

/// What reading `schema.sql` noticed, for the user.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaNotes {
    /// The tool that wrote the file, or portable SQL.
    pub source: Source,
    /// Statements set aside as not schema (listed with `-v`).
    pub ignored: Vec<Ignored>,
    /// Things the author should change (printed always).
    pub warnings: Vec<String>,
}

impl Default for SchemaNotes {
    fn default() -> SchemaNotes {
        SchemaNotes {
            source: Source::Portable,
            ignored: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// `schema.sql` ready for one database.
#[derive(Debug, Clone, Default)]
pub struct DeclaredSql {
    /// The statements in the target's SQL, each with its file line.
    pub statements: Vec<Statement>,
    /// What was noticed on the way.
    pub notes: SchemaNotes,
}

/// A kept statement and the dialect its text is written in (`None`: portable).
struct Kept {
    stmt: Statement,
    written_for: Option<Dialect>,
}

/// Reads `text` (the file `file`) for `target`; `own` names stillhead's
/// tables, left out when a dump of a migrated database holds them.
/// `privileges` keeps PostgreSQL's `GRANT` and `REVOKE` (`[autogenerate]
/// privileges`), which are set aside otherwise.
pub fn prepare(
    text: &str,
    file: &str,
    target: Dialect,
    own: &[&str],
    privileges: bool,
) -> Result<DeclaredSql, SchemaError> {
    prepare_for(text, file, target, own, privileges, None)
}

/// [`prepare`] for a known server, whose version decides which of a
/// dump's executable comments it runs (`dump::ServerVersion`).
pub fn prepare_for(
    text: &str,
    file: &str,
    target: Dialect,
    own: &[&str],
    privileges: bool,
    server: Option<dump::ServerVersion>,
) -> Result<DeclaredSql, SchemaError> {
    let source = dump::source(text);
    let mut notes = SchemaNotes {
        source,
        ..SchemaNotes::default()
    };
    let mut kept: Vec<Kept> = Vec::new();
    let mut portable_tables: BTreeMap<String, usize> = BTreeMap::new();
    for part in sections::parts(text) {
        if let Some(name) = &part.unknown {
            notes.warnings.push(format!(
                "{file}:{}: `-- +schema {name}` names no database stillhead knows (dialect=sqlite, dialect=postgres, dialect=mysql); the part after it is skipped",
                part.first_line - 1
            ));
            continue;
        }
        let mut ignored = Vec::new();
        let mut text = dump::unwrap(&part.text, part.first_line, &mut ignored, server);
        if target == Dialect::Mysql {
            text = dump::own_sequences_unqualified(&text);
        }
        let ours = part.dialect.is_none_or(|d| d == target);
        for stmt in dump::statements(&text, part.first_line) {
            let table = dump::created_table(&stmt.sql);
            if let (Some(d), Some(t)) = (part.dialect, &table) {
                notes
                    .warnings
                    .push(dialect_table_warning(file, stmt.line, t, d));
            }
            if !ours {
                continue;
            }
            let kept_grant =
                privileges && target == Dialect::Postgres && dump::is_privilege(&stmt.sql, own);
            if let Some(kind) = dump::not_schema(&stmt.sql, target, own).filter(|_| !kept_grant) {
                ignored.push(Ignored::new(stmt.line, kind, &stmt.sql));
                continue;
            }
            if let Some(t) = table {
                match (part.dialect, portable_tables.get(&t)) {
                    (None, _) => {
                        portable_tables.insert(t, stmt.line);
                    }
                    (Some(d), Some(&at)) => {
                        return Err(SchemaError::Unsupported {
                            file: file.to_string(),
                            message: format!(
                                "line {}: table {t} is created in the portable part (line {at}) and again in the `-- +schema dialect={d}` part; dialect parts add to the portable part, they do not replace it: keep the portable definition and move what only {d} needs into ALTER statements or leave it out",
                                stmt.line
                            ),
                        });
                    }
                    (Some(_), None) => {}
                }
            }
            let written_for = part.dialect.or(source.dialect());
            kept.push(Kept { stmt, written_for });
        }
        notes.ignored.extend(ignored);
    }
    notes.ignored.sort_by_key(|i| i.line);
    let mut dropped = Vec::new();
    let statements = translate_all(kept, target, &mut dropped);
    for (line, what) in dropped {
        notes.warnings.push(format!(
            "{file}:{line}: {what} is left out: {target} has no such attribute (write it in a `-- +schema dialect=` part for the database that has it, or drop it from the portable part)"
        ));
    }
    Ok(DeclaredSql { statements, notes })
}

/// The kept statements in `target`'s SQL: those written for it as they
/// are; what the target cannot hold goes to `dropped` with its line.
fn translate_all(
    kept: Vec<Kept>,
    target: Dialect,
    dropped: &mut Vec<(usize, String)>,
) -> Vec<Statement> {
    if kept.iter().all(|k| k.written_for == Some(target)) {
        return kept.into_iter().map(|k| k.stmt).collect();
    }
    let tr = target.tooling().translation();
    let tokenizer_for = |d: Option<Dialect>| -> Box<dyn sqlparser::dialect::Dialect> {
        match d {
            Some(d) => d.tooling().parser(),
            None => Box::new(GenericDialect {}),
        }
    };
    let keyed = match tr.keyed_text {
        Some(_) => translate::keyed_columns(
            kept.iter().map(|k| k.stmt.sql.as_str()),
            tokenizer_for(None).as_ref(),
        ),
        None => Default::default(),
    };
    kept.into_iter()
        .map(|k| match k.written_for {
            Some(d) if d == target => k.stmt,
            other => {
                let mut what = Vec::new();
                let sql = translate::translate(
                    &k.stmt.sql,
                    tr,
                    &keyed,
                    tokenizer_for(other).as_ref(),
                    &mut what,
                );
                dropped.extend(what.into_iter().map(|w| (k.stmt.line, w)));
                Statement {
                    sql,
                    line: k.stmt.line,
                }
            }
        })
        .collect()
}

fn dialect_table_warning(file: &str, line: usize, table: &str, d: Dialect) -> String {
    format!(
        "{file}:{line}: CREATE TABLE {table} is in the `-- +schema dialect={d}` part, so only {d} has it; write the table once in the portable part (before any `-- +schema dialect=` marker, or after `-- +schema end`) and stillhead translates it for every database; keep dialect parts for what has no portable form (PostgreSQL enums, SQLite triggers)"
    )
}

#[cfg(test)]
mod tests;

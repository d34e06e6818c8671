//! SQL text: how each database spells identifiers and literals
//! ([`SqlText`], one per dialect in its `sql.rs`), and the statements
//! stillhead writes about its own state and log tables, built from those
//! spellings. Live connections, offline scripts, renderers, renames and
//! scratch databases all quote through here, so one file never mixes two
//! quoting rules.

use super::{LogEntry, StateRow, Tables, STATE_FORMAT};

/// How one database spells SQL text.
pub trait SqlText: Sync {
    /// An identifier, quoted where it must be: when it is not a plain name
    /// the database would read back unchanged, or is a reserved word.
    fn ident(&self, name: &str) -> String;
    /// A string literal: `'…'` with `'` doubled, the standard form.
    fn literal(&self, value: &str) -> String {
        single_quoted(value)
    }
    /// A boolean literal: `1` or `0`, which every database here reads.
    fn boolean(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }
    /// The statement that opens a transaction.
    fn begin(&self) -> &'static str {
        "BEGIN"
    }
    /// `CREATE TABLE IF NOT EXISTS` for the state, log, lease and meta
    /// tables, in this database's types.
    fn own_tables(&self, t: &Tables) -> [String; 4];
    /// Statements that give tables an older format created the column
    /// types of [`Self::own_tables`] (none where they never changed). Run
    /// after it every time, so each must be idempotent.
    fn own_tables_upgrade(&self, _t: &Tables) -> Vec<String> {
        Vec::new()
    }
}

/// The state table's columns, in the order stillhead writes them.
pub const STATE_COLUMNS: &str =
    "revision, checksum, applied_at, in_progress, failed_statement, applied_by";

/// The log table's columns (after its generated `id`), in order.
pub const LOG_COLUMNS: &str =
    "revision, action, outcome, checksum, started_at, finished_at, duration_ms, applied_by, message";

/// Everything that brings stillhead's tables to [`STATE_FORMAT`]: each
/// created if missing, then the format recorded. Idempotent, so the same
/// statements create a fresh set and bring an older one up to date.
pub fn state_tables(sql: &dyn SqlText, t: &Tables) -> Vec<String> {
    let mut all: Vec<String> = sql.own_tables(t).into();
    all.extend(sql.own_tables_upgrade(t));
    let meta = sql.ident(&t.meta);
    all.push(format!("DELETE FROM {meta} WHERE name = 'format'"));
    all.push(format!(
        "INSERT INTO {meta} (name, value) VALUES ('format', '{STATE_FORMAT}')"
    ));
    all
}

/// The query that reads the recorded format from the meta table.
pub fn select_format(sql: &dyn SqlText, t: &Tables) -> String {
    format!(
        "SELECT value FROM {} WHERE name = 'format'",
        sql.ident(&t.meta)
    )
}

/// The format a set of tables has, from which of them exist and what the
/// meta table records (`recorded`, read only where it exists).
pub fn format_of(state_and_log: bool, recorded: Option<&str>) -> Option<u32> {
    match recorded {
        // A value this version cannot read is a format it does not know.
        Some(value) => Some(value.trim().parse().unwrap_or(u32::MAX)),
        None if state_and_log => Some(1),
        None => None,
    }
}

/// A string literal, or `NULL`.
pub fn text(sql: &dyn SqlText, value: Option<&str>) -> String {
    value.map_or_else(|| "NULL".into(), |v| sql.literal(v))
}

/// `"…"` with `"` doubled: the standard quoting (PostgreSQL, SQLite).
pub(crate) fn double_quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `'…'` with `'` doubled: the standard string literal.
pub(crate) fn single_quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// `INSERT` of a state row with literal values.
pub fn insert_state(sql: &dyn SqlText, t: &Tables, row: &StateRow) -> String {
    format!(
        "INSERT INTO {} ({STATE_COLUMNS}) VALUES ({}, {}, {}, {}, {}, {})",
        sql.ident(&t.state),
        sql.literal(&row.revision),
        text(sql, row.checksum.as_deref()),
        sql.literal(&row.applied_at),
        sql.boolean(row.in_progress),
        row.failed_statement
            .map_or("NULL".into(), |n| n.to_string()),
        sql.literal(&row.applied_by),
    )
}

/// Sets or clears the in-progress mark of a row.
pub fn set_in_progress(sql: &dyn SqlText, t: &Tables, revision: &str, on: bool) -> String {
    format!(
        "UPDATE {} SET in_progress = {} WHERE revision = {}",
        sql.ident(&t.state),
        sql.boolean(on),
        sql.literal(revision)
    )
}

/// `DELETE` of a state row.
pub fn delete_state(sql: &dyn SqlText, t: &Tables, revision: &str) -> String {
    format!(
        "DELETE FROM {} WHERE revision = {}",
        sql.ident(&t.state),
        sql.literal(revision)
    )
}

/// `INSERT` of a log entry with literal values.
pub fn insert_log(sql: &dyn SqlText, t: &Tables, e: &LogEntry) -> String {
    format!(
        "INSERT INTO {} ({LOG_COLUMNS}) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})",
        sql.ident(&t.log),
        sql.literal(&e.revision),
        sql.literal(e.action.as_str()),
        sql.literal(e.outcome.as_str()),
        text(sql, e.checksum.as_deref()),
        sql.literal(&e.started_at),
        sql.literal(&e.finished_at),
        e.duration_ms,
        sql.literal(&e.applied_by),
        text(sql, e.message.as_deref()),
    )
}

#[cfg(test)]
mod tests {
    use super::super::{mysql, postgres, sqlite};
    use super::*;

    #[test]
    fn each_dialect_quotes_and_escapes_its_own_way() {
        let (pg, my, lite) = (&postgres::SQL, &mysql::SQL, &sqlite::SQL);
        assert_eq!(pg.literal("it's"), "'it''s'");
        assert_eq!(my.literal("a\\'b"), "'a\\\\''b'");
        assert_eq!(text(lite, None), "NULL");
        assert_eq!(my.ident("t"), "`t`");
        assert_eq!(pg.ident("t"), "t");
        assert_eq!(pg.ident("Email"), "\"Email\"");
        assert_eq!(pg.ident("order"), "\"order\"");
        assert_eq!(lite.ident("Email"), "Email");
        assert_eq!(lite.ident("group"), "\"group\"");
        assert_eq!(lite.ident("a b"), "\"a b\"");
        assert_eq!(pg.ident("we\"ird"), "\"we\"\"ird\"");
    }
}

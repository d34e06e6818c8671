//! SQLite's SQL text: identifiers quoted unless plain and not one of its
//! key words (SQLite compares names case-insensitively, so case alone
//! needs no quotes), standard string literals, and the state tables' DDL.

use crate::dialect::sql::{double_quoted, SqlText};
use crate::dialect::Tables;

/// SQLite's spelling of SQL text.
pub struct SqliteSql;

/// The spelling every SQLite module uses.
pub static SQL: SqliteSql = SqliteSql;

/// SQLite's key words (its documentation's list), quoted as names.
const KEYWORDS: &[&str] = &[
    "abort",
    "action",
    "add",
    "after",
    "all",
    "alter",
    "always",
    "analyze",
    "and",
    "as",
    "asc",
    "attach",
    "autoincrement",
    "before",
    "begin",
    "between",
    "by",
    "cascade",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "commit",
    "conflict",
    "constraint",
    "create",
    "cross",
    "current",
    "current_date",
    "current_time",
    "current_timestamp",
    "database",
    "default",
    "deferrable",
    "deferred",
    "delete",
    "desc",
    "detach",
    "distinct",
    "do",
    "drop",
    "each",
    "else",
    "end",
    "escape",
    "except",
    "exclude",
    "exclusive",
    "exists",
    "explain",
    "fail",
    "filter",
    "first",
    "following",
    "for",
    "foreign",
    "from",
    "full",
    "generated",
    "glob",
    "group",
    "groups",
    "having",
    "if",
    "ignore",
    "immediate",
    "in",
    "index",
    "indexed",
    "initially",
    "inner",
    "insert",
    "instead",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "key",
    "last",
    "left",
    "like",
    "limit",
    "match",
    "materialized",
    "natural",
    "no",
    "not",
    "nothing",
    "notnull",
    "null",
    "nulls",
    "of",
    "offset",
    "on",
    "or",
    "order",
    "others",
    "outer",
    "over",
    "partition",
    "plan",
    "pragma",
    "preceding",
    "primary",
    "query",
    "raise",
    "range",
    "recursive",
    "references",
    "regexp",
    "reindex",
    "release",
    "rename",
    "replace",
    "restrict",
    "returning",
    "right",
    "rollback",
    "row",
    "rows",
    "savepoint",
    "select",
    "set",
    "table",
    "temp",
    "temporary",
    "then",
    "ties",
    "to",
    "transaction",
    "trigger",
    "unbounded",
    "union",
    "unique",
    "update",
    "using",
    "vacuum",
    "values",
    "view",
    "virtual",
    "when",
    "where",
    "window",
    "with",
    "without",
];

impl SqlText for SqliteSql {
    fn ident(&self, name: &str) -> String {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain && !KEYWORDS.contains(&name.to_ascii_lowercase().as_str()) {
            name.to_string()
        } else {
            double_quoted(name)
        }
    }

    fn own_tables(&self, t: &Tables) -> [String; 4] {
        let (state, log) = (self.ident(&t.state), self.ident(&t.log));
        let (lock, meta) = (self.ident(&t.lock), self.ident(&t.meta));
        [
            format!("CREATE TABLE IF NOT EXISTS {state} (revision TEXT NOT NULL PRIMARY KEY, checksum TEXT, applied_at TEXT NOT NULL, in_progress INTEGER NOT NULL DEFAULT 0, failed_statement INTEGER, applied_by TEXT NOT NULL)"),
            format!("CREATE TABLE IF NOT EXISTS {log} (id INTEGER PRIMARY KEY AUTOINCREMENT, revision TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL, checksum TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, duration_ms REAL NOT NULL, applied_by TEXT NOT NULL, message TEXT)"),
            format!("CREATE TABLE IF NOT EXISTS {lock} (name TEXT NOT NULL PRIMARY KEY, token TEXT NOT NULL, holder TEXT NOT NULL, revision TEXT, acquired_at TEXT NOT NULL, expires_at TEXT NOT NULL)"),
            format!("CREATE TABLE IF NOT EXISTS {meta} (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)"),
        ]
    }
}

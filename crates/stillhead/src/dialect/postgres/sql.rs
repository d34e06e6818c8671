//! PostgreSQL's SQL text: identifiers quoted unless plain lower-case and
//! not reserved (PostgreSQL folds unquoted names to lower case), standard
//! string literals, and the state tables' DDL.

use crate::dialect::sql::{double_quoted, SqlText};
use crate::dialect::Tables;

/// PostgreSQL's spelling of SQL text.
pub struct PostgresSql;

/// The spelling every PostgreSQL module uses.
pub static SQL: PostgresSql = PostgresSql;

/// Key words PostgreSQL reserves (its documentation's "reserved" and
/// "reserved (can be function or type)"), which as names must be quoted.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

impl SqlText for PostgresSql {
    fn ident(&self, name: &str) -> String {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if plain && !RESERVED.contains(&name) {
            name.to_string()
        } else {
            double_quoted(name)
        }
    }

    fn boolean(&self, value: bool) -> &'static str {
        if value {
            "true"
        } else {
            "false"
        }
    }

    fn own_tables(&self, t: &Tables) -> [String; 4] {
        let (state, log) = (self.ident(&t.state), self.ident(&t.log));
        let (lock, meta) = (self.ident(&t.lock), self.ident(&t.meta));
        [
            format!("CREATE TABLE IF NOT EXISTS {state} (revision TEXT NOT NULL PRIMARY KEY, checksum TEXT, applied_at TEXT NOT NULL, in_progress BOOLEAN NOT NULL DEFAULT false, failed_statement INTEGER, applied_by TEXT NOT NULL)"),
            format!("CREATE TABLE IF NOT EXISTS {log} (id BIGSERIAL PRIMARY KEY, revision TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL, checksum TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, applied_by TEXT NOT NULL, message TEXT)"),
            format!("CREATE TABLE IF NOT EXISTS {lock} (name TEXT NOT NULL PRIMARY KEY, token TEXT NOT NULL, holder TEXT NOT NULL, revision TEXT, acquired_at TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL)"),
            format!("CREATE TABLE IF NOT EXISTS {meta} (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)"),
        ]
    }
}

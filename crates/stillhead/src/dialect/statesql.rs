//! The SQL text of the state and log tables per dialect: their DDL (used by
//! the live connections and by offline scripts alike, so both create the
//! same tables) and literal-valued statements for offline scripts.

use super::{Dialect, LogEntry, StateRow, Tables};

/// Quotes an identifier for a dialect (names are validated plain identifiers;
/// quoting keeps their case and makes them safe regardless).
pub fn quote(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// `CREATE TABLE IF NOT EXISTS` for the state and log tables.
pub fn create_state_tables(d: Dialect, t: &Tables) -> Vec<String> {
    let (state, log) = (quote(d, &t.state), quote(d, &t.log));
    match d {
        Dialect::Sqlite => vec![
            format!("CREATE TABLE IF NOT EXISTS {state} (revision TEXT NOT NULL PRIMARY KEY, checksum TEXT, applied_at TEXT NOT NULL, in_progress INTEGER NOT NULL DEFAULT 0, failed_statement INTEGER, applied_by TEXT NOT NULL)"),
            format!("CREATE TABLE IF NOT EXISTS {log} (id INTEGER PRIMARY KEY AUTOINCREMENT, revision TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL, checksum TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, duration_ms REAL NOT NULL, applied_by TEXT NOT NULL, message TEXT)"),
        ],
        Dialect::Postgres => vec![
            format!("CREATE TABLE IF NOT EXISTS {state} (revision TEXT NOT NULL PRIMARY KEY, checksum TEXT, applied_at TEXT NOT NULL, in_progress BOOLEAN NOT NULL DEFAULT false, failed_statement INTEGER, applied_by TEXT NOT NULL)"),
            format!("CREATE TABLE IF NOT EXISTS {log} (id BIGSERIAL PRIMARY KEY, revision TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL, checksum TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, applied_by TEXT NOT NULL, message TEXT)"),
        ],
        Dialect::Mysql => vec![
            format!("CREATE TABLE IF NOT EXISTS {state} (revision VARCHAR(191) NOT NULL PRIMARY KEY, checksum VARCHAR(64), applied_at VARCHAR(40) NOT NULL, in_progress TINYINT(1) NOT NULL DEFAULT 0, failed_statement INT, applied_by VARCHAR(255) NOT NULL) ENGINE=InnoDB"),
            format!("CREATE TABLE IF NOT EXISTS {log} (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, revision VARCHAR(191) NOT NULL, action VARCHAR(16) NOT NULL, outcome VARCHAR(16) NOT NULL, checksum VARCHAR(64), started_at VARCHAR(40) NOT NULL, finished_at VARCHAR(40) NOT NULL, duration_ms DOUBLE NOT NULL, applied_by VARCHAR(255) NOT NULL, message TEXT) ENGINE=InnoDB"),
        ],
    }
}

/// A string literal (or NULL) for a dialect.
pub fn text(d: Dialect, value: Option<&str>) -> String {
    match value {
        None => "NULL".into(),
        Some(v) => {
            let mut escaped = v.replace('\'', "''");
            // MySQL treats backslash as an escape in string literals by default.
            if d == Dialect::Mysql {
                escaped = escaped.replace('\\', "\\\\");
            }
            format!("'{escaped}'")
        }
    }
}

fn boolean(d: Dialect, v: bool) -> &'static str {
    match (d, v) {
        (Dialect::Postgres, true) => "true",
        (Dialect::Postgres, false) => "false",
        (_, true) => "1",
        (_, false) => "0",
    }
}

/// `INSERT` of a state row with literal values.
pub fn insert_state(d: Dialect, t: &Tables, row: &StateRow) -> String {
    format!(
        "INSERT INTO {} (revision, checksum, applied_at, in_progress, failed_statement, applied_by) VALUES ({}, {}, {}, {}, {}, {})",
        quote(d, &t.state),
        text(d, Some(&row.revision)),
        text(d, row.checksum.as_deref()),
        text(d, Some(&row.applied_at)),
        boolean(d, row.in_progress),
        row.failed_statement.map_or("NULL".into(), |n| n.to_string()),
        text(d, Some(&row.applied_by)),
    )
}

/// Clears the in-progress mark of a row.
pub fn finish_state(d: Dialect, t: &Tables, revision: &str) -> String {
    format!(
        "UPDATE {} SET in_progress = {} WHERE revision = {}",
        quote(d, &t.state),
        boolean(d, false),
        text(d, Some(revision))
    )
}

/// Sets the in-progress mark of an existing row (before a downgrade on MySQL).
pub fn mark_state(d: Dialect, t: &Tables, revision: &str) -> String {
    format!(
        "UPDATE {} SET in_progress = {} WHERE revision = {}",
        quote(d, &t.state),
        boolean(d, true),
        text(d, Some(revision))
    )
}

/// `DELETE` of a state row.
pub fn delete_state(d: Dialect, t: &Tables, revision: &str) -> String {
    format!(
        "DELETE FROM {} WHERE revision = {}",
        quote(d, &t.state),
        text(d, Some(revision))
    )
}

/// `INSERT` of a log entry with literal values.
pub fn insert_log(d: Dialect, t: &Tables, e: &LogEntry) -> String {
    format!(
        "INSERT INTO {} (revision, action, outcome, checksum, started_at, finished_at, duration_ms, applied_by, message) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})",
        quote(d, &t.log),
        text(d, Some(&e.revision)),
        text(d, Some(&e.action)),
        text(d, Some(&e.outcome)),
        text(d, e.checksum.as_deref()),
        text(d, Some(&e.started_at)),
        text(d, Some(&e.finished_at)),
        e.duration_ms,
        text(d, Some(&e.applied_by)),
        text(d, e.message.as_deref()),
    )
}

/// The statement that opens a transaction.
pub fn begin(d: Dialect) -> &'static str {
    match d {
        Dialect::Mysql => "START TRANSACTION",
        _ => "BEGIN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_and_mysql_backslashes() {
        assert_eq!(text(Dialect::Postgres, Some("it's")), "'it''s'");
        assert_eq!(text(Dialect::Mysql, Some("a\\'b")), "'a\\\\''b'");
        assert_eq!(text(Dialect::Sqlite, None), "NULL");
        assert_eq!(quote(Dialect::Mysql, "t"), "`t`");
        assert_eq!(quote(Dialect::Postgres, "t"), "\"t\"");
    }
}

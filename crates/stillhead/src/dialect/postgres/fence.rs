//! The rules a PostgreSQL scratch database is fenced by when no temporary
//! role could be made (see `dialect::fence`): statements that reach the
//! whole server (roles, tablespaces, other databases, the server's files and
//! settings) are refused by their words, strings and function bodies
//! included.

use crate::dialect::fence::{find_sequence, words};

/// Statement sequences that reach beyond one database, and why.
const SERVER_WIDE: &[(&[&str], &str)] = &[
    (&["CREATE", "ROLE"], "roles belong to the whole server"),
    (&["ALTER", "ROLE"], "roles belong to the whole server"),
    (&["DROP", "ROLE"], "roles belong to the whole server"),
    (&["CREATE", "USER"], "users belong to the whole server"),
    (&["ALTER", "USER"], "users belong to the whole server"),
    (&["DROP", "USER"], "users belong to the whole server"),
    (&["CREATE", "GROUP"], "roles belong to the whole server"),
    (&["ALTER", "GROUP"], "roles belong to the whole server"),
    (&["DROP", "GROUP"], "roles belong to the whole server"),
    (&["REASSIGN", "OWNED"], "it changes owners server-wide"),
    (&["DROP", "OWNED"], "it revokes privileges server-wide"),
    (
        &["CREATE", "TABLESPACE"],
        "tablespaces belong to the whole server",
    ),
    (
        &["ALTER", "TABLESPACE"],
        "tablespaces belong to the whole server",
    ),
    (
        &["DROP", "TABLESPACE"],
        "tablespaces belong to the whole server",
    ),
    (&["CREATE", "DATABASE"], "it names another database"),
    (&["ALTER", "DATABASE"], "it names another database"),
    (&["DROP", "DATABASE"], "it names another database"),
    (&["ON", "DATABASE"], "it names another database"),
    (
        &["ON", "TABLESPACE"],
        "tablespaces belong to the whole server",
    ),
    (&["ON", "ROLE"], "roles belong to the whole server"),
    (
        &["ALTER", "SYSTEM"],
        "it changes the server's configuration",
    ),
    (&["CREATE", "SUBSCRIPTION"], "it connects to another server"),
    (&["CREATE", "SERVER"], "it connects to another server"),
    (&["LOAD"], "it loads a library into the server"),
];

/// Functions that reach other databases, the server's files or other sessions.
const SERVER_FUNCTIONS: &[&str] = &[
    "DBLINK",
    "DBLINK_EXEC",
    "DBLINK_CONNECT",
    "DBLINK_CONNECT_U",
    "PG_TERMINATE_BACKEND",
    "PG_CANCEL_BACKEND",
    "PG_RELOAD_CONF",
    "PG_ROTATE_LOGFILE",
    "PG_PROMOTE",
    "LO_IMPORT",
    "LO_EXPORT",
    "PG_READ_FILE",
    "PG_READ_BINARY_FILE",
    "PG_LS_DIR",
    "PG_FILE_WRITE",
];

/// Why a statement may not run in a scratch database fenced by rules
/// alone, or `None` if it may.
pub(crate) fn refusal(sql: &str) -> Option<String> {
    let w = words(sql);
    let first = w.first().map(|(s, _)| s.as_str());
    for (seq, why) in SERVER_WIDE {
        // LOAD is a statement only at the start (it is also a word in data).
        if seq.len() == 1 {
            if first == Some(seq[0]) {
                return Some(format!("{} ({why})", seq.join(" ")));
            }
        } else if find_sequence(&w, &[seq]).is_some() {
            return Some(format!("{} ({why})", seq.join(" ")));
        }
    }
    if let Some((f, _)) = w
        .iter()
        .find(|(s, _)| SERVER_FUNCTIONS.contains(&s.as_str()))
    {
        return Some(format!(
            "{}() (it reaches beyond this database)",
            f.to_ascii_lowercase()
        ));
    }
    match first {
        // GRANT a TO b without ON: role membership, kept server-wide.
        Some("GRANT" | "REVOKE") if !w.iter().any(|(s, _)| s == "ON") => {
            Some("GRANT/REVOKE of a role (memberships belong to the whole server)".into())
        }
        // COPY to or from a server file or program; STDIN/STDOUT are fine.
        Some("COPY") if copies_outside(sql) => {
            Some("COPY with a server file or PROGRAM (it reaches the server's files)".into())
        }
        _ => None,
    }
}

fn copies_outside(sql: &str) -> bool {
    let w = words(sql);
    if w.iter().any(|(s, _)| s == "PROGRAM") {
        return true;
    }
    // `COPY t FROM 'file'`: a string literal right after FROM or TO.
    let upper = sql.to_ascii_uppercase();
    [" FROM", " TO"].iter().any(|kw| {
        upper
            .match_indices(kw)
            .any(|(i, _)| upper[i + kw.len()..].trim_start().starts_with('\''))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_wide_statements_are_refused_and_others_run() {
        for sql in [
            "CREATE ROLE app_reader",
            "create user x with password 'p'",
            "DROP TABLESPACE fast",
            "ALTER DATABASE live SET timezone = 'UTC'",
            "COMMENT ON DATABASE live IS 'x'",
            "DO $$ BEGIN EXECUTE 'DROP DATABASE live'; END $$",
            "SELECT dblink_exec('dbname=live', 'DROP TABLE t')",
            "GRANT admin TO app",
            "COPY t TO '/tmp/out.csv'",
            "COPY t FROM PROGRAM 'curl x'",
            "ALTER SYSTEM SET work_mem = '1GB'",
            "LOAD 'auto_explain'",
            "REASSIGN OWNED BY a TO b",
        ] {
            assert!(refusal(sql).is_some(), "{sql}");
        }
        for sql in [
            "CREATE TABLE public.customers (id int PRIMARY KEY, role text, database_name text)",
            "ALTER TABLE public.customers RENAME TO clients",
            "CREATE SCHEMA utils",
            "DROP SCHEMA utils CASCADE",
            "CREATE EXTENSION IF NOT EXISTS pgcrypto",
            "GRANT SELECT ON clients TO app_reader",
            "COPY t FROM STDIN",
            "INSERT INTO loads (what) VALUES ('load')",
            "CREATE INDEX users_role ON users (role)",
        ] {
            assert_eq!(refusal(sql), None, "{sql}");
        }
    }
}

//! The rules a MariaDB/MySQL scratch database is fenced by when no
//! temporary user could be made (see `dialect::fence`): statements that
//! reach beyond it (other databases, users and grants, plugins, global
//! settings, the server's files, replication) are refused by their words,
//! strings included.

use crate::dialect::fence::{find_sequence, words};

/// Statement sequences that reach beyond one database, and why.
const SERVER_WIDE: &[(&[&str], &str)] = &[
    (
        &["CREATE", "DATABASE"],
        "databases belong to the whole server",
    ),
    (
        &["ALTER", "DATABASE"],
        "databases belong to the whole server",
    ),
    (
        &["DROP", "DATABASE"],
        "databases belong to the whole server",
    ),
    (
        &["CREATE", "SCHEMA"],
        "databases belong to the whole server",
    ),
    (&["ALTER", "SCHEMA"], "databases belong to the whole server"),
    (&["DROP", "SCHEMA"], "databases belong to the whole server"),
    (&["CREATE", "USER"], "users belong to the whole server"),
    (&["ALTER", "USER"], "users belong to the whole server"),
    (&["DROP", "USER"], "users belong to the whole server"),
    (&["RENAME", "USER"], "users belong to the whole server"),
    (&["CREATE", "ROLE"], "roles belong to the whole server"),
    (&["DROP", "ROLE"], "roles belong to the whole server"),
    (&["SET", "PASSWORD"], "users belong to the whole server"),
    (
        &["SET", "DEFAULT", "ROLE"],
        "roles belong to the whole server",
    ),
    (&["INSTALL", "PLUGIN"], "plugins belong to the whole server"),
    (&["INSTALL", "SONAME"], "plugins belong to the whole server"),
    (
        &["UNINSTALL", "PLUGIN"],
        "plugins belong to the whole server",
    ),
    (
        &["UNINSTALL", "SONAME"],
        "plugins belong to the whole server",
    ),
    (&["SET", "GLOBAL"], "it changes the server's settings"),
    (&["SET", "PERSIST"], "it changes the server's settings"),
    (&["CREATE", "SERVER"], "it connects to another server"),
    (&["ALTER", "SERVER"], "it connects to another server"),
    (&["DROP", "SERVER"], "it connects to another server"),
    (
        &["CREATE", "TABLESPACE"],
        "tablespaces belong to the whole server",
    ),
    (
        &["DROP", "TABLESPACE"],
        "tablespaces belong to the whole server",
    ),
    (&["INTO", "OUTFILE"], "it writes the server's files"),
    (&["INTO", "DUMPFILE"], "it writes the server's files"),
    (&["LOAD", "DATA"], "it reads the server's files"),
    (&["LOAD", "XML"], "it reads the server's files"),
    (&["CHANGE", "MASTER"], "it changes replication"),
    (&["RESET", "MASTER"], "it changes replication"),
    (&["RESET", "SLAVE"], "it changes replication"),
    (&["RESET", "REPLICA"], "it changes replication"),
    (&["PURGE", "BINARY"], "it changes replication"),
    (&["PURGE", "MASTER"], "it changes replication"),
];

/// Statements refused by their first word.
const SERVER_STATEMENTS: &[(&str, &str)] = &[
    ("GRANT", "privileges belong to the whole server"),
    ("REVOKE", "privileges belong to the whole server"),
    ("FLUSH", "it acts on the whole server"),
    ("KILL", "it ends other sessions"),
    ("SHUTDOWN", "it stops the server"),
    ("USE", "it switches to another database"),
];

/// Why a statement may not run in a scratch database fenced by rules
/// alone, or `None` if it may. `others` are the server's other databases,
/// upper-cased: a name qualified by one of them (`live.t`) reaches it.
pub(crate) fn refusal(sql: &str, others: &[String]) -> Option<String> {
    let w = words(sql);
    if let Some((seq, why)) = SERVER_WIDE
        .iter()
        .find(|(seq, _)| find_sequence(&w, &[seq]).is_some())
    {
        return Some(format!("{} ({why})", seq.join(" ")));
    }
    let first = w.first().map(|(s, _)| s.as_str());
    if let Some((word, why)) = SERVER_STATEMENTS.iter().find(|(s, _)| Some(*s) == first) {
        return Some(format!("{word} ({why})"));
    }
    if w.iter().any(|(s, _)| s == "LOAD_FILE") {
        return Some("LOAD_FILE() (it reads the server's files)".into());
    }
    if w.iter().any(|(s, dotted)| s == "GLOBAL" && *dotted) {
        return Some("@@global (it changes the server's settings)".into());
    }
    w.iter()
        .find(|(s, dotted)| *dotted && others.contains(s))
        .map(|(db, _)| {
            format!(
                "it names the database `{}`, which is not the scratch database",
                db.to_ascii_lowercase()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_reaching_other_databases_are_refused() {
        let others = vec!["LIVEDB".to_string(), "MYSQL".to_string()];
        for sql in [
            "INSERT INTO livedb.t VALUES (1)",
            "CREATE TABLE x AS SELECT * FROM `livedb`.`customers`",
            "DROP DATABASE livedb",
            "CREATE USER 'x'@'%'",
            "GRANT ALL ON *.* TO 'x'@'%'",
            "INSTALL SONAME 'ha_blackhole'",
            "SET GLOBAL max_connections = 10",
            "SET @@global.max_connections = 10",
            "UPDATE mysql.user SET host = '%'",
            "SELECT * FROM t INTO OUTFILE '/tmp/x'",
            "PREPARE s FROM 'DELETE FROM livedb.t'",
            "USE livedb",
        ] {
            assert!(refusal(sql, &others).is_some(), "{sql}");
        }
        for sql in [
            "CREATE TABLE t (id INT PRIMARY KEY, user VARCHAR(20))",
            "ALTER TABLE t ADD COLUMN db_name VARCHAR(20)",
            "SELECT t.id FROM t JOIN u ON u.id = t.id",
            "CREATE VIEW v AS SELECT information_schema.tables.table_name FROM information_schema.tables",
            "CREATE INDEX t_user ON t (user)",
        ] {
            assert_eq!(refusal(sql, &others), None, "{sql}");
        }
    }
}

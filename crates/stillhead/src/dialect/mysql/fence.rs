//! The rules a MariaDB/MySQL scratch database is fenced by when no
//! temporary user could be made (see `dialect::fence`): statements that
//! reach beyond it (other databases, users and grants, plugins, global
//! settings, the server's files, replication) are refused, read as the
//! server reads them (`dialect::reading`): a name qualified by another
//! database is refused however it is spaced, commented or quoted, and what
//! an executable comment or a string holds is read too.

use sqlparser::tokenizer::Token;

use crate::dialect::reading::{self, has_sequence, keyword, qualifiers, statement_starts};

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

/// Session variables that are the server's settings (`@@global.x`).
const SERVER_SCOPES: &[&str] = &["@@GLOBAL", "@@PERSIST", "@@PERSIST_ONLY", "@@"];

/// Why a statement may not run in a scratch database fenced by rules
/// alone, or `None` if it may. `others` are the server's other databases,
/// upper-cased: a name qualified by one of them (`live.t`) reaches it.
pub(crate) fn refusal(sql: &str, others: &[String]) -> Option<String> {
    reading::refusal(sql, reading::MYSQL, &|toks| rule(toks, others))
}

/// The rules, on one reading's tokens.
fn rule(toks: &[Token], others: &[String]) -> Option<String> {
    if let Some((seq, why)) = SERVER_WIDE.iter().find(|(seq, _)| has_sequence(toks, seq)) {
        return Some(format!("{} ({why})", seq.join(" ")));
    }
    for start in statement_starts(toks) {
        let first = keyword(&toks[start]);
        if let Some((word, why)) = SERVER_STATEMENTS
            .iter()
            .find(|(s, _)| first.as_deref() == Some(*s))
        {
            return Some(format!("{word} ({why})"));
        }
    }
    for t in toks {
        let Token::Word(w) = t else { continue };
        let name = w.value.to_ascii_uppercase();
        if name == "LOAD_FILE" {
            return Some("LOAD_FILE() (it reads the server's files)".into());
        }
        if SERVER_SCOPES.contains(&name.as_str()) {
            return Some(format!(
                "{} (it changes the server's settings)",
                w.value.to_ascii_lowercase()
            ));
        }
    }
    qualifiers(toks)
        .find(|q| others.contains(&q.to_ascii_uppercase()))
        .map(|db| format!("it names the database `{db}`, which is not the scratch database"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn others() -> Vec<String> {
        vec!["LIVEDB".to_string(), "MYSQL".to_string()]
    }

    #[test]
    fn statements_reaching_other_databases_are_refused() {
        for sql in [
            "INSERT INTO livedb.t VALUES (1)",
            "CREATE TABLE x AS SELECT * FROM `livedb`.`customers`",
            "DROP DATABASE livedb",
            "CREATE USER 'x'@'%'",
            "GRANT ALL ON *.* TO 'x'@'%'",
            "INSTALL SONAME 'ha_blackhole'",
            "SET GLOBAL max_connections = 10",
            "SET @@global.max_connections = 10",
            "SET @@GLOBAL . max_connections = 10",
            "UPDATE mysql.user SET host = '%'",
            "SELECT * FROM t INTO OUTFILE '/tmp/x'",
            "PREPARE s FROM 'DELETE FROM livedb.t'",
            "USE livedb",
            "/* why */ USE livedb",
            "CREATE PROCEDURE p() BEGIN USE livedb; END",
            "DROP/**/DATABASE x",
            "/*!40000 DROP DATABASE x */",
        ] {
            assert!(refusal(sql, &others()).is_some(), "{sql}");
        }
        for sql in [
            "CREATE TABLE t (id INT PRIMARY KEY, user VARCHAR(20))",
            "ALTER TABLE t ADD COLUMN db_name VARCHAR(20)",
            "SELECT t.id FROM t JOIN u ON u.id = t.id",
            "CREATE VIEW v AS SELECT information_schema.tables.table_name FROM information_schema.tables",
            "CREATE INDEX t_user ON t (user)",
            "SELECT * FROM t USE INDEX (t_user)",
            "INSERT INTO t (note) VALUES ('it\\'s livedb''s; -- not . a name')",
            "/*!40101 SET NAMES utf8mb4 */",
            "DELETE FROM t -- livedb.t\n",
            "DELETE FROM t /* livedb.t */",
            "DELETE FROM `livedb . t`",
        ] {
            assert_eq!(refusal(sql, &others()), None, "{sql}");
        }
    }

    #[test]
    fn a_qualifier_is_refused_however_it_is_spaced_commented_or_quoted() {
        for sql in [
            "DELETE FROM livedb . victim",
            "DELETE FROM LiveDB.victim",
            "DELETE FROM livedb/**/.victim",
            "DELETE FROM livedb/* . */./**/victim",
            "DELETE FROM livedb\n.\nvictim",
            "DELETE FROM livedb\r\n.victim",
            "DELETE FROM livedb\t.\tvictim",
            "DELETE FROM livedb -- a comment\n.victim",
            "DELETE FROM livedb --\ta comment\n.victim",
            "DELETE FROM livedb # a comment\n.victim",
            "DELETE FROM `livedb`.`victim`",
            "DELETE FROM `livedb` . `victim`",
            "DELETE FROM `LIVEDB`.victim",
            "DELETE FROM \"livedb\".victim",
            "DELETE FROM \"livedb\" . \"victim\"",
            "DELETE FROM livedb /*!.victim */",
            "DELETE FROM /*!50001 livedb . victim */",
            "DELETE FROM /*M!100101 `livedb` .victim */",
            "DELETE FROM livedb .1victim",
            "DROP TABLE livedb . victim",
            "RENAME TABLE t TO livedb . t",
            "ALTER TABLE t RENAME TO livedb . t",
            "CREATE TABLE t LIKE livedb . victim",
            "UPDATE t --\t'\n, livedb.victim SET victim.a = 1 -- '",
            "EXECUTE IMMEDIATE 'DELETE FROM livedb . victim'",
            "SELECT 'a\\' , livedb.victim.x, ' -- \\'",
            "SELECT \"a\\\" , livedb.victim.x, \" -- \\\"",
        ] {
            let why = refusal(sql, &others());
            assert!(
                why.as_deref()
                    .is_some_and(|w| w.contains("the database `")
                        && w.to_ascii_uppercase().contains("LIVEDB")),
                "{sql}: {why:?}"
            );
        }
    }

    #[test]
    fn what_cannot_be_read_is_refused() {
        for sql in [
            "DELETE FROM t WHERE a = 'unclosed",
            "SELECT /*! 'a*/ 1 -- ' */",
            "DELETE FROM t /*! -- */ , livedb.victim",
        ] {
            let why = refusal(sql, &others()).unwrap_or_default();
            assert!(why.contains("cannot be read"), "{sql}: {why}");
        }
    }
}

//! The rules a PostgreSQL scratch database is fenced by when no temporary
//! role could be made (see `dialect::fence`): statements that reach the
//! whole server (roles, tablespaces, other databases, the server's files and
//! settings) are refused, read as the server reads them
//! (`dialect::reading`: comments, quoted and `U&"…"` names, escaped and
//! dollar-quoted strings), strings and function bodies included.

use sqlparser::tokenizer::{Token, Word};

use crate::dialect::reading::{self, has_sequence, is_string, keyword, rest_of_statement};

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
    "PG_LS_LOGDIR",
    "PG_LS_WALDIR",
    "PG_LS_TMPDIR",
    "PG_LS_ARCHIVE_STATUSDIR",
    "PG_STAT_FILE",
    "PG_FILE_WRITE",
    "PG_FILE_RENAME",
    "PG_FILE_UNLINK",
];

/// Why a statement may not run in a scratch database fenced by rules
/// alone, or `None` if it may.
pub(crate) fn refusal(sql: &str) -> Option<String> {
    reading::refusal(sql, reading::POSTGRES, &|toks| match unicode_names(toks) {
        Ok(toks) => rule(&toks),
        Err(why) => Some(why),
    })
}

/// The rules, on one reading's tokens.
fn rule(toks: &[Token]) -> Option<String> {
    if let Some((seq, why)) = SERVER_WIDE.iter().find(|(seq, _)| has_sequence(toks, seq)) {
        return Some(format!("{} ({why})", seq.join(" ")));
    }
    // A function by its name, quoted or not, schema-qualified or not.
    if let Some(f) = toks.iter().find_map(|t| match t {
        Token::Word(w) if SERVER_FUNCTIONS.contains(&w.value.to_ascii_uppercase().as_str()) => {
            Some(w.value.to_ascii_lowercase())
        }
        _ => None,
    }) {
        return Some(format!("{f}() (it reaches beyond this database)"));
    }
    for (i, t) in toks.iter().enumerate() {
        let rest = rest_of_statement(toks, i + 1);
        match keyword(t).as_deref() {
            // LOAD 'library': the statement takes a string (as a word in data it does not).
            Some("LOAD") if rest.first().is_some_and(is_string) => {
                return Some("LOAD (it loads a library into the server)".into())
            }
            // GRANT a TO b without ON: role membership, kept server-wide.
            Some("GRANT" | "REVOKE") if !rest.iter().any(|t| is_keyword(t, "ON")) => {
                return Some(
                    "GRANT/REVOKE of a role (memberships belong to the whole server)".into(),
                )
            }
            // COPY to or from a server file or program; STDIN/STDOUT are fine.
            Some("COPY") if copies_outside(rest) => {
                return Some(
                    "COPY with a server file or PROGRAM (it reaches the server's files)".into(),
                )
            }
            _ => {}
        }
    }
    None
}

fn is_keyword(t: &Token, word: &str) -> bool {
    keyword(t).as_deref() == Some(word)
}

/// `COPY …` names a program, or a file: a string right after FROM or TO.
fn copies_outside(copy: &[Token]) -> bool {
    copy.iter().any(|t| is_keyword(t, "PROGRAM"))
        || copy
            .windows(2)
            .any(|w| (is_keyword(&w[0], "FROM") || is_keyword(&w[0], "TO")) && is_string(&w[1]))
}

/// The tokens with each `U&"…"` name read as the name it spells
/// (`U&"d\0062link"` is `dblink`), or why they cannot be: a `UESCAPE`
/// (another escape character) or an escape that is not one.
fn unicode_names(toks: &[Token]) -> Result<Vec<Token>, String> {
    let mut out: Vec<Token> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        if is_keyword(&toks[i], "UESCAPE") {
            return Err("UESCAPE (a Unicode escape the fence does not read)".into());
        }
        match (&toks[i], toks.get(i + 1), toks.get(i + 2)) {
            (Token::Word(u), Some(Token::Ampersand), Some(Token::Word(w)))
                if u.quote_style.is_none()
                    && u.value.eq_ignore_ascii_case("U")
                    && w.quote_style == Some('"') =>
            {
                let value = unescape(&w.value).ok_or_else(|| {
                    format!("U&\"{}\" (an escape the fence does not read)", w.value)
                })?;
                out.push(Token::Word(Word { value, ..w.clone() }));
                i += 3;
            }
            (t, _, _) => {
                out.push(t.clone());
                i += 1;
            }
        }
    }
    Ok(out)
}

/// A `U&"…"` name's escapes (`\XXXX`, `\+XXXXXX`, `\\`) decoded.
fn unescape(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let rest = chars.as_str();
        let (len, skip) = match rest.chars().next()? {
            '\\' => {
                out.push('\\');
                chars.next();
                continue;
            }
            '+' => (6, 1),
            _ => (4, 0),
        };
        let hex = rest.get(skip..skip + len)?;
        out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
        chars = rest.get(skip + len..)?.chars();
    }
    Some(out)
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

    #[test]
    fn spacing_comments_quoting_and_escapes_change_nothing() {
        for sql in [
            "CREATE/**/ROLE x",
            "CREATE /* a /* nested */ comment */ ROLE x",
            "CREATE -- a comment\nROLE x",
            "create\n\trole x",
            "SELECT \"dblink_exec\"('dbname=live', 'DROP TABLE t')",
            "SELECT public . dblink_exec ('dbname=live', 'DROP TABLE t')",
            "SELECT U&\"d\\0062link_exec\"('dbname=live', 'DROP TABLE t')",
            "SELECT U&\"d\\+000062link_exec\"('dbname=live', 'DROP TABLE t')",
            "SELECT U&\"x!0062\" UESCAPE '!'",
            "DO $$ BEGIN EXECUTE E'DROP \\x44ATABASE live'; END $$",
            "DO $$ BEGIN EXECUTE U&'DROP \\0044ATABASE live'; END $$",
            "DO $body$ BEGIN EXECUTE $q$CREATE ROLE x$q$; END $body$",
            "DO $$ BEGIN GRANT admin TO app; END $$",
            "DO $$ BEGIN EXECUTE 'LOAD ''auto_explain'''; END $$",
            "COPY t\nTO '/tmp/out.csv'",
            "COPY t TO/**/'/tmp/out.csv'",
            "COPY t TO E'/tmp/out.csv'",
            "COPY t TO $$/tmp/out.csv$$",
            "COPY (SELECT 1) TO '/tmp/out.csv'",
            "LOAD $$auto_explain$$",
            "/* first */ LOAD 'auto_explain'",
            "SELECT pg_read_file('/etc/passwd')",
        ] {
            assert!(refusal(sql).is_some(), "{sql}");
        }
        for sql in [
            "COPY t FROM STDIN WITH (FORMAT csv, DELIMITER ',')",
            "INSERT INTO t (note) VALUES (E'it''s a \\x41')",
            "SELECT U&\"d\\0061ta\" FROM t",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
            "SELECT 'a' -- create role x\n",
        ] {
            assert_eq!(refusal(sql), None, "{sql}");
        }
        assert!(refusal("SELECT 'unclosed")
            .unwrap()
            .contains("cannot be read"));
    }
}

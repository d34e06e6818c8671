//! Schema dumps as `schema.sql`: what `pg_dump --schema-only`,
//! `mysqldump --no-data` and `sqlite3 .schema` write around the schema,
//! recognised so that the schema is read and the rest set aside (and listed
//! with `-v`): psql meta-commands (`\restrict`), MySQL's executable comments
//! (`/*!40101 … */`, whose content is the statement), `DELIMITER` blocks,
//! session settings, ownership, privileges, data, transaction control and
//! SQLite's internal tables.

use serde::Serialize;

use crate::script::{Dialect, Statement};

/// Which tool wrote the file, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Written by hand in portable SQL (no dump header).
    Portable,
    /// A database's own dump tool (`pg_dump`, `mysqldump`).
    Dump(Dialect),
}

impl Source {
    /// The dialect a dump's SQL is written in, `None` for portable SQL.
    pub fn dialect(self) -> Option<Dialect> {
        match self {
            Source::Portable => None,
            Source::Dump(d) => Some(d),
        }
    }
}

/// The tool that wrote `text`, from the comment lines at its top.
pub fn source(text: &str) -> Source {
    for line in text.lines().take(20) {
        let l = line.trim();
        if l.starts_with("-- PostgreSQL database dump") {
            return Source::Dump(Dialect::Postgres);
        }
        if l.starts_with("-- MySQL dump") || l.starts_with("-- MariaDB dump") {
            return Source::Dump(Dialect::Mysql);
        }
    }
    Source::Portable
}

/// A statement (or line) of `schema.sql` that is not schema and was set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    /// 1-based line in `schema.sql`.
    pub line: usize,
    /// Why: `session setting`, `ownership`, `privileges`, …
    pub kind: &'static str,
    /// The statement's start, for the listing.
    pub text: String,
}

impl Ignored {
    pub(crate) fn new(line: usize, kind: &'static str, sql: &str) -> Ignored {
        let flat = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut text: String = flat.chars().take(70).collect();
        if text.len() < flat.len() {
            text.push('…');
        }
        Ignored { line, kind, text }
    }
}

/// The server `schema.sql` loads into, as MySQL's executable comments
/// (`/*!NNNNN … */`, MariaDB's `/*M!NNNNNN … */`) ask for it: its version
/// as one number (10.11.19 is 101119, 8.0.36 is 80036) and whether it is
/// MariaDB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVersion {
    /// `major * 10000 + minor * 100 + patch`.
    pub number: u32,
    /// MariaDB (which runs `/*M!` comments, and not MySQL 5.7's and 8's).
    pub mariadb: bool,
}

impl ServerVersion {
    /// From `SELECT VERSION()` (`10.11.19-MariaDB-0+deb12u1`, `8.0.36`).
    pub fn parse(version: &str) -> Option<ServerVersion> {
        let digits = version
            .split(|c: char| !c.is_ascii_digit() && c != '.')
            .next()?;
        let mut parts = digits.split('.').map(|p| p.parse::<u32>().ok());
        let (major, minor, patch) = (
            parts.next()??,
            parts.next()??,
            parts.next().flatten().unwrap_or(0),
        );
        Some(ServerVersion {
            number: major * 10_000 + minor * 100 + patch,
            mariadb: version.contains("MariaDB"),
        })
    }

    /// Whether this server runs the body of a comment marked `version`
    /// (`mariadb_only`: `/*M!`). MariaDB takes `/*!50700` to `/*!99999` for
    /// MySQL 5.7's and 8's own and never runs them (measured on 10.11).
    fn runs(self, version: u32, mariadb_only: bool) -> bool {
        if mariadb_only && !self.mariadb {
            return false;
        }
        if self.mariadb && !mariadb_only && (50_700..100_000).contains(&version) {
            return false;
        }
        version <= self.number
    }
}

/// `text` with psql meta-command lines blanked (recorded in `ignored`) and
/// MySQL executable comments opened, every line kept where it was: each
/// only where `server` runs it (blanked where it does not); `None`: the
/// server is not known, and every comment but those no MariaDB runs is
/// opened.
pub fn unwrap(
    text: &str,
    first_line: usize,
    ignored: &mut Vec<Ignored>,
    server: Option<ServerVersion>,
) -> String {
    if !text.starts_with('\\')
        && !text.contains("\n\\")
        && !text.contains("/*!")
        && !text.contains("/*M!")
    {
        return strip_definers(text, first_line, ignored);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_start().starts_with('\\') {
            ignored.push(Ignored::new(
                first_line + i,
                "psql meta-command",
                line.trim(),
            ));
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(line);
        }
    }
    strip_definers(&open_executable_comments(&out, server), first_line, ignored)
}

/// A mysqldump names a sequence of its own database with that database in
/// a column's default (`nextval(`app`.`ticket_numbers`)`), which the
/// scratch database is not: a sequence the text creates is named there
/// without it, as the default of a table made in its own database reads.
pub fn own_sequences_unqualified(text: &str) -> String {
    let upper = text.to_ascii_uppercase();
    let mut sequences = Vec::new();
    for (at, _) in upper.match_indices("CREATE SEQUENCE ") {
        let rest = text[at + "CREATE SEQUENCE ".len()..].trim_start();
        let rest = rest
            .strip_prefix("IF NOT EXISTS ")
            .or_else(|| rest.strip_prefix("if not exists "))
            .unwrap_or(rest);
        if let Some(name) = rest.strip_prefix('`').and_then(|r| r.split('`').next()) {
            sequences.push(name.to_string());
        }
    }
    let mut out = text.to_string();
    for name in sequences {
        let tail = format!("`.`{name}`)");
        let mut from = 0;
        while let Some(found) = out[from..].find(&tail).map(|i| from + i) {
            // `nextval(`db` …: the qualifier starts after the call's `(`.
            let head = &out[..found];
            let Some(open) = head.rfind("(`") else {
                break;
            };
            let qualifier = &head[open + 1..];
            if qualifier.len() > 1 && !qualifier[1..].contains('`') {
                out.replace_range(open + 1..found + 2, "");
                from = open + 1;
            } else {
                from = found + tail.len();
            }
        }
    }
    out
}

/// `DEFINER=`user`@`host`` taken out of views, triggers and routines
/// (mysqldump writes them): creating an object for another user needs a
/// privilege the scratch database's user does not have, and who defined
/// an object is not schema. The object is then defined by the loader.
pub(crate) fn strip_definers(text: &str, first_line: usize, ignored: &mut Vec<Ignored>) -> String {
    if !text.contains("DEFINER") && !text.contains("definer") && !text.contains("Definer") {
        return text.to_string();
    }
    let upper = text.to_ascii_uppercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let bytes = text.as_bytes();
    while let Some(found) = upper[at..].find("DEFINER") {
        let start = at + found;
        let mut p = start + "DEFINER".len();
        while bytes.get(p).is_some_and(u8::is_ascii_whitespace) {
            p += 1;
        }
        let word_start =
            start == 0 || !bytes[start - 1].is_ascii_alphanumeric() && bytes[start - 1] != b'_';
        if !word_start || bytes.get(p) != Some(&b'=') {
            out.push_str(&text[at..p.max(start + 1)]);
            at = p.max(start + 1);
            continue;
        }
        p += 1;
        // user@host, each part quoted with ` ' " or bare.
        let mut end = p;
        for part in 0..2 {
            while bytes.get(end).is_some_and(u8::is_ascii_whitespace) {
                end += 1;
            }
            match bytes.get(end) {
                Some(&q) if matches!(q, b'`' | b'\'' | b'"') => {
                    end += 1;
                    while bytes.get(end).is_some_and(|&b| b != q) {
                        end += 1;
                    }
                    end += 1;
                }
                _ => {
                    while bytes.get(end).is_some_and(|&b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'%' | b'-')
                    }) {
                        end += 1;
                    }
                }
            }
            if part == 0 {
                if bytes.get(end) != Some(&b'@') {
                    break;
                }
                end += 1;
            }
        }
        let line = first_line + text[..start].matches('\n').count();
        ignored.push(Ignored::new(
            line,
            "definer",
            &text[start..end.min(text.len())],
        ));
        out.push_str(&text[at..start]);
        out.push_str(&" ".repeat(end.min(text.len()) - start));
        at = end.min(text.len());
    }
    out.push_str(&text[at..]);
    out
}

/// `/*!NNNNN body */` → `         body   `: the server runs the body of such
/// a comment, so it is SQL, not a comment; and so MariaDB's own `/*M!NNNNNN
/// body */`. One MariaDB does not run is blanked whole: MariaDB (10.x and
/// later) takes `/*!50700` to `/*!99999` for MySQL 5.7 and 8's own (a MySQL
/// 8 dump's `/*!80016 DEFAULT ENCRYPTION='N' */`), and runs the others
/// when its version reaches them. The server's version is not known here:
/// one no release has (mariadb-dump's `/*M!999999\- enable the sandbox
/// mode */`, 200000 and above) is blanked, any other opened (a dump of a
/// newer server may hold one this one refuses: it fails loading, loudly).
fn open_executable_comments(text: &str, server: Option<ServerVersion>) -> String {
    if !text.contains("/*!") && !text.contains("/*M!") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = [rest.find("/*!"), rest.find("/*M!")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else {
            break;
        };
        out.push_str(&rest[..at]);
        let head = if rest[at..].starts_with("/*M!") { 4 } else { 3 };
        let after = &rest[at + head..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let version: u32 = after[..digits].parse().unwrap_or(0);
        let runs = match server {
            Some(s) => s.runs(version, head == 4),
            None => !(head == 3 && (50700..100_000).contains(&version)) && version < 200_000,
        };
        let body = &after[digits..];
        let end = body.find("*/");
        let inner = &body[..end.unwrap_or(body.len())];
        if !runs {
            // Blanked, its lines kept.
            let blank: String = rest[at..at + head + digits + inner.len() + end.map_or(0, |_| 2)]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' })
                .collect();
            out.push_str(&blank);
        } else {
            out.push_str(&" ".repeat(head + digits));
            out.push_str(inner);
            if end.is_some() {
                out.push_str("  ");
            }
        }
        rest = match end {
            Some(e) => &body[e + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The statements of a part, `DELIMITER` blocks included (mysqldump writes
/// triggers and routines between `DELIMITER ;;` and `DELIMITER ;`).
pub fn statements(text: &str, first_line: usize) -> Vec<Statement> {
    crate::script::delimiter::statements(text, first_line)
}

/// Whether `SET …` assigns only the session context MariaDB keeps with a
/// routine, trigger or event (`sql_mode`, the client's character set and
/// collation, `time_zone`), or user variables that save and restore it,
/// as mysqldump writes around each: `SET @saved_sql_mode = @@sql_mode`,
/// `SET sql_mode = 'STRICT_TRANS_TABLES'`, `SET character_set_client =
/// utf8mb4`. `SET NAMES` and every other setting are not.
fn sets_code_context(sql: &str) -> bool {
    const CONTEXT: [&str; 5] = [
        "sql_mode",
        "character_set_client",
        "character_set_results",
        "collation_connection",
        "time_zone",
    ];
    let Some(assignments) = sql
        .trim()
        .get(3..)
        .filter(|_| sql.trim().len() > 3 && sql.trim()[..3].eq_ignore_ascii_case("SET"))
    else {
        return false;
    };
    let mut pieces = Vec::new();
    let (mut quote, mut start) = (None, 0);
    for (i, c) in assignments.char_indices() {
        match (quote, c) {
            (None, '\'' | '"' | '`') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ',') => {
                pieces.push(&assignments[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&assignments[start..]);
    pieces.iter().all(|piece| {
        let Some((target, _)) = piece.split_once('=') else {
            return false;
        };
        let target = target
            .trim()
            .trim_end_matches(':')
            .trim()
            .to_ascii_lowercase();
        let target = target
            .strip_prefix("session ")
            .or_else(|| target.strip_prefix("@@session."))
            .or_else(|| target.strip_prefix("@@"))
            .unwrap_or(&target)
            .trim();
        target.starts_with('@') && !target.starts_with("@@") || CONTEXT.contains(&target)
    })
}

/// Why a statement is not schema, or `None` when it is. `own` names
/// stillhead's tables, which a dump of a migrated database holds too.
pub fn not_schema(sql: &str, target: Dialect, own: &[&str]) -> Option<&'static str> {
    let words = first_words(sql);
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let upper = || sql.to_ascii_uppercase();
    let kind = match w(0) {
        // The context MariaDB keeps with each routine, trigger and event
        // is set where the dump sets it, so each is made as it was.
        "SET" if target == Dialect::Mysql && sets_code_context(sql) => return None,
        "SET" => "session setting",
        "SELECT" if upper().contains("SET_CONFIG") => "session setting",
        "SELECT" if upper().contains("SETVAL") => "data",
        "INSERT" | "COPY" | "UPDATE" | "DELETE" | "REPLACE" => "data",
        "GRANT" | "REVOKE" => "privileges",
        "ALTER" if w(1) == "DEFAULT" && w(2) == "PRIVILEGES" => "privileges",
        "ALTER" if owner_to(&upper()) => "ownership",
        // Every database's `public` has a comment of PostgreSQL's own that
        // only its owner may change (a superuser before 15): not the
        // schema's; another schema's comment is compared.
        "COMMENT" if w(2) == "EXTENSION" => "extension comment",
        "COMMENT" if w(2) == "SCHEMA" && w(3).trim_matches('"') == "PUBLIC" => {
            "the public schema's comment"
        }
        "CREATE" if w(1) == "DATABASE" => "database creation",
        "CREATE" if w(1) == "SCHEMA" && target == Dialect::Mysql => "database creation",
        // A subscription would connect to its publisher from the scratch
        // database; a publication loads, and the coverage probe names it.
        "CREATE" | "ALTER" if w(1) == "SUBSCRIPTION" => "replication",
        "CREATE" if w(1) == "EVENT" && w(2) == "TRIGGER" => "event trigger (superuser only)",
        "LOCK" | "UNLOCK" => "table locks",
        "BEGIN" | "COMMIT" | "START" | "ROLLBACK" | "END" => "transaction control",
        "PRAGMA" => "pragma",
        "ANALYZE" | "VACUUM" => "maintenance",
        "USE" => "database choice",
        "CREATE" if w(1) == "EXTENSION" && target != Dialect::Postgres => "PostgreSQL extension",
        "DROP" if target == Dialect::Sqlite => "drop",
        _ => return internal_or_own(&words, target, own),
    };
    Some(kind)
}

/// Whether `sql` is a `GRANT` or `REVOKE` that `[autogenerate] privileges`
/// compares: not one on the `public` schema (PostgreSQL's own, which only
/// its owner may change) nor on one of stillhead's tables (`own`), and not
/// `ALTER DEFAULT PRIVILEGES` (which only shapes objects made later).
pub fn is_privilege(sql: &str, own: &[&str]) -> bool {
    let words = first_words(sql);
    if !matches!(words.first().map(String::as_str), Some("GRANT" | "REVOKE")) {
        return false;
    }
    let upper = sql.to_ascii_uppercase();
    let on_public =
        upper.contains(" ON SCHEMA PUBLIC ") || upper.contains(" ON SCHEMA \"PUBLIC\" ");
    let names_own = own.iter().any(|t| {
        let t = t.to_ascii_uppercase();
        upper
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == t)
    });
    !on_public && !names_own
}

/// The first few words of a statement, upper case.
fn first_words(sql: &str) -> Vec<String> {
    sql.split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

/// The table a `CREATE [TEMP] TABLE` statement creates (unqualified,
/// unquoted, lower case).
pub fn created_table(sql: &str) -> Option<String> {
    let words = first_words(sql);
    let kind = words.iter().skip(1).find(|w| {
        !matches!(
            w.as_str(),
            "TEMP" | "TEMPORARY" | "UNLOGGED" | "OR" | "REPLACE"
        )
    })?;
    (words.first()? == "CREATE" && kind == "TABLE")
        .then(|| object_name(&words))
        .flatten()
}

/// `ALTER … OWNER TO …` at the top level of a statement.
fn owner_to(upper: &str) -> bool {
    let flat: Vec<&str> = upper.split_whitespace().collect();
    flat.windows(2).any(|w| w == ["OWNER", "TO"])
}

/// SQLite's internal tables (`sqlite_sequence`, `sqlite_stat1`, …) and
/// stillhead's own tables, named by a `CREATE`/`ALTER` statement.
fn internal_or_own(words: &[String], target: Dialect, own: &[&str]) -> Option<&'static str> {
    let object = object_name(words)?;
    if object.starts_with("sqlite_") && target == Dialect::Sqlite {
        return Some("SQLite internal table");
    }
    own.iter()
        .any(|t| object == t.to_ascii_lowercase() || object.starts_with(&format!("{t}_")))
        .then_some("stillhead's own table")
}

/// The (unqualified, unquoted, lower-case) name a `CREATE TABLE`/`INDEX`/
/// `SEQUENCE` or `ALTER TABLE`/`SEQUENCE` statement is about: for an index,
/// its table.
fn object_name(words: &[String]) -> Option<String> {
    let mut i = match words.first()?.as_str() {
        "CREATE" | "ALTER" => 1,
        _ => return None,
    };
    let skip = [
        "TEMP",
        "TEMPORARY",
        "UNLOGGED",
        "UNIQUE",
        "ONLY",
        "IF",
        "NOT",
        "EXISTS",
        "OR",
        "REPLACE",
    ];
    while skip.contains(&words.get(i)?.as_str()) {
        i += 1;
    }
    let name = match words.get(i)?.as_str() {
        "TABLE" | "SEQUENCE" => {
            i += 1;
            while skip.contains(&words.get(i)?.as_str()) {
                i += 1;
            }
            words.get(i)?
        }
        "INDEX" => {
            let on = words.iter().position(|w| w == "ON")?;
            let mut j = on + 1;
            if words.get(j).map(String::as_str) == Some("ONLY") {
                j += 1;
            }
            words.get(j)?
        }
        _ => return None,
    };
    let last = name.rsplit('.').next()?;
    Some(
        last.trim_matches(|c| matches!(c, '"' | '`' | '\'' | '[' | ']'))
            .to_ascii_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executable_comments_open_as_the_server_runs_them() {
        let maria = ServerVersion::parse("10.11.19-MariaDB-0+deb12u1").unwrap();
        assert_eq!(
            maria,
            ServerVersion {
                number: 101_119,
                mariadb: true
            }
        );
        let mysql = ServerVersion::parse("8.0.36").unwrap();
        assert_eq!(
            mysql,
            ServerVersion {
                number: 80_036,
                mariadb: false
            }
        );
        // Measured on MariaDB 10.11.19: `SELECT 1 /*!… + 1 */` per marker.
        let text = "a /*!50100 b */ /*!50700 c */ /*!100301 d */ /*!101200 e */ /*M!101119 f */ /*M!101120 g */ /*!80016 h */";
        let words = |server| {
            open_executable_comments(text, server)
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(words(Some(maria)), ["a", "b", "d", "f"]);
        assert_eq!(words(Some(mysql)), ["a", "b", "c", "h"]);
        // Not known: all but MySQL 5.7's and 8's and those no release has.
        assert_eq!(words(None), ["a", "b", "d", "e", "f", "g"]);
    }

    #[test]
    fn dump_headers_name_their_tool() {
        assert_eq!(
            source("--\n-- PostgreSQL database dump\n--\n"),
            Source::Dump(Dialect::Postgres)
        );
        assert_eq!(
            source("-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\n"),
            Source::Dump(Dialect::Mysql)
        );
        assert_eq!(source("CREATE TABLE t (id INT);"), Source::Portable);
    }

    #[test]
    fn meta_lines_go_and_executable_comments_open_in_place() {
        let mut ignored = Vec::new();
        let text = "\\restrict abc\nSET x = 1;\n/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE t (id INT) /*!50100 ENGINE=InnoDB */;\n";
        let out = unwrap(text, 10, &mut ignored, None);
        assert_eq!(out.lines().count(), 4);
        assert_eq!(ignored[0].line, 10);
        let stmts = statements(&out, 10);
        let sql: Vec<&str> = stmts.iter().map(|s| s.sql.trim()).collect();
        assert_eq!(sql[1], "SET NAMES utf8mb4");
        assert!(sql[2].ends_with("ENGINE=InnoDB"), "{sql:?}");
        assert_eq!(stmts[2].line, 13);
    }

    #[test]
    fn executable_comments_open_as_mariadb_runs_them() {
        let text = "CREATE TABLE t (b blob /*M!100301 COMPRESSED*/) /*!50100 ENGINE=InnoDB */ /*!80016 DEFAULT ENCRYPTION='N' */;";
        let out = open_executable_comments(text, None);
        assert_eq!(out.len(), text.len());
        assert!(out.contains(" COMPRESSED"), "{out}");
        assert!(!out.contains("/*"), "{out}");
        assert!(out.contains("ENGINE=InnoDB"), "{out}");
        assert!(!out.contains("ENCRYPTION"), "{out}");
        let sandbox = "/*M!999999\\- enable the sandbox mode */\nCREATE TABLE t (id INT);";
        assert_eq!(
            open_executable_comments(sandbox, None).trim(),
            "CREATE TABLE t (id INT);"
        );
        let lines = "SELECT 1 /*!50700 +\n 1 */;\nSELECT 2;";
        assert_eq!(open_executable_comments(lines, None).lines().count(), 3);
    }

    #[test]
    fn a_dumps_own_sequences_are_named_without_its_database() {
        let text = "CREATE SEQUENCE `tickets_seq` start with 1;\nCREATE TABLE `t` (\n  `id` bigint(20) NOT NULL DEFAULT nextval(`app`.`tickets_seq`),\n  `o` bigint(20) DEFAULT nextval(`other`.`elsewhere`)\n);";
        let out = own_sequences_unqualified(text);
        assert!(out.contains("DEFAULT nextval(`tickets_seq`)"), "{out}");
        // A sequence the text does not create keeps its database.
        assert!(out.contains("nextval(`other`.`elsewhere`)"), "{out}");
    }

    #[test]
    fn definers_are_taken_out() {
        let mut ignored = Vec::new();
        let out = unwrap(
            "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`127.0.0.1`*/ /*!50003 TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1 */;;\nCREATE DEFINER = 'app'@'%' VIEW v AS SELECT 1;\nCREATE TABLE definers (id INT);",
            1,
            &mut ignored,
            None,
        );
        assert!(!out.contains("root"), "{out}");
        assert!(!out.contains("'app'"), "{out}");
        assert!(out.contains("CREATE TABLE definers"), "{out}");
        assert_eq!(ignored.iter().map(|i| i.line).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(ignored[0].text, "DEFINER=`root`@`127.0.0.1`");
    }

    #[test]
    fn privileges_kept_where_asked_are_grants_on_the_schemas_own_objects() {
        let own = ["stillhead_version"];
        assert!(is_privilege(
            "GRANT SELECT ON TABLE public.t TO reader",
            &own
        ));
        assert!(is_privilege("REVOKE ALL ON FUNCTION f() FROM PUBLIC", &own));
        assert!(!is_privilege(
            "GRANT USAGE ON SCHEMA public TO reader",
            &own
        ));
        assert!(!is_privilege(
            "GRANT SELECT ON public.stillhead_version TO reader",
            &own
        ));
        assert!(!is_privilege(
            "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r",
            &own
        ));
        assert!(!is_privilege("CREATE TABLE grants (id int)", &own));
    }

    #[test]
    fn the_code_context_a_dump_sets_is_kept_on_mariadb_only() {
        let own = ["stillhead_version"];
        for kept in [
            "SET @saved_cs_client = @@character_set_client",
            "SET character_set_client = utf8mb4",
            "SET sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'",
            "SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO'",
            "SET SESSION time_zone = '+00:00'",
            "SET collation_connection = @saved_col_connection",
        ] {
            assert_eq!(not_schema(kept, Dialect::Mysql, &own), None, "{kept}");
            assert_eq!(
                not_schema(kept, Dialect::Postgres, &own),
                Some("session setting")
            );
        }
        for ignored in [
            "SET NAMES utf8mb4",
            "SET FOREIGN_KEY_CHECKS=0",
            "SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0",
            "SET GLOBAL sql_mode = ''",
            "SET @@global.time_zone = '+00:00'",
        ] {
            assert_eq!(
                not_schema(ignored, Dialect::Mysql, &own),
                Some("session setting"),
                "{ignored}"
            );
        }
    }

    #[test]
    fn what_is_not_schema() {
        let own = ["stillhead_version"];
        let t = Dialect::Postgres;
        assert_eq!(
            not_schema("SET lock_timeout = 0", t, &own),
            Some("session setting")
        );
        assert_eq!(
            not_schema(
                "SELECT pg_catalog.set_config('search_path', '', false)",
                t,
                &own
            ),
            Some("session setting")
        );
        assert_eq!(
            not_schema("ALTER TABLE public.t OWNER TO app", t, &own),
            Some("ownership")
        );
        assert_eq!(
            not_schema(
                "CREATE TABLE public.stillhead_version_log (id int)",
                t,
                &own
            ),
            Some("stillhead's own table")
        );
        assert_eq!(
            not_schema(
                "CREATE TABLE sqlite_sequence(name,seq)",
                Dialect::Sqlite,
                &own
            ),
            Some("SQLite internal table")
        );
        assert_eq!(
            not_schema("CREATE TABLE public.owners (id int)", t, &own),
            None
        );
        assert_eq!(
            not_schema(
                "ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id)",
                t,
                &own
            ),
            None
        );
    }
}

//! Mutation tests on the dump oracle's corpus (issue 24, ARCHITECTURE.md
//! "Tests"): each statement of a corpus file is parsed with sqlparser and
//! changed in one thing at a time (an object dropped, a column dropped, NULL
//! flipped, a default dropped, a type widened, a COLLATE dropped, an
//! identity's ALWAYS/BY DEFAULT flipped, UNIQUE flipped, a key's
//! DEFERRABLE or INITIALLY DEFERRED dropped, a key's or an index's NULLS
//! NOT DISTINCT dropped, a foreign key's MATCH FULL dropped (from the
//! text: sqlparser does not read it), a NOT VALID constraint added by ALTER
//! TABLE made valid, a constraint
//! or index renamed or dropped, a foreign key's action, a CHECK's
//! expression, an index's columns, order or predicate, a view's columns, an
//! enum's labels), then printed back. On S, built by stillhead from the
//! original file, `check` with the variant as `schema.sql` must exit 3
//! naming the object (the mutation is killed); the migration autogenerate
//! writes must bring S's dump to the variant's reference (R', loaded by the
//! client) and its downgrade back to the original's.
//!
//! A variant that loads into the original's dump is the same schema
//! written otherwise (an equivalent mutant): reported, not run.
//!
//! The default run takes a few mutations of each file, spread evenly over
//! its list (deterministic); `every_mutation_of_the_corpus` (ignored) runs
//! them all. Known survivors and wrong migrations are listed in
//! `tests/oracle/KNOWN_SURVIVORS.md`; a new one fails the test, and so
//! does a listed one that the run kills. `STILLHEAD_MUTATIONS_FILTER`
//! (a fragment of `backend | file | mutation`) runs only the mutations
//! whose line holds it.

mod common;

use common::oracle::*;
use common::*;
use sqlparser::ast::{
    AlterTableOperation, CharacterLength, ColumnOption, ColumnOptionDef, ConstraintCharacteristics,
    CreateFunctionBody, CreatePolicyType, DataType, Expr, GeneratedAs, Ident, NullsDistinctOption,
    Owner, ReferentialAction, SelectItem, SetExpr, Statement, TableConstraint,
    UserDefinedTypeRepresentation, Value,
};
use sqlparser::parser::Parser;

/// Mutations taken from each file in the default run.
const PER_FILE: usize = 5;

/// One variant of a corpus file.
struct Mutation {
    /// What was changed, e.g. `orders.note: drop NOT NULL`.
    what: String,
    /// Names of which `check` must mention one (the table, index, view…).
    objects: Vec<String>,
    /// The variant's text.
    schema: String,
}

/// The sqlparser dialect of a backend.
fn dialect(b: Backend) -> Box<dyn sqlparser::dialect::Dialect> {
    match b {
        Backend::Sqlite => Box::new(sqlparser::dialect::SQLiteDialect {}),
        Backend::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
        Backend::Mysql => Box::new(sqlparser::dialect::MySqlDialect {}),
    }
}

/// The last part of a name, unquoted.
fn last(name: &sqlparser::ast::ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.clone())
        .unwrap_or_default()
}

/// One change to a statement: what it is, the objects it touches, and the
/// statement after it (`None`: the statement is removed).
type Edit = (String, Vec<String>, Option<Statement>);

/// Every mutation of every statement of `case`, in file order.
fn mutations(case: &Case) -> Vec<Mutation> {
    // A MariaDB file's `DELIMITER` blocks hold one statement each.
    let statements = stillhead::script::delimiter::statements(&case.text, 1);
    let d = dialect(case.backend);
    let mut out = Vec::new();
    for (i, st) in statements.iter().enumerate() {
        // sqlparser 0.59 does not read a domain's NOT NULL: the domain is
        // read without it, each variant given it back, and a variant of
        // its own drops it.
        let domain_not_null = st.sql.starts_with("CREATE DOMAIN") && st.sql.contains(" NOT NULL");
        let readable = if domain_not_null {
            st.sql.replacen(" NOT NULL", "", 1)
        } else {
            st.sql.clone()
        };
        let edits: Vec<Edit> = match Parser::parse_sql(&*d, &readable) {
            Ok(mut parsed) if parsed.len() == 1 => edits_of(&*d, parsed.remove(0)),
            // What sqlparser cannot read (a trigger body, a virtual table)
            // can still be dropped whole.
            _ => vec![(
                format!("drop `{}`", st.sql.lines().next().unwrap_or("")),
                leading_words(&st.sql),
                None,
            )],
        };
        let with_not_null = |sql: String| {
            if !domain_not_null {
                return sql;
            }
            match sql.find(" CONSTRAINT ") {
                Some(at) => format!("{} NOT NULL{}", &sql[..at], &sql[at..]),
                None => format!("{sql} NOT NULL"),
            }
        };
        let domain_name = domain_not_null
            .then(|| st.sql.split_whitespace().nth(2).map(String::from))
            .flatten();
        let edits = edits
            .into_iter()
            .map(|(what, objects, st)| (what, objects, st.map(|s| with_not_null(s.to_string()))))
            .chain(domain_name.map(|name| {
                (
                    format!("domain {name}: NOT NULL dropped"),
                    vec![name],
                    Some(readable.clone()),
                )
            }))
            .chain(clauses_dropped(&st.sql))
            .chain(partition_changed(&st.sql))
            .chain(matview_column_added(&st.sql))
            .chain(aggregate_options_dropped(&st.sql))
            .chain(comment_changed(&st.sql))
            .chain(exclusion_changed(&st.sql))
            .chain(storage_changed(&st.sql))
            .chain(firing_changed(&st.sql))
            .chain(
                mysql_code_changed(&st.sql)
                    .into_iter()
                    .chain(versioning_dropped(&st.sql))
                    .chain(mysql_partitioning_changed(&st.sql))
                    .chain(mysql_index_options_changed(&st.sql))
                    .filter(|_| case.backend == Backend::Mysql),
            )
            .chain(pg18_changed(&st.sql))
            .chain(
                table_kind_changed(&st.sql)
                    .into_iter()
                    .chain(sqlite_clauses_changed(&st.sql))
                    .filter(|_| case.backend == Backend::Sqlite),
            );
        for (what, objects, replacement) in edits {
            let mut parts: Vec<String> = statements.iter().map(|s| s.sql.clone()).collect();
            match replacement {
                Some(s) => parts[i] = s,
                None => parts[i].clear(),
            }
            let schema = parts
                .into_iter()
                .filter(|p| !p.is_empty())
                .map(|p| statement_for_client(case.backend, &p))
                .collect();
            out.push(Mutation {
                what,
                objects,
                schema,
            });
        }
    }
    out
}

/// `sql;` as the database's client reads it: on MariaDB a compound
/// statement (a body holding `;`) between `DELIMITER` lines, as a dump
/// writes it.
fn statement_for_client(backend: Backend, sql: &str) -> String {
    if backend == Backend::Mysql && sql.contains(';') {
        format!("DELIMITER ;;\n{sql};;\nDELIMITER ;\n\n")
    } else {
        format!("{sql};\n\n")
    }
}

/// MariaDB's routines, triggers and events, which sqlparser does not read,
/// changed in their text one clause at a time (a characteristic, the
/// schedule, the firing order, the body): `check` must name the object
/// (`dialect/mysql/code.rs`).
fn mysql_code_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let words = leading_words(sql);
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let Some(kind) = upper
        .iter()
        .position(|w| matches!(w.as_str(), "FUNCTION" | "PROCEDURE" | "TRIGGER" | "EVENT"))
    else {
        return Vec::new();
    };
    if upper.first().map(String::as_str) != Some("CREATE") {
        return Vec::new();
    }
    let name = words
        .get(kind + 1)
        .map(|n| n.split('(').next().unwrap_or(n).to_string())
        .unwrap_or_default();
    let changes = [
        ("DETERMINISTIC", "NOT DETERMINISTIC"),
        ("READS SQL DATA", "CONTAINS SQL"),
        ("MODIFIES SQL DATA", "READS SQL DATA"),
        ("SQL SECURITY INVOKER", "SQL SECURITY DEFINER"),
        ("COMMENT '", "COMMENT 'changed "),
        ("EVERY 1 DAY", "EVERY 1 HOUR"),
        (
            "STARTS '2031-01-01 03:00:00'",
            "STARTS '2031-01-01 04:00:00'",
        ),
        ("ENDS '2032", "ENDS '2033"),
        ("AT '2031-12-31", "AT '2031-12-30"),
        ("ON COMPLETION PRESERVE", "ON COMPLETION NOT PRESERVE"),
        (" DISABLE ", " ENABLE "),
        ("FOLLOWS", "PRECEDES"),
        ("PRECEDES", "FOLLOWS"),
        ("BEFORE UPDATE", "AFTER UPDATE"),
        ("AFTER UPDATE", "BEFORE UPDATE"),
        ("BEFORE INSERT", "BEFORE UPDATE"),
        ("greatest(", "least("),
        (" * 100", " * 1000"),
        ("'update'", "'changed'"),
        ("IN amount", "INOUT amount"),
    ];
    changes
        .iter()
        .filter(|(from, _)| sql.contains(from))
        .map(|(from, to)| {
            (
                format!(
                    "{} {name}: {from} to {to}",
                    words[kind].to_ascii_lowercase()
                ),
                vec![name.clone()],
                Some(sql.replacen(from, to, 1)),
            )
        })
        .collect()
}

/// MariaDB's `WITH SYSTEM VERSIONING` of a table and `WITHOUT SYSTEM
/// VERSIONING` of a column, which sqlparser does not read, each dropped
/// from the text: `check` must name the table.
fn versioning_dropped(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let words = leading_words(sql);
    if !sql.starts_with("CREATE TABLE") {
        return Vec::new();
    }
    let table = words.get(2).cloned().unwrap_or_default();
    [" WITH SYSTEM VERSIONING", " WITHOUT SYSTEM VERSIONING"]
        .iter()
        .filter(|clause| sql.contains(*clause))
        .map(|clause| {
            (
                format!("table {table}:{clause} dropped"),
                vec![table.clone()],
                Some(sql.replacen(clause, "", 1)),
            )
        })
        .collect()
}

/// MariaDB's index options (`COMMENT '…'`, `IGNORED`) each dropped from
/// one `KEY` line of a `CREATE TABLE`, and a column's `COMPRESSED`:
/// `check` must name the table.
fn mysql_index_options_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let Some(rest) = sql.strip_prefix("CREATE TABLE ") else {
        return Vec::new();
    };
    let table = rest.split_whitespace().next().unwrap_or("").to_string();
    let mut out = Vec::new();
    for line in sql.lines().filter(|l| l.contains(" COMPRESSED ")) {
        let column = line.split_whitespace().next().unwrap_or("").to_string();
        out.push((
            format!("column {table}.{column}: COMPRESSED dropped"),
            vec![table.clone(), column],
            Some(sql.replacen(line, &line.replacen(" COMPRESSED", "", 1), 1)),
        ));
    }
    for line in sql.lines().filter(|l| l.trim_start().starts_with("KEY ")) {
        let key = line.split_whitespace().nth(1).unwrap_or("").to_string();
        for option in [" IGNORED", " COMMENT '"] {
            let Some(at) = line.find(option) else {
                continue;
            };
            let end = if option == " IGNORED" {
                at + option.len()
            } else {
                line[at + option.len()..]
                    .find('\'')
                    .map_or(line.len(), |e| at + option.len() + e + 1)
            };
            let changed = format!("{}{}", &line[..at], &line[end..]);
            out.push((
                format!("index {key}:{} dropped", option.trim_end_matches(" '")),
                vec![table.clone(), key.clone()],
                Some(sql.replacen(line, &changed, 1)),
            ));
        }
    }
    out
}

/// MariaDB's partitioning, which sqlparser does not read, changed in the
/// text: the clause dropped, a partition count raised, a `RANGE` bound
/// moved, the last partition of a list dropped. `check` must name the
/// table.
fn mysql_partitioning_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let Some(rest) = sql.strip_prefix("CREATE TABLE ") else {
        return Vec::new();
    };
    let Some(at) = sql.find("PARTITION BY ") else {
        return Vec::new();
    };
    let table = rest.split_whitespace().next().unwrap_or("").to_string();
    let mut out = Vec::new();
    let mut push = |what: &str, text: String| {
        out.push((
            format!("table {table}: {what}"),
            vec![table.clone()],
            Some(text),
        ))
    };
    push("partitioning dropped", sql[..at].trim_end().to_string());
    for (from, to) in [
        ("PARTITIONS 4", "PARTITIONS 5"),
        ("PARTITIONS 3", "PARTITIONS 2"),
        ("LESS THAN (2026)", "LESS THAN (2025)"),
        ("VALUES IN (1,2)", "VALUES IN (1)"),
        ("SUBPARTITIONS 2", "SUBPARTITIONS 3"),
        ("COMMENT 'the north'", "COMMENT 'north'"),
    ] {
        if sql.contains(from) {
            push(&format!("{from} to {to}"), sql.replacen(from, to, 1));
        }
    }
    // The last partition of a list (`…, PARTITION pmax VALUES …)`).
    if let Some(last) = sql
        .rfind(",\n PARTITION ")
        .or_else(|| sql.rfind(", PARTITION "))
    {
        if sql[last..].contains("VALUES") && sql.trim_end().ends_with(')') {
            push("last partition dropped", format!("{})", &sql[..last]));
        }
    }
    out
}

/// The first words of a statement, bare of quotes and parentheses: where
/// `check`'s message must name one of them (the object the mutated text
/// is about), as a text mutation cannot say which.
fn leading_words(sql: &str) -> Vec<String> {
    sql.split_whitespace()
        .take(6)
        .map(|w| w.trim_matches(['(', '"', '`']).to_string())
        .collect()
}

/// Clauses sqlparser 0.59 does not read (PostgreSQL's `MATCH FULL`, a
/// view's `CHECK OPTION` and `WITH (…)` options): each one in `sql` is
/// replaced in its text (dropped, or turned into its counterpart), a
/// variant of its own.
fn clauses_dropped(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let mut out = Vec::new();
    for (clause, by) in [
        (" MATCH FULL", ""),
        (" WITH LOCAL CHECK OPTION", ""),
        (" WITH CASCADED CHECK OPTION", ""),
        ("LOCAL CHECK OPTION", "CASCADED CHECK OPTION"),
        ("CASCADED CHECK OPTION", "LOCAL CHECK OPTION"),
        (" WITH (security_barrier)", ""),
        ("security_invoker = true", "security_invoker = false"),
        ("security_invoker = false", "security_invoker = true"),
        ("security_barrier, security_invoker", "security_invoker"),
        // An extension moved to the current schema.
        (" WITH SCHEMA ext", ""),
        // An identity column's sequence options.
        (" START WITH 1000", ""),
        (" CACHE 20", ""),
        (" CYCLE)", ")"),
        (" MAXVALUE 0", ""),
        // SQLite's deferred foreign keys and collations (its table kinds:
        // `table_kind_changed`).
        (" DEFERRABLE INITIALLY DEFERRED", ""),
        (" COLLATE NOCASE", " COLLATE RTRIM"),
        // MariaDB's table and column collations.
        (" DEFAULT CHARSET=latin1", ""),
        (" COLLATE=utf8mb4_bin", ""),
        ("COLLATE=utf8mb4_unicode_ci", "COLLATE=utf8mb4_bin"),
        (" COLLATE latin1_general_ci", ""),
        (" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", ""),
        // A MariaDB unique key's prefix length and order.
        ("(bio(100))", "(bio(50))"),
        ("name(10), id DESC", "name(10), id"),
        // MariaDB's sequences (CACHE 20: above).
        (" INCREMENT BY 10", " INCREMENT BY 5"),
        (" MAXVALUE 999999", ""),
        (" CACHE 20 CYCLE", " CACHE 20"),
        ("START WITH 1000 ", "START WITH 2000 "),
        // MariaDB's table options.
        (" ROW_FORMAT=COMPRESSED", ""),
        (" STATS_PERSISTENT=1", " STATS_PERSISTENT=0"),
        (" CHECKSUM=1", ""),
        (" MAX_ROWS=1000", " MAX_ROWS=2000"),
        (" DELAY_KEY_WRITE=1", ""),
        // MariaDB's engines and invisible columns.
        (") ENGINE=MyISAM", ") ENGINE=InnoDB"),
        (") ENGINE=MEMORY", ") ENGINE=MyISAM"),
        (" DEFAULT NULL INVISIBLE", " DEFAULT NULL"),
        // MariaDB's view options (check options: above).
        (" SQL SECURITY INVOKER VIEW", " VIEW"),
        ("CREATE ALGORITHM=MERGE", "CREATE ALGORITHM=UNDEFINED"),
        ("CREATE ALGORITHM=TEMPTABLE", "CREATE"),
    ] {
        if let Some(at) = sql.find(clause) {
            let objects = leading_words(sql);
            let first = sql.lines().next().unwrap_or("");
            let what = if by.is_empty() {
                format!("`{first}`: {} dropped", clause.trim())
            } else {
                format!("`{first}`: {} made {by}", clause.trim())
            };
            out.push((
                what,
                objects,
                Some(format!("{}{by}{}", &sql[..at], &sql[at + clause.len()..])),
            ));
        }
    }
    out
}

/// A partition's bound or a partition key changed in the text (sqlparser
/// 0.59 does not read `CREATE TABLE … PARTITION OF`, nor a key part with
/// an operator class): a list partition's last value dropped, a
/// partition made the `DEFAULT` one (detached and attached again), and a
/// key's operator class dropped (which autogenerate refuses:
/// `AutogenError::Repartition`).
fn partition_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let mut out = Vec::new();
    let Some(rest) = sql.trim_start().strip_prefix("CREATE TABLE ") else {
        return out;
    };
    let name = rest.split_whitespace().next().unwrap_or("").to_string();
    let first = sql.lines().next().unwrap_or("");
    let mut push = |what: &str, text: String| {
        out.push((format!("`{first}`: {what}"), vec![name.clone()], Some(text)))
    };
    if let Some(at) = sql.find("FOR VALUES IN (") {
        let open = at + "FOR VALUES IN (".len();
        if let Some(close) = sql[open..].find(')').map(|c| open + c) {
            if let Some(comma) = sql[open..close].rfind(',').map(|c| open + c) {
                push(
                    "last value of the list dropped",
                    format!("{}{}", &sql[..comma], &sql[close..]),
                );
            }
        }
    }
    if let Some(at) = sql.find("FOR VALUES ") {
        // The bound runs to the end, or to a PARTITION BY of its own.
        let end = sql[at..]
            .find(" PARTITION BY")
            .map_or(sql.len(), |e| at + e);
        push(
            "made the DEFAULT partition",
            format!("{}DEFAULT{}", &sql[..at], &sql[end..]),
        );
    }
    if let Some(at) = sql.find("PARTITION BY ") {
        if let Some(ops) = sql[at..].find("_ops").map(|o| at + o + "_ops".len()) {
            if let Some(space) = sql[at..ops].rfind(' ').map(|s| at + s) {
                push(
                    "operator class of the partition key dropped",
                    format!("{}{}", &sql[..space], &sql[ops..]),
                );
            }
        }
    }
    out
}

/// A `CREATE MATERIALIZED VIEW` (which sqlparser 0.59 does not read with
/// its `WITH [NO] DATA`) with a column added to its query: `check` must
/// name the view.
fn matview_column_added(sql: &str) -> Option<(String, Vec<String>, Option<String>)> {
    let head = "CREATE MATERIALIZED VIEW ";
    let name = sql
        .trim_start()
        .strip_prefix(head)?
        .split_whitespace()
        .next()?;
    let at = sql.find("SELECT ")? + "SELECT ".len();
    Some((
        format!("materialized view {name}: a column added"),
        vec![name.to_string()],
        Some(format!("{}1 AS oracle_extra, {}", &sql[..at], &sql[at..])),
    ))
}

/// A `CREATE AGGREGATE` (which sqlparser 0.59 does not read) with one of
/// its options, written one a line, left out: each a variant of its own
/// but `SFUNC` and `STYPE`, which every aggregate needs.
fn aggregate_options_dropped(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let Some(rest) = sql.trim_start().strip_prefix("CREATE AGGREGATE ") else {
        return Vec::new();
    };
    let name = rest.split('(').next().unwrap_or("").trim().to_string();
    let lines: Vec<&str> = sql.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let option = line.trim().trim_end_matches(',');
        let indented = line.starts_with("    ") && !option.is_empty();
        if !indented || option.starts_with("SFUNC") || option.starts_with("STYPE") {
            continue;
        }
        let mut kept: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        kept.remove(i);
        // The option before the closing parenthesis loses its comma.
        if let Some(before) = kept.get_mut(i - 1).filter(|_| !line.ends_with(',')) {
            *before = before.trim_end_matches(',').to_string();
        }
        out.push((
            format!("aggregate {name}: {option} dropped"),
            vec![name.clone()],
            Some(kept.join("\n")),
        ));
    }
    out
}

/// A SQLite table's kind changed: each of `STRICT` and `WITHOUT ROWID`
/// after the column list dropped (one at a time where both are). `check`
/// must name the table.
fn table_kind_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let mut out = Vec::new();
    let Some(rest) = sql.trim_start().strip_prefix("CREATE TABLE ") else {
        return out;
    };
    let Some(end) = sql.rfind(')') else {
        return out;
    };
    let table = rest.split_whitespace().next().unwrap_or("").to_string();
    let options: Vec<&str> = sql[end + 1..]
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .collect();
    if !options
        .iter()
        .all(|o| ["STRICT", "WITHOUT ROWID"].contains(o))
    {
        return out;
    }
    let mut push = |what: String, kept: Vec<&str>| {
        out.push((
            format!("{table}: {what}"),
            vec![table.clone()],
            Some(
                format!("{} {}", &sql[..=end], kept.join(", "))
                    .trim_end()
                    .to_string(),
            ),
        ))
    };
    for (i, option) in options.iter().enumerate() {
        let mut kept = options.clone();
        kept.remove(i);
        push(format!("{option} dropped"), kept);
    }
    out
}

/// SQLite's constraint clauses changed in the text, each occurrence a
/// variant of its own (sqlparser does not read a table key's conflict
/// clause nor `MATCH`, and prints no column constraint's name): a conflict
/// clause dropped and made another, a column's `PRIMARY KEY DESC` made
/// ascending, a `MATCH` dropped, a column constraint's name changed.
/// `check` must name the table.
fn sqlite_clauses_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let mut out = Vec::new();
    let Some(rest) = sql.trim_start().strip_prefix("CREATE TABLE ") else {
        return out;
    };
    let table = rest.split_whitespace().next().unwrap_or("").to_string();
    let mut variant = |what: String, at: usize, len: usize, by: &str| {
        out.push((
            format!("{table}: {what}"),
            vec![table.clone()],
            Some(format!("{}{by}{}", &sql[..at], &sql[at + len..])),
        ));
    };
    for action in ["ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"] {
        let clause = format!(" ON CONFLICT {action}");
        let other = if action == "REPLACE" {
            " ON CONFLICT IGNORE"
        } else {
            " ON CONFLICT REPLACE"
        };
        for (at, _) in sql.match_indices(&clause) {
            variant(
                format!("{} at {at} dropped", clause.trim()),
                at,
                clause.len(),
                "",
            );
            variant(
                format!("{} at {at} made{other}", clause.trim()),
                at,
                clause.len(),
                other,
            );
        }
    }
    for clause in [
        " PRIMARY KEY DESC",
        " MATCH FULL",
        " MATCH SIMPLE",
        " MATCH PARTIAL",
    ] {
        for (at, _) in sql.match_indices(clause) {
            let by = if clause.contains("PRIMARY") {
                " PRIMARY KEY"
            } else {
                ""
            };
            variant(
                format!("{} at {at} made `{}`", clause.trim(), by.trim()),
                at,
                clause.len(),
                by,
            );
        }
    }
    // A column constraint's name: a CONSTRAINT after the line's first word.
    let mut line_start = 0;
    for line in sql.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let first_word_end = line.len() - trimmed.len() + trimmed.find(' ').unwrap_or(0);
        for (at, _) in line
            .match_indices(" CONSTRAINT ")
            .filter(|(at, _)| *at >= first_word_end && !trimmed.starts_with("CONSTRAINT"))
        {
            let name_at = at + " CONSTRAINT ".len();
            let name_len = line[name_at..].find(' ').unwrap_or(line.len() - name_at);
            let name = &line[name_at..name_at + name_len];
            variant(
                format!("constraint {name} renamed"),
                line_start + name_at,
                name_len,
                &format!("{name}_x"),
            );
        }
        line_start += line.len();
    }
    out
}

/// PostgreSQL 18's additions to a table, which sqlparser 0.59 does not
/// read: a generated column's kind flipped (`VIRTUAL` to `STORED` and
/// back, in a statement that has a `VIRTUAL` one), and a `NOT NULL`
/// constraint's name dropped (PostgreSQL then chooses it) or changed.
/// `check` must name the table.
fn pg18_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let mut out = Vec::new();
    let Some(rest) = sql.trim_start().strip_prefix("CREATE TABLE ") else {
        return out;
    };
    let table = rest.split_whitespace().next().unwrap_or("").to_string();
    if sql.contains(") VIRTUAL") {
        for (from, to) in [(") VIRTUAL", ") STORED"), (") STORED", ") VIRTUAL")] {
            for (at, _) in sql.match_indices(from) {
                let column = sql[..at]
                    .lines()
                    .last()
                    .unwrap_or("")
                    .split_whitespace()
                    .next();
                out.push((
                    format!(
                        "{table}.{}: {} made {}",
                        column.unwrap_or(""),
                        &from[2..],
                        &to[2..]
                    ),
                    vec![table.clone()],
                    Some(format!("{}{to}{}", &sql[..at], &sql[at + from.len()..])),
                ));
            }
        }
    }
    for line in sql.lines() {
        let Some(at) = line.find(" CONSTRAINT ") else {
            continue;
        };
        let after = &line[at + " CONSTRAINT ".len()..];
        let Some(name) = after.split_whitespace().next() else {
            continue;
        };
        if !after[name.len()..].trim_start().starts_with("NOT NULL") {
            continue;
        }
        let clause = &line[at..at + " CONSTRAINT ".len() + name.len()];
        for (what, by) in [
            ("dropped", String::new()),
            ("changed", format!(" CONSTRAINT {name}_x")),
        ] {
            out.push((
                format!("{table}: NOT NULL constraint {name}'s name {what}"),
                vec![table.clone()],
                Some(sql.replacen(line, &line.replacen(clause, &by, 1), 1)),
            ));
        }
    }
    out
}

/// A trigger's firing state set otherwise (`ALTER TABLE … DISABLE
/// TRIGGER` made `ENABLE ALWAYS`, and so on round): `check` must name the
/// trigger.
fn firing_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let states = [
        " DISABLE TRIGGER ",
        " ENABLE ALWAYS TRIGGER ",
        " ENABLE REPLICA TRIGGER ",
    ];
    let Some(i) = states.iter().position(|s| sql.contains(s)) else {
        return Vec::new();
    };
    let other = states[(i + 1) % states.len()];
    let trigger = sql.rsplit(' ').next().unwrap_or("").to_string();
    vec![(
        format!("`{sql}`: made{}", other.trim_end_matches(" TRIGGER ")),
        vec![trigger],
        Some(sql.replacen(states[i], other, 1)),
    )]
}

/// Storage parameters (`WITH (fillfactor=70)` of a table, an index, a
/// key's index or a materialized view) and a key's `INCLUDE`, which
/// sqlparser 0.59 does not read everywhere, changed in the text: the
/// `WITH (…)` dropped, a fillfactor lowered, an `INCLUDE (…)` dropped.
/// `check` must name the object.
fn storage_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    if sql.contains("EXCLUDE USING ") || sql.contains("security_") {
        return Vec::new();
    }
    let objects: Vec<String> = leading_words(sql);
    let first = sql.lines().next().unwrap_or("");
    let mut out = Vec::new();
    let mut clause_dropped = |what: &str, head: &str| {
        let Some(at) = sql.find(head) else {
            return;
        };
        let Some(len) = sql[at..].find(')') else {
            return;
        };
        let clause = &sql[at..=at + len];
        if head == " WITH (" && !clause.contains('=') {
            return;
        }
        out.push((
            format!("`{first}`: {what} dropped"),
            objects.clone(),
            Some(format!("{}{}", &sql[..at], &sql[at + len + 1..])),
        ));
    };
    clause_dropped("WITH (…)", " WITH (");
    if sql.starts_with("ALTER TABLE") {
        clause_dropped("INCLUDE (…)", " INCLUDE (");
    }
    if let Some(at) = sql.find("fillfactor=") {
        let digits = &sql[at + "fillfactor=".len()..];
        let n: String = digits.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(value) = n.parse::<u32>() {
            let end = at + "fillfactor=".len() + n.len();
            out.push((
                format!("`{first}`: fillfactor {value} made {}", value - 10),
                objects,
                Some(format!(
                    "{}fillfactor={}{}",
                    &sql[..at],
                    value - 10,
                    &sql[end..]
                )),
            ));
        }
    }
    out
}

/// An exclusion constraint (which sqlparser 0.59 does not read) changed
/// in its text, one thing at a time: an operator, its predicate negated,
/// its `INCLUDE`, `WITH (…)`, `DEFERRABLE` or `INITIALLY DEFERRED`
/// dropped, its name dropped or one given. `check` must name the table.
fn exclusion_changed(sql: &str) -> Vec<(String, Vec<String>, Option<String>)> {
    let Some(start) = sql.find("EXCLUDE USING ") else {
        return Vec::new();
    };
    let objects: Vec<String> = leading_words(sql);
    let first = sql.lines().next().unwrap_or("");
    let mut out = Vec::new();
    let mut edit = |what: &str, from: &str, to: &str| {
        if let Some(at) = sql[start..].find(from).map(|at| at + start) {
            out.push((
                format!("`{first}`: exclusion constraint's {what}"),
                objects.clone(),
                Some(format!("{}{to}{}", &sql[..at], &sql[at + from.len()..])),
            ));
        }
    };
    edit("&& made =", " WITH &&", " WITH =");
    edit("predicate negated", " WHERE (NOT ", " WHERE (");
    edit("INCLUDE dropped", " INCLUDE (note)", "");
    edit("WITH dropped", " WITH (fillfactor = 80)", "");
    edit("INITIALLY DEFERRED dropped", " INITIALLY DEFERRED", "");
    edit("DEFERRABLE dropped", " DEFERRABLE INITIALLY DEFERRED", "");
    edit(
        "name given",
        "ADD EXCLUDE",
        "ADD CONSTRAINT oracle_named EXCLUDE",
    );
    // `ADD CONSTRAINT name EXCLUDE`: the name left to PostgreSQL.
    if let Some(at) = sql.find("ADD CONSTRAINT ") {
        let rest = &sql[at + "ADD CONSTRAINT ".len()..];
        if let Some(end) = rest.find(char::is_whitespace) {
            if rest[end..].trim_start().starts_with("EXCLUDE") {
                let after = &rest[end..];
                out.push((
                    format!("`{first}`: exclusion constraint's name dropped"),
                    objects.clone(),
                    Some(format!("{}ADD{after}", &sql[..at])),
                ));
            }
        }
    }
    out
}

/// A `COMMENT ON … IS '…'` with other words (sqlparser reads only a
/// table's and a column's): `check` must name the object.
fn comment_changed(sql: &str) -> Option<(String, Vec<String>, Option<String>)> {
    if !sql
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("COMMENT ON")
    {
        return None;
    }
    let at = sql.rfind('\'')?;
    let first = sql.lines().next().unwrap_or("");
    // The name after `COMMENT ON KIND`, without arguments; a column's
    // own name too (`check` words it `column c`).
    let name = sql
        .split_whitespace()
        .nth(3)?
        .split('(')
        .next()?
        .trim_matches('"')
        .to_string();
    let own = name.rsplit('.').next().unwrap_or(&name).to_string();
    let objects = vec![name, own];
    Some((
        format!("`{first}`: comment changed"),
        objects,
        Some(format!("{} (changed){}", &sql[..at], &sql[at..])),
    ))
}

/// The edits of one parsed statement.
fn edits_of(d: &dyn sqlparser::dialect::Dialect, st: Statement) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    match &st {
        Statement::CreateTable(t) => {
            let table = last(&t.name);
            out.push((format!("drop table {table}"), vec![table.clone()], None));
            for (j, c) in t.columns.iter().enumerate() {
                let col = format!("{table}.{}", c.name.value);
                let objects = vec![table.clone(), c.name.value.clone()];
                if t.columns.len() > 1 {
                    let mut changed = st.clone();
                    if let Statement::CreateTable(t) = &mut changed {
                        t.columns.remove(j);
                    }
                    out.push((
                        format!("{col}: drop column"),
                        vec![table.clone(), c.name.value.clone()],
                        Some(changed),
                    ));
                }
                let mut edit = |what: &str, f: &dyn Fn(&mut sqlparser::ast::ColumnDef)| {
                    let mut changed = st.clone();
                    if let Statement::CreateTable(t) = &mut changed {
                        f(&mut t.columns[j]);
                    }
                    out.push((format!("{col}: {what}"), objects.clone(), Some(changed)));
                };
                let has = |p: fn(&ColumnOption) -> bool| c.options.iter().any(|o| p(&o.option));
                if has(|o| matches!(o, ColumnOption::NotNull)) {
                    edit("drop NOT NULL", &|c| {
                        c.options
                            .retain(|o| !matches!(o.option, ColumnOption::NotNull))
                    });
                } else if !has(|o| {
                    matches!(
                        o,
                        ColumnOption::Unique {
                            is_primary: true,
                            ..
                        }
                    )
                }) {
                    edit("add NOT NULL", &|c| {
                        c.options.push(ColumnOptionDef {
                            name: None,
                            option: ColumnOption::NotNull,
                        })
                    });
                }
                if has(|o| matches!(o, ColumnOption::Default(_))) {
                    edit("drop DEFAULT", &|c| {
                        c.options
                            .retain(|o| !matches!(o.option, ColumnOption::Default(_)))
                    });
                }
                if has(|o| {
                    matches!(
                        o,
                        ColumnOption::Unique {
                            is_primary: false,
                            ..
                        }
                    )
                }) {
                    edit("drop UNIQUE", &|c| {
                        c.options.retain(|o| {
                            !matches!(
                                o.option,
                                ColumnOption::Unique {
                                    is_primary: false,
                                    ..
                                }
                            )
                        })
                    });
                }
                if let Some(wider) = widened(&c.data_type) {
                    edit(&format!("type {} to {wider}", c.data_type), &|c| {
                        c.data_type = wider.clone()
                    });
                }
                if has(|o| matches!(o, ColumnOption::Collation(_))) {
                    edit("drop COLLATE", &|c| {
                        c.options
                            .retain(|o| !matches!(o.option, ColumnOption::Collation(_)))
                    });
                }
                let identity = |o: &ColumnOption| {
                    matches!(
                        o,
                        ColumnOption::Generated {
                            generated_as: GeneratedAs::Always | GeneratedAs::ByDefault,
                            generation_expr: None,
                            ..
                        }
                    )
                };
                if c.options.iter().any(|o| identity(&o.option)) {
                    edit("identity ALWAYS/BY DEFAULT flipped", &|c| {
                        for o in &mut c.options {
                            if let ColumnOption::Generated {
                                generated_as,
                                generation_expr: None,
                                ..
                            } = &mut o.option
                            {
                                *generated_as = match generated_as {
                                    GeneratedAs::Always => GeneratedAs::ByDefault,
                                    _ => GeneratedAs::Always,
                                };
                            }
                        }
                    });
                }
                if has(|o| matches!(o, ColumnOption::Check(_))) {
                    edit("CHECK negated", &|c| {
                        for o in &mut c.options {
                            if let ColumnOption::Check(e) = &mut o.option {
                                *e = negated(d, e);
                            }
                        }
                    });
                }
                if has(|o| matches!(o, ColumnOption::ForeignKey { .. })) {
                    edit("foreign key ON DELETE changed", &|c| {
                        for o in &mut c.options {
                            if let ColumnOption::ForeignKey { on_delete, .. } = &mut o.option {
                                *on_delete = other_action(*on_delete);
                            }
                        }
                    });
                }
            }
            for (j, k) in t.constraints.iter().enumerate() {
                let label = constraint_label(k);
                let objects = vec![table.clone(), label.clone()];
                let mut dropped = st.clone();
                if let Statement::CreateTable(t) = &mut dropped {
                    t.constraints.remove(j);
                }
                out.push((
                    format!("{table} {label}: drop"),
                    objects.clone(),
                    Some(dropped),
                ));
                let mut edit = |what: &str, f: &dyn Fn(&mut TableConstraint)| {
                    let mut changed = st.clone();
                    if let Statement::CreateTable(t) = &mut changed {
                        f(&mut t.constraints[j]);
                    }
                    out.push((
                        format!("{table} {label}: {what}"),
                        objects.clone(),
                        Some(changed),
                    ));
                };
                if constraint_name(k).is_some() {
                    edit("rename", &|k| {
                        if let Some(n) = constraint_name_mut(k) {
                            n.value.push_str("_x");
                        }
                    });
                }
                if let Some(ch) = characteristics(k) {
                    edit("DEFERRABLE dropped", &|k| {
                        *characteristics_mut(k) = None;
                    });
                    if ch.initially.is_some() {
                        edit("INITIALLY DEFERRED dropped", &|k| {
                            if let Some(ch) = characteristics_mut(k) {
                                ch.initially = None;
                            }
                        });
                    }
                }
                if matches!(
                    k,
                    TableConstraint::Unique {
                        nulls_distinct: NullsDistinctOption::NotDistinct,
                        ..
                    }
                ) {
                    edit("NULLS NOT DISTINCT dropped", &|k| {
                        if let TableConstraint::Unique { nulls_distinct, .. } = k {
                            *nulls_distinct = NullsDistinctOption::None;
                        }
                    });
                }
                match k {
                    TableConstraint::ForeignKey { .. } => edit("ON DELETE changed", &|k| {
                        if let TableConstraint::ForeignKey { on_delete, .. } = k {
                            *on_delete = other_action(*on_delete);
                        }
                    }),
                    TableConstraint::Check { .. } => edit("expression negated", &|k| {
                        if let TableConstraint::Check { expr, .. } = k {
                            **expr = negated(d, expr);
                        }
                    }),
                    TableConstraint::Unique { columns, .. }
                    | TableConstraint::Index { columns, .. }
                        if columns.len() > 1 =>
                    {
                        edit("columns reversed", &|k| {
                            if let TableConstraint::Unique { columns, .. }
                            | TableConstraint::Index { columns, .. } = k
                            {
                                columns.reverse();
                            }
                        })
                    }
                    _ => {}
                }
            }
        }
        Statement::CreateIndex(i) => {
            let name = i.name.as_ref().map(last).unwrap_or_default();
            let objects = vec![name.clone(), last(&i.table_name)];
            out.push((format!("index {name}: drop"), vec![name.clone()], None));
            let mut edit = |what: &str, f: &dyn Fn(&mut sqlparser::ast::CreateIndex)| {
                let mut changed = st.clone();
                if let Statement::CreateIndex(i) = &mut changed {
                    f(i);
                }
                out.push((
                    format!("index {name}: {what}"),
                    objects.clone(),
                    Some(changed),
                ));
            };
            edit("rename", &|i| {
                if let Some(n) = &mut i.name {
                    if let Some(p) = n.0.last_mut().and_then(|p| p.as_ident().cloned()) {
                        *n.0.last_mut().unwrap() = sqlparser::ast::ObjectNamePart::Identifier(
                            Ident::new(format!("{}_x", p.value)),
                        );
                    }
                }
            });
            edit(
                if i.unique {
                    "drop UNIQUE"
                } else {
                    "make UNIQUE"
                },
                &|i| i.unique = !i.unique,
            );
            edit("first column's order flipped", &|i| {
                let asc = &mut i.columns[0].column.options.asc;
                *asc = Some(asc == &Some(false));
            });
            if i.columns.len() > 1 {
                edit("last column dropped", &|i| {
                    i.columns.pop();
                });
            }
            if i.predicate.is_some() {
                edit("predicate dropped", &|i| i.predicate = None);
            }
            if i.nulls_distinct == Some(false) {
                edit("NULLS NOT DISTINCT dropped", &|i| i.nulls_distinct = None);
            }
        }
        Statement::CreateSequence {
            name,
            sequence_options,
            ..
        } => {
            let seq = last(name);
            out.push((format!("sequence {seq}: drop"), vec![seq.clone()], None));
            // Each option left out (back to its default), one at a time.
            for (j, option) in sequence_options.iter().enumerate() {
                let mut changed = st.clone();
                if let Statement::CreateSequence {
                    sequence_options, ..
                } = &mut changed
                {
                    sequence_options.remove(j);
                }
                out.push((
                    format!("sequence {seq}:{option} dropped"),
                    vec![seq.clone()],
                    Some(changed),
                ));
            }
        }
        Statement::CreateView { name, .. } => {
            let view = last(name);
            out.push((format!("view {view}: drop"), vec![view.clone()], None));
            let mut changed = st.clone();
            if let Statement::CreateView { query, .. } = &mut changed {
                if let SetExpr::Select(s) = query.body.as_mut() {
                    s.projection.push(SelectItem::ExprWithAlias {
                        expr: Expr::value(Value::Number("1".into(), false)),
                        alias: Ident::new("oracle_extra"),
                    });
                }
            }
            out.push((
                format!("view {view}: a column added"),
                vec![view],
                Some(changed),
            ));
        }
        Statement::CreateType {
            name,
            representation: UserDefinedTypeRepresentation::Enum { .. },
        } => {
            let ty = last(name);
            let mut changed = st.clone();
            if let Statement::CreateType {
                representation: UserDefinedTypeRepresentation::Enum { labels },
                ..
            } = &mut changed
            {
                labels.push(Ident::with_quote('\'', "oracle_extra"));
            }
            out.push((format!("enum {ty}: a label added"), vec![ty], Some(changed)));
        }
        Statement::CreateDomain(domain) => {
            let (name, dl) = (last(&domain.name), d);
            out.push(dropped(&st));
            let mut edit = |what: String, f: &dyn Fn(&mut sqlparser::ast::CreateDomain)| {
                let mut changed = st.clone();
                if let Statement::CreateDomain(d) = &mut changed {
                    f(d);
                }
                out.push((
                    format!("domain {name}: {what}"),
                    vec![name.clone()],
                    Some(changed),
                ));
            };
            for (j, k) in domain.constraints.iter().enumerate() {
                let label = constraint_label(k);
                edit(format!("{label} dropped"), &|d| {
                    d.constraints.remove(j);
                });
                edit(format!("{label} negated"), &|d| {
                    if let TableConstraint::Check { expr, .. } = &mut d.constraints[j] {
                        **expr = negated(dl, expr);
                    }
                });
            }
            if domain.default.is_some() {
                edit("DEFAULT dropped".into(), &|d| d.default = None);
            }
            if domain.collation.is_some() {
                edit("COLLATE dropped".into(), &|d| d.collation = None);
            }
        }
        Statement::CreateType {
            name,
            representation: UserDefinedTypeRepresentation::Composite { attributes },
        } => {
            let ty = last(name);
            out.push(dropped(&st));
            let mut edit = |what: String,
                            f: &dyn Fn(
                &mut Vec<sqlparser::ast::UserDefinedTypeCompositeAttributeDef>,
            )| {
                let mut changed = st.clone();
                if let Statement::CreateType {
                    representation: UserDefinedTypeRepresentation::Composite { attributes },
                    ..
                } = &mut changed
                {
                    f(attributes);
                }
                out.push((
                    format!("composite type {ty}: {what}"),
                    vec![ty.clone()],
                    Some(changed),
                ));
            };
            for (j, a) in attributes.iter().enumerate() {
                if attributes.len() > 1 {
                    edit(format!("attribute {} dropped", a.name), &|a| {
                        a.remove(j);
                    });
                }
                if a.collation.is_some() {
                    edit(format!("attribute {}: COLLATE dropped", a.name), &|a| {
                        a[j].collation = None;
                    });
                }
            }
            edit("an attribute added".into(), &|a| {
                a.push(sqlparser::ast::UserDefinedTypeCompositeAttributeDef {
                    name: Ident::new("oracle_extra"),
                    data_type: DataType::Text,
                    collation: None,
                })
            });
        }
        Statement::AlterTable { operations, .. } => {
            out.push(dropped(&st));
            let not_valid = |o: &AlterTableOperation| {
                matches!(
                    o,
                    AlterTableOperation::AddConstraint {
                        not_valid: true,
                        ..
                    }
                )
            };
            if operations.iter().any(not_valid) {
                let (what, objects, _) = dropped(&st);
                let mut changed = st.clone();
                if let Statement::AlterTable { operations, .. } = &mut changed {
                    for o in operations {
                        if let AlterTableOperation::AddConstraint { not_valid, .. } = o {
                            *not_valid = false;
                        }
                    }
                }
                out.push((
                    format!("{}: NOT VALID dropped", what.trim_start_matches("drop ")),
                    objects,
                    Some(changed),
                ));
            }
        }
        Statement::CreateFunction(f) => {
            out.push(dropped(&st));
            let name = last(&f.name);
            let mut changed = st.clone();
            let mut edited = false;
            if let Statement::CreateFunction(f) = &mut changed {
                if let Some(CreateFunctionBody::AsBeforeOptions(Expr::Value(v))) =
                    &mut f.function_body
                {
                    if let Value::DollarQuotedString(body) = &mut v.value {
                        // A comment changes the text PostgreSQL keeps, not
                        // what the function does: compared as written.
                        body.value.push_str("\n-- oracle_extra\n");
                        edited = true;
                    }
                }
            }
            if edited {
                out.push((
                    format!("function {name}: body changed"),
                    vec![name],
                    Some(changed),
                ));
            }
        }
        Statement::CreatePolicy {
            name,
            using,
            with_check,
            policy_type,
            to,
            ..
        } => {
            out.push(dropped(&st));
            let label = name.value.clone();
            let edit = |what: &str, f: &dyn Fn(&mut Statement)| -> Edit {
                let mut changed = st.clone();
                f(&mut changed);
                (
                    format!("policy {label}: {what}"),
                    vec![label.clone()],
                    Some(changed),
                )
            };
            if using.is_some() {
                out.push(edit("USING negated", &|s| {
                    if let Statement::CreatePolicy { using: Some(e), .. } = s {
                        *e = negated(d, e);
                    }
                }));
            }
            if with_check.is_some() {
                out.push(edit("WITH CHECK negated", &|s| {
                    if let Statement::CreatePolicy {
                        with_check: Some(e),
                        ..
                    } = s
                    {
                        *e = negated(d, e);
                    }
                }));
            }
            let restrictive = matches!(policy_type, Some(CreatePolicyType::Restrictive));
            out.push(edit("PERMISSIVE and RESTRICTIVE swapped", &|s| {
                if let Statement::CreatePolicy { policy_type, .. } = s {
                    *policy_type = Some(if restrictive {
                        CreatePolicyType::Permissive
                    } else {
                        CreatePolicyType::Restrictive
                    });
                }
            }));
            // Roles every server since PostgreSQL 13 has, or PUBLIC.
            let public = to.as_ref().is_none_or(|roles| {
                roles
                    .iter()
                    .any(|r| matches!(r, Owner::Ident(i) if i.value.eq_ignore_ascii_case("public")))
            });
            out.push(edit("TO other roles", &|s| {
                if let Statement::CreatePolicy { to, .. } = s {
                    let role = if public { "pg_monitor" } else { "PUBLIC" };
                    *to = Some(vec![Owner::Ident(Ident::new(role))]);
                }
            }));
        }
        // A session setting is not schema.
        Statement::Set(_) => {}
        other => out.push(dropped(other)),
    }
    out
}

/// A statement removed whole; `check` must name one of its first words.
fn dropped(st: &Statement) -> Edit {
    let text = st.to_string();
    let objects = leading_words(&text);
    (
        format!("drop `{}`", text.chars().take(60).collect::<String>()),
        objects,
        None,
    )
}

/// A wider type for a column, where there is an obvious one.
fn widened(t: &DataType) -> Option<DataType> {
    let longer = |l: &Option<CharacterLength>| match l {
        Some(CharacterLength::IntegerLength { length, unit }) => {
            Some(Some(CharacterLength::IntegerLength {
                length: length + 50,
                unit: *unit,
            }))
        }
        _ => None,
    };
    match t {
        DataType::Varchar(l) => longer(l).map(DataType::Varchar),
        DataType::CharacterVarying(l) => longer(l).map(DataType::CharacterVarying),
        DataType::Int(_) | DataType::Integer(_) => Some(DataType::BigInt(None)),
        _ => None,
    }
}

/// `NOT (e)`, parsed so that it prints as the database will read it.
fn negated(d: &dyn sqlparser::dialect::Dialect, e: &Expr) -> Expr {
    Parser::new(d)
        .try_with_sql(&format!("NOT ({e})"))
        .and_then(|mut p| p.parse_expr())
        .expect("a negated expression parses")
}

/// Another referential action than `a`.
fn other_action(a: Option<ReferentialAction>) -> Option<ReferentialAction> {
    match a {
        Some(ReferentialAction::Cascade) => Some(ReferentialAction::Restrict),
        _ => Some(ReferentialAction::Cascade),
    }
}

/// A table constraint's name, if written.
/// A key's `DEFERRABLE …` clause, if it has one.
fn characteristics(k: &TableConstraint) -> Option<&ConstraintCharacteristics> {
    match k {
        TableConstraint::ForeignKey {
            characteristics, ..
        }
        | TableConstraint::Unique {
            characteristics, ..
        }
        | TableConstraint::PrimaryKey {
            characteristics, ..
        } => characteristics.as_ref(),
        _ => None,
    }
}

fn characteristics_mut(k: &mut TableConstraint) -> &mut Option<ConstraintCharacteristics> {
    match k {
        TableConstraint::ForeignKey {
            characteristics, ..
        }
        | TableConstraint::Unique {
            characteristics, ..
        }
        | TableConstraint::PrimaryKey {
            characteristics, ..
        } => characteristics,
        _ => unreachable!("only keys have characteristics"),
    }
}

fn constraint_name(k: &TableConstraint) -> Option<&Ident> {
    match k {
        TableConstraint::Unique { name, .. }
        | TableConstraint::PrimaryKey { name, .. }
        | TableConstraint::ForeignKey { name, .. }
        | TableConstraint::Check { name, .. }
        | TableConstraint::Index { name, .. } => name.as_ref(),
        TableConstraint::FulltextOrSpatial { opt_index_name, .. } => opt_index_name.as_ref(),
    }
}

/// [`constraint_name`], to change it.
fn constraint_name_mut(k: &mut TableConstraint) -> Option<&mut Ident> {
    match k {
        TableConstraint::Unique { name, .. }
        | TableConstraint::PrimaryKey { name, .. }
        | TableConstraint::ForeignKey { name, .. }
        | TableConstraint::Check { name, .. }
        | TableConstraint::Index { name, .. } => name.as_mut(),
        TableConstraint::FulltextOrSpatial { opt_index_name, .. } => opt_index_name.as_mut(),
    }
}

/// A constraint as a report names it: its name, or its kind.
fn constraint_label(k: &TableConstraint) -> String {
    if let Some(n) = constraint_name(k) {
        return n.value.clone();
    }
    let kind = k.to_string();
    kind.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What became of one mutation.
enum Fate {
    /// `check` exited 3 naming the object, and the migration is right.
    Killed,
    /// The database's client refused the variant (not a schema): why.
    Unloadable(String),
    /// The variant loads into the same dump as the original (`DEFAULT
    /// NULL` dropped from a nullable column, `NOT NULL` from a primary
    /// key's): an equivalent mutant, the same schema written otherwise, so
    /// there is nothing for `check` to catch.
    Same,
    /// `check` did not catch it, or the migration was wrong: why.
    Survived(String),
}

/// Runs one mutation on S (built from the original, dumped as `base`);
/// leaves S as it was, or says it must be rebuilt (`false`).
fn try_mutation(case: &Case, s: &Project, base: &[String], m: &Mutation) -> (Fate, bool) {
    let reference = match reference(case.backend, &m.schema) {
        Ok(r) => r.oracle_dump(),
        // The client's last line is its error (mariadb echoes the statement first).
        Err(e) => {
            let why = e.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
            return (Fate::Unloadable(why.to_string()), true);
        }
    };
    if dump_difference(&reference, base).is_none() {
        return (Fate::Same, true);
    }
    std::fs::write(s.path().join("schema.sql"), &m.schema).unwrap();
    let (code, out, err) = s.run(&["check"]);
    let said = format!("{out}{err}").to_lowercase();
    if code != 3 {
        let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return (Fate::Survived(format!("check exit {code}: {first}")), true);
    }
    if !m
        .objects
        .iter()
        .any(|o| !o.is_empty() && said.contains(&o.to_lowercase()))
    {
        return (
            Fate::Survived(format!("check exit 3 naming none of {:?}", m.objects)),
            true,
        );
    }
    let before: Vec<_> = migration_files(s);
    let original = before
        .iter()
        .filter_map(|f| f.file_stem()?.to_str().map(String::from))
        .filter(|stem| stem != "template")
        .max()
        .expect("S has the original's migration");
    let cleanup = |s: &Project| {
        for f in migration_files(s) {
            if !before.contains(&f) {
                std::fs::remove_file(f).unwrap();
            }
        }
    };
    let verdict = (|| {
        step(s, &["revision", "--autogenerate", "-m", "mutation"])
            .map_err(|e| format!("autogenerate: {e}"))?;
        step(s, &["upgrade", "head"]).map_err(|e| format!("upgrade: {e}"))?;
        if let Some(d) = dump_difference(&reference, &s.oracle_dump()) {
            return Err(format!("upgrade leaves S unlike the variant: {d}"));
        }
        // Back to the original's revision: on PostgreSQL autogenerate may
        // have written two migrations (README, "Online-safe migrations").
        step(s, &["downgrade", &original]).map_err(|e| format!("downgrade: {e}"))?;
        if let Some(d) = dump_difference(base, &s.oracle_dump()) {
            return Err(format!("downgrade leaves S unlike the original: {d}"));
        }
        Ok(())
    })();
    cleanup(s);
    match verdict {
        Ok(()) => (Fate::Killed, true),
        Err(e) => (Fate::Survived(format!("killed by check, but {e}")), false),
    }
}

/// The files of S's migrations folder.
fn migration_files(s: &Project) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(s.path().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

/// Mutations taken from a list of `n`: all, or `PER_FILE` spread evenly.
fn sample(n: usize, all: bool) -> Vec<usize> {
    if all || n <= PER_FILE {
        return (0..n).collect();
    }
    (0..PER_FILE).map(|k| k * n / PER_FILE).collect()
}

/// A backend's tally, and its survivors as `backend | file | mutation | why`.
#[derive(Default)]
struct Tally {
    generated: usize,
    run: usize,
    killed: usize,
    same: Vec<String>,
    unloadable: Vec<String>,
    skipped_files: Vec<String>,
    survivors: Vec<(String, String)>,
    /// `backend | file | mutation` of each mutation killed.
    killed_lines: Vec<String>,
}

/// `STILLHEAD_MUTATIONS_FILTER`, if set.
fn filter() -> Option<String> {
    std::env::var("STILLHEAD_MUTATIONS_FILTER")
        .ok()
        .filter(|f| !f.is_empty())
}

/// Runs the corpus files of one backend that round-trip.
fn run_backend(b: Backend, all: bool) -> Tally {
    let mut t = Tally::default();
    let filter = filter();
    let line = |case: &Case, m: &Mutation| format!("{} | {} | {}", b.name(), case.file, m.what);
    for case in corpus(b)
        .iter()
        .filter(|c| c.not_compared.is_empty() && c.not_for_this_server().is_none())
    {
        let list = mutations(case);
        t.generated += list.len();
        let chosen: Vec<usize> = sample(list.len(), all || filter.is_some())
            .into_iter()
            .filter(|&k| {
                filter
                    .as_ref()
                    .is_none_or(|f| line(case, &list[k]).contains(f))
            })
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let build = || -> Result<(Project, Vec<String>), String> {
            let s = built(b, &case.text)?;
            let base = s.oracle_dump();
            let r = reference(b, &case.text)?;
            match dump_difference(&r.oracle_dump(), &base) {
                Some(d) => Err(format!("the original does not round-trip: {d}")),
                None => Ok((s, base)),
            }
        };
        let (mut s, mut base) = match build() {
            Ok(x) => x,
            Err(e) => {
                t.skipped_files.push(format!("{}: {e}", case.label()));
                continue;
            }
        };
        for k in chosen {
            let m = &list[k];
            t.run += 1;
            let (mut fate, mut clean) = try_mutation(case, &s, &base, m);
            if matches!(&fate, Fate::Survived(why) if why.contains("SQLSTATE 53200")) {
                // The shared server's lock table was full (other tests'
                // load, SQLSTATE 53200): not this mutation's doing.
                (s, base) = build().expect("the original round-tripped a moment ago");
                (fate, clean) = try_mutation(case, &s, &base, m);
            }
            match fate {
                Fate::Killed => {
                    t.killed += 1;
                    t.killed_lines.push(line(case, m));
                }
                Fate::Same => t.same.push(format!("{} | {}", case.file, m.what)),
                Fate::Unloadable(why) => t
                    .unloadable
                    .push(format!("{} | {}: {why}", case.file, m.what)),
                Fate::Survived(why) => t
                    .survivors
                    .push((format!("{} | {} | {}", b.name(), case.file, m.what), why)),
            }
            if !clean {
                (s, base) = build().expect("the original round-tripped a moment ago");
            }
        }
    }
    t
}

/// The allow-list: `backend | file | mutation` of each known survivor.
fn known_survivors() -> Vec<String> {
    std::fs::read_to_string(corpus_dir().join("KNOWN_SURVIVORS.md"))
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .map(|l| l.split(" | ").take(3).collect::<Vec<_>>().join(" | "))
        .collect()
}

/// Runs every backend (a thread each), prints the table, and fails on a
/// survivor the allow-list does not name.
fn run(all: bool) {
    let tallies: Vec<(Backend, Tally)> = std::thread::scope(|scope| {
        let handles: Vec<_> = Backend::all()
            .into_iter()
            .map(|b| scope.spawn(move || (b, run_backend(b, all))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let known = known_survivors();
    let mut new = Vec::new();
    eprintln!("\nmutations: backend, generated, run, killed, same schema, not loadable, survived");
    for (b, t) in &tallies {
        eprintln!(
            "  {:<9} {:>4} {:>4} {:>4} {:>4} {:>4} {:>4}",
            b.name(),
            t.generated,
            t.run,
            t.killed,
            t.same.len(),
            t.unloadable.len(),
            t.survivors.len()
        );
        for m in &t.same {
            eprintln!("    same schema: {m}");
        }
        for u in &t.unloadable {
            eprintln!("    not loadable: {u}");
        }
        for f in &t.skipped_files {
            eprintln!("    file not mutated: {f}");
        }
        for (m, why) in &t.survivors {
            let listed = known.contains(m);
            eprintln!(
                "    survivor{}: {m} | {why}",
                if listed { " (known)" } else { "" }
            );
            if !listed {
                new.push(format!("{m} | {why}"));
            }
        }
    }
    // A listed survivor that was killed is fixed: its line goes with the
    // fix (two mutations may share a line: it stays while one survives).
    let stale: Vec<&String> = known
        .iter()
        .filter(|k| {
            tallies.iter().any(|(_, t)| {
                t.killed_lines.contains(k) && !t.survivors.iter().any(|(m, _)| m == *k)
            })
        })
        .collect();
    assert!(
        new.is_empty() && stale.is_empty(),
        "new survivors (fix them, or list them in tests/oracle/KNOWN_SURVIVORS.md):\n{}\n\
         listed survivors killed now (take their lines out of KNOWN_SURVIVORS.md):\n{}",
        new.join("\n"),
        stale
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_sample_of_mutations_of_the_corpus_is_killed() {
    run(false);
}

#[test]
#[ignore = "every mutation of the corpus: several minutes per backend"]
fn every_mutation_of_the_corpus() {
    run(true);
}

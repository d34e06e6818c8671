//! What a MariaDB database keeps that the schema model does not describe
//! (ARCHITECTURE.md "Declared schemas", **Never silent**): whole objects
//! (Oracle-mode packages) and
//! attributes of the tables, columns and indexes the model does describe.
//! An attribute is named only where it differs from what the model
//! assumes, which is what `render.rs` writes: no table options, visible
//! indexes. Engines, collations, partitioning, invisible columns and a
//! view's algorithm, security and check option are the model's
//! (`attrs.rs`), and so are functions, procedures, triggers and events
//! (`code.rs`).
//!
//! One catalog query for the whole database (a `UNION ALL` of every probe,
//! each row `probe, table, name, a, b, c, d`), then `SHOW CREATE TABLE`
//! only for the rare tables that may hold an application-time period,
//! which no `information_schema` table of MariaDB 10.11 shows.

use std::collections::BTreeSet;

use super::{attrs, introspect, SQL};
use crate::dialect::sql::SqlText;
use crate::dialect::{Connection, Value};
use crate::error::DbError;
use crate::schema::coverage::NotCompared;

/// Every probe, one round trip. (The `view` rows name nothing now that a
/// view's options are the model's: the probe keeps the shape it had when
/// MariaDB 10.11.19 crashed, twice, freeing the internal temporary table of
/// a shorter one during the full test suite; whether the shape matters is
/// not known.) Columns: the probe, the table it concerns
/// (empty for routines and events), the object's name, and up to four
/// values the probe reads (see [`item`]).
const PROBES: &str = "
SELECT 'routine', '', CAST(ROUTINE_NAME AS CHAR), CAST(LOWER(ROUTINE_TYPE) AS CHAR), NULL, NULL, NULL
  FROM information_schema.ROUTINES
 WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_TYPE NOT IN ('FUNCTION', 'PROCEDURE')
UNION ALL SELECT 'table', CAST(t.TABLE_NAME AS CHAR), CAST(t.TABLE_TYPE AS CHAR), CAST(t.ENGINE AS CHAR),
       CAST(t.TABLE_COLLATION AS CHAR), CAST(t.CREATE_OPTIONS AS CHAR), CAST(s.DEFAULT_COLLATION_NAME AS CHAR)
  FROM information_schema.TABLES t JOIN information_schema.SCHEMATA s ON s.SCHEMA_NAME = t.TABLE_SCHEMA
 WHERE t.TABLE_SCHEMA = DATABASE() AND s.SCHEMA_NAME = DATABASE() AND t.TABLE_TYPE <> 'VIEW'
UNION ALL SELECT 'index', CAST(TABLE_NAME AS CHAR), CAST(INDEX_NAME AS CHAR), CAST(INDEX_COMMENT AS CHAR),
       CAST(IGNORED AS CHAR), NULL, NULL
  FROM information_schema.STATISTICS
 WHERE TABLE_SCHEMA = DATABASE() AND SEQ_IN_INDEX = 1 AND NON_UNIQUE = 0
   AND (INDEX_COMMENT <> '' OR IGNORED = 'YES')
UNION ALL SELECT 'view', CAST(TABLE_NAME AS CHAR), CAST(TABLE_NAME AS CHAR), CAST(SECURITY_TYPE AS CHAR),
       CAST(CHECK_OPTION AS CHAR), CAST(ALGORITHM AS CHAR), NULL
  FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
UNION ALL SELECT 'foreign key', CAST(TABLE_NAME AS CHAR), CAST(CONSTRAINT_NAME AS CHAR),
       CAST(UNIQUE_CONSTRAINT_SCHEMA AS CHAR), CAST(REFERENCED_TABLE_NAME AS CHAR), NULL, NULL
  FROM information_schema.REFERENTIAL_CONSTRAINTS
 WHERE CONSTRAINT_SCHEMA = DATABASE() AND UNIQUE_CONSTRAINT_SCHEMA <> CONSTRAINT_SCHEMA
UNION ALL SELECT 'period?', CAST(TABLE_NAME AS CHAR), CAST(CONSTRAINT_NAME AS CHAR), NULL, NULL, NULL, NULL
  FROM information_schema.CHECK_CONSTRAINTS
 WHERE CONSTRAINT_SCHEMA = DATABASE() AND LEVEL = 'Table' AND CHECK_CLAUSE REGEXP '^`[^`]+` < `[^`]+`$'";

/// One row of [`PROBES`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Row {
    probe: String,
    table: String,
    name: String,
    a: Option<String>,
    b: Option<String>,
    c: Option<String>,
    d: Option<String>,
}

impl Row {
    fn read(r: &[Value]) -> Row {
        let opt = |v: &Value| match v {
            Value::Null => None,
            other => Some(other.to_text()),
        };
        Row {
            probe: r[0].to_text(),
            table: r[1].to_text(),
            name: r[2].to_text(),
            a: opt(&r[3]),
            b: opt(&r[4]),
            c: opt(&r[5]),
            d: opt(&r[6]),
        }
    }
}

/// Everything of the current database the model does not describe, the
/// tables in `skip` left out, sorted.
pub(crate) fn not_compared(
    conn: &mut dyn Connection,
    skip: &[&str],
) -> Result<Vec<NotCompared>, DbError> {
    let probes = PROBES.replace("{json_or_type}", introspect::JSON_OR_TYPE);
    let rows: Vec<Row> = conn
        .query(&probes, &[])?
        .iter()
        .map(|r| Row::read(r))
        .filter(|r| !skip.contains(&r.table.as_str()))
        .collect();
    let mut out = items(&rows);
    // A system-versioned table may name its own period columns (`PERIOD
    // FOR SYSTEM_TIME`), which no catalog table shows either.
    let candidates: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.probe == "period?" || (r.probe == "table" && r.name == "SYSTEM VERSIONED"))
        .map(|r| r.table.as_str())
        .collect();
    for table in candidates {
        let shown = conn.query(&format!("SHOW CREATE TABLE {}", SQL.ident(table)), &[])?;
        if let Some(text) = shown.first().and_then(|r| r.get(1)) {
            out.extend(periods(table, &text.to_text()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// What the rows say is not described. Attributes are read only of base
/// tables, system-versioned ones too (a view's columns and a sequence's
/// are the whole object's).
fn items(rows: &[Row]) -> Vec<NotCompared> {
    let base: BTreeSet<&str> = rows
        .iter()
        .filter(|r| {
            r.probe == "table" && matches!(r.name.as_str(), "BASE TABLE" | "SYSTEM VERSIONED")
        })
        .map(|r| r.table.as_str())
        .collect();
    let mut out = Vec::new();
    for r in rows {
        let of_a_table = matches!(r.probe.as_str(), "index" | "period?");
        if base.contains(r.table.as_str()) || !of_a_table {
            out.extend(item(r));
        }
    }
    out
}

/// What one probe row says is not described (nothing when it holds only
/// what the model assumes).
fn item(r: &Row) -> Vec<NotCompared> {
    let attr = |kind: &str, name: &str, what: String| NotCompared::attribute(kind, name, what);
    match r.probe.as_str() {
        // Functions, procedures, triggers and events are the model's
        // (`code.rs`); an Oracle-mode package is not.
        "routine" => vec![NotCompared::object(
            r.a.as_deref().unwrap_or("routine"),
            &r.name,
        )],
        "table" => table_items(r),
        "index" => {
            let index = format!("{}.{}", r.table, r.name);
            let mut out = Vec::new();
            if let Some(comment) = r.a.as_deref().filter(|c| !c.is_empty()) {
                out.push(attr(
                    "index",
                    &index,
                    format!("COMMENT {}", SQL.literal(comment)),
                ));
            }
            if r.b.as_deref() == Some("YES") {
                out.push(attr("index", &index, "IGNORED".into()));
            }
            out
        }
        "foreign key" => vec![attr(
            "constraint",
            &r.name,
            format!(
                "REFERENCES {}.{} (another database)",
                r.a.as_deref().unwrap_or(""),
                r.b.as_deref().unwrap_or("")
            ),
        )],
        _ => Vec::new(),
    }
}

/// A table of a kind the model does not have, or a base table's options
/// where they are not what the renderer writes.
fn table_items(r: &Row) -> Vec<NotCompared> {
    match r.name.as_str() {
        // A system-versioned table is the model's (attrs.rs:
        // SystemVersioned), its own period columns not (`periods`).
        "BASE TABLE" | "SYSTEM VERSIONED" => {}
        // A sequence is the model's (introspect.rs: read_sequences).
        "SEQUENCE" => return Vec::new(),
        other => {
            return vec![NotCompared::object(other.to_ascii_lowercase(), &r.table)];
        }
    }
    let mut out = Vec::new();
    let mut push = |what: String| out.push(NotCompared::attribute("table", &r.table, what));
    // Its engine and default collation are the model's (attrs.rs:
    // TableAttr).
    // The options the model keeps (attrs.rs: TableAttr::Option) are not named.
    for option in attrs::create_options(r.c.as_deref().unwrap_or("")) {
        if attrs::kept_option(&option).is_none() {
            push(option);
        }
    }
    out
}

/// The application-time periods (`PERIOD FOR p (s, e)`) and `WITHOUT
/// OVERLAPS` keys of a table, from its `SHOW CREATE TABLE` text. Each period
/// also appears in the catalogs as a check `s < e` named after it, which the
/// model reads as a plain check.
fn periods(table: &str, create: &str) -> Vec<NotCompared> {
    let mut out = Vec::new();
    for line in create.lines().map(|l| l.trim().trim_end_matches(',')) {
        if line.starts_with("PERIOD FOR ") {
            out.push(NotCompared::attribute(
                "table",
                table,
                line.replace('`', ""),
            ));
        } else if line.contains(" WITHOUT OVERLAPS") {
            let name = line.split('`').nth(1).unwrap_or(line).to_string();
            out.push(NotCompared::attribute(
                "index",
                format!("{table}.{name}"),
                "WITHOUT OVERLAPS",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(probe: &str, table: &str, name: &str, v: [Option<&str>; 4]) -> Row {
        let s = |o: Option<&str>| o.map(str::to_string);
        Row {
            probe: probe.into(),
            table: table.into(),
            name: name.into(),
            a: s(v[0]),
            b: s(v[1]),
            c: s(v[2]),
            d: s(v[3]),
        }
    }

    fn said(r: Row) -> Vec<String> {
        item(&r).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_base_table_with_only_what_the_model_assumes_says_nothing() {
        let t = row(
            "table",
            "t",
            "BASE TABLE",
            [
                Some("InnoDB"),
                Some("utf8mb4_general_ci"),
                Some(""),
                Some("utf8mb4_general_ci"),
            ],
        );
        assert!(said(t).is_empty());
    }

    #[test]
    fn table_options_not_kept_are_named_one_each_not_its_engine_or_collation() {
        let t = row(
            "table",
            "legacy",
            "BASE TABLE",
            [
                Some("MyISAM"),
                Some("latin1_swedish_ci"),
                Some("max_rows=100 stats_persistent=1 partitioned `PAGE_COMPRESSED`='ON'"),
                Some("utf8mb4_general_ci"),
            ],
        );
        assert_eq!(said(t), ["table legacy: PAGE_COMPRESSED='ON'"]);
        let s = row(
            "table",
            "seq",
            "SEQUENCE",
            [Some("InnoDB"), None, None, None],
        );
        // A sequence is the model's.
        assert!(said(s).is_empty());
        // A system-versioned table is the model's; a kind it does not
        // know is named whole.
        let h = row(
            "table",
            "h",
            "SYSTEM VERSIONED",
            [Some("InnoDB"), None, None, None],
        );
        assert!(said(h).is_empty());
        let x = row(
            "table",
            "x",
            "TEMPORARY",
            [Some("InnoDB"), None, None, None],
        );
        assert_eq!(said(x), ["temporary x"]);
    }

    #[test]
    fn unique_keys_and_foreign_keys_name_what_differs() {
        let i = row("index", "t", "k", [Some("it's"), Some("YES"), None, None]);
        assert_eq!(
            said(i),
            ["index t.k: COMMENT 'it''s'", "index t.k: IGNORED"]
        );
        let f = row(
            "foreign key",
            "t",
            "t_ibfk_1",
            [Some("other"), Some("accounts"), None, None],
        );
        assert_eq!(
            said(f),
            ["constraint t_ibfk_1: REFERENCES other.accounts (another database)"]
        );
    }

    #[test]
    fn periods_and_without_overlaps_are_read_from_the_table_text() {
        let text = "CREATE TABLE `ai` (\n  `id` int(11) NOT NULL,\n  `s` date NOT NULL,\n  `e` date NOT NULL,\n  PERIOD FOR `p` (`s`, `e`),\n  PRIMARY KEY (`id`),\n  UNIQUE KEY `u` (`id`,`p` WITHOUT OVERLAPS)\n) ENGINE=InnoDB";
        let found: Vec<String> = periods("ai", text)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "table ai: PERIOD FOR p (s, e)",
                "index ai.u: WITHOUT OVERLAPS"
            ]
        );
        assert!(periods(
            "t",
            "CREATE TABLE `t` (\n  CONSTRAINT `p` CHECK (`s` < `e`)\n)"
        )
        .is_empty());
    }

    #[test]
    fn a_tables_collation_is_the_models_and_a_views_rows_are_not_a_tables() {
        let rows = [
            row(
                "table",
                "t",
                "BASE TABLE",
                [
                    Some("InnoDB"),
                    Some("latin1_swedish_ci"),
                    Some(""),
                    Some("utf8mb4_general_ci"),
                ],
            ),
            // `v` is a view: its (unique) index rows are not a table's.
            row("index", "v", "k", [Some("a view's"), None, None, None]),
        ];
        let found: Vec<String> = items(&rows).iter().map(ToString::to_string).collect();
        assert_eq!(found, Vec::<String>::new());
        let on_a_table = row("index", "t", "k", [Some("a table's"), None, None, None]);
        let rows = [rows[0].clone(), on_a_table];
        let found: Vec<String> = items(&rows).iter().map(ToString::to_string).collect();
        assert_eq!(found, ["index t.k: COMMENT 'a table''s'"]);
    }
}

//! MariaDB's partitioning (`PARTITION BY RANGE | LIST | HASH | KEY`, with
//! sub-partitions): a table's clause kept as `SHOW CREATE TABLE` prints it
//! (`TableAttr::Partitioned`, mysqldump's text too), compared whole, and
//! changed the cheapest way that reaches it: partitions added at the end of
//! a `RANGE` or `LIST` list by `ADD PARTITION`, partitions gone by `DROP
//! PARTITION` (their rows with them, which a warning says), anything else
//! by `ALTER TABLE … PARTITION BY …` (the table rebuilt, its rows
//! distributed again), and no partitioning by `REMOVE PARTITIONING`.

use std::fmt::Write as _;

use super::attrs::TableAttr;
use super::SQL;
use crate::dialect::sql::SqlText;
use crate::dialect::{Connection, Value};
use crate::error::DbError;
use crate::schema::attrs::TableAttr as AnyTable;
use crate::schema::{Schema, Table};

/// Reads the partitioning of each partitioned table of the current
/// database (one `SHOW CREATE TABLE` each: no catalog table prints it).
pub(super) fn read(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    let names: Vec<String> = conn
        .query(
            "SELECT CAST(table_name AS CHAR) FROM information_schema.tables
              WHERE table_schema = DATABASE() AND create_options LIKE '%partitioned%'",
            &[],
        )?
        .iter()
        .map(|r| r[0].to_text())
        .collect();
    for name in names {
        let Some(table) = schema.tables.get_mut(&name) else {
            continue;
        };
        let shown = conn.query(&format!("SHOW CREATE TABLE {}", SQL.ident(&name)), &[])?;
        if let Some(clause) = shown
            .first()
            .and_then(|r| r.get(1))
            .map(Value::to_text)
            .and_then(|text| clause_of(&text))
        {
            table.attrs.insert(TableAttr::Partitioned(clause).into());
        }
    }
    Ok(())
}

/// `PARTITION BY …` to the end of a `SHOW CREATE TABLE` text (MariaDB
/// writes it on a line of its own after the table options).
fn clause_of(create: &str) -> Option<String> {
    let at = create.find("\n PARTITION BY ")?;
    let clause = create[at..].trim();
    // A mysqldump's text wraps it in `/*!50100 … */`.
    let clause = clause.strip_suffix("*/").unwrap_or(clause).trim_end();
    Some(clause.to_string())
}

/// A table's partitioning clause, where it has one.
pub(crate) fn clause(t: &Table) -> Option<&str> {
    t.attrs.iter().find_map(|a| match a {
        AnyTable::Mysql(TableAttr::Partitioned(clause)) => Some(clause.as_str()),
        _ => None,
    })
}

/// The clause's head (`PARTITION BY RANGE (…)`, sub-partitioning) and its
/// list of partition definitions, where it lists them.
fn split(clause: &str) -> (&str, Vec<&str>) {
    let Some(open) = clause.find("\n(PARTITION ").map(|at| at + 1) else {
        return (clause, Vec::new());
    };
    let list = &clause[open + 1..clause.len().saturating_sub(1)];
    let mut defs = Vec::new();
    let (mut depth, mut start, mut quote) = (0i32, 0, None);
    for (i, c) in list.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '`') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                defs.push(list[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    defs.push(list[start..].trim());
    (clause[..open].trim_end(), defs)
}

/// A partition definition's name (``PARTITION `p0` VALUES …``).
fn name_of(def: &str) -> &str {
    def.split('`').nth(1).unwrap_or(def)
}

/// Statements that change `from`'s partitioning into `to`'s, before the
/// table's other changes (`early`: removing it, which a key change may
/// need) and after them (the rest: a new clause may name a new column).
pub(super) fn changes(from: &Table, to: &Table) -> (String, String) {
    let (mut early, mut late) = (String::new(), String::new());
    let t = SQL.ident(&to.name);
    match (clause(from), clause(to)) {
        (Some(a), Some(b)) if a == b => {}
        (Some(_), None) => {
            let _ = writeln!(early, "ALTER TABLE {t} REMOVE PARTITIONING;");
        }
        (None, Some(b)) => {
            let _ = writeln!(late, "ALTER TABLE {t}\n{b};");
        }
        (Some(a), Some(b)) => {
            let ((head_a, defs_a), (head_b, defs_b)) = (split(a), split(b));
            let listed =
                head_b.contains("PARTITION BY RANGE") || head_b.contains("PARTITION BY LIST");
            let kept: Vec<&&str> = defs_a.iter().filter(|d| defs_b.contains(d)).collect();
            if head_a == head_b && listed && defs_b.starts_with(&defs_a) {
                let added = &defs_b[defs_a.len()..];
                let _ = writeln!(
                    late,
                    "ALTER TABLE {t} ADD PARTITION (\n{});",
                    added.join(",\n")
                );
            } else if head_a == head_b
                && listed
                && kept.len() == defs_b.len()
                && kept.iter().zip(&defs_b).all(|(k, b)| **k == *b)
            {
                let gone: Vec<&str> = defs_a
                    .iter()
                    .filter(|d| !defs_b.contains(d))
                    .map(|d| name_of(d))
                    .collect();
                let names: Vec<String> = gone.iter().map(|n| SQL.ident(n)).collect();
                let _ = writeln!(
                    late,
                    "-- WARNING: drops partitions {} of {} and the rows in them",
                    gone.join(", "),
                    to.name
                );
                let _ = writeln!(late, "ALTER TABLE {t} DROP PARTITION {};", names.join(", "));
            } else {
                let _ = writeln!(late, "ALTER TABLE {t}\n{b};");
            }
        }
        (None, None) => {}
    }
    (early, late)
}

/// `CREATE TABLE`'s tail: the clause on lines of its own.
pub(super) fn create_suffix(t: &Table) -> String {
    clause(t).map(|c| format!("\n{c}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RANGE: &str = " PARTITION BY RANGE (year(`created`))\n(PARTITION `p2025` VALUES LESS THAN (2026) ENGINE = InnoDB,\n PARTITION `pmax` VALUES LESS THAN MAXVALUE ENGINE = InnoDB)";

    #[test]
    fn the_clause_is_read_from_show_create_table() {
        let create =
            format!("CREATE TABLE `events` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB\n{RANGE}");
        assert_eq!(clause_of(&create).as_deref(), Some(RANGE.trim()));
        assert_eq!(clause_of("CREATE TABLE `t` (`id` int) ENGINE=InnoDB"), None);
    }

    fn table(clause: Option<&str>) -> Table {
        let mut t = Table {
            name: "events".into(),
            ..Table::default()
        };
        if let Some(c) = clause {
            t.attrs.insert(TableAttr::Partitioned(c.to_string()).into());
        }
        t
    }

    #[test]
    fn a_partition_added_or_dropped_is_that_alone() {
        let two = RANGE.trim();
        let one = "PARTITION BY RANGE (year(`created`))\n(PARTITION `p2025` VALUES LESS THAN (2026) ENGINE = InnoDB)";
        let (early, late) = changes(&table(Some(one)), &table(Some(two)));
        assert_eq!(early, "");
        assert_eq!(
            late,
            "ALTER TABLE `events` ADD PARTITION (\nPARTITION `pmax` VALUES LESS THAN MAXVALUE ENGINE = InnoDB);\n"
        );
        let (_, late) = changes(&table(Some(two)), &table(Some(one)));
        assert!(
            late.contains("-- WARNING: drops partitions pmax of events"),
            "{late}"
        );
        assert!(
            late.ends_with("ALTER TABLE `events` DROP PARTITION `pmax`;\n"),
            "{late}"
        );
        let hash = "PARTITION BY HASH (`id`)\nPARTITIONS 4";
        let (_, late) = changes(&table(Some(two)), &table(Some(hash)));
        assert_eq!(late, format!("ALTER TABLE `events`\n{hash};\n"));
        let (early, late) = changes(&table(Some(hash)), &table(None));
        assert_eq!(
            (early.as_str(), late.as_str()),
            ("ALTER TABLE `events` REMOVE PARTITIONING;\n", "")
        );
    }

    #[test]
    fn a_list_splits_at_its_own_commas() {
        let clause = "PARTITION BY LIST (`region`)\n(PARTITION `north` VALUES IN (1,2) COMMENT = 'a, b' ENGINE = InnoDB,\n PARTITION `south` VALUES IN (3) ENGINE = InnoDB)";
        let (head, defs) = split(clause);
        assert_eq!(head, "PARTITION BY LIST (`region`)");
        assert_eq!(
            defs,
            [
                "PARTITION `north` VALUES IN (1,2) COMMENT = 'a, b' ENGINE = InnoDB",
                "PARTITION `south` VALUES IN (3) ENGINE = InnoDB"
            ]
        );
        assert_eq!(name_of(defs[1]), "south");
        let (head, defs) = split("PARTITION BY HASH (`id`)\nPARTITIONS 4");
        assert_eq!(
            (head, defs.len()),
            ("PARTITION BY HASH (`id`)\nPARTITIONS 4", 0)
        );
    }
}

//! Spellings that mean the same on one database: before a declared schema
//! is compared with a live one, each declared column takes the live
//! column's type and default where the database gives both one meaning
//! (`Tooling::same_type`, `Tooling::same_default`): SQLite's `BIGINT` and
//! `INTEGER`, `BOOLEAN DEFAULT TRUE` and `INTEGER DEFAULT 1`; `now()` and
//! `CURRENT_TIMESTAMP` everywhere. Only real differences are left to diff.
//! The type of a table's only primary-key column is compared exactly: on
//! SQLite `INTEGER PRIMARY KEY` is the rowid and `BIGINT PRIMARY KEY` is
//! not (ARCHITECTURE.md, "Never silent").
//! The declared schema also takes the live extensions it lacks: it is meant
//! to have them all (see `Schema::extensions`); and an existing table is
//! not asked what matters only when a table is made
//! (`TableAttr::only_at_creation`).

use super::parse::part_column;
use super::Schema;
use crate::dialect::Tooling;

/// Spells `declared`'s columns as `live` does where `backend` says they
/// agree, and gives `declared` the live extensions it lacks.
pub fn align(declared: &mut Schema, live: &Schema, backend: &dyn Tooling) {
    // A declared schema is read from a scratch database that is first given
    // the live database's extensions; one the scratch server could not
    // create (not installed there, not trusted and no superuser) is still
    // the live database's, not a change `schema.sql` asks for.
    for (name, schema) in &live.extensions {
        declared
            .extensions
            .entry(name.clone())
            .or_insert_with(|| schema.clone());
    }
    for table in declared.tables.values_mut() {
        let Some(live_table) = live.tables.get(&table.name) else {
            continue;
        };
        // What matters only when a table is made is not asked of one that
        // exists (MariaDB's AUTO_INCREMENT start: the live value is a counter).
        if table.attrs.iter().any(|a| a.only_at_creation()) {
            table.attrs = table
                .attrs
                .iter()
                .filter(|a| !a.only_at_creation())
                .cloned()
                .collect();
        }
        for column in &mut table.columns {
            let Some(l) = live_table.column(&column.name) else {
                continue;
            };
            if column.ty != l.ty
                && !sole_key(&table.primary_key, &column.name)
                && !sole_key(&live_table.primary_key, &column.name)
                && backend.same_type(&column.ty, &l.ty)
            {
                column.ty = l.ty.clone();
            }
            if let (Some(d), Some(ld)) = (&column.default, &l.default) {
                if d != ld && backend.same_default(d, ld) {
                    column.default = Some(ld.clone());
                }
            }
        }
    }
}

/// Whether `column` is the whole of primary key `key`: a one-column key,
/// in either order, which SQLite makes the rowid when its type is exactly
/// `INTEGER` (and, as `PRIMARY KEY DESC` on the column, a key of its own
/// beside the rowid otherwise).
fn sole_key(key: &[String], column: &str) -> bool {
    matches!(key, [k] if part_column(k).eq_ignore_ascii_case(column))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::DialectBackend;
    use crate::schema::parse::parse_schema;
    use crate::script::Dialect;

    #[test]
    fn sqlite_storage_classes_and_time_defaults_agree_but_real_changes_stay() {
        let live = parse_schema(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, on_ INTEGER NOT NULL DEFAULT 1, at TEXT DEFAULT CURRENT_TIMESTAMP, price INTEGER);",
            Dialect::Sqlite,
            "live",
        )
        .unwrap();
        let mut declared = parse_schema(
            "CREATE TABLE t (id BIGINT PRIMARY KEY, n BIGINT, on_ BOOLEAN NOT NULL DEFAULT TRUE, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, price REAL);",
            Dialect::Sqlite,
            "declared",
        )
        .unwrap();
        align(&mut declared, &live, Dialect::Sqlite.tooling());
        let t = &declared.tables["t"];
        assert_eq!(t.column("n").unwrap().ty, "INTEGER");
        assert_eq!(
            t.column("id").unwrap().ty,
            "BIGINT",
            "BIGINT PRIMARY KEY is not the rowid INTEGER PRIMARY KEY is"
        );
        assert_eq!(t.column("on_").unwrap().default.as_deref(), Some("1"));
        // A one-column key in either order is compared exactly too: as
        // the table's `PRIMARY KEY (id DESC)` an INTEGER is the rowid.
        let desc = |ty: &str| {
            let sql = format!("CREATE TABLE k (id {ty}, PRIMARY KEY (id DESC));");
            parse_schema(&sql, Dialect::Sqlite, "k").unwrap()
        };
        let mut declared_desc = desc("BIGINT");
        align(
            &mut declared_desc,
            &desc("INTEGER"),
            Dialect::Sqlite.tooling(),
        );
        assert_eq!(declared_desc.tables["k"].columns[0].ty, "BIGINT");
        assert_eq!(t.column("at").unwrap().ty, "TEXT");
        assert_eq!(
            t.column("price").unwrap().ty,
            "REAL",
            "INTEGER -> REAL is a change"
        );
        let mut pg = declared.clone();
        pg.tables.get_mut("t").unwrap().columns[3].default = Some("now()".into());
        let mut live_pg = pg.clone();
        live_pg.tables.get_mut("t").unwrap().columns[3].default = Some("CURRENT_TIMESTAMP".into());
        live_pg.tables.get_mut("t").unwrap().columns[1].ty = "INTEGER".into();
        pg.tables.get_mut("t").unwrap().columns[1].ty = "BIGINT".into();
        align(&mut pg, &live_pg, Dialect::Postgres.tooling());
        assert_eq!(
            pg.tables["t"].columns[3].default.as_deref(),
            Some("CURRENT_TIMESTAMP")
        );
        assert_eq!(
            pg.tables["t"].columns[1].ty, "BIGINT",
            "PostgreSQL types are the server's"
        );
    }
}

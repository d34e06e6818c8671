//! What `schema/parse.rs` reads of a SQLite `CREATE TABLE` beside
//! sqlparser's tree: the clauses sqlparser refuses (taken out by
//! `type_names.rs`, each given back here to its table, key or foreign
//! key), the names of column constraints the model keeps no `Name` for,
//! and conflict clauses. What these make are `attrs.rs`'s attributes.

use sqlparser::ast::{ColumnOption, CreateTable};
use sqlparser::keywords::Keyword;

use super::attrs as sqlite;
use super::Unread;
use crate::schema::attrs::ConstraintAttr;
use crate::schema::{Column, ForeignKey, Table};
use crate::script::Dialect;

/// The clauses taken out of a SQLite `CREATE TABLE` before sqlparser
/// reads it (`strip_unread_clauses`: `STRICT, WITHOUT ROWID`, of which
/// sqlparser reads either option alone; a key's `ON CONFLICT` after its
/// column list; a foreign key's `MATCH`), which `table_from` puts back.
pub(crate) fn unread_clauses(sql: &str, dialect: Dialect) -> Vec<Unread> {
    // Tokenized again only where the text can hold one.
    let upper = sql.to_ascii_uppercase();
    let may_hold = ["ROWID", "CONFLICT", "MATCH"]
        .iter()
        .any(|w| upper.contains(w));
    if dialect != Dialect::Sqlite || !may_hold {
        return Vec::new();
    }
    crate::dialect::sqlite::strip_unread_clauses(sql)
        .map(|(_, clauses)| clauses)
        .unwrap_or_default()
}

/// The attributes of the clauses in `unread` that were in element
/// `element` of the column list: a key's conflict clause (not a
/// `CHECK`'s, which SQLite ignores and the probe names) or a foreign
/// key's `MATCH`, each to be given to the constraint it belongs to.
pub(crate) fn unread_attrs(
    unread: &[Unread],
    element: usize,
) -> impl Iterator<Item = sqlite::ConstraintAttr> + '_ {
    unread
        .iter()
        .filter(move |u| u.element == Some(element))
        .filter_map(|u| {
            if let Some(name) = u.words.strip_prefix("MATCH ") {
                return Some(sqlite::ConstraintAttr::Match(name.to_ascii_uppercase()));
            }
            let (kind, action) = u.words.rsplit_once("ON CONFLICT ")?;
            let conflict = sqlite::Conflict::from_word(action).filter(|_| !kind.is_empty())?;
            Some(sqlite::ConstraintAttr::OnConflict(conflict))
        })
}

/// A SQLite column clause whose `CONSTRAINT name` the model keeps as the
/// column's attribute (keys, foreign keys and checks keep theirs).
pub(crate) fn unnamed_clause(option: &ColumnOption) -> Option<sqlite::Clause> {
    match option {
        ColumnOption::NotNull => Some(sqlite::Clause::NotNull),
        ColumnOption::Null => Some(sqlite::Clause::Null),
        ColumnOption::Default(_) => Some(sqlite::Clause::Default),
        ColumnOption::Collation(_) => Some(sqlite::Clause::Collate),
        ColumnOption::Generated {
            generation_expr: Some(_),
            ..
        } => Some(sqlite::Clause::Generated),
        _ => None,
    }
}

/// A SQLite conflict clause on a column, given to the constraint before
/// it (`last`): the primary or unique key it makes, or the column's `NOT
/// NULL` / `NULL`. After anything else SQLite refuses it, and the probe
/// names it.
pub(crate) fn on_conflict(
    table: &mut Table,
    column: &mut Column,
    last: Option<&ColumnOption>,
    keyword: &Keyword,
) {
    let Some(conflict) = sqlite::Conflict::from_word(&format!("{keyword:?}")) else {
        return;
    };
    let on_key = ConstraintAttr::from(sqlite::ConstraintAttr::OnConflict(conflict));
    match last {
        Some(ColumnOption::Unique {
            is_primary: true, ..
        }) => table.primary_key_attrs.insert(on_key),
        Some(ColumnOption::Unique { .. }) => {
            if let Some(u) = table.uniques.last_mut() {
                u.attrs.insert(on_key);
            }
        }
        Some(ColumnOption::NotNull) => {
            let attr = sqlite::ColumnAttr::OnConflict(sqlite::Clause::NotNull, conflict);
            column.attrs.insert(attr.into());
        }
        Some(ColumnOption::Null) => {
            let attr = sqlite::ColumnAttr::OnConflict(sqlite::Clause::Null, conflict);
            column.attrs.insert(attr.into());
        }
        _ => {}
    }
}

/// Gives the `MATCH` written after column `element`'s `REFERENCES` to
/// the foreign keys that column made.
pub(crate) fn column_match(foreign_keys: &mut [ForeignKey], unread: &[Unread], element: usize) {
    let matches =
        unread_attrs(unread, element).filter(|a| matches!(a, sqlite::ConstraintAttr::Match(_)));
    for attr in matches {
        for fk in foreign_keys.iter_mut() {
            fk.attrs.insert(attr.clone().into());
        }
    }
}

/// A table's options (`STRICT`, `WITHOUT ROWID`, read by sqlparser or
/// taken out before it read them) and, where the key is the `PRIMARY KEY
/// DESC` of column `desc_on_column` typed `INTEGER` in a rowid table,
/// `DescNotRowid`: SQLite then keeps a key beside the rowid, where
/// `PRIMARY KEY (id DESC)` and a table without rowid do not.
pub(crate) fn table_attrs(
    table: &mut Table,
    t: &CreateTable,
    unread: &[Unread],
    desc_on_column: Option<usize>,
) {
    let without_rowid = t.without_rowid
        || unread
            .iter()
            .any(|u| u.element.is_none() && u.words == "WITHOUT ROWID");
    let options = [
        (t.strict, sqlite::TableAttr::Strict),
        (without_rowid, sqlite::TableAttr::WithoutRowid),
    ];
    for (set, attr) in options {
        if set {
            table.attrs.insert(attr.into());
        }
    }
    let integer = desc_on_column.is_some_and(|j| table.columns[j].ty == "INTEGER");
    if integer && !without_rowid {
        let attr = sqlite::ConstraintAttr::DescNotRowid.into();
        table.primary_key_attrs.insert(attr);
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::parse::parse_schema;
    use crate::script::Dialect;

    #[test]
    fn sqlite_keys_read_alike_on_their_column_and_on_the_table() {
        let read = |sql: &str| parse_schema(sql, Dialect::Sqlite, "s.sql").unwrap();
        let on_columns = read(
            "CREATE TABLE t (a TEXT UNIQUE ON CONFLICT REPLACE, b TEXT PRIMARY KEY DESC ON CONFLICT IGNORE, \
             c REFERENCES t MATCH FULL)",
        );
        let on_table = read(
            "CREATE TABLE t (a TEXT, b TEXT, c, UNIQUE (a) ON CONFLICT REPLACE, \
             PRIMARY KEY (b DESC) ON CONFLICT IGNORE, FOREIGN KEY (c) REFERENCES t MATCH full)",
        );
        assert_eq!(on_columns, on_table);
        let t = &on_table.tables["t"];
        assert_eq!(t.primary_key, ["b DESC"]);
        assert_eq!(t.primary_key_attrs.to_string(), "ON CONFLICT IGNORE");
        assert_eq!(t.uniques[0].attrs.to_string(), "ON CONFLICT REPLACE");
        assert_eq!(t.foreign_keys[0].attrs.to_string(), "MATCH FULL");
        // An INTEGER column's own PRIMARY KEY DESC is not the rowid, the
        // table's `PRIMARY KEY (id DESC)` is; without a rowid they agree.
        let integer = |key: &str, options: &str| {
            read(&format!(
                "CREATE TABLE t (id INTEGER{key}, v TEXT{}) {options}",
                if key.is_empty() {
                    ", PRIMARY KEY (id DESC)"
                } else {
                    ""
                }
            ))
        };
        assert_ne!(integer(" PRIMARY KEY DESC", ""), integer("", ""));
        assert_eq!(
            integer(" PRIMARY KEY DESC", "WITHOUT ROWID"),
            integer("", "WITHOUT ROWID")
        );
        assert_eq!(
            integer(" PRIMARY KEY DESC", "STRICT, WITHOUT ROWID"),
            integer("", "STRICT, WITHOUT ROWID")
        );
        // A key part's collation, whatever its quotes and case.
        assert_eq!(
            read("CREATE TABLE u (a TEXT, UNIQUE (\"a\" COLLATE nocase))"),
            read("CREATE TABLE u (a TEXT, UNIQUE (a COLLATE \"NOCASE\"))")
        );
        // Names and conflict clauses of a column's other constraints.
        let c = &read("CREATE TABLE v (a TEXT CONSTRAINT nn NOT NULL ON CONFLICT FAIL CONSTRAINT d DEFAULT 1)")
            .tables["v"]
            .columns[0];
        assert_eq!(
            c.attrs.to_string(),
            "CONSTRAINT nn NOT NULL CONSTRAINT d DEFAULT NOT NULL ON CONFLICT FAIL"
        );
    }
}

//! What SQLite alone keeps on a table, a column or a foreign key, as typed
//! attributes of the shared model (`schema::attrs`): read from the table's
//! text by `schema/parse.rs` (SQLite's catalog is that text), written by
//! `render.rs`, compared as sets by the diff. SQLite changes none of them
//! in place: a change rebuilds the table.

use std::fmt;

use crate::schema::attrs::{
    ColumnAttr as AnyColumn, ConstraintAttr as AnyConstraint, TableAttr as AnyTable,
};
use crate::schema::{Column, ForeignKey, Table};

/// A table option of SQLite's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableAttr {
    /// `STRICT`: each value must be of its column's type (3.37+).
    Strict,
    /// `WITHOUT ROWID`: the table is stored by its primary key.
    WithoutRowid,
}

/// A column attribute of SQLite's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnAttr {
    /// `COLLATE name` other than `BINARY` (SQLite's default): `NOCASE`,
    /// `RTRIM` or one an application registers, upper-cased as SQLite
    /// matches collation names without regard to case.
    Collation(String),
}

/// A foreign key attribute of SQLite's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintAttr {
    /// `DEFERRABLE INITIALLY DEFERRED`: checked at commit, the one
    /// spelling under which SQLite defers a foreign key (every other one
    /// means immediate, as the model's keys are).
    Deferred,
}

impl fmt::Display for TableAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TableAttr::Strict => "STRICT",
            TableAttr::WithoutRowid => "WITHOUT ROWID",
        })
    }
}

impl fmt::Display for ColumnAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnAttr::Collation(name) => write!(f, "COLLATE {name}"),
        }
    }
}

impl fmt::Display for ConstraintAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintAttr::Deferred => f.write_str("DEFERRABLE INITIALLY DEFERRED"),
        }
    }
}

impl From<TableAttr> for AnyTable {
    fn from(a: TableAttr) -> AnyTable {
        AnyTable::Sqlite(a)
    }
}

impl From<ColumnAttr> for AnyColumn {
    fn from(a: ColumnAttr) -> AnyColumn {
        AnyColumn::Sqlite(a)
    }
}

impl From<ConstraintAttr> for AnyConstraint {
    fn from(a: ConstraintAttr) -> AnyConstraint {
        AnyConstraint::Sqlite(a)
    }
}

/// A collation name as the model keeps it: upper-cased, `None` for
/// `BINARY`, SQLite's default.
pub(crate) fn collation_attr(name: &str) -> Option<ColumnAttr> {
    let name = name.trim_matches(|c| matches!(c, '"' | '`' | '[' | ']' | '\''));
    (!name.eq_ignore_ascii_case("BINARY")).then(|| ColumnAttr::Collation(name.to_ascii_uppercase()))
}

/// A column's collation, where it is not `BINARY`.
pub(crate) fn collation(c: &Column) -> Option<&str> {
    c.attrs.iter().find_map(|a| match a {
        AnyColumn::Sqlite(ColumnAttr::Collation(name)) => Some(name.as_str()),
        _ => None,
    })
}

/// The table's options as `CREATE TABLE` ends with them (`STRICT,
/// WITHOUT ROWID`), empty when it has none.
pub(crate) fn table_options(t: &Table) -> String {
    let options: Vec<String> = t
        .attrs
        .iter()
        .filter_map(|a| match a {
            AnyTable::Sqlite(a) => Some(a.to_string()),
            _ => None,
        })
        .collect();
    options.join(", ")
}

/// Whether a foreign key is checked at commit.
pub(crate) fn deferred(fk: &ForeignKey) -> bool {
    fk.attrs
        .iter()
        .any(|a| *a == AnyConstraint::Sqlite(ConstraintAttr::Deferred))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_is_no_attribute_and_names_are_upper_cased() {
        assert_eq!(collation_attr("BINARY"), None);
        assert_eq!(collation_attr("binary"), None);
        assert_eq!(
            collation_attr("nocase"),
            Some(ColumnAttr::Collation("NOCASE".into()))
        );
        assert_eq!(
            collation_attr("\"RTRIM\""),
            Some(ColumnAttr::Collation("RTRIM".into()))
        );
    }
}

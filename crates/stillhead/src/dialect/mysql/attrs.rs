//! What MariaDB alone keeps on a column or a constraint, as typed
//! attributes of the shared model (`schema::attrs`): read by
//! `introspect.rs`, written by `render.rs`, compared as sets by the diff.

use std::fmt;

use crate::schema::attrs::{
    ColumnAttr as Any, ConstraintAttr as AnyConstraint, TableAttr as AnyTable,
};
use crate::schema::{Check, Column, Table};

/// A column attribute of MariaDB's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnAttr {
    /// `ON UPDATE expr` (`CURRENT_TIMESTAMP`): the value the server writes
    /// into the column whenever its row changes.
    OnUpdate(String),
    /// `CHARACTER SET cs COLLATE name`: a collation other than its table's
    /// default (a column written without one takes the table's, also in a
    /// `MODIFY COLUMN`). Not on `JSON`, whose `utf8mb4_bin` is its type's.
    Collation(String),
    /// `INVISIBLE`: left out of `SELECT *` and of an `INSERT` without a
    /// column list.
    Invisible,
}

/// A table attribute of MariaDB's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableAttr {
    /// `DEFAULT CHARSET=cs COLLATE=name`: the table's default collation,
    /// kept on every table (as mysqldump writes it) so that a migration
    /// says which it makes; the scratch database that holds `schema.sql`
    /// has the live database's default, so a table declared without one
    /// compares equal to one made with that default.
    Collation(String),
    /// `ENGINE=name` other than InnoDB (which the renderer writes).
    Engine(String),
}

/// A constraint attribute of MariaDB's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintAttr {
    /// A check written in its column's definition (`LEVEL = Column`,
    /// named after the column): it goes with the column, and is written
    /// back there (a `MODIFY COLUMN` without it drops it).
    OnColumn,
}

impl fmt::Display for ColumnAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnAttr::OnUpdate(expr) => write!(f, "ON UPDATE {expr}"),
            ColumnAttr::Collation(name) => {
                write!(f, "CHARACTER SET {} COLLATE {name}", charset_of(name))
            }
            ColumnAttr::Invisible => f.write_str("INVISIBLE"),
        }
    }
}

impl fmt::Display for ConstraintAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintAttr::OnColumn => f.write_str("written on its column"),
        }
    }
}

impl fmt::Display for TableAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableAttr::Collation(name) => {
                write!(f, "DEFAULT CHARSET={} COLLATE={name}", charset_of(name))
            }
            TableAttr::Engine(name) => write!(f, "ENGINE={name}"),
        }
    }
}

impl From<TableAttr> for AnyTable {
    fn from(a: TableAttr) -> AnyTable {
        AnyTable::Mysql(a)
    }
}

impl From<ColumnAttr> for Any {
    fn from(a: ColumnAttr) -> Any {
        Any::Mysql(a)
    }
}

impl From<ConstraintAttr> for AnyConstraint {
    fn from(a: ConstraintAttr) -> AnyConstraint {
        AnyConstraint::Mysql(a)
    }
}

/// A column's `ON UPDATE` expression.
pub(crate) fn on_update(c: &Column) -> Option<&str> {
    c.attrs.iter().find_map(|a| match a {
        Any::Mysql(ColumnAttr::OnUpdate(expr)) => Some(expr.as_str()),
        _ => None,
    })
}

/// Whether a check is written on its column.
pub(crate) fn on_column(c: &Check) -> bool {
    c.attrs
        .iter()
        .any(|a| *a == AnyConstraint::Mysql(ConstraintAttr::OnColumn))
}

/// A column's collation, where it is not its table's default.
pub(crate) fn collation(c: &Column) -> Option<&str> {
    c.attrs.iter().find_map(|a| match a {
        Any::Mysql(ColumnAttr::Collation(name)) => Some(name.as_str()),
        _ => None,
    })
}

/// Whether a column is `INVISIBLE`.
pub(crate) fn invisible(c: &Column) -> bool {
    c.attrs
        .iter()
        .any(|a| *a == Any::Mysql(ColumnAttr::Invisible))
}

/// A table's engine: InnoDB unless it says otherwise.
pub(crate) fn engine(t: &Table) -> &str {
    t.attrs
        .iter()
        .find_map(|a| match a {
            AnyTable::Mysql(TableAttr::Engine(name)) => Some(name.as_str()),
            _ => None,
        })
        .unwrap_or("InnoDB")
}

/// A table's default collation, where it was read from the database.
pub(crate) fn table_collation(t: &Table) -> Option<&str> {
    t.attrs.iter().find_map(|a| match a {
        AnyTable::Mysql(TableAttr::Collation(name)) => Some(name.as_str()),
        _ => None,
    })
}

/// A collation's character set: its name up to the first `_` (MariaDB's
/// collations are all named so; `binary` is its own).
pub(crate) fn charset_of(collation: &str) -> &str {
    collation.split('_').next().unwrap_or(collation)
}

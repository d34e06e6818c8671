//! What MariaDB alone keeps on a column or a constraint, as typed
//! attributes of the shared model (`schema::attrs`): read by
//! `introspect.rs`, written by `render.rs`, compared as sets by the diff.

use std::fmt;

use crate::schema::attrs::{ColumnAttr as Any, ConstraintAttr as AnyConstraint};
use crate::schema::{Check, Column};

/// A column attribute of MariaDB's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnAttr {
    /// `ON UPDATE expr` (`CURRENT_TIMESTAMP`): the value the server writes
    /// into the column whenever its row changes.
    OnUpdate(String),
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

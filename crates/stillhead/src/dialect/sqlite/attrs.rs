//! What SQLite alone keeps on a table, a column, a key or a foreign key,
//! as typed attributes of the shared model (`schema::attrs`): read from the
//! table's text by `schema/parse.rs` (SQLite's catalog is that text),
//! written by `render.rs`, compared as sets by the diff. SQLite changes
//! none of them in place: a change rebuilds the table.

use std::fmt;

use crate::schema::attrs::{
    Attrs, ColumnAttr as AnyColumn, ConstraintAttr as AnyConstraint, TableAttr as AnyTable,
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
    /// `CONSTRAINT name` before one of the column's clauses the model
    /// holds no name for (keys, foreign keys and checks have theirs).
    Named(Clause, String),
    /// `ON CONFLICT …` after the column's `NOT NULL` (or `NULL`, which
    /// SQLite reads and ignores).
    OnConflict(Clause, Conflict),
}

/// A column clause of SQLite's that the model keeps no name of: what a
/// [`ColumnAttr::Named`] or [`ColumnAttr::OnConflict`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Clause {
    /// `NOT NULL`.
    NotNull,
    /// `NULL`.
    Null,
    /// `DEFAULT …`.
    Default,
    /// `COLLATE …`.
    Collate,
    /// `GENERATED ALWAYS AS (…)` or `AS (…)`.
    Generated,
}

/// A conflict clause's resolution (`ON CONFLICT REPLACE`): what SQLite
/// does with a row that breaks the constraint, in place of `ABORT`.
/// `ABORT` written is kept too, as SQLite keeps the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Conflict {
    /// `ROLLBACK`.
    Rollback,
    /// `ABORT`.
    Abort,
    /// `FAIL`.
    Fail,
    /// `IGNORE`.
    Ignore,
    /// `REPLACE`.
    Replace,
}

/// An attribute of SQLite's on a key or a foreign key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintAttr {
    /// `DEFERRABLE INITIALLY DEFERRED` (a foreign key): checked at
    /// commit, the one spelling under which SQLite defers a foreign key
    /// (every other one means immediate, as the model's keys are).
    Deferred,
    /// `ON CONFLICT …` of a primary or unique key, written on its column
    /// or after the table's `PRIMARY KEY (…)` / `UNIQUE (…)`: the same to
    /// SQLite.
    OnConflict(Conflict),
    /// `PRIMARY KEY DESC` written on an `INTEGER` column of a rowid
    /// table: SQLite then keeps a key of its own beside the rowid, where
    /// `PRIMARY KEY (id DESC)` makes the column the rowid (SQLite's
    /// documented quirk), so the model tells the two apart.
    DescNotRowid,
    /// `MATCH name` (a foreign key): SQLite reads it and ignores it,
    /// but keeps it in the table's text.
    Match(String),
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
            ColumnAttr::Named(clause, name) => write!(f, "CONSTRAINT {name} {clause}"),
            ColumnAttr::OnConflict(clause, conflict) => {
                write!(f, "{clause} ON CONFLICT {conflict}")
            }
        }
    }
}

impl fmt::Display for ConstraintAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintAttr::Deferred => f.write_str("DEFERRABLE INITIALLY DEFERRED"),
            ConstraintAttr::OnConflict(conflict) => write!(f, "ON CONFLICT {conflict}"),
            ConstraintAttr::DescNotRowid => f.write_str("PRIMARY KEY DESC on its column"),
            ConstraintAttr::Match(name) => write!(f, "MATCH {name}"),
        }
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Clause::NotNull => "NOT NULL",
            Clause::Null => "NULL",
            Clause::Default => "DEFAULT",
            Clause::Collate => "COLLATE",
            Clause::Generated => "GENERATED",
        })
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Conflict::Rollback => "ROLLBACK",
            Conflict::Abort => "ABORT",
            Conflict::Fail => "FAIL",
            Conflict::Ignore => "IGNORE",
            Conflict::Replace => "REPLACE",
        })
    }
}

impl Conflict {
    /// The resolution a word names (any case), if it names one.
    pub(crate) fn from_word(word: &str) -> Option<Conflict> {
        let all = [
            Conflict::Rollback,
            Conflict::Abort,
            Conflict::Fail,
            Conflict::Ignore,
            Conflict::Replace,
        ];
        all.into_iter()
            .find(|c| c.to_string().eq_ignore_ascii_case(word))
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

/// A foreign key's `MATCH` name, if it was written with one.
pub(crate) fn match_name(fk: &ForeignKey) -> Option<&str> {
    fk.attrs.iter().find_map(|a| match a {
        AnyConstraint::Sqlite(ConstraintAttr::Match(name)) => Some(name.as_str()),
        _ => None,
    })
}

/// A key's conflict clause (` ON CONFLICT REPLACE`), or nothing.
pub(crate) fn key_conflict(attrs: &Attrs<AnyConstraint>) -> String {
    attrs
        .iter()
        .find_map(|a| match a {
            AnyConstraint::Sqlite(ConstraintAttr::OnConflict(c)) => {
                Some(format!(" ON CONFLICT {c}"))
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// Whether a table's primary key is `PRIMARY KEY DESC` written on its
/// `INTEGER` column (not the rowid).
pub(crate) fn desc_not_rowid(t: &Table) -> bool {
    t.primary_key_attrs
        .iter()
        .any(|a| *a == AnyConstraint::Sqlite(ConstraintAttr::DescNotRowid))
}

/// `CONSTRAINT name ` before a column's `clause`, where one was written.
pub(crate) fn clause_name(c: &Column, clause: Clause) -> Option<&str> {
    c.attrs.iter().find_map(|a| match a {
        AnyColumn::Sqlite(ColumnAttr::Named(of, name)) if *of == clause => Some(name.as_str()),
        _ => None,
    })
}

/// The conflict clause after a column's `clause` (`NOT NULL`, `NULL`).
pub(crate) fn clause_conflict(c: &Column, clause: Clause) -> Option<Conflict> {
    c.attrs.iter().find_map(|a| match a {
        AnyColumn::Sqlite(ColumnAttr::OnConflict(of, conflict)) if *of == clause => Some(*conflict),
        _ => None,
    })
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

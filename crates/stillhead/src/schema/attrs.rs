//! Attributes that belong to one dialect, typed and kept in that dialect's
//! folder (`dialect/<name>/attrs.rs`), on the shared model's columns,
//! indexes and constraints (ARCHITECTURE.md "Schema model"). The model's
//! own fields say what every database keeps (a column's type, a key's
//! columns); an attribute says what one database alone keeps (PostgreSQL's
//! `GENERATED ALWAYS`, MariaDB's `ON UPDATE`, a PostgreSQL table's row-level
//! security). The diff compares them as
//! sets; a dialect's renderer writes the ones of its dialect and nothing
//! else ever reads them.

use std::fmt;

use serde::Serialize;

use super::Schema;
use crate::dialect::mysql::attrs as mysql;
use crate::dialect::postgres::attrs as postgres;
use crate::dialect::sqlite::attrs as sqlite;
use crate::Dialect;

/// A set of attributes, kept sorted: two sets holding the same attributes
/// compare equal whatever order they were found in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Attrs<T>(Vec<T>);

impl<T> Default for Attrs<T> {
    fn default() -> Self {
        Attrs(Vec::new())
    }
}

impl<T: Ord> Attrs<T> {
    /// Adds an attribute (once).
    pub fn insert(&mut self, attr: T) {
        if let Err(at) = self.0.binary_search(&attr) {
            self.0.insert(at, attr);
        }
    }

    /// Keeps the attributes `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.0.retain(keep);
    }

    /// The attributes, in their order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The attributes in `self` and not in `other`.
    pub fn not_in<'a>(&'a self, other: &'a Attrs<T>) -> impl Iterator<Item = &'a T> {
        self.0.iter().filter(|a| other.0.binary_search(a).is_err())
    }
}

impl<T: Ord> FromIterator<T> for Attrs<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut all: Vec<T> = iter.into_iter().collect();
        all.sort();
        all.dedup();
        Attrs(all)
    }
}

impl<'a, T> IntoIterator for &'a Attrs<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// As a list of their words (`["GENERATED ALWAYS", "COLLATE \"C\""]`).
impl<T: fmt::Display> Serialize for Attrs<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(ToString::to_string))
    }
}

/// Space-separated, as they would follow the object in its definition.
impl<T: fmt::Display> fmt::Display for Attrs<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }
}

/// An attribute of a column that one dialect keeps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnAttr {
    /// PostgreSQL's.
    Postgres(postgres::ColumnAttr),
    /// MariaDB's.
    Mysql(mysql::ColumnAttr),
    /// SQLite's.
    Sqlite(sqlite::ColumnAttr),
}

/// An attribute of a table that one dialect keeps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableAttr {
    /// PostgreSQL's.
    Postgres(postgres::TableAttr),
    /// MariaDB's.
    Mysql(mysql::TableAttr),
    /// SQLite's.
    Sqlite(sqlite::TableAttr),
}

impl TableAttr {
    /// The dialect it belongs to.
    pub fn dialect(&self) -> Dialect {
        match self {
            TableAttr::Postgres(_) => Dialect::Postgres,
            TableAttr::Mysql(_) => Dialect::Mysql,
            TableAttr::Sqlite(_) => Dialect::Sqlite,
        }
    }

    /// Whether it matters only when the table is made (MariaDB's
    /// `AUTO_INCREMENT` start): not compared with a table that exists.
    pub fn only_at_creation(&self) -> bool {
        matches!(
            self,
            TableAttr::Mysql(mysql::TableAttr::AutoIncrementStart(_))
        )
    }
}

impl fmt::Display for TableAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableAttr::Postgres(a) => a.fmt(f),
            TableAttr::Mysql(a) => a.fmt(f),
            TableAttr::Sqlite(a) => a.fmt(f),
        }
    }
}

/// An attribute of a trigger that one dialect keeps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TriggerAttr {
    /// PostgreSQL's.
    Postgres(postgres::TriggerAttr),
    /// MariaDB's: the session context it was made in.
    Mysql(mysql::CodeAttr),
}

impl TriggerAttr {
    /// The dialect it belongs to.
    pub fn dialect(&self) -> Dialect {
        match self {
            TriggerAttr::Postgres(_) => Dialect::Postgres,
            TriggerAttr::Mysql(_) => Dialect::Mysql,
        }
    }
}

impl fmt::Display for TriggerAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TriggerAttr::Postgres(a) => a.fmt(f),
            TriggerAttr::Mysql(a) => a.fmt(f),
        }
    }
}

/// An attribute of a routine (or MariaDB event) that one dialect keeps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RoutineAttr {
    /// MariaDB's: the session context it was made in.
    Mysql(mysql::CodeAttr),
}

impl RoutineAttr {
    /// The dialect it belongs to.
    pub fn dialect(&self) -> Dialect {
        match self {
            RoutineAttr::Mysql(_) => Dialect::Mysql,
        }
    }
}

impl fmt::Display for RoutineAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoutineAttr::Mysql(a) => a.fmt(f),
        }
    }
}

/// An attribute of a view that one dialect keeps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ViewAttr {
    /// PostgreSQL's.
    Postgres(postgres::ViewAttr),
    /// MariaDB's.
    Mysql(mysql::ViewAttr),
}

impl ViewAttr {
    /// The dialect it belongs to.
    pub fn dialect(&self) -> Dialect {
        match self {
            ViewAttr::Postgres(_) => Dialect::Postgres,
            ViewAttr::Mysql(_) => Dialect::Mysql,
        }
    }
}

impl fmt::Display for ViewAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewAttr::Postgres(a) => a.fmt(f),
            ViewAttr::Mysql(a) => a.fmt(f),
        }
    }
}

/// An attribute of an index (or of the index behind a key) that one
/// dialect keeps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndexAttr {
    /// PostgreSQL's.
    Postgres(postgres::IndexAttr),
    /// MariaDB's.
    Mysql(mysql::IndexAttr),
}

/// An attribute of a constraint (key, foreign key, check) that one
/// dialect keeps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintAttr {
    /// PostgreSQL's.
    Postgres(postgres::ConstraintAttr),
    /// MariaDB's.
    Mysql(mysql::ConstraintAttr),
    /// SQLite's.
    Sqlite(sqlite::ConstraintAttr),
}

impl ColumnAttr {
    /// The dialect it belongs to.
    pub fn dialect(&self) -> Dialect {
        match self {
            ColumnAttr::Postgres(_) => Dialect::Postgres,
            ColumnAttr::Mysql(_) => Dialect::Mysql,
            ColumnAttr::Sqlite(_) => Dialect::Sqlite,
        }
    }
}

impl ConstraintAttr {
    /// The dialect it belongs to.
    pub fn dialect(&self) -> Dialect {
        match self {
            ConstraintAttr::Postgres(_) => Dialect::Postgres,
            ConstraintAttr::Mysql(_) => Dialect::Mysql,
            ConstraintAttr::Sqlite(_) => Dialect::Sqlite,
        }
    }
}

impl IndexAttr {
    /// The dialect it belongs to.
    pub fn dialect(&self) -> Dialect {
        match self {
            IndexAttr::Postgres(_) => Dialect::Postgres,
            IndexAttr::Mysql(_) => Dialect::Mysql,
        }
    }

    /// The same attribute once column `from` is called `to`.
    pub fn with_column_renamed(&self, from: &str, to: &str) -> IndexAttr {
        match self {
            IndexAttr::Postgres(a) => IndexAttr::Postgres(a.with_column_renamed(from, to)),
            IndexAttr::Mysql(a) => IndexAttr::Mysql(a.clone()),
        }
    }

    /// Whether the database changes it in place, without building the
    /// index again (PostgreSQL's storage parameters).
    pub fn in_place(&self) -> bool {
        match self {
            IndexAttr::Postgres(a) => a.in_place(),
            IndexAttr::Mysql(a) => *a == mysql::IndexAttr::Ignored,
        }
    }
}

impl fmt::Display for ColumnAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnAttr::Postgres(a) => a.fmt(f),
            ColumnAttr::Mysql(a) => a.fmt(f),
            ColumnAttr::Sqlite(a) => a.fmt(f),
        }
    }
}

impl fmt::Display for IndexAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexAttr::Postgres(a) => a.fmt(f),
            IndexAttr::Mysql(a) => a.fmt(f),
        }
    }
}

impl fmt::Display for ConstraintAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintAttr::Postgres(a) => a.fmt(f),
            ConstraintAttr::Mysql(a) => a.fmt(f),
            ConstraintAttr::Sqlite(a) => a.fmt(f),
        }
    }
}

/// The first attribute in `schema` that belongs to another dialect than
/// `dialect`, as (object, attribute, its dialect): a schema built in code
/// can hold one, and a renderer writes only its own, so a migration for
/// `dialect` would silently leave it out (`autogen::generate` refuses it).
pub fn foreign_to(schema: &Schema, dialect: Dialect) -> Option<(String, String, Dialect)> {
    for t in schema.tables.values() {
        if let Some(a) = t.attrs.iter().find(|a| a.dialect() != dialect) {
            return Some((format!("table {}", t.name), a.to_string(), a.dialect()));
        }
        for c in &t.columns {
            if let Some(a) = c.attrs.iter().find(|a| a.dialect() != dialect) {
                return Some((
                    format!("column {}.{}", t.name, c.name),
                    a.to_string(),
                    a.dialect(),
                ));
            }
        }
        let primary_key = (!t.primary_key.is_empty()).then_some((
            "primary key",
            &t.primary_key_name,
            &t.primary_key_attrs,
        ));
        let constraints = (t.checks.iter().map(|k| ("check", &k.name, &k.attrs)))
            .chain(primary_key)
            .chain(
                t.uniques
                    .iter()
                    .map(|u| ("unique constraint", &u.name, &u.attrs)),
            )
            .chain(
                t.foreign_keys
                    .iter()
                    .map(|k| ("foreign key", &k.name, &k.attrs)),
            );
        for (kind, name, attrs) in constraints {
            if let Some(a) = attrs.iter().find(|a| a.dialect() != dialect) {
                return Some((
                    format!("{kind} {name} on {}", t.name),
                    a.to_string(),
                    a.dialect(),
                ));
            }
        }
        for i in t.indexes.values() {
            if let Some(a) = i.attrs.iter().find(|a| a.dialect() != dialect) {
                return Some((format!("index {}", i.name), a.to_string(), a.dialect()));
            }
        }
    }
    for v in schema.views.values() {
        if let Some(a) = v.attrs.iter().find(|a| a.dialect() != dialect) {
            return Some((format!("view {}", v.name), a.to_string(), a.dialect()));
        }
    }
    for r in schema.routines.values() {
        if let Some(a) = r.attrs.iter().find(|a| a.dialect() != dialect) {
            return Some((
                format!("{} {}", r.kind.word(), r.key()),
                a.to_string(),
                a.dialect(),
            ));
        }
    }
    for t in schema.triggers.values() {
        if let Some(a) = t.attrs.iter().find(|a| a.dialect() != dialect) {
            return Some((
                format!("trigger {} on {}", t.name, t.table),
                a.to_string(),
                a.dialect(),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_compare_equal_whatever_the_order_and_say_what_the_other_lacks() {
        let a: Attrs<u8> = [3, 1, 2, 1].into_iter().collect();
        let mut b = Attrs::default();
        for x in [2, 3, 1] {
            b.insert(x);
        }
        b.insert(2);
        assert_eq!(a, b);
        assert_eq!(a.iter().copied().collect::<Vec<_>>(), vec![1, 2, 3]);
        let c: Attrs<u8> = [1, 4].into_iter().collect();
        assert_eq!(a.not_in(&c).copied().collect::<Vec<_>>(), vec![2, 3]);
        assert_eq!(c.not_in(&a).copied().collect::<Vec<_>>(), vec![4]);
        assert_eq!(a.to_string(), "1 2 3");
    }
}

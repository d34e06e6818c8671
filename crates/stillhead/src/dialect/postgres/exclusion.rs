//! Exclusion constraints (`EXCLUDE USING gist (room WITH =, during WITH
//! &&)`), a table attribute of PostgreSQL's (`attrs.rs`:
//! `TableAttr::Exclusion`): compared, and planned as drops, renames and
//! adds.

use std::fmt;

use super::attrs::TableAttr;
use crate::schema::attrs::{Attrs, TableAttr as AnyTable};

/// An exclusion constraint, compared by its name and by the definition
/// `pg_get_constraintdef` prints (`EXCLUDE USING gist (room WITH =, during
/// WITH &&) INCLUDE (note) WITH (fillfactor='70') WHERE ((id > 0))
/// DEFERRABLE`): the server's own normalised text, which a migration
/// writes back as it is, so a dump compares equal to its database.
#[derive(Debug, Clone)]
pub struct Exclusion {
    /// Its name as the database keeps it (to drop or rename it).
    pub name: String,
    /// PostgreSQL chose the name (`bookings_room_during_excl`, `names.rs`):
    /// written without one, and created again without one. Two implied
    /// names compare equal, as `Name`'s do: the choice follows from the
    /// table and the definition, which are compared anyway.
    pub implied: bool,
    /// `EXCLUDE …` as `pg_get_constraintdef` prints it.
    pub def: String,
}

impl Exclusion {
    /// What it is compared by: the definition, and the name unless
    /// PostgreSQL chose it.
    fn key(&self) -> (&str, bool, &str) {
        let name = if self.implied { "" } else { &self.name };
        (&self.def, self.implied, name)
    }

    /// `CONSTRAINT name ` where the schema wrote one, or nothing.
    pub(crate) fn named(&self, q: &dyn Fn(&str) -> String) -> String {
        if self.implied {
            String::new()
        } else {
            format!("CONSTRAINT {} ", q(&self.name))
        }
    }
}

impl PartialEq for Exclusion {
    fn eq(&self, other: &Exclusion) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Exclusion {}

impl PartialOrd for Exclusion {
    fn partial_cmp(&self, other: &Exclusion) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By [`Exclusion::key`], so that a set orders them as it compares them.
impl Ord for Exclusion {
    fn cmp(&self, other: &Exclusion) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl std::hash::Hash for Exclusion {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.key().hash(h);
    }
}

/// `CONSTRAINT name EXCLUDE …`, the name left out where PostgreSQL chose it.
impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.implied {
            write!(f, "CONSTRAINT {} ", self.name)?;
        }
        f.write_str(&self.def)
    }
}

/// A table's exclusion constraints.
pub(crate) fn exclusions(attrs: &Attrs<AnyTable>) -> impl Iterator<Item = &Exclusion> {
    attrs.iter().filter_map(|a| match a {
        AnyTable::Postgres(TableAttr::Exclusion(x)) => Some(x),
        _ => None,
    })
}

/// How a table's exclusion constraints change from `from` to `to`: those
/// dropped, those renamed (the same definition under another name, as
/// (old, new)) and those added.
pub(crate) fn exclusion_changes<'a>(
    from: &'a Attrs<AnyTable>,
    to: &'a Attrs<AnyTable>,
) -> (
    Vec<&'a Exclusion>,
    Vec<(&'a Exclusion, &'a Exclusion)>,
    Vec<&'a Exclusion>,
) {
    let gone: Vec<&Exclusion> = exclusions(from)
        .filter(|x| !exclusions(to).any(|y| y == *x))
        .collect();
    let mut come: Vec<&Exclusion> = exclusions(to)
        .filter(|x| !exclusions(from).any(|y| y == *x))
        .collect();
    let mut dropped = Vec::new();
    let mut renamed = Vec::new();
    for old in gone {
        match come.iter().position(|new| new.def == old.def) {
            Some(at) => renamed.push((old, come.remove(at))),
            None => dropped.push(old),
        }
    }
    (dropped, renamed, come)
}

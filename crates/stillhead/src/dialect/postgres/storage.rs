//! Storage parameters (`WITH (fillfactor=70)`) of tables, indexes, the
//! indexes behind keys and materialized views, as typed attributes
//! (`attrs.rs` holds the variants that carry a [`Storage`]), and how a
//! migration writes and changes them; a key's `INCLUDE` with them, as
//! both are the key's `index_parameters`.

use std::fmt;

use super::attrs::{ConstraintAttr, IndexAttr, TableAttr};
use crate::schema::attrs::{
    Attrs, ConstraintAttr as AnyConstraint, IndexAttr as AnyIndex, TableAttr as AnyTable,
};

/// A storage parameter of a table, an index (one behind a key too) or a
/// materialized view: one entry of `reloptions`, `name=value` as the
/// catalog keeps it (`fillfactor=70`, `autovacuum_enabled=false`). Kept
/// one attribute each, so that the set of them is sorted: a migration
/// writes them in that order, resetting and setting them whole when they
/// change (`storage_changes`), so the catalog keeps the order a dump of the
/// declared schema has.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Storage(pub String);

impl Storage {
    /// One entry of `reloptions`; `None` for one without `=`.
    pub(crate) fn from_reloption(option: &str) -> Option<Storage> {
        option.contains('=').then(|| Storage(option.to_string()))
    }

    /// The parameter's name, for `RESET (name)`.
    pub(crate) fn name(&self) -> &str {
        self.0.split_once('=').map_or(&self.0, |(name, _)| name)
    }
}

/// `name=value`, the value quoted where it is not a plain word or number
/// (as pg_dump's `flatten_reloptions` does).
impl fmt::Display for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.split_once('=') {
            Some((name, value))
                if !value.is_empty()
                    && !value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') =>
            {
                write!(f, "{name}='{}'", value.replace('\'', "''"))
            }
            _ => f.write_str(&self.0),
        }
    }
}

/// ` WITH (a=1, b=2)` for storage parameters, or nothing for none.
pub(crate) fn with_clause<'a>(options: impl Iterator<Item = &'a Storage>) -> String {
    let list: Vec<String> = options.map(ToString::to_string).collect();
    if list.is_empty() {
        String::new()
    } else {
        format!(" WITH ({})", list.join(", "))
    }
}

/// `RESET (…)` and `SET (…)` lists taking storage parameters from `from`
/// to `to`, empty where they are the same: every old one reset and every
/// new one set, so the catalog keeps them in the sorted order `CREATE`
/// writes (a `SET` alone appends a new one last, and a dump shows the
/// order).
pub(crate) fn storage_changes(from: &[&Storage], to: &[&Storage]) -> (Vec<String>, Vec<String>) {
    if from == to {
        return (Vec::new(), Vec::new());
    }
    (
        to.iter().map(ToString::to_string).collect(),
        from.iter().map(|o| o.name().to_string()).collect(),
    )
}

/// A table's storage parameters.
pub(crate) fn table_storage(attrs: &Attrs<AnyTable>) -> Vec<&Storage> {
    attrs
        .iter()
        .filter_map(|a| match a {
            AnyTable::Postgres(TableAttr::Storage(o)) => Some(o),
            _ => None,
        })
        .collect()
}

/// An index's storage parameters.
pub(crate) fn index_storage(attrs: &Attrs<AnyIndex>) -> Vec<&Storage> {
    attrs
        .iter()
        .filter_map(|a| match a {
            AnyIndex::Postgres(IndexAttr::Storage(o)) => Some(o),
            _ => None,
        })
        .collect()
}

/// The storage parameters of the index behind a primary or unique key.
pub(crate) fn key_storage(attrs: &Attrs<AnyConstraint>) -> Vec<&Storage> {
    attrs
        .iter()
        .filter_map(|a| match a {
            AnyConstraint::Postgres(ConstraintAttr::Storage(o)) => Some(o),
            _ => None,
        })
        .collect()
}

/// A key's attributes but its storage parameters: two keys alike in
/// these differ only in what `ALTER INDEX … SET` changes.
pub(crate) fn but_storage(attrs: &Attrs<AnyConstraint>) -> Attrs<AnyConstraint> {
    let mut rest = attrs.clone();
    rest.retain(|a| !matches!(a, AnyConstraint::Postgres(ConstraintAttr::Storage(_))));
    rest
}

/// ` INCLUDE (…)` of a primary or unique key that has one, or nothing;
/// `cols` writes a list of columns.
pub(crate) fn key_include(
    attrs: &Attrs<AnyConstraint>,
    cols: &dyn Fn(&[String]) -> String,
) -> String {
    attrs
        .iter()
        .find_map(|a| match a {
            AnyConstraint::Postgres(ConstraintAttr::Include(columns)) => {
                Some(format!(" INCLUDE ({})", cols(columns)))
            }
            _ => None,
        })
        .unwrap_or_default()
}

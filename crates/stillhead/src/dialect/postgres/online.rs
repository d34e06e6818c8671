//! Online-safe autogenerate (ARCHITECTURE.md, "Online-safe migrations"):
//! what would scan or build under a lock that blocks writes to a table
//! already in use is taken out of the migration's transaction and done in
//! a second migration that runs outside one (`transaction: false`):
//!
//! - an index on an existing table or materialized view: `CREATE INDEX
//!   CONCURRENTLY`;
//! - a foreign key or check added to an existing table: added `NOT VALID`
//!   in the first migration (no scan), `VALIDATE CONSTRAINT` in the second
//!   (a scan that lets writes go on);
//! - a unique constraint added to an existing table: its index built
//!   `CONCURRENTLY` in the second migration, then `ADD CONSTRAINT …
//!   UNIQUE USING INDEX` (no scan); one a new foreign key needs, or one
//!   that replaces a constraint of its name, stays in the first with a
//!   comment saying why, as a primary key added to a table in use does
//!   (`USING INDEX` would still set its columns `NOT NULL` under lock);
//! - `SET NOT NULL` on an existing column: a `CHECK (col IS NOT NULL) NOT
//!   VALID` in the first, validated in the second, where `SET NOT NULL`
//!   then takes the validated check as proof and scans nothing, and the
//!   check is dropped.
//!
//! The split is a schema between the two (`Online::midway`): the first
//! migration is the ordinary diff from the live schema to it, the second's
//! downgrade the ordinary diff back from the declared one; only the
//! second's upgrade is written here, since the diff would write a plain
//! `CREATE INDEX` and a `SET NOT NULL` before the check it relies on.

use std::fmt::Write as _;

use super::attrs::{self, ConstraintAttr};
use super::names::make_object_name;
use super::render::{create_index, named, q, qn, qn_beside};
use crate::dialect::Online;
use crate::schema::attrs::{Attrs, ColumnAttr as AnyColumn, ConstraintAttr as AnyConstraint};
use crate::schema::{Check, Index, Name, Schema, Table, Unique};

/// What the second migration does, in the order it does it.
enum Step {
    /// `CREATE [UNIQUE] INDEX CONCURRENTLY` on table `.0`.
    Index(String, crate::schema::Index),
    /// Unique constraint `.1` of table `.0`: its index built
    /// `CONCURRENTLY`, then the constraint added `USING INDEX`.
    Unique(String, Unique),
    /// `VALIDATE CONSTRAINT` name `.1` on table `.0`.
    Validate(String, String),
    /// Column `.1` of table `.0` made `NOT NULL` through check `.2`, its
    /// NULLs given the default `.3` first, where it has one, and named `.4`
    /// where its name is not PostgreSQL's choice (18).
    NotNull(String, String, String, Option<String>, Option<String>),
}

/// The split of the change from `from` to `to`, or `None` when nothing in
/// it blocks writes to a table in use.
pub(super) fn split(from: &Schema, to: &Schema) -> Option<Online> {
    let mut midway = to.clone();
    let mut steps = Vec::new();
    let mut kept = Vec::new();
    for (key, old) in &from.tables {
        let Some(new) = midway.tables.get_mut(key) else {
            continue;
        };
        // A partitioned table takes neither `CREATE INDEX CONCURRENTLY`
        // nor (before PostgreSQL 18) a `NOT VALID` foreign key: its
        // changes stay in the first migration.
        if super::attrs::partition_by(new).is_some() {
            continue;
        }
        defer_indexes(key, (from, old), (to, new), &mut steps, &mut kept);
        defer_uniques(key, (from, old), (to, new), &mut steps, &mut kept);
        defer_validation(key, old, new, &mut steps);
        defer_not_null(key, old, new, &mut steps);
    }
    // A materialized view in use is read as a table is: its new indexes
    // are built CONCURRENTLY too, where it stays as it is otherwise (one
    // created again is built with its indexes, unread until then).
    for (key, old) in &from.views {
        let Some(new) = midway.views.get_mut(key) else {
            continue;
        };
        if !old.same_but_in_place(new) {
            continue;
        }
        let (Some(was), Some(now)) = (&old.materialized, &mut new.materialized) else {
            continue;
        };
        let added: Vec<String> = now
            .indexes
            .iter()
            .filter(|(name, index)| !kept_in_place(was.indexes.get(*name), index))
            .map(|(name, _)| name.clone())
            .collect();
        for name in added {
            if let Some(index) = now.indexes.remove(&name) {
                steps.push(Step::Index(key.clone(), index));
            }
        }
    }
    if steps.is_empty() {
        return None;
    }
    Some(Online {
        midway,
        upgrade: follow_up(&steps),
        annotations: kept,
    })
}

/// Whether `index` is `old` (an index of the same name), or `old` but for
/// storage parameters: `ALTER INDEX … SET` changes those without a build.
fn kept_in_place(old: Option<&Index>, index: &Index) -> bool {
    old.is_some_and(|old| old.same_but_in_place(index))
}

/// New indexes of a table in use move to the second migration, except a
/// unique one a new foreign key needs: the key is added in the first, and
/// PostgreSQL wants its unique index then.
fn defer_indexes(
    key: &str,
    (from, old): (&Schema, &Table),
    (to, new): (&Schema, &mut Table),
    steps: &mut Vec<Step>,
    kept: &mut Vec<(String, String)>,
) {
    let added: Vec<String> = new
        .indexes
        .iter()
        .filter(|(name, index)| !kept_in_place(old.indexes.get(*name), index))
        .map(|(name, _)| name.clone())
        .collect();
    for name in added {
        let index = &new.indexes[&name];
        if index.unique
            && index.predicate.is_none()
            && needed_by_new_key(key, &index.columns, from, to)
        {
            kept.push((
                format!("CREATE UNIQUE INDEX {} ON", q(&name)),
                format!(
                    "-- Built here, not CONCURRENTLY after: a foreign key this migration\n\
                     -- adds references {key} ({}), and needs this index to exist.\n\
                     -- stillhead allow SH004\n",
                    index.columns.join(", ")
                ),
            ));
            continue;
        }
        if let Some(index) = new.indexes.remove(&name) {
            steps.push(Step::Index(key.to_string(), index));
        }
    }
}

/// New unique constraints of a table in use move to the second migration
/// ([`Step::Unique`]), but for those that must be there at once: one a new
/// foreign key references, one that replaces a constraint of the same name
/// (which must not be missing in between). Those, and a primary key the
/// table gains, stay in the first with a comment saying why.
fn defer_uniques(
    key: &str,
    (from, old): (&Schema, &Table),
    (to, new): (&Schema, &mut Table),
    steps: &mut Vec<Step>,
    kept: &mut Vec<(String, String)>,
) {
    let table = qn(key);
    if new.primary_key != old.primary_key && !new.primary_key.is_empty() {
        kept.push((
            format!(
                "ALTER TABLE {table} ADD {}PRIMARY KEY",
                named(&new.primary_key_name)
            ),
            "-- Added here, under lock: ADD PRIMARY KEY … USING INDEX would still
             -- set its columns NOT NULL with a scan under the same lock.
             -- stillhead allow SH009
"
            .to_string(),
        ));
    }
    new.uniques.retain(|u| {
        if old.uniques.contains(u) || u.name.value.is_empty() {
            return true;
        }
        let why = if old.uniques.iter().any(|o| o.name.value == u.name.value) {
            "it replaces the constraint of its name, which must not be
             -- missing in between."
        } else if needed_by_new_key(key, &u.columns, from, to) {
            "a foreign key this migration adds references these
             -- columns, and needs the constraint to exist."
        } else {
            steps.push(Step::Unique(key.to_string(), u.clone()));
            return false;
        };
        kept.push((
            format!("ALTER TABLE {table} ADD {}UNIQUE", named(&u.name)),
            format!(
                "-- Added here, not USING INDEX built CONCURRENTLY after: {why}
                 -- stillhead allow SH009
"
            ),
        ));
        true
    });
}

/// Whether a foreign key that `to` has and `from` has not references
/// these columns of `table`.
fn needed_by_new_key(table: &str, columns: &[String], from: &Schema, to: &Schema) -> bool {
    to.tables.iter().any(|(key, t)| {
        t.foreign_keys.iter().any(|k| {
            k.ref_table == table
                && k.ref_columns == columns
                && !from
                    .tables
                    .get(key)
                    .is_some_and(|old| old.foreign_keys.contains(k))
        })
    })
}

/// Foreign keys and checks that a table in use gains (or that become
/// valid) are added `NOT VALID`, and validated in the second migration.
fn defer_validation(key: &str, old: &Table, new: &mut Table, steps: &mut Vec<Step>) {
    for fk in new.foreign_keys.iter_mut() {
        if old.foreign_keys.contains(fk) || !defers(&mut fk.attrs, &fk.name) {
            continue;
        }
        steps.push(Step::Validate(key.to_string(), fk.name.value.clone()));
    }
    for c in new.checks.iter_mut() {
        if old.checks.contains(c) || !defers(&mut c.attrs, &c.name) {
            continue;
        }
        steps.push(Step::Validate(key.to_string(), c.name.value.clone()));
    }
    new.foreign_keys.sort();
    new.checks.sort();
}

/// Marks a valid constraint `NOT VALID` when it has a name to validate it
/// by, and says whether it did.
fn defers(a: &mut Attrs<AnyConstraint>, name: &Name) -> bool {
    if attrs::not_valid(a) || name.value.is_empty() {
        return false;
    }
    a.insert(ConstraintAttr::NotValid.into());
    true
}

/// Columns of a table in use that become `NOT NULL` stay nullable midway,
/// with a `NOT VALID` check of the same; not a key's column (the key makes
/// it `NOT NULL` itself), an identity or a generated one.
fn defer_not_null(key: &str, old: &Table, new: &mut Table, steps: &mut Vec<Step>) {
    let taken: Vec<String> = old
        .checks
        .iter()
        .chain(&new.checks)
        .map(|c| c.name.value.clone())
        .chain(old.foreign_keys.iter().map(|k| k.name.value.clone()))
        .chain(new.foreign_keys.iter().map(|k| k.name.value.clone()))
        .collect();
    for column in new.columns.iter_mut() {
        let Some(before) = old.columns.iter().find(|c| c.name == column.name) else {
            continue;
        };
        let eligible = before.nullable
            && !column.nullable
            && !new.primary_key.contains(&column.name)
            && !column.autoincrement
            && column.generated.is_none();
        let bare = crate::schema::split_qualified(key).1;
        let check = make_object_name(bare, Some(&column.name), "not_null_check");
        if !eligible || taken.contains(&check) {
            continue;
        }
        column.nullable = true;
        // Midway it is nullable: its constraint's name comes with it.
        let name = attrs::not_null_name(column).map(String::from);
        column
            .attrs
            .retain(|a| !matches!(a, AnyColumn::Postgres(attrs::ColumnAttr::NotNullName(_))));
        let mut c = Check::new(format!("{} IS NOT NULL", q(&column.name)));
        c.name = Name::written(&check);
        c.attrs.insert(ConstraintAttr::NotValid.into());
        new.checks.push(c);
        steps.push(Step::NotNull(
            key.to_string(),
            column.name.clone(),
            check,
            column.default.clone(),
            name,
        ));
    }
    new.checks.sort();
}

/// The second migration's upgrade. Each statement may run again after a
/// failure: an index a failed `CONCURRENTLY` build left invalid is dropped
/// first, and validating a valid constraint does nothing.
fn follow_up(steps: &[Step]) -> String {
    let mut out = String::from(
        "-- Outside a transaction, so that writes to these tables go on while\n\
         -- indexes build and constraints are checked (README, \"Online-safe\n\
         -- migrations\"). Each statement can be run again after a failure.\n",
    );
    for step in steps {
        match step {
            Step::Index(table, index) => {
                let name = qn_beside(table, &index.name);
                let create = create_index(table, index);
                let create = create.replacen("INDEX ", "INDEX CONCURRENTLY ", 1);
                let _ = writeln!(out, "DROP INDEX CONCURRENTLY IF EXISTS {name};\n{create};");
            }
            Step::Unique(table, u) => {
                let name = qn_beside(table, &u.name.value);
                let index = Index {
                    name: u.name.value.clone(),
                    columns: u.columns.iter().map(|c| q(c)).collect(),
                    unique: true,
                    predicate: None,
                    method: None,
                    // What the key keeps of its index: ADD CONSTRAINT …
                    // USING INDEX takes it from the index.
                    attrs: u
                        .attrs
                        .iter()
                        .filter_map(|a| match a {
                            AnyConstraint::Postgres(ConstraintAttr::NullsNotDistinct) => {
                                Some(attrs::IndexAttr::NullsNotDistinct)
                            }
                            AnyConstraint::Postgres(ConstraintAttr::Include(columns)) => {
                                Some(attrs::IndexAttr::Include(columns.clone()))
                            }
                            AnyConstraint::Postgres(ConstraintAttr::Storage(o)) => {
                                Some(attrs::IndexAttr::Storage(o.clone()))
                            }
                            _ => None,
                        })
                        .map(Into::into)
                        .collect(),
                };
                let create = create_index(table, &index);
                let create = create.replacen("INDEX ", "INDEX CONCURRENTLY ", 1);
                let _ = writeln!(
                    out,
                    "DROP INDEX CONCURRENTLY IF EXISTS {name};\n{create};\n\
                     ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}{};",
                    qn(table),
                    q(&u.name.value),
                    q(&u.name.value),
                    attrs::deferrable(&u.attrs)
                );
            }
            Step::Validate(table, name) => {
                let _ = writeln!(
                    out,
                    "ALTER TABLE {} VALIDATE CONSTRAINT {};",
                    qn(table),
                    q(name)
                );
            }
            Step::NotNull(table, column, check, default, name) => {
                let (t, c) = (qn(table), q(check));
                if let Some(d) = default {
                    // As the plain form does (render.rs): rows holding NULL
                    // take the default. The check, already enforced on new
                    // rows, keeps new NULLs out.
                    let _ = writeln!(
                        out,
                        "UPDATE {t} SET {} = {d} WHERE {} IS NULL;",
                        q(column),
                        q(column)
                    );
                }
                // PostgreSQL 18 names it as ADD CONSTRAINT says, and does
                // nothing when the column is NOT NULL already (a re-run).
                let set = match name {
                    Some(name) => format!("ADD CONSTRAINT {} NOT NULL {}", q(name), q(column)),
                    None => format!("ALTER COLUMN {} SET NOT NULL", q(column)),
                };
                let _ = writeln!(
                    out,
                    "ALTER TABLE {t} VALIDATE CONSTRAINT {c};\n\
                     -- The validated check proves there is no NULL: no scan.\n\
                     -- stillhead allow SH007\n\
                     ALTER TABLE {t} {set};\n\
                     ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {c};"
                );
            }
        }
    }
    out
}

//! Autogenerate: the difference between two schemas as a list of typed
//! changes, and those changes rendered as SQL for a dialect (no SQL strings
//! are built in the diff itself).
//!
//! Owns "what changed" ([`diff`]) and "how to write it" (per-dialect
//! renderers). Reads schemas from `schema`; writes nothing to disk.

mod mysql;
mod postgres;
pub mod rename;
mod sql;
mod sqlite;

use serde::Serialize;

use crate::schema::{Column, Index, Schema, Table};
use crate::script::Dialect;

/// One schema change, from the old schema to the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A table to create (with its indexes).
    CreateTable {
        /// The new table.
        table: Table,
    },
    /// A table to drop.
    DropTable {
        /// The table as it was.
        table: Table,
    },
    /// A column to add.
    AddColumn {
        /// The table after the change.
        table: Table,
        /// The column.
        column: Column,
    },
    /// A column to drop.
    DropColumn {
        /// The table before the change.
        table: Table,
        /// The column.
        column: Column,
    },
    /// Anything else within a table: a column's type, nullability or
    /// default, keys, foreign keys, checks.
    AlterTable {
        /// The table before.
        from: Table,
        /// The table after.
        to: Table,
        /// What differs, in words.
        details: Vec<String>,
    },
    /// An index to create.
    CreateIndex {
        /// Its table.
        table: String,
        /// The index.
        index: Index,
    },
    /// An index to drop.
    DropIndex {
        /// Its table.
        table: String,
        /// The index.
        index: Index,
    },
}

impl Change {
    /// One line for people (`check`, warnings).
    pub fn describe(&self) -> String {
        match self {
            Change::CreateTable { table } => format!("add table {}", table.name),
            Change::DropTable { table } => format!("drop table {}", table.name),
            Change::AddColumn { table, column } => {
                format!("add column {}.{}", table.name, column.name)
            }
            Change::DropColumn { table, column } => {
                format!("drop column {}.{}", table.name, column.name)
            }
            Change::AlterTable { to, details, .. } => {
                format!("change table {}: {}", to.name, details.join("; "))
            }
            Change::CreateIndex { table, index } => format!("add index {} on {table}", index.name),
            Change::DropIndex { table, index } => format!("drop index {} on {table}", index.name),
        }
    }

    /// Why this change can lose data, if it can.
    pub fn warning(&self) -> Option<String> {
        match self {
            Change::DropTable { table } => {
                Some(format!("drops table {} and all its rows", table.name))
            }
            Change::DropColumn { table, column } => Some(format!(
                "drops column {}.{} and its data",
                table.name, column.name
            )),
            Change::AlterTable { from, to, .. } => {
                let lost: Vec<&str> = from
                    .columns
                    .iter()
                    .filter(|c| to.column(&c.name).is_none())
                    .map(|c| c.name.as_str())
                    .collect();
                let tightened: Vec<&str> = to
                    .columns
                    .iter()
                    .filter(|c| !c.nullable && from.column(&c.name).is_some_and(|o| o.nullable))
                    .map(|c| c.name.as_str())
                    .collect();
                let mut w = Vec::new();
                if !lost.is_empty() {
                    w.push(format!(
                        "drops column(s) {} of {}",
                        lost.join(", "),
                        to.name
                    ));
                }
                if !tightened.is_empty() {
                    w.push(format!(
                        "makes {}.{} NOT NULL: fails if rows hold NULL",
                        to.name,
                        tightened.join(", ")
                    ));
                }
                (!w.is_empty()).then(|| w.join("; "))
            }
            _ => None,
        }
    }
}

/// The changes that turn `from` into `to`, in an order that keeps
/// dependencies: indexes dropped first, referenced tables created before
/// the tables that reference them, indexes created last.
pub fn diff(from: &Schema, to: &Schema) -> Vec<Change> {
    let mut drops_idx = Vec::new();
    let mut tables = Vec::new();
    let mut creates_idx = Vec::new();
    let dropped: Vec<&Table> = from
        .tables
        .values()
        .filter(|t| !to.tables.contains_key(&t.name))
        .collect();
    // Tables that reference others go first, so no foreign key blocks a drop.
    for t in dependency_order(&dropped).into_iter().rev() {
        tables.push(Change::DropTable { table: t.clone() });
    }
    for (name, old) in &from.tables {
        let Some(new) = to.tables.get(name) else {
            continue;
        };
        for (iname, index) in &old.indexes {
            if new.indexes.get(iname) != Some(index) {
                drops_idx.push(Change::DropIndex {
                    table: name.clone(),
                    index: index.clone(),
                });
            }
        }
        for (iname, index) in &new.indexes {
            if old.indexes.get(iname) != Some(index) {
                creates_idx.push(Change::CreateIndex {
                    table: name.clone(),
                    index: index.clone(),
                });
            }
        }
        tables.extend(table_changes(old, new));
    }
    let created: Vec<&Table> = to
        .tables
        .values()
        .filter(|t| !from.tables.contains_key(&t.name))
        .collect();
    // Referenced tables are created first.
    for t in dependency_order(&created) {
        tables.push(Change::CreateTable { table: t.clone() });
    }
    drops_idx
        .into_iter()
        .chain(tables)
        .chain(creates_idx)
        .collect()
}

/// Tables ordered so that each comes after the tables (of the same list) it
/// references; a cycle of references keeps the remaining tables in name order.
fn dependency_order<'a>(tables: &[&'a Table]) -> Vec<&'a Table> {
    let mut left: Vec<&Table> = tables.to_vec();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left.iter().position(|t| {
            !t.foreign_keys
                .iter()
                .any(|fk| fk.ref_table != t.name && left.iter().any(|o| o.name == fk.ref_table))
        });
        out.push(left.remove(ready.unwrap_or(0)));
    }
    out
}

/// Column additions and removals when they are the only difference;
/// otherwise one `AlterTable` carrying both versions.
fn table_changes(old: &Table, new: &Table) -> Vec<Change> {
    let strip = |t: &Table| Table {
        indexes: Default::default(),
        ..t.clone()
    };
    if strip(old) == strip(new) {
        return Vec::new();
    }
    let added: Vec<&Column> = new
        .columns
        .iter()
        .filter(|c| old.column(&c.name).is_none())
        .collect();
    let dropped: Vec<&Column> = old
        .columns
        .iter()
        .filter(|c| new.column(&c.name).is_none())
        .collect();
    // Would adding/dropping those columns alone produce `new`?
    let mut simulated = strip(old);
    simulated.columns.retain(|c| new.column(&c.name).is_some());
    simulated.columns.extend(added.iter().map(|c| (*c).clone()));
    let other_same = simulated.columns_by_name() == new.columns_by_name()
        && old.primary_key == new.primary_key
        && old.uniques == new.uniques
        && old.checks == new.checks
        && old
            .foreign_keys
            .iter()
            .filter(|fk| {
                !fk.columns
                    .iter()
                    .any(|c| dropped.iter().any(|d| &d.name == c))
            })
            .cloned()
            .collect::<Vec<_>>()
            == new
                .foreign_keys
                .iter()
                .filter(|fk| {
                    !fk.columns
                        .iter()
                        .any(|c| added.iter().any(|a| &a.name == c))
                })
                .cloned()
                .collect::<Vec<_>>();
    if other_same {
        let mut out: Vec<Change> = dropped
            .into_iter()
            .map(|c| Change::DropColumn {
                table: old.clone(),
                column: c.clone(),
            })
            .collect();
        out.extend(added.into_iter().map(|c| Change::AddColumn {
            table: new.clone(),
            column: c.clone(),
        }));
        return out;
    }
    vec![Change::AlterTable {
        from: old.clone(),
        to: new.clone(),
        details: details(old, new),
    }]
}

fn details(old: &Table, new: &Table) -> Vec<String> {
    let mut d = Vec::new();
    for c in &new.columns {
        match old.column(&c.name) {
            None => d.push(format!("add column {}", c.name)),
            Some(o) if o != c => d.push(format!(
                "column {} changes ({} -> {})",
                c.name,
                describe_column(o),
                describe_column(c)
            )),
            _ => {}
        }
    }
    for c in &old.columns {
        if new.column(&c.name).is_none() {
            d.push(format!("drop column {}", c.name));
        }
    }
    if old.primary_key != new.primary_key {
        d.push(format!(
            "primary key ({}) -> ({})",
            old.primary_key.join(", "),
            new.primary_key.join(", ")
        ));
    }
    for fk in &old.foreign_keys {
        if !new.foreign_keys.contains(fk) {
            d.push(format!("drop foreign key {fk}"));
        }
    }
    for fk in &new.foreign_keys {
        if !old.foreign_keys.contains(fk) {
            d.push(format!("add foreign key {fk}"));
        }
    }
    if old.uniques != new.uniques {
        d.push("unique constraints change".into());
    }
    if old.checks != new.checks {
        d.push("check constraints change".into());
    }
    d
}

fn describe_column(c: &Column) -> String {
    let mut s = c.ty.clone();
    if !c.nullable {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    s
}

/// The upgrade and downgrade SQL for the change from `from` to `to`.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Statements for `-- +upgrade`, with comments.
    pub upgrade: String,
    /// Statements for `-- +downgrade`.
    pub downgrade: String,
    /// The upgrade's changes.
    pub changes: Vec<Change>,
    /// Warnings about data loss, one per risky change.
    pub warnings: Vec<String>,
}

/// Diffs both ways and renders the SQL for a dialect. `renames` become
/// `RENAME COLUMN` statements (first in the upgrade, last in the downgrade)
/// instead of a drop and an add.
pub fn generate(
    live: &Schema,
    to: &Schema,
    dialect: Dialect,
    renames: &[rename::Rename],
) -> Result<Rendered, String> {
    let from = &rename::apply(live, to, renames)?;
    let up = diff(from, to);
    let down = diff(to, from);
    let (upgrade, downgrade) = match dialect {
        Dialect::Sqlite => (sqlite::render(&up, to), sqlite::render(&down, from)),
        Dialect::Postgres => (postgres::render(&up), postgres::render(&down)),
        Dialect::Mysql => (mysql::render(&up), mysql::render(&down)),
    };
    let mut warnings: Vec<String> = up.iter().filter_map(Change::warning).collect();
    let hints = rename::hints(&up);
    let mut upgrade = upgrade;
    let mut downgrade = downgrade;
    if !renames.is_empty() {
        let first: String = renames
            .iter()
            .map(|r| rename::statement(dialect, &r.table, &r.from, &r.to) + "\n")
            .collect();
        let last: String = renames
            .iter()
            .rev()
            .map(|r| rename::statement(dialect, &r.table, &r.to, &r.from) + "\n")
            .collect();
        upgrade = if up.is_empty() {
            first
        } else {
            format!("{first}{upgrade}")
        };
        downgrade = if down.is_empty() {
            last
        } else {
            format!("{downgrade}{last}")
        };
    }
    for h in &hints {
        upgrade = format!("-- HINT: {h}\n{upgrade}");
    }
    warnings.extend(hints);
    Ok(Rendered {
        upgrade,
        downgrade,
        changes: up,
        warnings,
    })
}

//! Autogenerate: the difference between two schemas as a list of typed
//! changes, and those changes rendered as SQL for a dialect (no SQL strings
//! are built in the diff itself).
//!
//! Owns "what changed" ([`diff`]) and "how to write it" (per-dialect
//! renderers). Reads schemas from `schema`; writes nothing to disk.

pub mod rename;
pub(crate) mod sql;

use serde::Serialize;

use std::collections::BTreeSet;

use crate::schema::{Column, EnumType, Index, Schema, Sequence, Table, Trigger, View};
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
    /// A view to create (new, changed, or recreated around a change to a table it reads).
    CreateView {
        /// The view.
        view: View,
    },
    /// A view to drop (gone, changed, or in the way of a change to a table it reads).
    DropView {
        /// The view as it was.
        view: View,
    },
    /// A trigger to create (new, changed, or recreated around a change to a table it touches).
    CreateTrigger {
        /// The trigger.
        trigger: Trigger,
    },
    /// A trigger to drop.
    DropTrigger {
        /// The trigger as it was.
        trigger: Trigger,
    },
    /// A PostgreSQL enum type to create.
    CreateEnum {
        /// The type.
        ty: EnumType,
    },
    /// A PostgreSQL enum type to drop.
    DropEnum {
        /// The type as it was.
        ty: EnumType,
    },
    /// A PostgreSQL enum type whose labels change. PostgreSQL can neither
    /// remove nor reorder labels, and a label added with `ADD VALUE` cannot
    /// be used in the transaction that adds it, so the type is recreated
    /// and the columns using it converted.
    AlterEnum {
        /// The type before.
        from: EnumType,
        /// The type after.
        to: EnumType,
        /// Columns of the type at the time of the change: (table, column, default).
        columns: Vec<(String, String, Option<String>)>,
    },
    /// A sequence to create.
    CreateSequence {
        /// The sequence.
        seq: Sequence,
    },
    /// A sequence to drop.
    DropSequence {
        /// The sequence as it was.
        seq: Sequence,
    },
    /// A sequence whose options change.
    AlterSequence {
        /// The sequence before.
        from: Sequence,
        /// The sequence after.
        to: Sequence,
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
            Change::CreateView { view } => format!("add view {}", view.name),
            Change::DropView { view } => format!("drop view {}", view.name),
            Change::CreateTrigger { trigger } => {
                format!("add trigger {} on {}", trigger.name, trigger.table)
            }
            Change::DropTrigger { trigger } => {
                format!("drop trigger {} on {}", trigger.name, trigger.table)
            }
            Change::CreateEnum { ty } => format!("add enum type {}", ty.name),
            Change::DropEnum { ty } => format!("drop enum type {}", ty.name),
            Change::AlterEnum { from, to, .. } => format!(
                "change enum type {}: ({}) -> ({})",
                to.name,
                from.labels.join(", "),
                to.labels.join(", ")
            ),
            Change::CreateSequence { seq } => format!("add sequence {}", seq.name),
            Change::DropSequence { seq } => format!("drop sequence {}", seq.name),
            Change::AlterSequence { to, .. } => format!("change sequence {}", to.name),
        }
    }

    /// The name of the object the change is about: the table (for its
    /// columns, keys and indexes too), view, trigger, type or sequence.
    pub fn subject(&self) -> &str {
        match self {
            Change::CreateTable { table }
            | Change::DropTable { table }
            | Change::AddColumn { table, .. }
            | Change::DropColumn { table, .. } => &table.name,
            Change::AlterTable { to, .. } => &to.name,
            Change::CreateIndex { table, .. } | Change::DropIndex { table, .. } => table,
            Change::CreateView { view } | Change::DropView { view } => &view.name,
            Change::CreateTrigger { trigger } | Change::DropTrigger { trigger } => &trigger.name,
            Change::CreateEnum { ty } | Change::DropEnum { ty } => &ty.name,
            Change::AlterEnum { to, .. } => &to.name,
            Change::CreateSequence { seq } | Change::DropSequence { seq } => &seq.name,
            Change::AlterSequence { to, .. } => &to.name,
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
                for new in &to.columns {
                    if let Some(old) = from.column(&new.name) {
                        if let Some(risk) = narrowing(&old.ty, &new.ty) {
                            w.push(format!(
                                "changes {}.{} from {} to {}: {risk}",
                                to.name, new.name, old.ty, new.ty
                            ));
                        }
                    }
                }
                (!w.is_empty()).then(|| w.join("; "))
            }
            Change::AlterEnum { from, to, .. } => {
                let gone: Vec<&str> = from
                    .labels
                    .iter()
                    .filter(|l| !to.labels.contains(l))
                    .map(String::as_str)
                    .collect();
                (!gone.is_empty()).then(|| {
                    format!(
                        "removes label(s) {} from enum type {}: fails if rows hold them",
                        gone.join(", "),
                        to.name
                    )
                })
            }
            Change::DropView { .. } | Change::CreateView { .. } => None,
            _ => None,
        }
    }
}

/// The changes that turn `from` into `to`, in an order that keeps
/// dependencies: views and indexes dropped first, types and sequences
/// created before the tables that use them, referenced tables created
/// before the tables that reference them, indexes and views created last,
/// types and sequences dropped after the tables that used them.
pub fn diff(from: &Schema, to: &Schema) -> Vec<Change> {
    diff_with(from, to, false)
}

/// [`diff`], and with `recreate_views` also the views that read a changed
/// table dropped before the change and created again after it (a database
/// refuses to change a column a view uses, and SQLite's table rebuild
/// would leave the view pointing at a dropped table). `check` reports the
/// plain diff; a migration needs the recreation.
fn diff_with(from: &Schema, to: &Schema, recreate_views: bool) -> Vec<Change> {
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
    let touched: BTreeSet<&str> = tables
        .iter()
        .filter_map(|c| match c {
            Change::CreateTable { .. } => None,
            Change::DropTable { table }
            | Change::AddColumn { table, .. }
            | Change::DropColumn { table, .. } => Some(table.name.as_str()),
            Change::AlterTable { to, .. } => Some(to.name.as_str()),
            _ => None,
        })
        .collect();
    let (types_first, types_last) = type_changes(from, to);
    // Tables whose enum-typed columns are converted are touched too.
    let mut touched = touched;
    for change in &types_first {
        if let Change::AlterEnum { columns, .. } = change {
            touched.extend(columns.iter().map(|(t, _, _)| t.as_str()));
        }
    }
    if !recreate_views {
        touched.clear();
    }
    let (drop_views, create_views) = view_changes(from, to, &touched);
    let (drop_triggers, create_triggers) = trigger_changes(from, to, &touched);
    drop_views
        .into_iter()
        .chain(drop_triggers)
        .chain(drops_idx)
        .chain(types_first)
        .chain(tables)
        .chain(creates_idx)
        .chain(types_last)
        .chain(create_views)
        .chain(create_triggers)
        .collect()
}

/// Triggers to drop and to create: those gone, new or changed, and those
/// on or mentioning a `touched` table (a SQLite table rebuild drops the
/// triggers on the table, and renaming it checks the others).
fn trigger_changes(
    from: &Schema,
    to: &Schema,
    touched: &BTreeSet<&str>,
) -> (Vec<Change>, Vec<Change>) {
    let in_the_way = |t: &Trigger| {
        touched.contains(t.table.as_str()) || touched.iter().any(|x| mentions(&t.sql, x))
    };
    let gone: BTreeSet<&str> = from
        .triggers
        .values()
        .filter(|t| to.triggers.get(&t.name) != Some(*t) || in_the_way(t))
        .map(|t| t.name.as_str())
        .collect();
    let drops = from
        .triggers
        .values()
        .filter(|t| gone.contains(t.name.as_str()))
        .map(|t| Change::DropTrigger { trigger: t.clone() })
        .collect();
    let creates = to
        .triggers
        .values()
        .filter(|t| from.triggers.get(&t.name) != Some(*t) || gone.contains(t.name.as_str()))
        .map(|t| Change::CreateTrigger { trigger: t.clone() })
        .collect();
    (drops, creates)
}

/// True if `word` appears in `text` as a whole identifier.
pub(crate) fn mentions(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// Views to drop (dependents first) and to create (dependencies first):
/// those gone, new or changed, those reading a `touched` table, and those
/// reading a view that is dropped.
fn view_changes(
    from: &Schema,
    to: &Schema,
    touched: &BTreeSet<&str>,
) -> (Vec<Change>, Vec<Change>) {
    let mut gone: BTreeSet<&str> = from
        .views
        .values()
        .filter(|v| {
            to.views.get(&v.name) != Some(*v) || touched.iter().any(|t| mentions(&v.definition, t))
        })
        .map(|v| v.name.as_str())
        .collect();
    loop {
        let more: Vec<&str> = from
            .views
            .values()
            .filter(|v| !gone.contains(v.name.as_str()))
            .filter(|v| gone.iter().any(|g| mentions(&v.definition, g)))
            .map(|v| v.name.as_str())
            .collect();
        if more.is_empty() {
            break;
        }
        gone.extend(more);
    }
    let reads = |a: &View, b: &View| a.name != b.name && mentions(&a.definition, &b.name);
    let drops: Vec<&View> = from
        .views
        .values()
        .filter(|v| gone.contains(v.name.as_str()))
        .collect();
    let creates: Vec<&View> = to
        .views
        .values()
        .filter(|v| from.views.get(&v.name) != Some(*v) || gone.contains(v.name.as_str()))
        .collect();
    (
        order_by(&drops, reads)
            .into_iter()
            .rev()
            .map(|v| Change::DropView { view: v.clone() })
            .collect(),
        order_by(&creates, reads)
            .into_iter()
            .map(|v| Change::CreateView { view: v.clone() })
            .collect(),
    )
}

/// Enum types and sequences: (created or altered before the tables change,
/// dropped after).
fn type_changes(from: &Schema, to: &Schema) -> (Vec<Change>, Vec<Change>) {
    let mut first = Vec::new();
    let mut last = Vec::new();
    for seq in to.sequences.values() {
        match from.sequences.get(&seq.name) {
            None => first.push(Change::CreateSequence { seq: seq.clone() }),
            Some(old) if old != seq => first.push(Change::AlterSequence {
                from: old.clone(),
                to: seq.clone(),
            }),
            _ => {}
        }
    }
    for ty in to.enums.values() {
        match from.enums.get(&ty.name) {
            None => first.push(Change::CreateEnum { ty: ty.clone() }),
            Some(old) if old != ty => first.push(Change::AlterEnum {
                from: old.clone(),
                to: ty.clone(),
                columns: from
                    .tables
                    .values()
                    .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
                    .filter(|(_, c)| c.ty.eq_ignore_ascii_case(&ty.name))
                    .map(|(t, c)| (t.name.clone(), c.name.clone(), c.default.clone()))
                    .collect(),
            }),
            _ => {}
        }
    }
    for ty in from
        .enums
        .values()
        .filter(|t| !to.enums.contains_key(&t.name))
    {
        last.push(Change::DropEnum { ty: ty.clone() });
    }
    for seq in from
        .sequences
        .values()
        .filter(|s| !to.sequences.contains_key(&s.name))
    {
        last.push(Change::DropSequence { seq: seq.clone() });
    }
    (first, last)
}

/// Why changing a column's type from `old` to `new` can lose data or fail,
/// or `None` when the new type holds every value of the old one.
pub(crate) fn narrowing(old: &str, new: &str) -> Option<String> {
    if old.eq_ignore_ascii_case(new) {
        return None;
    }
    if let (Some(o), Some(n)) = (enum_labels(old), enum_labels(new)) {
        return if o.iter().all(|l| n.contains(l)) {
            None
        } else {
            Some(
                "values are removed: rows holding them make the migration fail (or become '')"
                    .into(),
            )
        };
    }
    let (old_base, old_args) = type_parts(old);
    let (new_base, new_args) = type_parts(new);
    let old_family = family(&old_base);
    let new_family = family(&new_base);
    let wider = match (old_family, new_family) {
        (Some(("int", a)), Some(("int", b))) => b >= a,
        (Some(("int", _)), Some(("float", _))) => true,
        // A DECIMAL needs 19 integer digits to hold every BIGINT.
        (Some(("int", _)), Some(("decimal", _))) => {
            new_args.is_empty() || new_args[0] - new_args.get(1).copied().unwrap_or(0) >= 19
        }
        (Some(("float", a)), Some(("float", b))) => b >= a,
        (Some(("text", a)), Some(("text", b))) if a == b => {
            // Same kind of string type: wider if the length grows (or goes).
            match (old_args.first(), new_args.first()) {
                (_, None) => true,
                (Some(o), Some(n)) => n >= o,
                (None, Some(_)) => false,
            }
        }
        (Some(("text", _)), Some(("text", 9))) => true, // anything to an unbounded text
        (Some(("text", _)), Some(("text", _))) => {
            // e.g. CHAR(10) -> VARCHAR(20)
            matches!((old_args.first(), new_args.first()), (Some(o), Some(n)) if n >= o)
        }
        (Some(("decimal", _)), Some(("decimal", _))) => {
            let (op, os) = (
                old_args.first().copied().unwrap_or(0),
                old_args.get(1).copied().unwrap_or(0),
            );
            let (np, ns) = (
                new_args.first().copied().unwrap_or(0),
                new_args.get(1).copied().unwrap_or(0),
            );
            new_args.is_empty() || (ns >= os && np - ns >= op - os)
        }
        _ => false,
    };
    if wider {
        return None;
    }
    Some(match (old_family, new_family) {
        (Some((a, _)), Some((b, _))) if a == b => {
            "a narrower type: values that do not fit are truncated or make the migration fail"
                .into()
        }
        _ => "values that do not convert make the migration fail (or are lost)".into(),
    })
}

/// The labels of a MySQL `ENUM('a','b')` or `SET(…)` type.
fn enum_labels(ty: &str) -> Option<Vec<String>> {
    let upper = ty.to_ascii_uppercase();
    let start = ["ENUM(", "SET("]
        .iter()
        .find(|p| upper.starts_with(*p))?
        .len();
    let body = ty.get(start..)?.strip_suffix(')')?;
    let mut labels = Vec::new();
    let mut current = String::new();
    let mut chars = body.chars().peekable();
    let mut inside = false;
    while let Some(c) = chars.next() {
        match (c, inside) {
            ('\'', true) if chars.peek() == Some(&'\'') => {
                chars.next();
                current.push('\'');
            }
            ('\'', true) => {
                inside = false;
                labels.push(std::mem::take(&mut current));
            }
            ('\'', false) => inside = true,
            (c, true) => current.push(c),
            _ => {}
        }
    }
    Some(labels)
}

/// `VARCHAR(20)` → (`VARCHAR`, [20]); `DECIMAL(10,2)` → (`DECIMAL`, [10, 2]).
fn type_parts(ty: &str) -> (String, Vec<i64>) {
    let upper = ty.to_ascii_uppercase();
    match upper.split_once('(') {
        Some((base, rest)) => (
            base.trim().to_string(),
            rest.trim_end_matches(')')
                .split(',')
                .filter_map(|a| a.trim().parse().ok())
                .collect(),
        ),
        None => (upper.trim().to_string(), Vec::new()),
    }
}

/// A type's family and its rank within the family (bigger holds more).
fn family(base: &str) -> Option<(&'static str, u8)> {
    let base = base.trim_end_matches(" UNSIGNED");
    Some(match base {
        "TINYINT" => ("int", 1),
        "SMALLINT" | "INT2" => ("int", 2),
        "MEDIUMINT" => ("int", 3),
        "INT" | "INTEGER" | "INT4" => ("int", 4),
        "BIGINT" | "INT8" => ("int", 5),
        "REAL" | "FLOAT4" | "FLOAT" => ("float", 1),
        "DOUBLE" | "DOUBLE PRECISION" | "FLOAT8" => ("float", 2),
        "DECIMAL" | "NUMERIC" => ("decimal", 1),
        "CHAR" | "CHARACTER" | "NCHAR" => ("text", 1),
        "VARCHAR" | "CHARACTER VARYING" | "NVARCHAR" => ("text", 2),
        "TINYTEXT" => ("text", 3),
        "MEDIUMTEXT" => ("text", 5),
        "TEXT" | "LONGTEXT" | "CLOB" => ("text", 9),
        _ => return None,
    })
}

/// Tables ordered so that each comes after the tables (of the same list) it
/// references; a cycle of references keeps the remaining tables in name order.
fn dependency_order<'a>(tables: &[&'a Table]) -> Vec<&'a Table> {
    order_by(tables, |t, other| {
        t.foreign_keys
            .iter()
            .any(|fk| fk.ref_table != t.name && fk.ref_table == other.name)
    })
}

/// `items` ordered so that each comes after the items it `needs`; a cycle
/// keeps the remaining items in their given order.
fn order_by<'a, T>(items: &[&'a T], needs: impl Fn(&T, &T) -> bool) -> Vec<&'a T> {
    let mut left: Vec<&T> = items.to_vec();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left.iter().position(|t| !left.iter().any(|o| needs(t, o)));
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
    if old.comment != new.comment {
        d.push("table comment changes".into());
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
    if let Some(g) = &c.generated {
        let how = if g.stored { "STORED" } else { "VIRTUAL" };
        s.push_str(&format!(" AS ({}) {how}", g.expr));
    }
    if let Some(comment) = &c.comment {
        s.push_str(&format!(" COMMENT '{comment}'"));
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
    let up = diff_with(from, to, true);
    let down = diff_with(to, from, true);
    let backend = dialect.backend();
    let (upgrade, downgrade) = (backend.render(&up, to), backend.render(&down, from));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_type_changes_are_told_from_widening_ones() {
        for (old, new) in [
            ("VARCHAR(20)", "VARCHAR(200)"),
            ("VARCHAR(20)", "TEXT"),
            ("CHAR(10)", "VARCHAR(10)"),
            ("SMALLINT", "INTEGER"),
            ("INT", "BIGINT"),
            ("INTEGER", "DOUBLE PRECISION"),
            ("NUMERIC(10,2)", "NUMERIC(12,2)"),
            ("NUMERIC(10,2)", "NUMERIC"),
            ("INT", "DECIMAL(20,0)"),
            ("ENUM('a','b')", "ENUM('a','c','b')"),
        ] {
            assert_eq!(narrowing(old, new), None, "{old} -> {new}");
        }
        for (old, new) in [
            ("VARCHAR(200)", "VARCHAR(20)"),
            ("TEXT", "VARCHAR(255)"),
            ("BIGINT", "INT"),
            ("NUMERIC(10,2)", "NUMERIC(10,3)"),
            ("NUMERIC(10,2)", "NUMERIC(8,2)"),
            ("INT", "DECIMAL(5,2)"),
            ("VARCHAR(50)", "INTEGER"),
            ("DOUBLE", "INT"),
            ("ENUM('a','it''s')", "ENUM('a')"),
        ] {
            assert!(narrowing(old, new).is_some(), "{old} -> {new}");
        }
        assert_eq!(enum_labels("ENUM('a','it''s')").unwrap(), ["a", "it's"]);
    }

    fn view(name: &str, def: &str) -> View {
        View {
            name: name.into(),
            columns: Vec::new(),
            definition: def.into(),
        }
    }

    #[test]
    fn views_over_a_changed_table_are_recreated_around_it_in_dependency_order() {
        let mut from = Schema::default();
        let t = Table {
            name: "t".into(),
            columns: vec![Column {
                name: "v".into(),
                ty: "VARCHAR(5)".into(),
                nullable: true,
                ..Column::default()
            }],
            ..Table::default()
        };
        from.tables.insert("t".into(), t.clone());
        for v in [
            view("a_top", "SELECT v FROM z_mid"),
            view("z_mid", "SELECT v FROM t"),
            view("other", "SELECT 1"),
        ] {
            from.views.insert(v.name.clone(), v);
        }
        let mut to = from.clone();
        to.tables.get_mut("t").unwrap().columns[0].ty = "VARCHAR(9)".into();
        let names =
            |changes: &[Change]| -> Vec<String> { changes.iter().map(Change::describe).collect() };
        // `check` reports the table change alone.
        assert_eq!(names(&diff(&from, &to)).len(), 1);
        let plan = names(&diff_with(&from, &to, true));
        assert_eq!(plan[0], "drop view a_top");
        assert_eq!(plan[1], "drop view z_mid");
        assert!(plan[2].starts_with("change table t"));
        assert_eq!(plan[3], "add view z_mid");
        assert_eq!(plan[4], "add view a_top");
        assert_eq!(plan.len(), 5, "{plan:?}");
    }
}

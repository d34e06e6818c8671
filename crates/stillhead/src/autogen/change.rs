//! The typed change list: what autogenerate found between two schemas.
//! Renderers (`dialect/*/render.rs`) match on it, and the words `check`
//! prints are read from it; nothing diffs the tables again.

use serde::Serialize;

use super::types::narrowing;
use crate::schema::attrs::{Attrs, ConstraintAttr, TableAttr};
use crate::schema::{
    Check, Column, Commented, ConstraintKind, EnumType, ForeignKey, Grant, Index, Name, Policy,
    Routine, Sequence, Table, Trigger, Unique, UserType, View, VirtualTable,
};

/// One schema change, from the old schema to the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
// A migration's list holds tens of changes, built once: their size is no
// cost worth a box around the table change every renderer matches on.
#[allow(clippy::large_enum_variant)]
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
    /// Changes within one table: columns that come, go or change, keys,
    /// foreign keys, checks, its comment. Columns have this one
    /// representation, whatever else changes with them.
    ModifyTable(ModifyTable),
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
    /// An index that stays as it is under another name: renamed in place
    /// where the database can (no rebuild of the index), else dropped and
    /// created again.
    RenameIndex {
        /// Its table.
        table: String,
        /// The index as it was.
        index: Index,
        /// Its new name.
        to: String,
    },
    /// An index that changes only in what the database changes in place
    /// (PostgreSQL's storage parameters: `ALTER INDEX … SET / RESET`).
    AlterIndex {
        /// Its table.
        table: String,
        /// The index as it was.
        from: Index,
        /// The index as it becomes.
        to: Index,
    },
    /// A trigger that changes only in what the database changes in place
    /// (PostgreSQL's firing state: `ALTER TABLE … DISABLE TRIGGER`).
    AlterTrigger {
        /// The trigger as it was.
        from: Trigger,
        /// The trigger as it becomes.
        to: Trigger,
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
    /// A view whose options (PostgreSQL's `security_barrier`, …) change,
    /// in place.
    AlterView {
        /// The view as it was.
        from: View,
        /// The view as it becomes.
        to: View,
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
    /// A SQLite virtual table to create (new or changed): after the tables
    /// (an external-content FTS table names its content table), before the
    /// triggers (which may write into it).
    CreateVirtualTable {
        /// The virtual table.
        table: VirtualTable,
    },
    /// A SQLite virtual table to drop (gone or changed), with its shadow
    /// tables: after the triggers, before the tables it reads.
    DropVirtualTable {
        /// The virtual table as it was.
        table: VirtualTable,
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
    /// A PostgreSQL domain, composite or range type to create: after the
    /// types it uses, before the tables, routines and types that use it.
    CreateType {
        /// The type.
        ty: UserType,
    },
    /// A PostgreSQL domain, composite or range type to drop: after the
    /// tables, routines and types that used it.
    DropType {
        /// The type as it was.
        ty: UserType,
    },
    /// A domain or composite type changed in place (`ALTER DOMAIN`: its
    /// default, `NOT NULL`, checks; `ALTER TYPE`: attributes dropped,
    /// retyped while no column stores the type, or added at the end).
    AlterType {
        /// The type before.
        from: UserType,
        /// The type after.
        to: UserType,
    },
    /// A type PostgreSQL cannot alter into its new definition (a domain's
    /// base type or collation, or a check added while a column holds it
    /// in an array or composite value; a range's options; a composite's
    /// attribute order, or an attribute retyped while a column stores it):
    /// dropped and created. `autogen::generate` refuses one that is in use
    /// (`AutogenError::TypeInUse`): the drop would fail.
    ReplaceType {
        /// The type before.
        from: UserType,
        /// The type after.
        to: UserType,
        /// Why it cannot be altered in place, in words.
        why: &'static str,
        /// What uses it before the change (`column t.c`, `domain d`,
        /// `function f(p pair)`); empty when nothing does.
        used_by: Vec<String>,
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
    /// A PostgreSQL extension to create, before anything that may use its
    /// types and functions.
    CreateExtension {
        /// The extension's name (`uuid-ossp`).
        name: String,
        /// The schema it is created in (`public`).
        schema: String,
    },
    /// A PostgreSQL extension moved to another schema (`ALTER EXTENSION …
    /// SET SCHEMA`), after the schema is created: its objects go with it.
    MoveExtension {
        /// The extension's name.
        name: String,
        /// The schema it is in.
        from: String,
        /// The schema it moves to.
        to: String,
    },
    /// A PostgreSQL extension to drop, after everything that used it.
    DropExtension {
        /// The extension's name.
        name: String,
        /// The schema it lived in.
        schema: String,
    },
    /// A function or procedure (PostgreSQL) to create: before the tables
    /// whose defaults, checks or indexes call it, else after the tables and
    /// before the views and triggers.
    CreateRoutine {
        /// The routine.
        routine: Routine,
    },
    /// A function or procedure whose definition changes (replaced in
    /// place where its result and kind stay, else dropped and created).
    ReplaceRoutine {
        /// As it was.
        from: Routine,
        /// As it becomes.
        to: Routine,
    },
    /// A function or procedure to drop, after the tables and views that
    /// used it changed.
    DropRoutine {
        /// As it was.
        routine: Routine,
    },
    /// A row-level security policy (PostgreSQL) to create: after
    /// everything its expressions may read or call (tables, views,
    /// routines).
    CreatePolicy {
        /// The policy.
        policy: Policy,
    },
    /// A policy to drop: before anything it reads or calls changes.
    DropPolicy {
        /// As it was.
        policy: Policy,
    },
    /// A policy whose roles or expressions change, which `ALTER POLICY`
    /// sets in place ([`Policy::alters_to`]; other changes are a drop and
    /// a create).
    AlterPolicy {
        /// As it was.
        from: Policy,
        /// As it becomes.
        to: Policy,
    },
    /// The comment on an object other than a table or column changes
    /// (`None`: no comment): after the object is created, so also on an
    /// object created again with its old comment.
    SetComment {
        /// The object.
        object: Commented,
        /// Before (`None` also where the object is new or created again).
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// A privilege to grant (`[autogenerate] privileges`): after
    /// everything else, so also on an object created again.
    Grant {
        /// The privilege.
        grant: Grant,
    },
    /// A privilege to revoke, before anything else.
    Revoke {
        /// The privilege.
        grant: Grant,
    },
    /// A namespace (PostgreSQL `CREATE SCHEMA`) to create, before anything.
    CreateNamespace {
        /// Its name.
        name: String,
    },
    /// A namespace to drop, after everything (it is empty by then).
    DropNamespace {
        /// Its name.
        name: String,
    },
}

/// Changes within one table. `from` and `to` are the whole table before and
/// after (a renderer needs the constraint names of one and the columns of
/// the other; SQLite rebuilds the table as `to`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModifyTable {
    /// The table before.
    #[serde(skip)]
    pub from: Table,
    /// The table after.
    #[serde(rename = "table", serialize_with = "table_name")]
    pub to: Table,
    /// What changes, columns first (in the new table's order, then the
    /// dropped ones), then the primary key, foreign keys, unique
    /// constraints, checks and the comment.
    pub changes: Vec<TableChange>,
}

fn table_name<S: serde::Serializer>(t: &Table, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.name)
}

/// One change within a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum TableChange {
    /// A column that comes.
    AddColumn {
        /// The column.
        column: Column,
    },
    /// A column that goes.
    DropColumn {
        /// The column.
        column: Column,
    },
    /// A column whose type, nullability, default, identity, generated
    /// expression or comment changes.
    ModifyColumn {
        /// The column before.
        from: Column,
        /// The column after.
        to: Column,
    },
    /// The primary key changes (an empty list: none): its columns, or what
    /// one dialect alone keeps of it (PostgreSQL's `DEFERRABLE`), which
    /// only a new key can change.
    SetPrimaryKey {
        /// Its columns before.
        from: Vec<String>,
        /// Its columns after.
        to: Vec<String>,
        /// Its attributes before.
        #[serde(skip_serializing_if = "Attrs::is_empty")]
        from_attrs: Attrs<ConstraintAttr>,
        /// Its attributes after.
        #[serde(skip_serializing_if = "Attrs::is_empty")]
        to_attrs: Attrs<ConstraintAttr>,
    },
    /// A foreign key that comes.
    AddForeignKey {
        /// The key.
        key: ForeignKey,
    },
    /// A foreign key that goes.
    DropForeignKey {
        /// The key.
        key: ForeignKey,
    },
    /// A unique constraint that comes.
    AddUnique {
        /// The constraint.
        unique: Unique,
    },
    /// A unique constraint that goes.
    DropUnique {
        /// The constraint.
        unique: Unique,
    },
    /// A check constraint that comes.
    AddCheck {
        /// The constraint.
        check: Check,
    },
    /// A check constraint that goes.
    DropCheck {
        /// The constraint.
        check: Check,
    },
    /// A constraint that stays as it is under another name. Where the
    /// database cannot rename one (a MariaDB foreign key or check), the
    /// renderer drops it and adds it again: the constraint itself is the
    /// one in [`ModifyTable::to`] named `to`.
    RenameConstraint {
        /// Which kind of constraint.
        kind: ConstraintKind,
        /// Its name before.
        from: Name,
        /// Its name after.
        to: Name,
    },
    /// The table's comment changes.
    SetComment {
        /// Before.
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// What one dialect alone keeps of the table changes (PostgreSQL's
    /// row-level security).
    SetAttrs {
        /// Before.
        from: Attrs<TableAttr>,
        /// After.
        to: Attrs<TableAttr>,
    },
}

impl TableChange {
    /// In words, as `check` prints it.
    pub fn describe(&self) -> String {
        match self {
            TableChange::AddColumn { column } => format!("add column {}", column.name),
            TableChange::DropColumn { column } => format!("drop column {}", column.name),
            TableChange::ModifyColumn { from, to } => format!(
                "column {} changes ({} -> {})",
                to.name,
                describe_column(from),
                describe_column(to)
            ),
            TableChange::SetPrimaryKey {
                from,
                to,
                from_attrs,
                to_attrs,
            } => {
                let key = |columns: &[String], attrs: &Attrs<ConstraintAttr>| {
                    let mut s = format!("({})", columns.join(", "));
                    if !attrs.is_empty() {
                        s.push_str(&format!(" {attrs}"));
                    }
                    s
                };
                format!(
                    "primary key {} -> {}",
                    key(from, from_attrs),
                    key(to, to_attrs)
                )
            }
            TableChange::AddForeignKey { key } => format!("add foreign key {key}"),
            TableChange::DropForeignKey { key } => format!("drop foreign key {key}"),
            TableChange::AddUnique { unique } => format!("add {}", describe_unique(unique)),
            TableChange::DropUnique { unique } => format!("drop {}", describe_unique(unique)),
            TableChange::AddCheck { check } => format!("add {}", describe_check(check)),
            TableChange::DropCheck { check } => format!("drop {}", describe_check(check)),
            TableChange::RenameConstraint { kind, from, to } => {
                format!("rename {kind} {from} to {to}")
            }
            TableChange::SetComment { .. } => "table comment changes".into(),
            TableChange::SetAttrs { from, to } => {
                let words = |a: &Attrs<TableAttr>| {
                    if a.is_empty() {
                        "none".to_string()
                    } else {
                        a.to_string()
                    }
                };
                format!("table attributes ({} -> {})", words(from), words(to))
            }
        }
    }
}

/// ` name` for a constraint's description, where the schema wrote one.
fn named(name: &Name) -> String {
    name.to_write().map(|n| format!(" {n}")).unwrap_or_default()
}

/// `function f(a integer)`, `procedure p()` or `aggregate total(numeric)`.
fn routine_words(r: &Routine) -> String {
    format!("{} {}", r.kind.word(), r.key())
}

fn describe_unique(u: &Unique) -> String {
    let mut s = format!("unique{} ({})", named(&u.name), u.columns.join(", "));
    if !u.attrs.is_empty() {
        s.push_str(&format!(" {}", u.attrs));
    }
    s
}

fn describe_check(c: &Check) -> String {
    let mut s = format!("check{} ({})", named(&c.name), c.expr);
    if !c.attrs.is_empty() {
        s.push_str(&format!(" {}", c.attrs));
    }
    s
}

fn describe_column(c: &Column) -> String {
    let mut s = c.ty.clone();
    if !c.nullable {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    if !c.attrs.is_empty() {
        s.push_str(&format!(" {}", c.attrs));
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

impl ModifyTable {
    /// The changes in words, `; `-separated.
    pub fn describe(&self) -> String {
        self.changes
            .iter()
            .map(TableChange::describe)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The primary key's columns before and after, if it changes.
    pub fn primary_key_change(&self) -> Option<(&[String], &[String])> {
        self.changes.iter().find_map(|c| match c {
            TableChange::SetPrimaryKey { from, to, .. } => Some((from.as_slice(), to.as_slice())),
            _ => None,
        })
    }

    /// Columns that come.
    pub fn added_columns(&self) -> impl Iterator<Item = &Column> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::AddColumn { column } => Some(column),
            _ => None,
        })
    }

    /// Columns that go.
    pub fn dropped_columns(&self) -> impl Iterator<Item = &Column> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::DropColumn { column } => Some(column),
            _ => None,
        })
    }

    /// Columns that change: (before, after), in the new table's order.
    pub fn modified_columns(&self) -> impl Iterator<Item = (&Column, &Column)> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::ModifyColumn { from, to } => Some((from, to)),
            _ => None,
        })
    }

    /// Columns that come or change, in the new table's order: (before if
    /// it existed, after).
    pub fn new_or_modified_columns(&self) -> impl Iterator<Item = (Option<&Column>, &Column)> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::AddColumn { column } => Some((None, column)),
            TableChange::ModifyColumn { from, to } => Some((Some(from), to)),
            _ => None,
        })
    }

    /// Columns whose generated expression or kind changes: no database here
    /// alters that in place, so they are dropped and added again (nothing
    /// is lost, their values are computed).
    pub fn regenerated_columns(&self) -> impl Iterator<Item = &Column> {
        self.modified_columns()
            .filter(|(from, to)| from.generated != to.generated)
            .map(|(_, to)| to)
    }

    /// Whether `column` is one of [`Self::regenerated_columns`].
    pub fn is_regenerated(&self, column: &str) -> bool {
        self.regenerated_columns().any(|c| c.name == column)
    }

    /// Foreign keys that come.
    pub fn added_foreign_keys(&self) -> impl Iterator<Item = &ForeignKey> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::AddForeignKey { key } => Some(key),
            _ => None,
        })
    }

    /// Foreign keys that go.
    pub fn dropped_foreign_keys(&self) -> impl Iterator<Item = &ForeignKey> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::DropForeignKey { key } => Some(key),
            _ => None,
        })
    }

    /// Unique constraints that come.
    pub fn added_uniques(&self) -> impl Iterator<Item = &Unique> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::AddUnique { unique } => Some(unique),
            _ => None,
        })
    }

    /// Unique constraints that go.
    pub fn dropped_uniques(&self) -> impl Iterator<Item = &Unique> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::DropUnique { unique } => Some(unique),
            _ => None,
        })
    }

    /// Checks that come.
    pub fn added_checks(&self) -> impl Iterator<Item = &Check> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::AddCheck { check } => Some(check),
            _ => None,
        })
    }

    /// Checks that go.
    pub fn dropped_checks(&self) -> impl Iterator<Item = &Check> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::DropCheck { check } => Some(check),
            _ => None,
        })
    }

    /// Constraints renamed: (kind, name before, name after).
    pub fn renamed_constraints(&self) -> impl Iterator<Item = (ConstraintKind, &Name, &Name)> {
        self.changes.iter().filter_map(|c| match c {
            TableChange::RenameConstraint { kind, from, to } => Some((*kind, from, to)),
            _ => None,
        })
    }

    /// Whether only columns come and go (with the foreign keys on exactly
    /// those columns): what a database may do with `ADD COLUMN` and `DROP
    /// COLUMN` alone, where SQLite otherwise rebuilds the table.
    pub fn only_adds_and_drops_columns(&self) -> bool {
        let added: Vec<&str> = self.added_columns().map(|c| c.name.as_str()).collect();
        let dropped: Vec<&str> = self.dropped_columns().map(|c| c.name.as_str()).collect();
        self.changes.iter().all(|c| match c {
            TableChange::AddColumn { .. } | TableChange::DropColumn { .. } => true,
            TableChange::AddForeignKey { key } => {
                key.columns.iter().any(|k| added.contains(&k.as_str()))
            }
            TableChange::DropForeignKey { key } => {
                key.columns.iter().any(|k| dropped.contains(&k.as_str()))
            }
            TableChange::ModifyColumn { .. }
            | TableChange::SetPrimaryKey { .. }
            | TableChange::AddUnique { .. }
            | TableChange::DropUnique { .. }
            | TableChange::AddCheck { .. }
            | TableChange::DropCheck { .. }
            | TableChange::RenameConstraint { .. }
            | TableChange::SetComment { .. }
            | TableChange::SetAttrs { .. } => false,
        })
    }

    /// Whether the table's comment changes.
    pub fn comment_changes(&self) -> bool {
        self.changes
            .iter()
            .any(|c| matches!(c, TableChange::SetComment { .. }))
    }

    fn warning(&self) -> Option<String> {
        let name = &self.to.name;
        let lost: Vec<&str> = self.dropped_columns().map(|c| c.name.as_str()).collect();
        let tightened: Vec<&str> = self
            .modified_columns()
            .filter(|(from, to)| from.nullable && !to.nullable)
            .map(|(_, to)| to.name.as_str())
            .collect();
        let mut w = Vec::new();
        if !lost.is_empty() {
            w.push(format!("drops column(s) {} of {name}", lost.join(", ")));
        }
        if !tightened.is_empty() {
            w.push(format!(
                "makes {name}.{} NOT NULL: fails if rows hold NULL",
                tightened.join(", ")
            ));
        }
        for (old, new) in self.modified_columns() {
            if let Some(risk) = narrowing(&old.ty, &new.ty) {
                w.push(format!(
                    "changes {name}.{} from {} to {}: {risk}",
                    new.name, old.ty, new.ty
                ));
            }
        }
        (!w.is_empty()).then(|| w.join("; "))
    }
}

/// `gin `, `fulltext `: an index's method for [`Change::describe`], so a
/// method change (a drop and a create of the same name) reads as one; empty
/// for the default.
fn method_word(index: &Index) -> String {
    index
        .method
        .as_deref()
        .map(|m| format!("{} ", m.to_ascii_lowercase()))
        .unwrap_or_default()
}

/// `view ` or `materialized view `.
fn view_word(view: &View) -> &'static str {
    if view.materialized.is_some() {
        "materialized view "
    } else {
        "view "
    }
}

impl Change {
    /// The database whose SQL the trigger or routine this change writes is
    /// (a schema built for one, rendered for another, holds code only its
    /// own can run); `None` for every other change.
    pub fn code_dialect(&self) -> Option<crate::Dialect> {
        match self {
            Change::CreateTrigger { trigger } | Change::DropTrigger { trigger } => {
                Some(trigger.dialect)
            }
            Change::AlterTrigger { to, .. } => Some(to.dialect),
            Change::CreateRoutine { routine } | Change::DropRoutine { routine } => {
                Some(routine.dialect)
            }
            Change::ReplaceRoutine { to, .. } => Some(to.dialect),
            _ => None,
        }
    }

    /// One line for people (`check`, warnings).
    pub fn describe(&self) -> String {
        match self {
            Change::CreateTable { table } => format!("add table {}", table.name),
            Change::DropTable { table } => format!("drop table {}", table.name),
            Change::ModifyTable(m) => format!("change table {}: {}", m.to.name, m.describe()),
            Change::CreateIndex { table, index } => {
                format!("add {}index {} on {table}", method_word(index), index.name)
            }
            Change::DropIndex { table, index } => {
                format!("drop {}index {} on {table}", method_word(index), index.name)
            }
            Change::RenameIndex { table, index, to } => {
                format!("rename index {} on {table} to {to}", index.name)
            }
            Change::AlterTrigger { from, to } => {
                let words = |t: &Trigger| {
                    if t.attrs.is_empty() {
                        "ENABLE".to_string()
                    } else {
                        t.attrs.to_string()
                    }
                };
                format!(
                    "change trigger {} on {}: {} -> {}",
                    to.name,
                    to.table,
                    words(from),
                    words(to)
                )
            }
            Change::AlterIndex { table, from, to } => format!(
                "change index {} on {table}: ({}) -> ({})",
                to.name, from.attrs, to.attrs
            ),
            Change::CreateView { view } => format!("add {}{}", view_word(view), view.name),
            Change::DropView { view } => format!("drop {}{}", view_word(view), view.name),
            Change::AlterView { from, to } => {
                format!(
                    "change view {}: ({}) -> ({})",
                    to.name, from.attrs, to.attrs
                )
            }
            Change::CreateTrigger { trigger } => {
                format!("add trigger {} on {}", trigger.name, trigger.table)
            }
            Change::DropTrigger { trigger } => {
                format!("drop trigger {} on {}", trigger.name, trigger.table)
            }
            Change::CreateVirtualTable { table } => format!("add virtual table {}", table.name),
            Change::DropVirtualTable { table } => format!("drop virtual table {}", table.name),
            Change::CreateEnum { ty } => format!("add enum type {}", ty.name),
            Change::DropEnum { ty } => format!("drop enum type {}", ty.name),
            Change::AlterEnum { from, to, .. } => format!(
                "change enum type {}: ({}) -> ({})",
                to.name,
                from.labels.join(", "),
                to.labels.join(", ")
            ),
            Change::CreateType { ty } => format!("add {} {}", ty.def.kind_word(), ty.name),
            Change::DropType { ty } => format!("drop {} {}", ty.def.kind_word(), ty.name),
            Change::AlterType { to, .. } | Change::ReplaceType { to, .. } => {
                format!("change {} {}", to.def.kind_word(), to.name)
            }
            Change::CreateSequence { seq } => format!("add sequence {}", seq.name),
            Change::DropSequence { seq } => format!("drop sequence {}", seq.name),
            Change::AlterSequence { to, .. } => format!("change sequence {}", to.name),
            Change::CreateExtension { name, .. } => format!("add extension {name}"),
            Change::MoveExtension { name, to, .. } => {
                format!("move extension {name} to schema {to}")
            }
            Change::DropExtension { name, .. } => format!("drop extension {name}"),
            Change::CreateRoutine { routine } => format!("add {}", routine_words(routine)),
            Change::ReplaceRoutine { to, .. } => format!("change {}", routine_words(to)),
            Change::DropRoutine { routine } => format!("drop {}", routine_words(routine)),
            Change::CreatePolicy { policy } => format!("add policy {}", policy.key()),
            Change::DropPolicy { policy } => format!("drop policy {}", policy.key()),
            Change::AlterPolicy { to, .. } => format!("change policy {}", to.key()),
            Change::SetComment { object, .. } => format!("comment on {object} changes"),
            Change::Grant { grant } => format!("grant {grant}"),
            Change::Revoke { grant: g } => format!(
                "revoke {} on {} {} from {}",
                g.privilege,
                g.kind.to_ascii_lowercase(),
                g.object,
                g.grantee
            ),
            Change::CreateNamespace { name } => format!("add schema {name}"),
            Change::DropNamespace { name } => format!("drop schema {name}"),
        }
    }

    /// The name of the object the change is about: the table (for its
    /// columns, keys and indexes too), view, trigger, virtual table, type,
    /// sequence or extension.
    pub fn subject(&self) -> &str {
        match self {
            Change::CreateTable { table } | Change::DropTable { table } => &table.name,
            Change::ModifyTable(m) => &m.to.name,
            Change::CreateIndex { table, .. }
            | Change::DropIndex { table, .. }
            | Change::RenameIndex { table, .. }
            | Change::AlterIndex { table, .. } => table,
            Change::CreateView { view } | Change::DropView { view } => &view.name,
            Change::AlterView { to, .. } => &to.name,
            Change::CreateTrigger { trigger } | Change::DropTrigger { trigger } => &trigger.name,
            Change::AlterTrigger { to, .. } => &to.name,
            Change::CreateVirtualTable { table } | Change::DropVirtualTable { table } => {
                &table.name
            }
            Change::CreateEnum { ty } | Change::DropEnum { ty } => &ty.name,
            Change::AlterEnum { to, .. } => &to.name,
            Change::CreateType { ty } | Change::DropType { ty } => &ty.name,
            Change::AlterType { to, .. } | Change::ReplaceType { to, .. } => &to.name,
            Change::CreateSequence { seq } | Change::DropSequence { seq } => &seq.name,
            Change::AlterSequence { to, .. } => &to.name,
            Change::CreateExtension { name, .. }
            | Change::MoveExtension { name, .. }
            | Change::DropExtension { name, .. } => name,
            Change::CreateNamespace { name } | Change::DropNamespace { name } => name,
            Change::CreateRoutine { routine } | Change::DropRoutine { routine } => &routine.name,
            Change::ReplaceRoutine { to, .. } => &to.name,
            Change::CreatePolicy { policy } | Change::DropPolicy { policy } => &policy.name,
            Change::AlterPolicy { to, .. } => &to.name,
            Change::SetComment { object, .. } => object.name(),
            Change::Grant { grant } | Change::Revoke { grant } => &grant.object,
        }
    }

    /// Why this change can lose data, if it can.
    pub fn warning(&self) -> Option<String> {
        match self {
            Change::DropTable { table } => {
                Some(format!("drops table {} and all its rows", table.name))
            }
            // What it holds goes with it. An external-content FTS index is
            // derived from its content table, but one created again starts
            // empty until it is rebuilt.
            Change::DropVirtualTable { table } => {
                let sql = table.sql.to_ascii_lowercase().replace(' ', "");
                let external = sql.contains("usingfts")
                    && sql.contains("content=")
                    && !sql.contains("content=''");
                let name = &table.name;
                Some(if external {
                    format!("drops virtual table {name}: an FTS index over a content table comes back empty, fill it with INSERT INTO {name}({name}) VALUES ('rebuild')")
                } else {
                    format!("drops virtual table {name} and all its rows")
                })
            }
            Change::ModifyTable(m) => m.warning(),
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
            _ => None,
        }
    }
}

//! The diff engine: the [`Change`]s that turn one schema into another, in
//! an order every database can run (dependencies first on the way in, last
//! on the way out), with views and triggers in the way of a table change
//! dropped and created again around it.

use std::collections::BTreeSet;

use super::change::{Change, ModifyTable, TableChange};
use super::objects;
use crate::dialect::postgres::attrs::{detached, partition_of};
use crate::schema::{
    ConstraintKind, ForeignKey, Index, Name, RoutineKind, Schema, Table, Trigger, View,
};

/// The changes that turn `from` into `to`, in an order that keeps
/// dependencies: views and indexes dropped first (unique indexes after the
/// tables dropped, whose foreign keys may reference them), types and
/// sequences created before the tables that use them, indexes of the
/// tables kept created after those tables change and before the new
/// tables (whose foreign keys may reference them), referenced tables
/// created before the tables that reference them (a cycle's keys added
/// after them all, where [`Plan::break_key_cycles`]), a kept table's new
/// key to a new table added after it and its key to a dropped table
/// dropped before it, (SQLite) virtual tables
/// created after the tables and dropped before them, views created last,
/// types and sequences dropped after the tables that used them. Extensions
/// (PostgreSQL) are created before everything and dropped after everything,
/// since types, defaults, indexes and views may use what they bring; they
/// are compared by name alone (moving one to another schema is not seen).
/// PostgreSQL's policies are dropped before everything and created after
/// it, and comments on objects other than tables come last (`objects.rs`).
pub fn diff(from: &Schema, to: &Schema) -> Vec<Change> {
    diff_with(from, to, Plan::default())
}

/// How a migration's changes are planned beyond [`diff`]'s plain list
/// (`check` reports the plain list; a migration needs these).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Plan {
    /// The views that read a changed table are dropped before the change
    /// and created again after it (a database refuses to change a column a
    /// view uses, and SQLite's table rebuild would leave the view pointing
    /// at a dropped table).
    pub recreate_views: bool,
    /// A cycle of foreign keys among the tables created is broken: the
    /// tables are created without the cycle's keys, which are added by
    /// `ALTER TABLE` after all of them; among the tables dropped, those
    /// keys are dropped first (`Capabilities::foreign_key_by_alter`). The
    /// same databases drop a kept table's key to a dropped table before
    /// that table and add its key to a new table after that one, also when
    /// one change of the table does both (a referenced table replaced).
    pub break_key_cycles: bool,
}

/// [`diff`], planned as `plan` says.
pub(crate) fn diff_with(from: &Schema, to: &Schema, plan: Plan) -> Vec<Change> {
    let recreate_views = plan.recreate_views;
    let mut drops_idx = Vec::new();
    let mut drops_unique = Vec::new();
    let mut tables = Vec::new();
    let mut modified = Vec::new();
    let mut creates_idx = Vec::new();
    let dropped: Vec<&Table> = from
        .tables
        .values()
        .filter(|t| !to.tables.contains_key(&t.name))
        .collect();
    // A cycle's foreign keys go first, then the tables that reference
    // others, so no foreign key blocks a drop.
    let dropped_names: BTreeSet<&str> = dropped.iter().map(|t| t.name.as_str()).collect();
    let (dropped, cycle_keys) = split_key_cycles(&dropped, plan.break_key_cycles);
    let mut drop_tables = Vec::new();
    drop_tables.extend(cycle_keys.into_iter().map(|m| {
        Change::ModifyTable(ModifyTable {
            changes: m
                .changes
                .into_iter()
                .map(|c| match c {
                    TableChange::AddForeignKey { key } => TableChange::DropForeignKey { key },
                    other => other,
                })
                .collect(),
            from: m.to,
            to: m.from,
        })
    }));
    for t in dependency_order(&dropped.iter().collect::<Vec<_>>())
        .into_iter()
        .rev()
    {
        drop_tables.push(Change::DropTable { table: t.clone() });
    }
    let (mut detaches, mut attaches) = (Vec::new(), Vec::new());
    for (name, old) in &from.tables {
        let Some(new) = to.tables.get(name) else {
            continue;
        };
        let (old, new) = partition_moves(from, to, old, new, &mut detaches, &mut attaches);
        let (old, new) = (&old, &new);
        // An index that stays but for its name is renamed, where its new
        // name is free before the change (no swap of two names).
        let renames: Vec<(&Index, &Index)> = old
            .indexes
            .values()
            .filter(|i| !new.indexes.contains_key(&i.name))
            .filter_map(|i| {
                new.indexes
                    .values()
                    .filter(|n| !old.indexes.contains_key(&n.name))
                    .find(|n| {
                        Index {
                            name: i.name.clone(),
                            ..(*n).clone()
                        } == *i
                    })
                    .map(|n| (i, n))
            })
            .fold(Vec::new(), |mut kept, (i, n)| {
                if !kept
                    .iter()
                    .any(|(_, k): &(&Index, &Index)| k.name == n.name)
                {
                    kept.push((i, n));
                }
                kept
            });
        let renamed_from = |name: &str| renames.iter().any(|(i, _)| i.name == name);
        let renamed_to = |name: &str| renames.iter().any(|(_, n)| n.name == name);
        creates_idx.extend(renames.iter().map(|(i, n)| Change::RenameIndex {
            table: name.clone(),
            index: (*i).clone(),
            to: n.name.clone(),
        }));
        // Storage parameters change in place (ALTER INDEX … SET).
        let in_place = |iname: &String, index: &Index| {
            new.indexes
                .get(iname)
                .is_some_and(|n| n != index && n.same_but_in_place(index))
        };
        for (iname, index) in &old.indexes {
            if in_place(iname, index) {
                creates_idx.push(Change::AlterIndex {
                    table: name.clone(),
                    from: index.clone(),
                    to: new.indexes[iname].clone(),
                });
                continue;
            }
            if new.indexes.get(iname) != Some(index) && !renamed_from(iname) {
                let drop = Change::DropIndex {
                    table: name.clone(),
                    index: index.clone(),
                };
                // A foreign key may reference a unique index (PostgreSQL):
                // it goes after the tables dropped with their keys.
                if index.unique {
                    drops_unique.push(drop);
                } else {
                    drops_idx.push(drop);
                }
            }
        }
        for (iname, index) in &new.indexes {
            let altered = old.indexes.get(iname).is_some_and(|o| in_place(iname, o));
            if old.indexes.get(iname) != Some(index) && !renamed_to(iname) && !altered {
                creates_idx.push(Change::CreateIndex {
                    table: name.clone(),
                    index: index.clone(),
                });
            }
        }
        modified.extend(table_changes(old, new));
    }
    // Indexes of the tables kept are created before the new tables, whose
    // foreign keys may reference a new unique index (PostgreSQL), and
    // after the changes to their own table's columns.
    let created: Vec<&Table> = to
        .tables
        .values()
        .filter(|t| !from.tables.contains_key(&t.name))
        .collect();
    let created_names: BTreeSet<&str> = created.iter().map(|t| t.name.as_str()).collect();
    // A kept table's change that adds a key to a new table waits for it;
    // one that drops a key to a dropped table goes before that table. A
    // key that moves from a dropped table to a new one (a table replaced)
    // is both: its drop is split off to go first.
    let modified: Vec<Change> = modified
        .into_iter()
        .flat_map(|c| {
            if plan.break_key_cycles {
                split_moved_keys(c, &dropped_names, &created_names)
            } else {
                vec![c]
            }
        })
        .collect();
    let (after_creates, modified): (Vec<Change>, Vec<Change>) = modified
        .into_iter()
        .partition(|c| references_any(c, &created_names, true));
    let (before_drops, modified): (Vec<Change>, Vec<Change>) = modified
        .into_iter()
        .partition(|c| references_any(c, &dropped_names, false));
    let (keys_first, modified, keys_last) = if plan.break_key_cycles {
        order_keys_around_indexes(modified, &creates_idx, &drops_unique)
    } else {
        (Vec::new(), modified, Vec::new())
    };
    tables.extend(before_drops);
    tables.extend(drop_tables);
    tables.extend(keys_first);
    tables.extend(drops_unique);
    tables.extend(modified);
    tables.extend(creates_idx);
    tables.extend(keys_last);
    // Referenced tables are created first; a cycle's keys after them all.
    let (created, cycle_keys) = split_key_cycles(&created, plan.break_key_cycles);
    for t in dependency_order(&created.iter().collect::<Vec<_>>()) {
        tables.push(Change::CreateTable { table: t.clone() });
    }
    tables.extend(cycle_keys.into_iter().map(Change::ModifyTable));
    tables.extend(after_creates);
    // A table joins its parent once both stand as they will (the parent
    // may be new, and the table's keys and indexes built to be attached).
    tables.extend(attaches);
    let touched: BTreeSet<&str> = tables
        .iter()
        .filter_map(|c| match c {
            Change::CreateTable { .. } => None,
            Change::DropTable { table } => Some(table.name.as_str()),
            Change::ModifyTable(m) => Some(m.to.name.as_str()),
            _ => None,
        })
        .collect();
    let (mut types_first, mut types_last) = type_changes(from, to);
    // Domains, composite and range types come after the enums they may use
    // and go before them.
    let (user_first, user_last) = super::type_diff::type_changes(from, to);
    types_first.extend(user_first);
    types_last.splice(0..0, user_last);
    // Tables whose enum-typed columns are converted are touched too.
    let mut touched = touched;
    for change in &types_first {
        if let Change::AlterEnum { columns, .. } = change {
            touched.extend(columns.iter().map(|(t, _, _)| t.as_str()));
        }
    }
    // A routine dropped, or dropped and created again (`CREATE OR REPLACE`
    // cannot change its result), takes the views and triggers calling it
    // with it: PostgreSQL refuses to drop it under them.
    let routines = routine_changes(from, to);
    for change in routines.late.iter().chain(&routines.drops) {
        match change {
            Change::DropRoutine { routine } => touched.insert(routine.name.as_str()),
            Change::ReplaceRoutine { from, to } if !from.replaceable_by(to) => {
                touched.insert(from.name.as_str())
            }
            _ => false,
        };
    }
    if !recreate_views {
        touched.clear();
    }
    let (drop_views, create_views) = view_changes(from, to, &touched);
    let (drop_triggers, create_triggers) = trigger_changes(from, to, &touched);
    let (drop_virtual, create_virtual) = virtual_table_changes(from, to);
    let (create_extensions, drop_extensions) = extension_changes(from, to);
    let create_namespaces = to
        .namespaces
        .difference(&from.namespaces)
        .map(|name| Change::CreateNamespace { name: name.clone() });
    let drop_namespaces = from
        .namespaces
        .difference(&to.namespaces)
        .map(|name| Change::DropNamespace { name: name.clone() });
    // Namespaces hold everything else (an extension too), so they come
    // first and go last. Virtual tables come after the tables (an
    // external-content FTS table names its content table) and before the
    // views and triggers that may read or write them, and go the other
    // way round.
    let body: Vec<Change> = create_namespaces
        .chain(create_extensions)
        .chain(drop_views)
        .chain(drop_triggers)
        .chain(drop_virtual)
        // A partition leaves its parent before anything else changes (an
        // index it holds of its parent's can be dropped only then).
        .chain(detaches)
        .chain(drops_idx)
        .chain(types_first)
        .chain(routines.early)
        .chain(tables)
        .chain(routines.late)
        .chain(routines.drops)
        .chain(types_last)
        .chain(create_virtual)
        .chain(create_views)
        .chain(create_triggers)
        .collect();
    // Policies read tables, views and routines: they go before any of
    // those changes and come after all of them; comments follow the
    // objects they are on (`objects.rs`).
    let (drop_policies, create_policies) = objects::policy_changes(from, to, &body, recreate_views);
    let mut out: Vec<Change> = drop_policies.into_iter().chain(body).collect();
    out.extend(create_policies);
    out.extend(objects::comment_changes(from, to, &out));
    // Privileges are revoked before anything else and granted after
    // everything is there (`objects.rs`).
    let (revokes, grants) = objects::privilege_changes(from, to, &out);
    out.extend(grants);
    out.splice(0..0, revokes);
    out.extend(drop_extensions);
    out.extend(drop_namespaces);
    out
}

/// Functions and procedures to create, replace and drop, in three places.
struct RoutineChanges {
    /// Created before the tables, whose defaults, generated columns,
    /// checks or indexes call them (after the types their signatures use).
    early: Vec<Change>,
    /// Created or replaced after the tables (a SQL body may read them) and
    /// before the views and triggers that call them.
    late: Vec<Change>,
    /// Dropped after the tables and views that used them went or changed,
    /// before the types their signatures use.
    drops: Vec<Change>,
}

fn routine_changes(from: &Schema, to: &Schema) -> RoutineChanges {
    let called_by_tables = |name: &str| {
        let name = crate::schema::split_qualified(name).1;
        to.tables.values().any(|t| {
            let columns = t.columns.iter().flat_map(|c| {
                c.default
                    .iter()
                    .chain(c.generated.as_ref().map(|g| &g.expr))
            });
            let checks = t.checks.iter().map(|c| &c.expr);
            let indexes = t
                .indexes
                .values()
                .flat_map(|i| i.columns.iter().chain(i.predicate.as_ref()));
            columns
                .chain(checks)
                .chain(indexes)
                .any(|text| mentions(text, name))
        })
    };
    let mut out = RoutineChanges {
        early: Vec::new(),
        late: Vec::new(),
        drops: Vec::new(),
    };
    for (key, routine) in &to.routines {
        match from.routines.get(key) {
            None if called_by_tables(&routine.name) => out.early.push(Change::CreateRoutine {
                routine: routine.clone(),
            }),
            None => out.late.push(Change::CreateRoutine {
                routine: routine.clone(),
            }),
            Some(old) if old != routine => out.late.push(Change::ReplaceRoutine {
                from: old.clone(),
                to: routine.clone(),
            }),
            Some(_) => {}
        }
    }
    out.drops = from
        .routines
        .iter()
        .filter(|(key, _)| !to.routines.contains_key(*key))
        .map(|(_, routine)| Change::DropRoutine {
            routine: routine.clone(),
        })
        .collect();
    // An aggregate is made of functions: created after them, dropped
    // before them (both sorts keep the key order otherwise).
    let aggregate = |c: &Change| match c {
        Change::CreateRoutine { routine } | Change::DropRoutine { routine } => {
            routine.kind == RoutineKind::Aggregate
        }
        Change::ReplaceRoutine { to, .. } => to.kind == RoutineKind::Aggregate,
        _ => false,
    };
    out.late.sort_by_key(|c| aggregate(c));
    out.drops.sort_by_key(|c| !aggregate(c));
    out
}

/// Extensions to create (in `to` only) or move (in another schema there),
/// and to drop (in `from` only). A declared schema has every live extension (see
/// [`Schema::extensions`]), so autogenerate's upgrade only creates them and
/// the drops are its downgrade's.
fn extension_changes(from: &Schema, to: &Schema) -> (Vec<Change>, Vec<Change>) {
    let creates = to
        .extensions
        .iter()
        .filter_map(|(name, schema)| match from.extensions.get(name) {
            None => Some(Change::CreateExtension {
                name: name.clone(),
                schema: schema.clone(),
            }),
            Some(was) if was != schema => Some(Change::MoveExtension {
                name: name.clone(),
                from: was.clone(),
                to: schema.clone(),
            }),
            Some(_) => None,
        })
        .collect();
    let drops = from
        .extensions
        .iter()
        .filter(|(name, _)| !to.extensions.contains_key(*name))
        .map(|(name, schema)| Change::DropExtension {
            name: name.clone(),
            schema: schema.clone(),
        })
        .collect();
    (creates, drops)
}

/// SQLite virtual tables to drop (gone or changed) and to create (new or
/// changed). A virtual table's text is all there is of it, so a changed
/// one is dropped and created again.
fn virtual_table_changes(from: &Schema, to: &Schema) -> (Vec<Change>, Vec<Change>) {
    let drops = from
        .virtual_tables
        .values()
        .filter(|v| to.virtual_tables.get(&v.name) != Some(*v))
        .map(|v| Change::DropVirtualTable { table: v.clone() })
        .collect();
    let creates = to
        .virtual_tables
        .values()
        .filter(|v| from.virtual_tables.get(&v.name) != Some(*v))
        .map(|v| Change::CreateVirtualTable { table: v.clone() })
        .collect();
    (drops, creates)
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
    // A trigger alike but for its firing state is altered in place
    // (PostgreSQL); MariaDB's context is the statement's, made again.
    let altered = |key: &String, t: &Trigger| {
        to.triggers
            .get(key)
            .is_some_and(|n| n != t && n.sql == t.sql && n.table == t.table)
            && !in_the_way(t)
            && t.dialect != crate::Dialect::Mysql
    };
    let mut gone: BTreeSet<&str> = from
        .triggers
        .iter()
        .filter(|(key, t)| (to.triggers.get(*key) != Some(*t) || in_the_way(t)) && !altered(key, t))
        .map(|(key, _)| key.as_str())
        .collect();
    // A trigger made again fires last among those on its event (MariaDB),
    // so those that follow it go and come back after it, in their order.
    loop {
        let before = gone.len();
        for (key, t) in &from.triggers {
            let first = t.follows().map(|f| format!("{f} on {}", t.table));
            if first.is_some_and(|f| gone.contains(f.as_str())) {
                gone.insert(key.as_str());
            }
        }
        if gone.len() == before {
            break;
        }
    }
    let drops = from
        .triggers
        .iter()
        .filter(|(key, _)| gone.contains(key.as_str()))
        .map(|(_, t)| Change::DropTrigger { trigger: t.clone() })
        .collect();
    let creates = to
        .triggers
        .iter()
        .filter_map(|(key, t)| match from.triggers.get(key) {
            Some(old) if altered(key, old) => Some(Change::AlterTrigger {
                from: old.clone(),
                to: t.clone(),
            }),
            old if old != Some(t) || gone.contains(key.as_str()) => {
                Some(Change::CreateTrigger { trigger: t.clone() })
            }
            _ => None,
        })
        .collect();
    (drops, after_those_they_follow(creates))
}

/// `creates` with each trigger after the one it follows (MariaDB's
/// `FOLLOWS`) where that is created too; otherwise in their order.
fn after_those_they_follow(creates: Vec<Change>) -> Vec<Change> {
    let mut pending = creates;
    let mut out: Vec<Change> = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let waits = |c: &Change, pending: &[Change]| {
            let Change::CreateTrigger { trigger } = c else {
                return false;
            };
            trigger.follows().is_some_and(|first| {
                pending.iter().any(|p| {
                    matches!(p, Change::CreateTrigger { trigger: t }
                        if t.name == first && t.table == trigger.table)
                })
            })
        };
        // A cycle cannot be written with FOLLOWS; the first goes then.
        let next = (0..pending.len())
            .find(|&i| !waits(&pending[i], &pending))
            .unwrap_or(0);
        out.push(pending.remove(next));
    }
    out
}

/// True if `word` appears in `text` as a whole identifier.
pub(crate) fn mentions(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// True if `name` stands where a relation does in a view's `text`: after
/// FROM or JOIN (past a schema qualifier or an opening parenthesis), or as
/// a column's qualifier (`name.col`). A column or an alias of that name is
/// no read, as [`mentions`] would take it (and a false cycle of views
/// would then be created in name order).
fn reads_relation(text: &str, name: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut words: Vec<(String, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_word(chars[i]) {
            let start = i;
            while i < chars.len() && is_word(chars[i]) {
                i += 1;
            }
            words.push((chars[start..i].iter().collect(), start, i));
        } else {
            i += 1;
        }
    }
    let quote = |c: &char| matches!(c, '"' | '`' | '[' | ']');
    // What stands between word k-1 and word k, quotes and spaces left out.
    let between = |k: usize| -> String {
        chars[words[k - 1].2..words[k].1]
            .iter()
            .filter(|c| !quote(c) && !c.is_whitespace())
            .collect()
    };
    words.iter().enumerate().any(|(k, (w, _, end))| {
        if !w.eq_ignore_ascii_case(name) {
            return false;
        }
        if chars[*end..].iter().find(|c| !quote(c)) == Some(&'.') {
            return true;
        }
        let mut p = k;
        if p > 0 && between(p) == "." {
            p -= 1;
        }
        p > 0
            && ["from", "join"].contains(&words[p - 1].0.to_ascii_lowercase().as_str())
            && between(p).chars().all(|c| c == '(')
    })
}

/// Views to drop (dependents first) and to create (dependencies first):
/// those gone, new or changed, those reading a `touched` table, and those
/// reading a view that is dropped. A materialized view is created with its
/// indexes (`render.rs`); a view that stays but for its options or, a
/// materialized one, its indexes is changed in place: the indexes it loses
/// go with the drops, its new ones and its options come after the creates.
fn view_changes(
    from: &Schema,
    to: &Schema,
    touched: &BTreeSet<&str>,
) -> (Vec<Change>, Vec<Change>) {
    let mut gone: BTreeSet<&str> = from
        .views
        .values()
        .filter(|v| {
            // A table of another namespace stands in the text qualified
            // (`billing.invoices`): its own name is the word to look for
            // (a view recreated that need not be costs nothing).
            to.views
                .get(&v.name)
                .is_none_or(|n| !v.same_but_in_place(n))
                || touched
                    .iter()
                    .any(|t| mentions(&v.definition, crate::schema::split_qualified(t).1))
        })
        .map(|v| v.name.as_str())
        .collect();
    loop {
        let more: Vec<&str> = from
            .views
            .values()
            .filter(|v| !gone.contains(v.name.as_str()))
            .filter(|v| {
                gone.iter()
                    .any(|g| mentions(&v.definition, crate::schema::split_qualified(g).1))
            })
            .map(|v| v.name.as_str())
            .collect();
        if more.is_empty() {
            break;
        }
        gone.extend(more);
    }
    let reads = |a: &View, b: &View| {
        a.name != b.name
            && match &a.reads {
                Some(exact) => exact.contains(&b.name),
                None => reads_relation(&a.definition, &b.name),
            }
    };
    let drops: Vec<&View> = from
        .views
        .values()
        .filter(|v| gone.contains(v.name.as_str()))
        .collect();
    let creates: Vec<&View> = to
        .views
        .values()
        .filter(|v| {
            from.views
                .get(&v.name)
                .is_none_or(|o| !o.same_but_in_place(v))
                || gone.contains(v.name.as_str())
        })
        .collect();
    let mut drop_changes: Vec<Change> = order_by(&drops, reads)
        .into_iter()
        .rev()
        .map(|v| Change::DropView { view: v.clone() })
        .collect();
    let mut create_changes: Vec<Change> = order_by(&creates, reads)
        .into_iter()
        .map(|v| Change::CreateView { view: v.clone() })
        .collect();
    for new in to.views.values() {
        let Some(old) = from.views.get(&new.name) else {
            continue;
        };
        if gone.contains(new.name.as_str()) || !old.same_but_in_place(new) {
            continue;
        }
        let indexes = |v: &View| {
            v.materialized
                .as_ref()
                .map(|m| m.indexes.clone())
                .unwrap_or_default()
        };
        let (was, now) = (indexes(old), indexes(new));
        let in_place = |name: &String| match (was.get(name), now.get(name)) {
            (Some(a), Some(b)) => a != b && a.same_but_in_place(b),
            _ => false,
        };
        for (name, index) in &was {
            if in_place(name) {
                create_changes.push(Change::AlterIndex {
                    table: new.name.clone(),
                    from: index.clone(),
                    to: now[name].clone(),
                });
                continue;
            }
            if now.get(name) != Some(index) {
                drop_changes.push(Change::DropIndex {
                    table: new.name.clone(),
                    index: index.clone(),
                });
            }
        }
        for (name, index) in &now {
            if was.get(name) != Some(index) && !in_place(name) {
                create_changes.push(Change::CreateIndex {
                    table: new.name.clone(),
                    index: index.clone(),
                });
            }
        }
        if old.attrs != new.attrs {
            create_changes.push(Change::AlterView {
                from: old.clone(),
                to: new.clone(),
            });
        }
    }
    (drop_changes, create_changes)
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

/// `tables` without the foreign keys that close a cycle among them (a key
/// from one table to another that reaches back to the first through the
/// list's keys; a table referencing itself is no cycle, one `CREATE`
/// holds it), and for each table that had such keys a `ModifyTable`
/// adding them back. Unless `split`, the tables as they are.
fn split_key_cycles(tables: &[&Table], split: bool) -> (Vec<Table>, Vec<ModifyTable>) {
    let names: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let refs = |t: &str| -> Vec<&str> {
        tables
            .iter()
            .filter(|x| x.name == t)
            .flat_map(|x| x.foreign_keys.iter())
            .map(|fk| fk.ref_table.as_str())
            .filter(|r| names.contains(r))
            .collect()
    };
    // Does `start` reach `goal` through the list's keys?
    let reaches = |start: &str, goal: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start];
        while let Some(n) = todo.pop() {
            if n == goal {
                return true;
            }
            if seen.insert(n) {
                todo.extend(refs(n));
            }
        }
        false
    };
    let mut out = Vec::new();
    let mut keys = Vec::new();
    for t in tables {
        let (cyclic, kept): (Vec<ForeignKey>, Vec<ForeignKey>) =
            t.foreign_keys.iter().cloned().partition(|fk| {
                split
                    && fk.ref_table != t.name
                    && names.contains(fk.ref_table.as_str())
                    && reaches(&fk.ref_table, &t.name)
            });
        let without = Table {
            foreign_keys: kept,
            ..(*t).clone()
        };
        if !cyclic.is_empty() {
            keys.push(ModifyTable {
                from: without.clone(),
                to: (*t).clone(),
                changes: cyclic
                    .into_iter()
                    .map(|key| TableChange::AddForeignKey { key })
                    .collect(),
            });
        }
        out.push(without);
    }
    (out, keys)
}

/// True if `change` (to a kept table) adds (`added`) or drops a foreign
/// key referencing one of `tables`.
fn references_any(change: &Change, tables: &BTreeSet<&str>, added: bool) -> bool {
    let hit = |fk: &ForeignKey| tables.contains(fk.ref_table.as_str());
    match change {
        Change::ModifyTable(m) if added => m.added_foreign_keys().any(hit),
        Change::ModifyTable(m) => m.dropped_foreign_keys().any(hit),
        _ => false,
    }
}

/// `change` as two when it adds a foreign key to one of `created` and
/// drops one to one of `dropped`: first the drops of the keys to `dropped`
/// (to run before those tables go), then the rest (after the new tables
/// exist); otherwise `change` alone.
fn split_moved_keys(
    change: Change,
    dropped: &BTreeSet<&str>,
    created: &BTreeSet<&str>,
) -> Vec<Change> {
    let both = references_any(&change, created, true) && references_any(&change, dropped, false);
    let Change::ModifyTable(m) = change else {
        return vec![change];
    };
    if !both {
        return vec![Change::ModifyTable(m)];
    }
    let (first, rest) = split_keys(
        m,
        true,
        |c| matches!(c, TableChange::DropForeignKey { key } if dropped.contains(key.ref_table.as_str())),
    );
    [first, rest]
        .into_iter()
        .flatten()
        .map(Change::ModifyTable)
        .collect()
}

/// `m` as the foreign keys `pick` picks and the rest, in the order they
/// run, each part's `from` and `to` the table as that part finds and
/// leaves it: with `drops`, `pick` takes dropped keys, which go first (the
/// picked part, then the rest); else added keys, which go last (the rest,
/// then the picked part). An empty part is `None`.
fn split_keys(
    m: ModifyTable,
    drops: bool,
    pick: impl Fn(&TableChange) -> bool,
) -> (Option<ModifyTable>, Option<ModifyTable>) {
    let (picked, rest): (Vec<TableChange>, Vec<TableChange>) =
        m.changes.into_iter().partition(|c| pick(c));
    let part = |from: &Table, to: &Table, changes: Vec<TableChange>| {
        (!changes.is_empty()).then(|| ModifyTable {
            from: from.clone(),
            to: to.clone(),
            changes,
        })
    };
    // The table between the parts: as it was less the keys dropped first,
    // or as it becomes less the keys added last.
    let mut between = if drops { m.from.clone() } else { m.to.clone() };
    between.foreign_keys.retain(|k| {
        !picked.iter().any(|c| {
            matches!(c, TableChange::DropForeignKey { key } | TableChange::AddForeignKey { key } if key == k)
        })
    });
    if drops {
        (part(&m.from, &between, picked), part(&between, &m.to, rest))
    } else {
        (part(&m.from, &between, rest), part(&between, &m.to, picked))
    }
}

/// The kept tables' changes ordered around their indexes' (where keys go
/// by `ALTER TABLE`): a foreign key that references a new index of a kept
/// table (PostgreSQL wants a unique index on the referenced columns,
/// MariaDB an index) is added after the indexes are created; one that
/// references a unique index that goes is dropped before. Returns the
/// keys to drop first, the changes as they were otherwise, and the keys
/// to add last.
fn order_keys_around_indexes(
    modified: Vec<Change>,
    creates_idx: &[Change],
    drops_unique: &[Change],
) -> (Vec<Change>, Vec<Change>, Vec<Change>) {
    let indexes = |changes: &[Change]| -> Vec<(String, Vec<String>)> {
        changes
            .iter()
            .filter_map(|c| match c {
                Change::CreateIndex { table, index } | Change::DropIndex { table, index }
                    if index.predicate.is_none() =>
                {
                    Some((table.clone(), index.columns.clone()))
                }
                _ => None,
            })
            .collect()
    };
    let (new, gone) = (indexes(creates_idx), indexes(drops_unique));
    let serves = |list: &[(String, Vec<String>)], key: &ForeignKey| {
        list.iter()
            .any(|(t, columns)| *t == key.ref_table && *columns == key.ref_columns)
    };
    let (mut first, mut middle, mut last) = (Vec::new(), Vec::new(), Vec::new());
    for change in modified {
        let Change::ModifyTable(m) = change else {
            middle.push(change);
            continue;
        };
        let (early, rest) = split_keys(
            m,
            true,
            |c| matches!(c, TableChange::DropForeignKey { key } if serves(&gone, key)),
        );
        first.extend(early.map(Change::ModifyTable));
        let Some(rest) = rest else { continue };
        let (rest, late) = split_keys(
            rest,
            false,
            |c| matches!(c, TableChange::AddForeignKey { key } if serves(&new, key)),
        );
        middle.extend(rest.map(Change::ModifyTable));
        last.extend(late.map(Change::ModifyTable));
    }
    (first, middle, last)
}

/// Tables ordered so that each comes after the tables (of the same list) it
/// references and (a PostgreSQL partition) after its parent; a cycle of
/// references keeps the remaining tables in name order. A table that
/// references a partitioned one comes after its partitions too: the key
/// depends on each (PostgreSQL refuses to drop one while the key stands).
fn dependency_order<'a>(tables: &[&'a Table]) -> Vec<&'a Table> {
    order_by(tables, |t, other| {
        let parent = partition_of(other).map(|(parent, _)| parent);
        t.foreign_keys.iter().any(|fk| {
            fk.ref_table != t.name
                && (fk.ref_table == other.name || Some(fk.ref_table.as_str()) == parent)
        }) || partition_of(t).is_some_and(|(parent, _)| parent == other.name)
    })
}

/// A kept table that leaves its parent, joins one, or changes its bound
/// (PostgreSQL): the tables to diff in its place, and its `DETACH
/// PARTITION` and `ATTACH PARTITION` as changes of their own (into
/// `detaches` and `attaches`). A partition's model leaves out what it
/// holds of its parent's (`introspect.rs`), which is its own once it is
/// detached and must be there to be attached: the table is compared as it
/// stands outside its parent ([`detached`]), so its columns are not
/// dropped, and the keys and indexes PostgreSQL attaches are built before
/// (or renamed to the names it gives clones), as `pg_dump` writes them.
fn partition_moves(
    from: &Schema,
    to: &Schema,
    old: &Table,
    new: &Table,
    detaches: &mut Vec<Change>,
    attaches: &mut Vec<Change>,
) -> (Table, Table) {
    let (was, is) = (partition_of(old), partition_of(new));
    if was == is {
        return (old.clone(), new.clone());
    }
    let alone = |schema: &Schema, t: &Table, bound: Option<(&str, &str)>| {
        bound
            .and_then(|(parent, _)| schema.tables.get(parent))
            .map(|parent| detached(parent, t))
    };
    let set_attrs = |a: &Table, b: &Table| {
        Change::ModifyTable(ModifyTable {
            changes: vec![TableChange::SetAttrs {
                from: a.attrs.clone(),
                to: b.attrs.clone(),
            }],
            from: a.clone(),
            to: b.clone(),
        })
    };
    let base_old = match alone(from, old, was) {
        Some(t) => {
            detaches.push(set_attrs(old, &t));
            t
        }
        None => old.clone(),
    };
    let base_new = match alone(to, new, is) {
        Some(t) => {
            attaches.push(set_attrs(&t, new));
            t
        }
        None => new.clone(),
    };
    (base_old, base_new)
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

/// One `ModifyTable` listing what changes in a table, if anything does
/// (its indexes are `Change`s of their own).
fn table_changes(old: &Table, new: &Table) -> Vec<Change> {
    let strip = |t: &Table| Table {
        indexes: Default::default(),
        ..t.clone()
    };
    if strip(old) == strip(new) {
        return Vec::new();
    }
    vec![Change::ModifyTable(ModifyTable {
        changes: table_diff(old, new),
        from: old.clone(),
        to: new.clone(),
    })]
}

/// What changes within a table, in [`ModifyTable::changes`]'s order.
fn table_diff(old: &Table, new: &Table) -> Vec<TableChange> {
    let mut out = Vec::new();
    for c in &new.columns {
        match old.column(&c.name) {
            None => out.push(TableChange::AddColumn { column: c.clone() }),
            Some(o) if o != c => out.push(TableChange::ModifyColumn {
                from: o.clone(),
                to: c.clone(),
            }),
            _ => {}
        }
    }
    for c in old.columns.iter().filter(|c| new.column(&c.name).is_none()) {
        out.push(TableChange::DropColumn { column: c.clone() });
    }
    // Attributes of a key that stays (PostgreSQL's DEFERRABLE) change
    // only with a new key.
    if old.primary_key != new.primary_key
        || (!new.primary_key.is_empty() && old.primary_key_attrs != new.primary_key_attrs)
    {
        out.push(TableChange::SetPrimaryKey {
            from: old.primary_key.clone(),
            to: new.primary_key.clone(),
            from_attrs: old.primary_key_attrs.clone(),
            to_attrs: new.primary_key_attrs.clone(),
        });
    } else if !old.primary_key.is_empty() && old.primary_key_name != new.primary_key_name {
        out.push(TableChange::RenameConstraint {
            kind: ConstraintKind::PrimaryKey,
            from: old.primary_key_name.clone(),
            to: new.primary_key_name.clone(),
        });
    }
    let unnamed_key = |k: &ForeignKey| ForeignKey {
        name: Name::default(),
        ..k.clone()
    };
    let key_changes = Lists {
        old: &old.foreign_keys,
        new: &new.foreign_keys,
        same_but_name: &|a, b| unnamed_key(a) == unnamed_key(b),
        name: &|k| &k.name,
    };
    key_changes.diff(
        ConstraintKind::ForeignKey,
        |key| TableChange::DropForeignKey { key },
        |key| TableChange::AddForeignKey { key },
        &mut out,
    );
    let unique_changes = Lists {
        old: &old.uniques,
        new: &new.uniques,
        same_but_name: &|a, b| a.columns == b.columns && a.attrs == b.attrs,
        name: &|u| &u.name,
    };
    unique_changes.diff(
        ConstraintKind::Unique,
        |unique| TableChange::DropUnique { unique },
        |unique| TableChange::AddUnique { unique },
        &mut out,
    );
    let check_changes = Lists {
        old: &old.checks,
        new: &new.checks,
        same_but_name: &|a, b| a.expr == b.expr && a.attrs == b.attrs,
        name: &|c| &c.name,
    };
    check_changes.diff(
        ConstraintKind::Check,
        |check| TableChange::DropCheck { check },
        |check| TableChange::AddCheck { check },
        &mut out,
    );
    if old.comment != new.comment {
        out.push(TableChange::SetComment {
            from: old.comment.clone(),
            to: new.comment.clone(),
        });
    }
    if old.attrs != new.attrs {
        out.push(TableChange::SetAttrs {
            from: old.attrs.clone(),
            to: new.attrs.clone(),
        });
    }
    out
}

/// One kind of constraint of a table, before and after.
struct Lists<'a, T> {
    old: &'a [T],
    new: &'a [T],
    /// Whether two constraints are the same but for their names.
    same_but_name: &'a dyn Fn(&T, &T) -> bool,
    name: &'a dyn Fn(&T) -> &Name,
}

impl<T: Clone + PartialEq> Lists<'_, T> {
    /// The drops, renames and adds from `old` to `new`: a constraint that
    /// stays under another name is renamed (names are first-class,
    /// ARCHITECTURE.md "Schema model"), the others dropped and added.
    fn diff(
        &self,
        kind: ConstraintKind,
        drop: impl Fn(T) -> TableChange,
        add: impl Fn(T) -> TableChange,
        out: &mut Vec<TableChange>,
    ) {
        let gone: Vec<&T> = self.old.iter().filter(|k| !self.new.contains(k)).collect();
        let mut come: Vec<&T> = self.new.iter().filter(|k| !self.old.contains(k)).collect();
        let mut renames = Vec::new();
        for k in gone {
            match come.iter().position(|n| (self.same_but_name)(k, n)) {
                Some(i) => renames.push(TableChange::RenameConstraint {
                    kind,
                    from: (self.name)(k).clone(),
                    to: (self.name)(come.remove(i)).clone(),
                }),
                None => out.push(drop(k.clone())),
            }
        }
        out.extend(renames);
        out.extend(come.into_iter().map(|k| add(k.clone())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Column;

    fn view(name: &str, def: &str) -> View {
        View {
            name: name.into(),
            columns: Vec::new(),
            definition: def.into(),
            reads: None,
            ..View::default()
        }
    }

    #[test]
    fn an_index_that_only_changes_its_name_is_renamed_unless_names_swap() {
        let index = |name: &str, column: &str| Index {
            name: name.into(),
            columns: vec![column.into()],
            unique: false,
            predicate: None,
            method: None,
            attrs: Default::default(),
        };
        let with = |indexes: &[Index]| {
            let mut s = Schema::default();
            let mut t = Table {
                name: "t".into(),
                ..Table::default()
            };
            for i in indexes {
                t.indexes.insert(i.name.clone(), i.clone());
            }
            s.tables.insert("t".into(), t);
            s
        };
        let renamed = diff(&with(&[index("a", "x")]), &with(&[index("b", "x")]));
        assert!(
            matches!(renamed.as_slice(), [Change::RenameIndex { index, to, .. }] if index.name == "a" && to == "b"),
            "{renamed:?}"
        );
        // Swapped names: no free name to rename to, so dropped and created.
        let swapped = diff(
            &with(&[index("a", "x"), index("b", "y")]),
            &with(&[index("b", "x"), index("a", "y")]),
        );
        assert!(
            !swapped
                .iter()
                .any(|c| matches!(c, Change::RenameIndex { .. })),
            "{swapped:?}"
        );
        assert_eq!(swapped.len(), 4, "{swapped:?}");
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
        let plan = names(&diff_with(
            &from,
            &to,
            Plan {
                recreate_views: true,
                ..Plan::default()
            },
        ));
        assert_eq!(plan[0], "drop view a_top");
        assert_eq!(plan[1], "drop view z_mid");
        assert!(plan[2].starts_with("change table t"));
        assert_eq!(plan[3], "add view z_mid");
        assert_eq!(plan[4], "add view a_top");
        assert_eq!(plan.len(), 5, "{plan:?}");
    }

    fn keyed(name: &str, refs: &[&str]) -> Table {
        Table {
            name: name.into(),
            foreign_keys: refs
                .iter()
                .map(|r| ForeignKey {
                    columns: vec![format!("{r}_id")],
                    ref_table: (*r).into(),
                    ref_columns: vec!["id".into()],
                    on_delete: None,
                    on_update: None,
                    name: Name::default(),
                    attrs: Default::default(),
                })
                .collect(),
            ..Table::default()
        }
    }

    #[test]
    fn a_cycle_of_keys_is_added_after_its_tables_and_dropped_before_them() {
        let mut to = Schema::default();
        for t in [
            keyed("a", &["b"]),
            keyed("b", &["a"]),
            keyed("self_ref", &["self_ref"]),
            keyed("leaf", &["a"]),
        ] {
            to.tables.insert(t.name.clone(), t);
        }
        let plan = Plan {
            recreate_views: true,
            break_key_cycles: true,
        };
        let up: Vec<String> = diff_with(&Schema::default(), &to, plan)
            .iter()
            .map(Change::describe)
            .collect();
        assert_eq!(
            up,
            [
                "add table a",
                "add table b",
                "add table leaf",
                "add table self_ref",
                "change table a: add foreign key (b_id) -> b(id)",
                "change table b: add foreign key (a_id) -> a(id)",
            ],
            "{up:?}"
        );
        let down = diff_with(&to, &Schema::default(), plan);
        assert!(
            matches!(&down[0], Change::ModifyTable(m) if m.to.name == "a" && m.to.foreign_keys.is_empty()),
            "{down:?}"
        );
        assert!(matches!(&down[1], Change::ModifyTable(m) if m.to.name == "b"));
        // Without the plan (SQLite, `check`) the tables keep their keys.
        assert!(diff(&Schema::default(), &to)
            .iter()
            .all(|c| matches!(c, Change::CreateTable { .. })));
    }

    #[test]
    fn a_view_reads_what_stands_as_a_relation_not_a_column_of_that_name() {
        // PostgreSQL, MariaDB (qualified, in backticks) and SQLite spellings.
        assert!(reads_relation("SELECT z_mid.id FROM z_mid", "z_mid"));
        assert!(reads_relation(
            "select `z_mid`.`id` AS `id` from (`db`.`z_mid` join `t`)",
            "z_mid"
        ));
        assert!(reads_relation(
            "SELECT id FROM t JOIN \"z_mid\" ON true",
            "z_mid"
        ));
        assert!(!reads_relation("SELECT t.id, t.v AS a_top FROM t", "a_top"));
        assert!(!reads_relation("SELECT count(a_top) FROM t", "a_top"));
    }

    #[test]
    fn exact_reads_order_views_whose_text_names_each_other() {
        let mut to = Schema::default();
        let mut top = view("a_top", "SELECT z_mid.id, z_mid.a_top FROM z_mid");
        top.reads = Some(vec!["z_mid".into()]);
        let mut mid = view("z_mid", "SELECT t.id, t.v AS a_top FROM t");
        mid.reads = Some(vec!["t".into()]);
        for v in [top, mid] {
            to.views.insert(v.name.clone(), v);
        }
        let up: Vec<String> = diff(&Schema::default(), &to)
            .iter()
            .map(Change::describe)
            .collect();
        assert_eq!(up, ["add view z_mid", "add view a_top"]);
    }

    #[test]
    fn a_materialized_view_changes_its_indexes_and_a_view_its_options_in_place() {
        use crate::dialect::postgres::attrs::ViewAttr;
        use crate::schema::Materialized;
        let index = |name: &str| Index {
            name: name.into(),
            columns: vec!["n".into()],
            unique: false,
            predicate: None,
            method: None,
            attrs: Default::default(),
        };
        let schema = |indexes: &[&str], populated: bool, barrier: bool, def: &str| {
            let mut s = Schema::default();
            let mut m = view("totals", def);
            m.reads = Some(vec!["t".into()]);
            m.materialized = Some(Materialized {
                populated,
                indexes: indexes.iter().map(|i| (i.to_string(), index(i))).collect(),
            });
            let mut top = view("report", "SELECT n FROM totals");
            top.reads = Some(vec!["totals".into()]);
            top.attrs = [ViewAttr::SecurityBarrier(barrier).into()]
                .into_iter()
                .collect();
            s.views.insert(m.name.clone(), m);
            s.views.insert(top.name.clone(), top);
            s
        };
        let words = |from: &Schema, to: &Schema| -> Vec<String> {
            diff(from, to).iter().map(Change::describe).collect()
        };
        let before = schema(&["totals_a"], true, false, "SELECT count(*) AS n FROM t");
        assert_eq!(
            words(
                &before,
                &schema(&["totals_b"], true, true, "SELECT count(*) AS n FROM t")
            ),
            [
                "drop index totals_a on totals",
                "change view report: (security_barrier=false) -> (security_barrier=true)",
                "add index totals_b on totals"
            ]
        );
        // Whether it holds rows is the rows' state, not compared.
        assert!(diff(
            &before,
            &schema(&["totals_a"], false, false, "SELECT count(*) AS n FROM t")
        )
        .is_empty());
        // A new definition: dropped (after the view reading it) and
        // created (before it), its indexes with it.
        assert_eq!(
            words(
                &before,
                &schema(&["totals_a"], true, false, "SELECT sum(1) AS n FROM t")
            ),
            [
                "drop view report",
                "drop materialized view totals",
                "add materialized view totals",
                "add view report"
            ]
        );
    }
}

//! The changes to what hangs on other objects (`schema::objects`):
//! row-level security policies and the comments on objects other than
//! tables and columns. Both are planned from the rest of the change list
//! ([`super::diff`]'s): a policy reads what the other changes drop, and a
//! comment goes with an object those changes create again.

use std::collections::BTreeSet;

use super::change::{Change, TableChange};
use super::diff::mentions;
use crate::schema::{split_qualified, Commented, Policy, Schema};

/// The names of what `changes` drops or alters so that a policy reading
/// it is in the way (PostgreSQL refuses to drop a column, table, view,
/// function or type a policy depends on, or to change such a column's
/// type): tables dropped, tables whose columns go or change, views,
/// routines dropped (also to be created again), enum types recreated or
/// dropped, sequences dropped.
fn in_the_way(changes: &[Change]) -> BTreeSet<&str> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::DropTable { table } => Some(table.name.as_str()),
            Change::ModifyTable(m) => m
                .changes
                .iter()
                .any(|c| {
                    matches!(
                        c,
                        TableChange::DropColumn { .. } | TableChange::ModifyColumn { .. }
                    )
                })
                .then_some(m.to.name.as_str()),
            Change::DropView { view } => Some(view.name.as_str()),
            Change::DropRoutine { routine } => Some(routine.name.as_str()),
            Change::ReplaceRoutine { from, to } if drops_routine(from, to) => {
                Some(from.name.as_str())
            }
            Change::DropEnum { ty } => Some(ty.name.as_str()),
            Change::AlterEnum { from, .. } => Some(from.name.as_str()),
            Change::DropSequence { seq } => Some(seq.name.as_str()),
            _ => None,
        })
        .collect()
}

/// Whether a [`Change::ReplaceRoutine`] drops the routine and creates it
/// again (`CREATE OR REPLACE` cannot change its result or kind).
pub(crate) fn drops_routine(from: &crate::schema::Routine, to: &crate::schema::Routine) -> bool {
    from.returns != to.returns || from.procedure != to.procedure
}

/// Policies to drop (first of all the changes) and to create or alter
/// (after everything else is created): those gone, new or changed (altered
/// in place where [`Policy::alters_to`]), and, where `recreate` (a
/// migration, as [`super::diff::Plan::recreate_views`]), those reading
/// what `changes` drops or alters, created again around it.
pub(crate) fn policy_changes(
    from: &Schema,
    to: &Schema,
    changes: &[Change],
    recreate: bool,
) -> (Vec<Change>, Vec<Change>) {
    let words = if recreate {
        in_the_way(changes)
    } else {
        BTreeSet::new()
    };
    let reads_changed = |p: &Policy| {
        words.contains(p.table.as_str())
            || words.iter().any(|w| {
                let w = split_qualified(w).1;
                p.using.iter().chain(&p.with_check).any(|e| mentions(e, w))
            })
    };
    let mut drops = Vec::new();
    let mut creates = Vec::new();
    for (key, old) in &from.policies {
        match to.policies.get(key) {
            Some(new) if new == old && !reads_changed(old) => {}
            Some(new) if old.alters_to(new) && !reads_changed(old) => {
                creates.push(Change::AlterPolicy {
                    from: old.clone(),
                    to: new.clone(),
                });
            }
            Some(new) => {
                drops.push(Change::DropPolicy {
                    policy: old.clone(),
                });
                creates.push(Change::CreatePolicy {
                    policy: new.clone(),
                });
            }
            None => drops.push(Change::DropPolicy {
                policy: old.clone(),
            }),
        }
    }
    for (key, new) in &to.policies {
        if !from.policies.contains_key(key) {
            creates.push(Change::CreatePolicy {
                policy: new.clone(),
            });
        }
    }
    (drops, creates)
}

/// The object a change drops (also to create it again), whose comment
/// goes with it.
fn dropped(change: &Change) -> Option<Commented> {
    Some(match change {
        Change::DropView { view } => Commented::View(view.name.clone()),
        Change::DropSequence { seq } => Commented::Sequence(seq.name.clone()),
        Change::DropEnum { ty } | Change::AlterEnum { from: ty, .. } => {
            Commented::Enum(ty.name.clone())
        }
        Change::DropRoutine { routine: r } => routine(r),
        Change::ReplaceRoutine { from, to } if drops_routine(from, to) => routine(from),
        Change::DropTrigger { trigger } => Commented::Trigger {
            name: trigger.name.clone(),
            table: trigger.table.clone(),
        },
        Change::DropPolicy { policy } => Commented::Policy {
            name: policy.name.clone(),
            table: policy.table.clone(),
        },
        _ => return None,
    })
}

fn routine(r: &crate::schema::Routine) -> Commented {
    Commented::Routine {
        name: r.name.clone(),
        args: r.args.clone(),
        procedure: r.procedure,
    }
}

/// Whether `schema` holds the object.
fn holds(schema: &Schema, object: &Commented) -> bool {
    match object {
        Commented::View(k) => schema.views.contains_key(k),
        Commented::Sequence(k) => schema.sequences.contains_key(k),
        Commented::Enum(k) => schema.enums.contains_key(k),
        Commented::Routine {
            name,
            args,
            procedure,
        } => schema
            .routines
            .get(&format!("{name}({args})"))
            .is_some_and(|r| r.procedure == *procedure),
        Commented::Trigger { name, table } => {
            schema.triggers.contains_key(&format!("{name} on {table}"))
        }
        Commented::Policy { name, table } => {
            schema.policies.contains_key(&format!("{name} on {table}"))
        }
    }
}

/// The comments to set after `changes` (all the others) ran: where an
/// object's comment changes, and on each object `changes` creates (also
/// again) that has one. A comment is taken away (`None`) only from an
/// object that stays; one dropped takes its comment with it.
pub(crate) fn comment_changes(from: &Schema, to: &Schema, changes: &[Change]) -> Vec<Change> {
    let recreated: BTreeSet<Commented> = changes.iter().filter_map(dropped).collect();
    let objects: BTreeSet<&Commented> = from.comments.keys().chain(to.comments.keys()).collect();
    objects
        .into_iter()
        .filter(|o| holds(to, o))
        .filter_map(|o| {
            let before = if recreated.contains(o) || !holds(from, o) {
                None
            } else {
                from.comments.get(o)
            };
            let after = to.comments.get(o);
            (before != after).then(|| Change::SetComment {
                object: o.clone(),
                from: before.cloned(),
                to: after.cloned(),
            })
        })
        .collect()
}

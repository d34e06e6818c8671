//! The changes to what hangs on other objects (`schema::objects`):
//! row-level security policies and the comments on objects other than
//! tables and columns. Both are planned from the rest of the change list
//! ([`super::diff`]'s): a policy reads what the other changes drop, and a
//! comment goes with an object those changes create again.

use std::collections::BTreeSet;

use super::change::{Change, TableChange};
use super::diff::mentions;
use crate::schema::{split_qualified, Commented, Grant, Policy, Schema};

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
            Change::ReplaceRoutine { from, to } if !from.replaceable_by(to) => {
                Some(from.name.as_str())
            }
            Change::DropEnum { ty } => Some(ty.name.as_str()),
            Change::AlterEnum { from, .. } => Some(from.name.as_str()),
            Change::DropSequence { seq } => Some(seq.name.as_str()),
            _ => None,
        })
        .collect()
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
        Change::DropView { view } if view.materialized.is_some() => {
            Commented::MaterializedView(view.name.clone())
        }
        Change::DropView { view } => Commented::View(view.name.clone()),
        Change::DropNamespace { name } => Commented::Namespace(name.clone()),
        Change::DropSequence { seq } => Commented::Sequence(seq.name.clone()),
        Change::DropEnum { ty } | Change::AlterEnum { from: ty, .. } => {
            Commented::Enum(ty.name.clone())
        }
        Change::DropRoutine { routine: r } => routine(r),
        Change::ReplaceRoutine { from, to } if !from.replaceable_by(to) => routine(from),
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
        kind: r.kind,
    }
}

/// Whether `schema` holds the object.
fn holds(schema: &Schema, object: &Commented) -> bool {
    match object {
        Commented::Namespace(name) => schema.namespaces.contains(name),
        Commented::View(k) => schema
            .views
            .get(k)
            .is_some_and(|v| v.materialized.is_none()),
        Commented::MaterializedView(k) => schema
            .views
            .get(k)
            .is_some_and(|v| v.materialized.is_some()),
        Commented::Sequence(k) => schema.sequences.contains_key(k),
        Commented::Enum(k) => schema.enums.contains_key(k),
        Commented::Routine { name, args, kind } => schema
            .routines
            .get(&format!("{name}({args})"))
            .is_some_and(|r| r.kind == *kind),
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

/// Privileges to revoke (first of all the changes) and to grant or revoke
/// after everything else. An object `changes` creates, or drops and
/// creates again (a view, a routine), starts with PostgreSQL's default
/// privileges for its kind (`EXECUTE` to `PUBLIC` on a routine, nothing
/// but its owner's on the others): what `to` has beyond them is granted
/// after it is made, what it lacks of them revoked. On an object that
/// stays, what `from` has and `to` has not is revoked first, what `to`
/// has and `from` has not granted last. Nothing where `to` was read
/// without its privileges (`[autogenerate] privileges` off).
pub(crate) fn privilege_changes(
    from: &Schema,
    to: &Schema,
    changes: &[Change],
) -> (Vec<Change>, Vec<Change>) {
    if !to.privileges_read {
        return (Vec::new(), Vec::new());
    }
    let made: BTreeSet<(&str, String)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateView { view } => Some(("TABLE", view.name.clone())),
            Change::CreateTable { table } => Some(("TABLE", table.name.clone())),
            Change::CreateSequence { seq } => Some(("SEQUENCE", seq.name.clone())),
            Change::CreateNamespace { name } => Some(("SCHEMA", name.clone())),
            Change::CreateRoutine { routine } => Some((routine_kind(routine), routine.key())),
            Change::ReplaceRoutine { from, to } if !from.replaceable_by(to) => {
                Some((routine_kind(to), to.key()))
            }
            _ => None,
        })
        .collect();
    let new = |g: &Grant| made.contains(&(g.kind.as_str(), g.object.clone()));
    let revokes = from
        .grants
        .difference(&to.grants)
        .filter(|g| !new(g) && !dropped_object(from, to, g))
        .map(|g| Change::Revoke { grant: g.clone() })
        .collect();
    let defaults: BTreeSet<Grant> = made
        .iter()
        .filter(|(kind, _)| matches!(*kind, "FUNCTION" | "PROCEDURE"))
        .map(|(kind, object)| Grant {
            kind: kind.to_string(),
            object: object.clone(),
            grantee: "PUBLIC".into(),
            privilege: "EXECUTE".into(),
            grantable: false,
        })
        .collect();
    let grants = to
        .grants
        .iter()
        .filter(|g| {
            if new(g) {
                !defaults.contains(*g)
            } else {
                !from.grants.contains(*g)
            }
        })
        .map(|g| Change::Grant { grant: g.clone() })
        .chain(
            defaults
                .iter()
                .filter(|d| !to.grants.contains(*d))
                .map(|d| Change::Revoke { grant: d.clone() }),
        )
        .collect();
    (revokes, grants)
}

/// `FUNCTION` or `PROCEDURE`, as a [`Grant`] names a routine's kind.
fn routine_kind(r: &crate::schema::Routine) -> &'static str {
    match r.kind {
        crate::schema::RoutineKind::Procedure => "PROCEDURE",
        _ => "FUNCTION",
    }
}

/// Whether the object a grant is on goes (its privileges with it: nothing
/// to revoke). A sequence a column owns is not in the model's maps: its
/// grant is revoked, first of all, while it still exists.
fn dropped_object(from: &Schema, to: &Schema, g: &Grant) -> bool {
    let o = &g.object;
    match g.kind.as_str() {
        "SCHEMA" => !to.namespaces.contains(o),
        "TABLE" => !to.tables.contains_key(o) && !to.views.contains_key(o),
        "FUNCTION" | "PROCEDURE" => !to.routines.contains_key(o),
        _ => from.sequences.contains_key(o) && !to.sequences.contains_key(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autogen::diff_with;
    use crate::autogen::Plan;
    use crate::schema::{Column, Table, View};

    fn policy(command: &str, using: Option<&str>, check: Option<&str>) -> Policy {
        Policy {
            name: "p".into(),
            table: "t".into(),
            permissive: true,
            command: command.into(),
            roles: vec!["PUBLIC".into()],
            using: using.map(String::from),
            with_check: check.map(String::from),
        }
    }

    fn schema(p: Option<Policy>, ty: &str) -> Schema {
        let mut s = Schema::default();
        let t = Table {
            name: "t".into(),
            columns: vec![Column {
                name: "a".into(),
                ty: ty.into(),
                ..Column::default()
            }],
            ..Table::default()
        };
        s.tables.insert("t".into(), t);
        if let Some(p) = p {
            s.policies.insert(p.key(), p);
        }
        s
    }

    fn words(from: &Schema, to: &Schema) -> Vec<String> {
        let plan = Plan {
            recreate_views: true,
            break_key_cycles: true,
        };
        diff_with(from, to, plan)
            .iter()
            .map(Change::describe)
            .collect()
    }

    #[test]
    fn a_policy_is_altered_where_alter_policy_can_and_recreated_where_not() {
        let before = schema(Some(policy("ALL", Some("a > 0"), None)), "INTEGER");
        let mut roles = policy("ALL", Some("a > 1"), None);
        roles.roles = vec!["pg_monitor".into()];
        assert_eq!(
            words(&before, &schema(Some(roles), "INTEGER")),
            ["change policy p on t"]
        );
        // A USING taken away, or another command: a drop first, a create last.
        for after in [
            policy("ALL", None, Some("a > 0")),
            policy("SELECT", Some("a > 0"), None),
        ] {
            assert_eq!(
                words(&before, &schema(Some(after), "INTEGER")),
                ["drop policy p on t", "add policy p on t"]
            );
        }
        // A column of its table changes type: the policy is in the way.
        let got = words(
            &before,
            &schema(Some(policy("ALL", Some("a > 0"), None)), "BIGINT"),
        );
        assert_eq!(got.first().map(String::as_str), Some("drop policy p on t"));
        assert_eq!(got.last().map(String::as_str), Some("add policy p on t"));
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn a_comment_follows_its_object_created_again_and_goes_as_null_from_one_that_stays() {
        let view = |def: &str| View {
            name: "v".into(),
            columns: vec![],
            definition: def.into(),
            reads: None,
            ..View::default()
        };
        let object = Commented::View("v".into());
        let mut before = schema(None, "INTEGER");
        before.views.insert("v".into(), view("SELECT 1"));
        before.comments.insert(object.clone(), "old".into());
        let mut recreated = before.clone();
        recreated.views.insert("v".into(), view("SELECT 2"));
        assert_eq!(
            words(&before, &recreated),
            ["drop view v", "add view v", "comment on view v changes"]
        );
        let changes = diff_with(&before, &recreated, Plan::default());
        assert!(changes.contains(&Change::SetComment {
            object: object.clone(),
            from: None,
            to: Some("old".into()),
        }));
        let mut bare = before.clone();
        bare.comments.clear();
        assert_eq!(
            diff_with(&before, &bare, Plan::default()),
            [Change::SetComment {
                object,
                from: Some("old".into()),
                to: None,
            }]
        );
        // A dropped view takes its comment with it.
        let mut gone = bare.clone();
        gone.views.clear();
        assert_eq!(words(&before, &gone), ["drop view v"]);
    }
}

//! A change list in words with both sides shown (`stillhead test`): each
//! change as [`Change::describe`] words it, except that an object dropped and
//! created again under the same name (an index, view, trigger or virtual
//! table: the diff replaces them whole) is one line with its definition
//! before and after, so "drop index X; add index X" says what differs. One
//! recreated unchanged (a view around a change to one it reads) says so. A
//! sequence whose options change, or a policy altered in place, shows them
//! before and after.

use super::Change;
use crate::schema::{Index, Policy, Sequence};

/// `changes` in words, in their order; a drop and a later create of the same
/// object are one line, where the drop was.
pub fn describe_with_definitions(changes: &[Change]) -> Vec<String> {
    let mut paired = vec![false; changes.len()];
    let mut out = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        if paired[i] {
            continue;
        }
        if let Change::AlterSequence { from, to } = change {
            out.push(format!(
                "sequence {}: before `{}`, after `{}`",
                to.name,
                sequence_definition(from),
                sequence_definition(to)
            ));
            continue;
        }
        if let Change::AlterPolicy { from, to } = change {
            out.push(format!(
                "policy {}: before `{}`, after `{}`",
                to.key(),
                policy_definition(from),
                policy_definition(to)
            ));
            continue;
        }
        let partner = whole(change).filter(|w| w.dropped).and_then(|before| {
            let j = (i + 1..changes.len()).find(|&j| {
                !paired[j]
                    && whole(&changes[j]).is_some_and(|after| {
                        !after.dropped && after.kind == before.kind && after.label == before.label
                    })
            })?;
            Some((j, before, whole(&changes[j])?))
        });
        let Some((j, before, after)) = partner else {
            out.push(change.describe());
            continue;
        };
        paired[j] = true;
        out.push(if before.definition == after.definition {
            format!(
                "{} {}: dropped and created again unchanged, around a change to what it depends on",
                before.kind, before.label
            )
        } else {
            format!(
                "{} {}: before `{}`, after `{}`",
                before.kind, before.label, before.definition, after.definition
            )
        });
    }
    out
}

/// An object a change drops or creates whole, with its definition.
struct Whole {
    dropped: bool,
    kind: &'static str,
    /// Its name, and its table's where names are per table.
    label: String,
    definition: String,
}

fn whole(change: &Change) -> Option<Whole> {
    let w = |dropped, kind, label: String, definition: String| {
        Some(Whole {
            dropped,
            kind,
            label,
            definition,
        })
    };
    match change {
        Change::DropIndex { table, index } | Change::CreateIndex { table, index } => w(
            matches!(change, Change::DropIndex { .. }),
            "index",
            format!("{} on {table}", index.name),
            index_definition(table, index),
        ),
        Change::DropView { view } | Change::CreateView { view } => w(
            matches!(change, Change::DropView { .. }),
            if view.materialized.is_some() {
                "materialized view"
            } else {
                "view"
            },
            view.name.clone(),
            view.definition.trim().to_string(),
        ),
        Change::DropTrigger { trigger } | Change::CreateTrigger { trigger } => w(
            matches!(change, Change::DropTrigger { .. }),
            "trigger",
            format!("{} on {}", trigger.name, trigger.table),
            trigger.sql.trim().to_string(),
        ),
        Change::DropPolicy { policy } | Change::CreatePolicy { policy } => w(
            matches!(change, Change::DropPolicy { .. }),
            "policy",
            policy.key(),
            policy_definition(policy),
        ),
        Change::DropVirtualTable { table } | Change::CreateVirtualTable { table } => w(
            matches!(change, Change::DropVirtualTable { .. }),
            "virtual table",
            table.name.clone(),
            table.sql.trim().to_string(),
        ),
        _ => None,
    }
}

/// An index as a `CREATE INDEX` statement in no database's exact spelling:
/// every part the model compares, for people to see which one differs.
fn index_definition(table: &str, index: &Index) -> String {
    let mut s = format!(
        "CREATE {}INDEX {} ON {table}",
        if index.unique { "UNIQUE " } else { "" },
        index.name
    );
    if let Some(method) = &index.method {
        s.push_str(&format!(" USING {method}"));
    }
    s.push_str(&format!(" ({})", index.columns.join(", ")));
    if !index.attrs.is_empty() {
        s.push_str(&format!(" {}", index.attrs));
    }
    if let Some(predicate) = &index.predicate {
        s.push_str(&format!(" WHERE {predicate}"));
    }
    s
}

/// A policy's parts as `CREATE POLICY` writes them after its table.
fn policy_definition(p: &Policy) -> String {
    let mut s = format!(
        "AS {} FOR {} TO {}",
        if p.permissive {
            "PERMISSIVE"
        } else {
            "RESTRICTIVE"
        },
        p.command,
        p.roles.join(", ")
    );
    if let Some(e) = &p.using {
        s.push_str(&format!(" USING ({e})"));
    }
    if let Some(e) = &p.with_check {
        s.push_str(&format!(" WITH CHECK ({e})"));
    }
    s
}

/// A sequence's options as `CREATE SEQUENCE` writes them.
fn sequence_definition(seq: &Sequence) -> String {
    format!(
        "AS {} START {} INCREMENT {} MINVALUE {} MAXVALUE {} {}",
        seq.data_type,
        seq.start,
        seq.increment,
        seq.min,
        seq.max,
        if seq.cycle { "CYCLE" } else { "NO CYCLE" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::View;

    fn index(name: &str, columns: &[&str]) -> Index {
        Index {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            unique: false,
            predicate: None,
            method: None,
            attrs: Default::default(),
        }
    }

    fn view(name: &str, definition: &str) -> View {
        View {
            name: name.into(),
            columns: Vec::new(),
            definition: definition.into(),
            reads: None,
            ..View::default()
        }
    }

    fn sequence(increment: i64) -> Sequence {
        Sequence {
            name: "s".into(),
            data_type: "bigint".into(),
            start: 1,
            increment,
            min: 1,
            max: 100,
            cycle: false,
        }
    }

    #[test]
    fn a_replaced_object_shows_both_definitions() {
        let changes = [
            Change::DropView {
                view: view("v", "SELECT a FROM t"),
            },
            Change::DropIndex {
                table: "t".into(),
                index: index("t_a", &["a"]),
            },
            Change::CreateIndex {
                table: "t".into(),
                index: Index {
                    unique: true,
                    predicate: Some("a > 0".into()),
                    ..index("t_a", &["a DESC"])
                },
            },
            // Another table's index of the same name is another index.
            Change::CreateIndex {
                table: "u".into(),
                index: index("t_a", &["a"]),
            },
            Change::CreateView {
                view: view("v", "SELECT a FROM t"),
            },
            Change::AlterSequence {
                from: sequence(1),
                to: sequence(10),
            },
        ];
        assert_eq!(
            describe_with_definitions(&changes),
            [
                "view v: dropped and created again unchanged, around a change to what it depends on",
                "index t_a on t: before `CREATE INDEX t_a ON t (a)`, after `CREATE UNIQUE INDEX t_a ON t (a DESC) WHERE a > 0`",
                "add index t_a on u",
                "sequence s: before `AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 100 NO CYCLE`, after `AS bigint START 1 INCREMENT 10 MINVALUE 1 MAXVALUE 100 NO CYCLE`",
            ]
        );
    }
}

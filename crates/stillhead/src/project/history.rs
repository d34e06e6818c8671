//! Read-only views of the revision graph: history (with ranges and tag
//! filters), a single revision, and branch points.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Project;
use crate::error::{Error, Result};
use crate::runtime::Migration;
use crate::script::Dialect;

/// One revision as `history`, `heads` and `show` describe it, borrowed from
/// the loaded migrations (a history of 10,000 revisions copied every field of
/// each, a sixth of the command's time).
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry<'a> {
    /// Revision id.
    pub revision: &'a str,
    /// Parents.
    pub revises: &'a [String],
    /// Ordering dependencies.
    pub depends_on: &'a [String],
    /// Message.
    pub message: &'a str,
    /// Tags.
    pub tags: &'a [String],
    /// Branch labels declared on it.
    pub branch_labels: &'a [String],
    /// Nobody revises it.
    pub is_head: bool,
    /// It revises nothing.
    pub is_base: bool,
    /// It has more than one parent.
    pub is_merge: bool,
    /// More than one revision revises it.
    pub is_branch_point: bool,
    /// Whether the database has it applied; `None` when no database was consulted.
    pub applied: Option<bool>,
    /// Its file.
    pub file: &'a str,
    /// The `created` header.
    pub created: Option<&'a str>,
    /// SHA-256 of its upgrade part.
    pub checksum: &'a str,
    /// It has a downgrade part.
    pub reversible: bool,
    /// It runs inside a transaction.
    pub transaction: bool,
}

/// `show REV`: one revision with its children and SQL.
#[derive(Debug, Clone, Serialize)]
pub struct Shown<'a> {
    /// The revision.
    #[serde(flatten)]
    pub entry: HistoryEntry<'a>,
    /// Revisions that revise it.
    pub children: Vec<String>,
    /// The upgrade SQL for the dialect (the generic part if no dialect is known).
    pub upgrade: String,
    /// The downgrade SQL, `None` if irreversible.
    pub downgrade: Option<String>,
}

/// A revision with more than one child: where branches start.
#[derive(Debug, Clone, Serialize)]
pub struct BranchPoint {
    /// The revision.
    pub revision: String,
    /// Its message.
    pub message: String,
    /// The revisions that revise it.
    pub children: Vec<String>,
}

impl Project {
    /// One entry, with `applied` from the given set when there is one.
    pub fn entry<'a>(
        &'a self,
        m: &'a Migration,
        applied: Option<&BTreeSet<String>>,
    ) -> HistoryEntry<'a> {
        let g = self.set.graph();
        let s = &m.script;
        HistoryEntry {
            revision: &s.id,
            revises: &s.revises,
            depends_on: &s.depends_on,
            message: &s.message,
            tags: &s.tags,
            branch_labels: &s.branch_labels,
            is_head: g.children(&s.id).is_empty(),
            is_base: s.revises.is_empty(),
            is_merge: g.is_merge(&s.id),
            is_branch_point: g.is_branch_point(&s.id),
            applied: applied.map(|a| a.contains(&s.id)),
            file: &s.origin,
            created: s.created.as_deref(),
            checksum: &s.checksum,
            reversible: s.is_reversible(),
            transaction: s.transaction,
        }
    }

    /// The history, newest first. `range` is `LOWER:UPPER` (either side may be
    /// empty; each is `base`, `head(s)`, `current` or a revision): the
    /// revisions that are descendants of LOWER and ancestors of UPPER, both
    /// included. `tag` keeps only revisions with that tag.
    pub fn history(
        &self,
        range: Option<&str>,
        tag: Option<&str>,
        applied: Option<&BTreeSet<String>>,
    ) -> Result<Vec<HistoryEntry<'_>>> {
        let g = self.set.graph();
        let mut keep: Option<BTreeSet<String>> = None;
        if let Some(range) = range {
            let (lower, upper) = range.split_once(':').ok_or_else(|| {
                Error::Invalid(format!(
                    "history range \"{range}\" must look like LOWER:UPPER, e.g. 003_member_fields:head, base:current or 002:"
                ))
            })?;
            if let Some(ups) = self.range_end(upper, applied)? {
                let mut set = BTreeSet::new();
                for id in ups {
                    set.extend(g.ancestors(&id));
                    set.insert(id);
                }
                keep = Some(set);
            }
            if let Some(lows) = self.range_end(lower, applied)? {
                let mut set = BTreeSet::new();
                for id in lows {
                    set.extend(g.descendants(&id));
                    set.insert(id);
                }
                keep = Some(match keep {
                    Some(k) => k.intersection(&set).cloned().collect(),
                    None => set,
                });
            }
        }
        let order = g.topo_order();
        Ok(order
            .iter()
            .rev()
            .filter(|id| keep.as_ref().is_none_or(|k| k.contains(**id)))
            .filter_map(|id| self.set.get(id))
            .filter(|m| tag.is_none_or(|t| m.script.tags.iter().any(|x| x == t)))
            .map(|m| self.entry(m, applied))
            .collect())
    }

    /// Resolves one side of a range; `None` means unbounded.
    fn range_end(
        &self,
        spec: &str,
        applied: Option<&BTreeSet<String>>,
    ) -> Result<Option<Vec<String>>> {
        let g = self.set.graph();
        Ok(match spec.trim() {
            "" | "base" => None,
            "head" | "heads" => Some(g.heads().into_iter().map(String::from).collect()),
            "current" => {
                let applied = applied.ok_or_else(|| {
                    Error::Invalid(
                        "the range uses `current`, which needs a database; configure a URL".into(),
                    )
                })?;
                Some(g.current_heads(applied))
            }
            rev => Some(vec![g.resolve_id(rev)?.to_string()]),
        })
    }

    /// The current heads of the graph, newest first.
    pub fn heads(&self, applied: Option<&BTreeSet<String>>) -> Vec<HistoryEntry<'_>> {
        self.set
            .graph()
            .heads()
            .into_iter()
            .filter_map(|id| self.set.get(id))
            .map(|m| self.entry(m, applied))
            .collect()
    }

    /// Every branch point, newest first.
    pub fn branches(&self) -> Vec<BranchPoint> {
        let g = self.set.graph();
        g.topo_order()
            .into_iter()
            .rev()
            .filter(|id| g.is_branch_point(id))
            .filter_map(|id| self.set.get(id))
            .map(|m| BranchPoint {
                revision: m.script.id.clone(),
                message: m.script.message.clone(),
                children: g
                    .children(&m.script.id)
                    .into_iter()
                    .map(String::from)
                    .collect(),
            })
            .collect()
    }

    /// One revision (by id or unique prefix, or `head`), with its SQL for a dialect.
    pub fn show(
        &self,
        spec: &str,
        dialect: Option<Dialect>,
        applied: Option<&BTreeSet<String>>,
    ) -> Result<Shown<'_>> {
        let g = self.set.graph();
        let id = if spec == "head" {
            let heads = g.heads();
            match heads.as_slice() {
                [one] => one.to_string(),
                _ => g.resolve_id(spec)?.to_string(),
            }
        } else {
            g.resolve_id(spec)?.to_string()
        };
        let m = self.set.get(&id).expect("resolved ids come from the set");
        let d = dialect.unwrap_or_default();
        let text = |sections: Option<&crate::script::Section>| {
            sections
                .map(|s| s.text.trim().to_string())
                .unwrap_or_default()
        };
        Ok(Shown {
            entry: self.entry(m, applied),
            children: g.children(&id).into_iter().map(String::from).collect(),
            upgrade: text(m.script.upgrade_for(d)),
            downgrade: m
                .script
                .is_reversible()
                .then(|| text(m.script.downgrade_for(d))),
        })
    }
}

//! Upgrade and downgrade plans over an applied set.
//!
//! Upgrading to X applies every not-yet-applied ancestor of X, then X, in
//! topological order. Downgrading to X reverts every applied descendant of X
//! (X stays), children first — so with applied {a, b1, b2, m} where m merges
//! b1 and b2, `downgrade b1` reverts only m, as in Alembic. `-N` and `REV-N`
//! name the revision N steps down (through single parents) and downgrade to
//! it. Plans keep the applied set closed under ancestry.
//!
//! `scripts/crosscheck-alembic` runs random graphs and targets through both
//! tools and compares the results.

use std::collections::BTreeSet;

use super::target::Spec;
use super::{RevisionMap, TargetError};

impl RevisionMap {
    fn check_applied(&self, applied: &BTreeSet<String>) -> Result<(), TargetError> {
        let unknown: Vec<String> = applied
            .iter()
            .filter(|id| self.idx(id).is_none())
            .cloned()
            .collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(TargetError::UnknownApplied { ids: unknown })
        }
    }

    fn current_idx(&self, applied: &BTreeSet<String>) -> Vec<usize> {
        self.current_heads(applied)
            .iter()
            .filter_map(|id| self.idx(id))
            .collect()
    }

    /// The single current head for a relative step, or the error naming them all.
    fn single_current(
        &self,
        applied: &BTreeSet<String>,
        spec: &str,
    ) -> Result<Option<usize>, TargetError> {
        let current = self.current_idx(applied);
        match current.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => Err(TargetError::SeveralCurrentHeads {
                spec: spec.to_string(),
                heads: many.iter().map(|&i| self.id(i).to_string()).collect(),
            }),
        }
    }

    /// Revisions to apply, in order, to reach `target` from `applied`.
    pub fn upgrade_plan(
        &self,
        applied: &BTreeSet<String>,
        target: &str,
    ) -> Result<Vec<String>, TargetError> {
        self.check_applied(applied)?;
        let targets: Vec<usize> = match self.parse_spec(target)? {
            Spec::Head => {
                let heads = self.heads();
                match heads.as_slice() {
                    [] => Vec::new(),
                    [one] => vec![self.idx(one).expect("heads are in the map")],
                    many => {
                        return Err(TargetError::MultipleHeads {
                            heads: many.iter().map(|s| s.to_string()).collect(),
                        })
                    }
                }
            }
            Spec::Heads => self.heads().iter().filter_map(|h| self.idx(h)).collect(),
            Spec::Base => Vec::new(),
            Spec::Rev(i) => vec![i],
            Spec::Up(from, n) => {
                let from = match from {
                    Some(i) => Some(i),
                    None => self.single_current(applied, target)?,
                };
                self.walk_up(from, n, target)?.into_iter().collect()
            }
            Spec::Down(..) | Spec::BranchDown(..) => {
                return Err(TargetError::WrongDirection {
                    spec: target.to_string(),
                    wrong: "backwards",
                    command: "downgrade",
                })
            }
        };
        Ok(self.to_apply(applied, &targets))
    }

    /// The targets and their ancestors that are not applied, parents first.
    fn to_apply(&self, applied: &BTreeSet<String>, targets: &[usize]) -> Vec<String> {
        let mut needed: Vec<usize> = self
            .walk(targets, true)
            .into_iter()
            .filter(|&i| !applied.contains(self.id(i)))
            .collect();
        needed.sort_by_key(|&i| self.rank[i]);
        needed.into_iter().map(|i| self.id(i).to_string()).collect()
    }

    /// The roots and their descendants that are applied, children first.
    fn to_revert(&self, applied: &BTreeSet<String>, roots: &[usize]) -> Vec<String> {
        let mut revert: Vec<usize> = self
            .walk(roots, false)
            .into_iter()
            .filter(|&i| applied.contains(self.id(i)))
            .collect();
        revert.sort_by_key(|&i| std::cmp::Reverse(self.rank[i]));
        revert.into_iter().map(|i| self.id(i).to_string()).collect()
    }

    /// Revisions to revert, in order (children first), to reach `target` from `applied`.
    pub fn downgrade_plan(
        &self,
        applied: &BTreeSet<String>,
        target: &str,
    ) -> Result<Vec<String>, TargetError> {
        self.check_applied(applied)?;
        // The revisions that go with their applied descendants. Downgrading
        // to X starts from X's children (through `revises`): X stays, so what
        // merely depends on X stays too.
        let all = || {
            applied
                .iter()
                .filter_map(|id| self.idx(id))
                .collect::<Vec<_>>()
        };
        let roots: Vec<usize> = match self.parse_spec(target)? {
            Spec::Base => all(),
            Spec::Rev(i) => self.children_of_applied(applied, i)?,
            Spec::Down(from, n) => {
                // As in Alembic, `REV-N` / `-N` name a destination: the
                // revision N steps below; the downgrade then goes to it.
                let from = match from {
                    Some(i) => i,
                    None => self.single_current(applied, target)?.ok_or_else(|| {
                        TargetError::RelativeOutOfRange {
                            spec: target.to_string(),
                            steps: 0,
                            up: false,
                        }
                    })?,
                };
                // One step down from a merge has two destinations; reverting
                // just the merge is the one answer that is both (its parents
                // stay applied). Alembic calls it an ambiguous walk; more
                // steps through a merge stay refused here too.
                if n == 1 && self.parents[from].len() > 1 {
                    vec![from]
                } else {
                    match self.walk_down(from, n, target)? {
                        None => all(),
                        Some(dest) => self.children_of_applied(applied, dest)?,
                    }
                }
            }
            Spec::BranchDown(x, n) => self.branch_walk(applied, x, n, target)?,
            Spec::Head | Spec::Heads | Spec::Up(..) => {
                return Err(TargetError::WrongDirection {
                    spec: target.to_string(),
                    wrong: "forwards",
                    command: "upgrade",
                })
            }
        };
        Ok(self.to_revert(applied, &roots))
    }

    /// For downgrading to X: X's children, X being applied.
    fn children_of_applied(
        &self,
        applied: &BTreeSet<String>,
        x: usize,
    ) -> Result<Vec<usize>, TargetError> {
        if !applied.contains(self.id(x)) {
            return Err(TargetError::NotApplied {
                id: self.id(x).to_string(),
                current: self.describe(applied),
            });
        }
        Ok(self.children[x].clone())
    }

    /// For `-N`: the revision N steps below `from` along single parents, or
    /// `None` for base (the last step went below a root). A merge on the
    /// way is ambiguous, as in Alembic.
    fn walk_down(&self, from: usize, n: usize, spec: &str) -> Result<Option<usize>, TargetError> {
        let mut cur = Some(from);
        for step in 0..n {
            let Some(i) = cur else {
                return Err(TargetError::RelativeOutOfRange {
                    spec: spec.to_string(),
                    steps: step,
                    up: false,
                });
            };
            cur = self.step_down(i, spec)?;
        }
        Ok(cur)
    }

    /// For `X@-N`: the N revisions from the current head of X's branch down,
    /// which are reverted with their applied descendants. Only that branch
    /// moves; siblings that share an ancestor stay.
    fn branch_walk(
        &self,
        applied: &BTreeSet<String>,
        x: usize,
        n: usize,
        spec: &str,
    ) -> Result<Vec<usize>, TargetError> {
        let current = self.current_idx(applied);
        let below: Vec<usize> = if applied.contains(self.id(x)) {
            let mine = self.walk(&[x], false);
            current
                .iter()
                .copied()
                .filter(|h| mine.contains(h))
                .collect()
        } else {
            Vec::new()
        };
        let mut cur = match below.as_slice() {
            [one] => *one,
            [] => {
                return Err(TargetError::NotApplied {
                    id: self.id(x).to_string(),
                    current: self.describe(applied),
                })
            }
            many => return Err(self.fork(spec, self.id(x).to_string(), many)),
        };
        let mut out = Vec::with_capacity(n);
        for step in 0..n {
            out.push(cur);
            if step + 1 == n {
                break;
            }
            cur = self
                .step_down(cur, spec)?
                .ok_or_else(|| TargetError::RelativeOutOfRange {
                    spec: spec.to_string(),
                    steps: step + 1,
                    up: false,
                })?;
        }
        Ok(out)
    }

    /// The current heads in words, for messages.
    fn describe(&self, applied: &BTreeSet<String>) -> String {
        let heads = self.current_heads(applied);
        if heads.is_empty() {
            "base".into()
        } else {
            heads.join(", ")
        }
    }
}

impl RevisionMap {
    /// `ids` and their ancestors that are not applied yet, in topological
    /// order (adopting another tool's history records them in this order).
    pub fn upgrade_plan_for(
        &self,
        applied: &BTreeSet<String>,
        ids: &[String],
    ) -> Result<Vec<String>, TargetError> {
        self.check_applied(applied)?;
        let targets: Vec<usize> = ids.iter().filter_map(|id| self.idx(id)).collect();
        Ok(self.to_apply(applied, &targets))
    }

    /// What is left of an upgrade plan fixed under the lock, on the state
    /// read now: the planned revisions not applied yet, in the plan's order.
    ///
    /// Between a run's transactions another run may move the state (the
    /// PostgreSQL lock is per transaction; README "Guarantees"). What it
    /// applied is dropped from the plan. What it reverted is never applied
    /// again on this run's account: if a revision left needs one that is
    /// neither applied nor earlier in the plan, the plan no longer follows
    /// from the state, and re-planning would apply what the target did not
    /// name when it was resolved.
    pub fn rest_of_upgrade(
        &self,
        applied: &BTreeSet<String>,
        plan: &[String],
    ) -> Result<Vec<String>, Overtaken> {
        self.rest_of(applied, plan, true)
    }

    /// What is left of a downgrade plan fixed under the lock, on the state
    /// read now: the planned revisions still applied, in the plan's order.
    ///
    /// What another run reverted meanwhile is dropped. If one left has an
    /// applied child or dependent that the plan does not revert before it,
    /// another run applied that since: reverting it would take the
    /// newcomer along, which the target did not name.
    pub fn rest_of_downgrade(
        &self,
        applied: &BTreeSet<String>,
        plan: &[String],
    ) -> Result<Vec<String>, Overtaken> {
        self.rest_of(applied, plan, false)
    }

    /// Both directions at once: upgrading, what is left is what is not
    /// applied, and each needs its parents and dependencies applied (or
    /// earlier in the plan); downgrading, what is left is what is applied,
    /// and each needs its children and dependents reverted (or earlier).
    fn rest_of(
        &self,
        applied: &BTreeSet<String>,
        plan: &[String],
        upgrade: bool,
    ) -> Result<Vec<String>, Overtaken> {
        let rest: Vec<String> = plan
            .iter()
            .filter(|id| applied.contains(*id) != upgrade)
            .cloned()
            .collect();
        let mut earlier = BTreeSet::new();
        for id in &rest {
            let Some(i) = self.idx(id) else { continue };
            let neighbours = if upgrade {
                self.parents[i].iter().chain(&self.deps[i])
            } else {
                self.children[i].iter().chain(&self.dependents[i])
            };
            for &n in neighbours {
                let other = self.id(n);
                if applied.contains(other) != upgrade && !earlier.contains(other) {
                    return Err(Overtaken {
                        revision: id.clone(),
                        other: other.to_string(),
                    });
                }
            }
            earlier.insert(id.as_str());
        }
        Ok(rest)
    }
}

/// A plan fixed under the lock that the state no longer allows: another run
/// changed `other` between this run's transactions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overtaken {
    /// The planned revision that can no longer run.
    pub revision: String,
    /// Upgrading: a revision it needs, applied when the plan was made and
    /// reverted since. Downgrading: a revision built on it that another
    /// run applied since.
    pub other: String,
}

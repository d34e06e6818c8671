//! Upgrade and downgrade plans over an applied set.
//!
//! Upgrading to X applies every not-yet-applied ancestor of X, then X, in
//! topological order. Downgrading to X reverts every applied descendant of X
//! (X stays), children first — so with applied {a, b1, b2, m} where m merges
//! b1 and b2, `downgrade b1` reverts only m, as in Alembic. Plans keep the
//! applied set closed under ancestry.

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
            Spec::Down(..) => {
                return Err(TargetError::WrongDirection {
                    spec: target.to_string(),
                    wrong: "backwards",
                    command: "downgrade",
                })
            }
        };
        let mut needed: Vec<usize> = self
            .walk(&targets, true)
            .into_iter()
            .filter(|&i| !applied.contains(self.id(i)))
            .collect();
        needed.sort_by_key(|&i| self.rank[i]);
        Ok(needed.into_iter().map(|i| self.id(i).to_string()).collect())
    }

    /// Revisions to revert, in order (children first), to reach `target` from `applied`.
    pub fn downgrade_plan(
        &self,
        applied: &BTreeSet<String>,
        target: &str,
    ) -> Result<Vec<String>, TargetError> {
        self.check_applied(applied)?;
        // The revisions whose applied descendants (and themselves, if `inclusive`) go.
        let (roots, inclusive): (Vec<usize>, bool) = match self.parse_spec(target)? {
            Spec::Base => (applied.iter().filter_map(|id| self.idx(id)).collect(), true),
            Spec::Rev(i) => {
                if !applied.contains(self.id(i)) {
                    return Err(TargetError::NotApplied {
                        id: self.id(i).to_string(),
                        current: self.describe(applied),
                    });
                }
                (vec![i], false)
            }
            Spec::Down(from, n) => {
                let from = match from {
                    Some(i) => {
                        if !applied.contains(self.id(i)) {
                            return Err(TargetError::NotApplied {
                                id: self.id(i).to_string(),
                                current: self.describe(applied),
                            });
                        }
                        Some(i)
                    }
                    None => self.single_current(applied, target)?,
                };
                match self.walk_down(from, n, target)? {
                    Some(i) => (vec![i], true),
                    None => (Vec::new(), true),
                }
            }
            Spec::Head | Spec::Heads | Spec::Up(..) => {
                return Err(TargetError::WrongDirection {
                    spec: target.to_string(),
                    wrong: "forwards",
                    command: "upgrade",
                })
            }
        };
        let mut revert: Vec<usize> = self
            .walk(&roots, false)
            .into_iter()
            .filter(|&i| inclusive || !roots.contains(&i))
            .filter(|&i| applied.contains(self.id(i)))
            .collect();
        revert.sort_by_key(|&i| std::cmp::Reverse(self.rank[i]));
        Ok(revert.into_iter().map(|i| self.id(i).to_string()).collect())
    }

    /// For `-N`: the revision that is reverted last (it and its applied
    /// descendants go). Each step but the last needs a single parent.
    fn walk_down(
        &self,
        from: Option<usize>,
        n: usize,
        spec: &str,
    ) -> Result<Option<usize>, TargetError> {
        if n == 0 {
            return Ok(None);
        }
        let Some(mut cur) = from else {
            return Err(TargetError::RelativeOutOfRange {
                spec: spec.to_string(),
                steps: 0,
                up: false,
            });
        };
        for step in 1..n {
            cur = match self.parents[cur].as_slice() {
                [one] => *one,
                [] => {
                    return Err(TargetError::RelativeOutOfRange {
                        spec: spec.to_string(),
                        steps: step,
                        up: false,
                    })
                }
                many => {
                    let mut choices: Vec<String> =
                        many.iter().map(|&j| self.id(j).to_string()).collect();
                    choices.sort();
                    return Err(TargetError::AmbiguousWalk {
                        spec: spec.to_string(),
                        from: self.id(cur).to_string(),
                        choices,
                    });
                }
            };
        }
        Ok(Some(cur))
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
    /// Re-plans an upgrade whose revisions were fixed earlier: `ids` and
    /// their ancestors that are not applied yet, in topological order.
    ///
    /// A run resolves its target once (so `+1` means one step from where the
    /// run started) and re-plans with this under the lock, when another
    /// process may have applied part of the work.
    pub fn upgrade_plan_for(
        &self,
        applied: &BTreeSet<String>,
        ids: &[String],
    ) -> Result<Vec<String>, TargetError> {
        self.check_applied(applied)?;
        let targets: Vec<usize> = ids.iter().filter_map(|id| self.idx(id)).collect();
        let mut needed: Vec<usize> = self
            .walk(&targets, true)
            .into_iter()
            .filter(|&i| !applied.contains(self.id(i)))
            .collect();
        needed.sort_by_key(|&i| self.rank[i]);
        Ok(needed.into_iter().map(|i| self.id(i).to_string()).collect())
    }

    /// Re-plans a downgrade fixed earlier: `ids` and their descendants that
    /// are still applied, children first.
    pub fn downgrade_plan_for(
        &self,
        applied: &BTreeSet<String>,
        ids: &[String],
    ) -> Result<Vec<String>, TargetError> {
        self.check_applied(applied)?;
        let roots: Vec<usize> = ids.iter().filter_map(|id| self.idx(id)).collect();
        let mut revert: Vec<usize> = self
            .walk(&roots, false)
            .into_iter()
            .filter(|&i| applied.contains(self.id(i)))
            .collect();
        revert.sort_by_key(|&i| std::cmp::Reverse(self.rank[i]));
        Ok(revert.into_iter().map(|i| self.id(i).to_string()).collect())
    }
}

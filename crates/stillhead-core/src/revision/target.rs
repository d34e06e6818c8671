//! Target resolution: ids, unique prefixes, branch labels, and the symbolic
//! and relative forms (`head`, `heads`, `base`, `+N`, `-N`, `REV+N`,
//! `REV-N`, `LABEL@head`).

use super::{RevisionMap, TargetError};

/// A parsed target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spec {
    /// The single head.
    Head,
    /// Every head.
    Heads,
    /// Nothing applied.
    Base,
    /// One revision.
    Rev(usize),
    /// N steps up, from a revision or (None) from the current heads.
    Up(Option<usize>, usize),
    /// N steps down, from a revision or (None) from the current heads.
    Down(Option<usize>, usize),
    /// `X@-N`: revert N revisions of X's branch, from its current head down.
    BranchDown(usize, usize),
}

impl RevisionMap {
    /// Resolves a full id, a branch label, or a unique id prefix.
    pub fn resolve_id(&self, spec: &str) -> Result<&str, TargetError> {
        self.resolve_idx(spec).map(|i| self.id(i))
    }

    pub(crate) fn resolve_idx(&self, spec: &str) -> Result<usize, TargetError> {
        if let Some(i) = self.idx(spec) {
            return Ok(i);
        }
        if let Some(&i) = self.labels.get(spec) {
            return Ok(i);
        }
        let mut matches: Vec<usize> = if spec.is_empty() {
            Vec::new()
        } else {
            (0..self.len())
                .filter(|&i| self.id(i).starts_with(spec))
                .collect()
        };
        match matches.len() {
            1 => Ok(matches[0]),
            0 => Err(TargetError::Unknown {
                spec: spec.to_string(),
                suggestions: self.suggestions(spec),
            }),
            _ => {
                matches.sort_by_key(|&i| self.id(i));
                Err(TargetError::Ambiguous {
                    spec: spec.to_string(),
                    candidates: matches.iter().map(|&i| self.id(i).to_string()).collect(),
                })
            }
        }
    }

    /// Up to three ids close to `spec` by edit distance.
    fn suggestions(&self, spec: &str) -> Vec<String> {
        let limit = (spec.chars().count() / 3).max(2);
        let mut scored: Vec<(usize, &str)> = (0..self.len())
            .map(|i| self.id(i))
            .map(|id| (edit_distance(spec, id), id))
            .filter(|(d, _)| *d <= limit)
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(3)
            .map(|(_, id)| id.to_string())
            .collect()
    }

    /// Checks what can be known of a target without a database: that it is
    /// well formed, that the revisions it names exist (or the prefix is
    /// unique), and that `head` is a single head. Commands check this
    /// before they connect, so a mistyped target does not create a SQLite
    /// file or the state tables.
    pub fn check_target(&self, spec: &str) -> Result<(), TargetError> {
        match self.parse_spec(spec)? {
            Spec::Head => self.upgrade_plan(&Default::default(), spec).map(drop),
            _ => Ok(()),
        }
    }

    /// Parses a target into its form.
    pub(crate) fn parse_spec(&self, spec: &str) -> Result<Spec, TargetError> {
        let malformed = || TargetError::Malformed {
            spec: spec.to_string(),
        };
        match spec {
            "head" => return Ok(Spec::Head),
            "heads" => return Ok(Spec::Heads),
            "base" => return Ok(Spec::Base),
            _ => {}
        }
        if let Some(i) = self.idx(spec) {
            return Ok(Spec::Rev(i));
        }
        if let Some((left, right)) = spec.split_once('@') {
            let i = self.resolve_idx(left)?;
            return match right {
                "head" => self.head_below(i, spec).map(Spec::Rev),
                _ => match relative(right) {
                    Some((false, n)) => Ok(Spec::BranchDown(i, n)),
                    _ => Err(malformed()),
                },
            };
        }
        if let Some(at) = spec.rfind(['+', '-']) {
            if let Some((up, n)) = relative(&spec[at..]) {
                let from = if at == 0 {
                    None
                } else {
                    Some(self.resolve_idx(&spec[..at])?)
                };
                return Ok(if up {
                    Spec::Up(from, n)
                } else {
                    Spec::Down(from, n)
                });
            }
        }
        self.resolve_idx(spec).map(Spec::Rev)
    }

    /// The single head among a revision and its descendants (`LABEL@head`).
    fn head_below(&self, i: usize, spec: &str) -> Result<usize, TargetError> {
        let mut heads: Vec<usize> = self
            .walk(&[i], false)
            .into_iter()
            .filter(|&j| self.children[j].is_empty())
            .collect();
        heads.sort_by_key(|&j| self.id(j));
        match heads.as_slice() {
            [one] => Ok(*one),
            _ => Err(TargetError::AmbiguousWalk {
                spec: spec.to_string(),
                from: self.id(i).to_string(),
                choices: heads.iter().map(|&j| self.id(j).to_string()).collect(),
            }),
        }
    }

    /// Walks `n` steps up along `revises` children from `from` (None = from
    /// below every base). Errors at forks and past the last revision.
    pub(crate) fn walk_up(
        &self,
        from: Option<usize>,
        n: usize,
        spec: &str,
    ) -> Result<Option<usize>, TargetError> {
        let mut cur = from;
        for step in 0..n {
            let next: Vec<usize> = match cur {
                Some(i) => self.children[i].clone(),
                None => (0..self.len())
                    .filter(|&i| self.parents[i].is_empty())
                    .collect(),
            };
            cur = Some(match next.as_slice() {
                [one] => *one,
                [] => {
                    return Err(TargetError::RelativeOutOfRange {
                        spec: spec.to_string(),
                        steps: step,
                        up: true,
                    })
                }
                many => {
                    let from = cur.map_or("base".into(), |i| self.id(i).to_string());
                    return Err(self.fork(spec, from, many));
                }
            });
        }
        Ok(cur)
    }

    /// The error for a relative walk that forks at `from` into `choices`.
    pub(crate) fn fork(&self, spec: &str, from: String, choices: &[usize]) -> TargetError {
        let mut names: Vec<String> = choices.iter().map(|&j| self.id(j).to_string()).collect();
        names.sort();
        TargetError::AmbiguousWalk {
            spec: spec.to_string(),
            from,
            choices: names,
        }
    }

    /// One step down from `i` through its single parent; `None` below a root.
    /// A merge is a fork.
    pub(crate) fn step_down(&self, i: usize, spec: &str) -> Result<Option<usize>, TargetError> {
        match self.parents[i].as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => Err(self.fork(spec, self.id(i).to_string(), many)),
        }
    }
}

/// `+N` → (true, N), `-N` → (false, N).
fn relative(s: &str) -> Option<(bool, usize)> {
    let (up, digits) = match s.as_bytes().first()? {
        b'+' => (true, &s[1..]),
        b'-' => (false, &s[1..]),
        _ => return None,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(|n| (up, n))
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

//! The revision graph: a DAG of revisions through `revises` (plus
//! `depends-on` ordering edges), its heads and bases, target resolution, and
//! upgrade/downgrade plans with Alembic's semantics.
//!
//! Pure: it gets parsed headers ([`Node`]s) and answers graph questions. No
//! files, no databases. Every walk is iterative, so a 100,000-revision chain
//! cannot overflow the stack.

mod error;
mod plan;
mod target;
#[cfg(test)]
mod tests;

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

pub use error::{GraphError, TargetError};
pub use plan::Overtaken;

/// One revision as the graph sees it: what a migration file's header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The revision id.
    pub id: String,
    /// Parents (header `revises`); empty = a root.
    pub revises: Vec<String>,
    /// Ordering dependencies (header `depends-on`): applied before this one,
    /// but they do not make this a child for head and branch purposes.
    pub depends_on: Vec<String>,
    /// Branch labels declared on this revision (header `branch`).
    pub branch_labels: Vec<String>,
    /// Where it came from (file path or embedded name), for messages.
    pub origin: String,
}

/// The validated graph, with indices for fast walks.
#[derive(Debug, Clone)]
pub struct RevisionMap {
    nodes: Vec<Node>,
    index: HashMap<String, usize>,
    parents: Vec<Vec<usize>>,
    deps: Vec<Vec<usize>>,
    children: Vec<Vec<usize>>,
    dependents: Vec<Vec<usize>>,
    /// Topological order (parents and dependencies first), ties broken by id.
    topo: Vec<usize>,
    /// Position of each node in `topo`.
    rank: Vec<usize>,
    labels: HashMap<String, usize>,
}

impl RevisionMap {
    /// Validates nodes into a graph: duplicate ids, dangling `revises` or
    /// `depends-on`, self-references, duplicate branch labels and cycles are
    /// errors naming the files involved.
    pub fn new(nodes: Vec<Node>) -> Result<RevisionMap, GraphError> {
        let mut index = HashMap::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            if let Some(&first) = index.get(&n.id) {
                let first: &Node = &nodes[first];
                return Err(GraphError::DuplicateId {
                    id: n.id.clone(),
                    first: first.origin.clone(),
                    second: n.origin.clone(),
                });
            }
            index.insert(n.id.clone(), i);
        }
        let resolve =
            |n: &Node, list: &[String], key: &'static str| -> Result<Vec<usize>, GraphError> {
                let mut out = Vec::with_capacity(list.len());
                for p in list {
                    if *p == n.id {
                        return Err(GraphError::SelfReference {
                            id: n.id.clone(),
                            origin: n.origin.clone(),
                            key,
                        });
                    }
                    let &j = index.get(p).ok_or_else(|| GraphError::Dangling {
                        id: n.id.clone(),
                        origin: n.origin.clone(),
                        missing: p.clone(),
                        key,
                    })?;
                    if !out.contains(&j) {
                        out.push(j);
                    }
                }
                Ok(out)
            };
        let mut parents = Vec::with_capacity(nodes.len());
        let mut deps = Vec::with_capacity(nodes.len());
        for n in &nodes {
            parents.push(resolve(n, &n.revises, "revises")?);
            deps.push(resolve(n, &n.depends_on, "depends-on")?);
        }
        let mut children = vec![Vec::new(); nodes.len()];
        let mut dependents = vec![Vec::new(); nodes.len()];
        for i in 0..nodes.len() {
            for &p in &parents[i] {
                children[p].push(i);
            }
            for &d in &deps[i] {
                dependents[d].push(i);
            }
        }
        let mut labels = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            for label in &n.branch_labels {
                if let Some(&j) = labels.get(label) {
                    let other: &Node = &nodes[j];
                    return Err(GraphError::DuplicateLabel {
                        label: label.clone(),
                        first: format!("{} ({})", other.id, other.origin),
                        second: format!("{} ({})", n.id, n.origin),
                    });
                }
                labels.insert(label.clone(), i);
            }
        }
        let mut map = RevisionMap {
            nodes,
            index,
            parents,
            deps,
            children,
            dependents,
            topo: Vec::new(),
            rank: Vec::new(),
            labels,
        };
        for list in map.children.iter_mut().chain(map.dependents.iter_mut()) {
            list.sort_by(|&a, &b| map.nodes[a].id.cmp(&map.nodes[b].id));
        }
        map.topo = map.topological()?;
        map.rank = vec![0; map.nodes.len()];
        for (pos, &i) in map.topo.iter().enumerate() {
            map.rank[i] = pos;
        }
        Ok(map)
    }

    /// Kahn's algorithm over revises + depends-on; ties broken by id so the
    /// order is the same on every machine.
    fn topological(&self) -> Result<Vec<usize>, GraphError> {
        let n = self.nodes.len();
        let mut by_id: Vec<usize> = (0..n).collect();
        by_id.sort_by(|&a, &b| self.nodes[a].id.cmp(&self.nodes[b].id));
        let mut id_rank = vec![0; n];
        for (r, &i) in by_id.iter().enumerate() {
            id_rank[i] = r;
        }
        let mut indegree: Vec<usize> = (0..n)
            .map(|i| self.parents[i].len() + self.deps[i].len())
            .collect();
        let mut ready: BinaryHeap<Reverse<(usize, usize)>> = (0..n)
            .filter(|&i| indegree[i] == 0)
            .map(|i| Reverse((id_rank[i], i)))
            .collect();
        let mut order = Vec::with_capacity(n);
        while let Some(Reverse((_, i))) = ready.pop() {
            order.push(i);
            for &c in self.children[i].iter().chain(&self.dependents[i]) {
                indegree[c] -= 1;
                if indegree[c] == 0 {
                    ready.push(Reverse((id_rank[c], c)));
                }
            }
        }
        if order.len() == n {
            return Ok(order);
        }
        Err(self.cycle_error(&indegree))
    }

    /// Finds one cycle among the nodes Kahn's algorithm could not order.
    fn cycle_error(&self, indegree: &[usize]) -> GraphError {
        let stuck = |i: usize| indegree[i] > 0;
        let start = (0..self.nodes.len())
            .find(|&i| stuck(i))
            .expect("a stuck node exists");
        // Every stuck node has a stuck predecessor; walking predecessors must repeat.
        let mut seen = HashMap::new();
        let mut path = Vec::new();
        let mut cur = start;
        while !seen.contains_key(&cur) {
            seen.insert(cur, path.len());
            path.push(cur);
            cur = *self.parents[cur]
                .iter()
                .chain(&self.deps[cur])
                .find(|&&p| stuck(p))
                .expect("a stuck node has a stuck predecessor");
        }
        let mut cycle: Vec<usize> = path[seen[&cur]..].to_vec();
        cycle.reverse();
        GraphError::Cycle {
            revisions: cycle
                .iter()
                .map(|&i| format!("{} ({})", self.nodes[i].id, self.nodes[i].origin))
                .collect(),
        }
    }

    pub(crate) fn idx(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub(crate) fn id(&self, i: usize) -> &str {
        &self.nodes[i].id
    }

    /// A revision by exact id.
    pub fn get(&self, id: &str) -> Option<&Node> {
        self.idx(id).map(|i| &self.nodes[i])
    }

    /// How many revisions there are.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Revisions nobody revises (`depends-on` does not count, as in Alembic), by id.
    pub fn heads(&self) -> Vec<&str> {
        let mut heads: Vec<&str> = (0..self.len())
            .filter(|&i| self.children[i].is_empty())
            .map(|i| self.id(i))
            .collect();
        heads.sort_unstable();
        heads
    }

    /// Revisions that revise nothing, by id.
    pub fn bases(&self) -> Vec<&str> {
        let mut bases: Vec<&str> = (0..self.len())
            .filter(|&i| self.parents[i].is_empty())
            .map(|i| self.id(i))
            .collect();
        bases.sort_unstable();
        bases
    }

    /// The revisions that revise `id`, by id.
    pub fn children(&self, id: &str) -> Vec<&str> {
        self.idx(id)
            .map(|i| self.children[i].iter().map(|&c| self.id(c)).collect())
            .unwrap_or_default()
    }

    /// More than one parent.
    pub fn is_merge(&self, id: &str) -> bool {
        self.idx(id).is_some_and(|i| self.parents[i].len() > 1)
    }

    /// More than one child.
    pub fn is_branch_point(&self, id: &str) -> bool {
        self.idx(id).is_some_and(|i| self.children[i].len() > 1)
    }

    /// Every revision, each after its parents and dependencies.
    pub fn topo_order(&self) -> Vec<&str> {
        self.topo.iter().map(|&i| self.id(i)).collect()
    }

    /// Strict ancestors over revises + depends-on (the revision itself excluded).
    pub fn ancestors(&self, id: &str) -> BTreeSet<String> {
        self.idx(id)
            .map(|i| {
                self.walk(&[i], true)
                    .into_iter()
                    .filter(|&j| j != i)
                    .map(|j| self.id(j).to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Strict descendants over revises + depends-on (the revision itself excluded).
    pub fn descendants(&self, id: &str) -> BTreeSet<String> {
        self.idx(id)
            .map(|i| {
                self.walk(&[i], false)
                    .into_iter()
                    .filter(|&j| j != i)
                    .map(|j| self.id(j).to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Everything reachable from `start` (included), towards parents or children.
    pub(crate) fn walk(&self, start: &[usize], up: bool) -> Vec<usize> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<usize> = start.to_vec();
        let mut out = Vec::new();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            out.push(i);
            let next = if up {
                self.parents[i].iter().chain(&self.deps[i])
            } else {
                self.children[i].iter().chain(&self.dependents[i])
            };
            stack.extend(next.copied().filter(|&j| !seen[j]));
        }
        out
    }

    /// The labels that apply to a revision: its own and those of its ancestors
    /// along `revises` (a label names a revision and everything after it).
    pub fn branch_labels_of(&self, id: &str) -> Vec<String> {
        let Some(i) = self.idx(id) else {
            return Vec::new();
        };
        let mut labels: Vec<String> = self
            .labels
            .iter()
            .filter(|(_, &j)| j == i || self.walk(&[i], true).contains(&j))
            .map(|(l, _)| l.clone())
            .collect();
        labels.sort();
        labels
    }

    /// Heads of the applied subgraph: applied revisions that no applied
    /// revision revises or depends on (what Alembic keeps in its version
    /// table), in topological order. Unknown ids are ignored.
    pub fn current_heads(&self, applied: &BTreeSet<String>) -> Vec<String> {
        let mut heads: Vec<usize> = applied
            .iter()
            .filter_map(|id| self.idx(id))
            .filter(|&i| {
                !self.children[i]
                    .iter()
                    .chain(&self.dependents[i])
                    .any(|&c| applied.contains(self.id(c)))
            })
            .collect();
        heads.sort_by_key(|&i| self.rank[i]);
        heads.into_iter().map(|i| self.id(i).to_string()).collect()
    }
}

//! STUB: replaced by the real revision module.
#![allow(missing_docs, unused)]
use std::collections::BTreeSet;
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node { pub id: String, pub revises: Vec<String>, pub depends_on: Vec<String>, pub branch_labels: Vec<String>, pub origin: String }
#[derive(Debug, thiserror::Error)] #[error("stub")] pub struct GraphError;
#[derive(Debug, thiserror::Error)] #[error("stub")] pub struct TargetError;
#[derive(Clone)] pub struct RevisionMap;
impl RevisionMap {
  pub fn new(nodes: Vec<Node>) -> Result<RevisionMap, GraphError> { todo!() }
  pub fn get(&self, id: &str) -> Option<&Node> { todo!() }
  pub fn len(&self) -> usize { todo!() }
  pub fn heads(&self) -> Vec<&str> { todo!() }
  pub fn bases(&self) -> Vec<&str> { todo!() }
  pub fn children(&self, id: &str) -> Vec<&str> { todo!() }
  pub fn is_merge(&self, id: &str) -> bool { todo!() }
  pub fn is_branch_point(&self, id: &str) -> bool { todo!() }
  pub fn topo_order(&self) -> Vec<&str> { todo!() }
  pub fn ancestors(&self, id: &str) -> BTreeSet<String> { todo!() }
  pub fn descendants(&self, id: &str) -> BTreeSet<String> { todo!() }
  pub fn current_heads(&self, applied: &BTreeSet<String>) -> Vec<String> { todo!() }
  pub fn resolve_id(&self, spec: &str) -> Result<&str, TargetError> { todo!() }
  pub fn upgrade_plan(&self, applied: &BTreeSet<String>, target: &str) -> Result<Vec<String>, TargetError> { todo!() }
  pub fn downgrade_plan(&self, applied: &BTreeSet<String>, target: &str) -> Result<Vec<String>, TargetError> { todo!() }
}

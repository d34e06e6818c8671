//! STUB: replaced by the real script module.
#![allow(missing_docs, unused)]
use std::path::{Path, PathBuf};
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect { Sqlite, Postgres, Mysql }
impl std::fmt::Display for Dialect { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(match self { Dialect::Sqlite => "sqlite", Dialect::Postgres => "postgres", Dialect::Mysql => "mysql" }) } }
#[derive(Debug, Clone)] pub struct Statement { pub sql: String, pub line: usize }
#[derive(Debug, Clone)] pub struct Section { pub dialect: Option<Dialect>, pub text: String, pub first_line: usize }
impl Section { pub fn statements(&self) -> Vec<Statement> { todo!() } }
#[derive(Debug, Clone)]
pub struct Script { pub id: String, pub revises: Vec<String>, pub message: String, pub tags: Vec<String>, pub depends_on: Vec<String>, pub branch_labels: Vec<String>, pub created: Option<String>, pub transaction: bool, pub upgrade: Vec<Section>, pub downgrade: Option<Vec<Section>>, pub checksum: String, pub origin: String }
impl Script {
  pub fn parse(source: &str, origin: &str) -> Result<Script, ScriptError> { todo!() }
  pub fn upgrade_for(&self, d: Dialect) -> Option<&Section> { todo!() }
  pub fn downgrade_for(&self, d: Dialect) -> Option<&Section> { todo!() }
  pub fn is_reversible(&self) -> bool { todo!() }
}
#[derive(Debug, thiserror::Error)] #[error("stub")] pub struct ScriptError;
pub fn checksum_of(text: &str) -> String { todo!() }
pub fn load_dir(dir: &Path) -> Result<Vec<Script>, ScriptError> { todo!() }
#[derive(Debug, Clone, Copy)] pub enum IdStyle { Sequential, Hex, Timestamp }
pub struct TemplateContext { pub id: String, pub revises: Vec<String>, pub message: String, pub tags: Vec<String>, pub depends_on: Vec<String>, pub branch_labels: Vec<String>, pub created: String, pub upgrade_sql: Option<String>, pub downgrade_sql: Option<String> }
pub fn render_template(template: Option<&str>, ctx: &TemplateContext) -> Result<String, ScriptError> { todo!() }
pub fn next_id(style: IdStyle, existing: &[&str], message: &str, now: chrono::DateTime<chrono::Utc>) -> String { todo!() }
pub fn write_new(dir: &Path, id: &str, content: &str) -> Result<PathBuf, ScriptError> { todo!() }

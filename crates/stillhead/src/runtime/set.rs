//! The set of migrations a run works with: SQL files from a directory or
//! embedded at compile time, plus migrations written in Rust, validated into
//! one revision graph.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::dialect::{Executor, MAX_REVISION_LEN};
use crate::error::{BoxError, Error, Result};
use crate::revision::{Node, RevisionMap};
use crate::script::{self, Script, Section};

/// A migration file compiled into a program by [`embed_migrations!`](crate::embed_migrations).
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedFile {
    /// The file name inside the migrations folder (used in error messages).
    pub name: &'static str,
    /// The file's text.
    pub source: &'static str,
}

/// The migrations folder of a crate, compiled into its binary.
///
/// Built by `embed_migrations!("migrations")`; parse it with
/// [`EmbeddedMigrations::load`] or pass it to [`crate::upgrade_to_head`].
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedMigrations {
    files: &'static [EmbeddedFile],
}

impl EmbeddedMigrations {
    /// Wraps the files the macro found (sorted by name).
    pub const fn new(files: &'static [EmbeddedFile]) -> EmbeddedMigrations {
        EmbeddedMigrations { files }
    }

    /// The embedded files.
    pub fn files(&self) -> &'static [EmbeddedFile] {
        self.files
    }

    /// Parses every file and builds the revision graph.
    pub fn load(&self) -> Result<MigrationSet> {
        let scripts = self
            .files
            .iter()
            .map(|f| Script::parse(f.source, f.name))
            .collect::<Result<Vec<_>, _>>()?;
        MigrationSet::new(scripts)
    }
}

/// The signature of a Rust migration's upgrade or downgrade.
pub type RustFn = dyn Fn(&mut dyn Executor) -> std::result::Result<(), BoxError> + Send + Sync;

/// A migration written in Rust, for data changes that SQL cannot express.
///
/// It runs inside the same transaction as SQL migrations and is recorded the
/// same way. Its checksum comes from `version`: bump it when the code changes
/// meaning, and `verify` will notice.
#[derive(Clone)]
pub struct RustMigration {
    /// Revision id.
    pub id: String,
    /// Parents.
    pub revises: Vec<String>,
    /// Message.
    pub message: String,
    /// Tags.
    pub tags: Vec<String>,
    /// A string that stands for the code's behaviour; its hash is the checksum.
    pub version: String,
    /// The upgrade.
    pub up: Arc<RustFn>,
    /// The downgrade; `None` = irreversible.
    pub down: Option<Arc<RustFn>>,
}

impl RustMigration {
    /// A reversible-by-default builder: `RustMigration::new("008_backfill", &["007_x"], "Backfill", up)`.
    pub fn new(
        id: &str,
        revises: &[&str],
        message: &str,
        up: impl Fn(&mut dyn Executor) -> std::result::Result<(), BoxError> + Send + Sync + 'static,
    ) -> RustMigration {
        RustMigration {
            id: id.into(),
            revises: revises.iter().map(|s| s.to_string()).collect(),
            message: message.into(),
            tags: Vec::new(),
            version: "1".into(),
            up: Arc::new(up),
            down: None,
        }
    }

    /// Adds a downgrade.
    pub fn down(
        mut self,
        down: impl Fn(&mut dyn Executor) -> std::result::Result<(), BoxError> + Send + Sync + 'static,
    ) -> RustMigration {
        self.down = Some(Arc::new(down));
        self
    }

    /// Sets tags.
    pub fn tags(mut self, tags: &[&str]) -> RustMigration {
        self.tags = tags.iter().map(|s| s.to_string()).collect();
        self
    }

    fn into_migration(self) -> Migration {
        let origin = format!("rust:{}", self.id);
        let marker = |text: &str| Section {
            dialect: None,
            text: text.to_string(),
            first_line: 1,
        };
        let script = Script {
            id: self.id.clone(),
            revises: self.revises,
            message: self.message,
            tags: self.tags,
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
            created: None,
            transaction: true,
            upgrade: vec![marker("-- rust")],
            downgrade: self.down.as_ref().map(|_| vec![marker("-- rust")]),
            checksum: script::checksum_of(&format!("rust:{}:{}", self.id, self.version)),
            origin,
        };
        Migration {
            script,
            code: Some(RustCode {
                up: self.up,
                down: self.down,
            }),
        }
    }
}

#[derive(Clone)]
pub(crate) struct RustCode {
    pub(crate) up: Arc<RustFn>,
    pub(crate) down: Option<Arc<RustFn>>,
}

/// One migration: its parsed script and, for Rust migrations, its code.
#[derive(Clone)]
pub struct Migration {
    /// Header and SQL sections.
    pub script: Script,
    pub(crate) code: Option<RustCode>,
}

impl Migration {
    /// True for migrations written in Rust.
    pub fn is_rust(&self) -> bool {
        self.code.is_some()
    }
}

/// Refuses a revision id longer than stillhead's tables hold: MariaDB cut
/// it off with `Data too long for column 'revision'` midway through a run,
/// naming neither the revision nor its file.
fn fits_the_tables(m: &Migration) -> Result<()> {
    let id = &m.script.id;
    let length = id.chars().count();
    if length <= MAX_REVISION_LEN {
        return Ok(());
    }
    let shown: String = id.chars().take(40).collect();
    Err(Error::RevisionIdTooLong {
        id: format!("{shown}…"),
        file: m.script.origin.clone(),
        length,
        limit: MAX_REVISION_LEN,
    })
}

/// Every migration of a project, with its validated revision graph.
pub struct MigrationSet {
    migrations: Vec<Migration>,
    index: HashMap<String, usize>,
    graph: RevisionMap,
}

impl MigrationSet {
    /// Validates scripts into a graph (duplicate ids, dangling parents and
    /// cycles are errors naming the files).
    pub fn new(scripts: Vec<Script>) -> Result<MigrationSet> {
        Self::from_migrations(
            scripts
                .into_iter()
                .map(|script| Migration { script, code: None })
                .collect(),
        )
    }

    /// Reads every migration file of a folder.
    pub fn from_dir(dir: &Path) -> Result<MigrationSet> {
        let migrations = script::load_dir_as(dir, |script| Migration { script, code: None })?;
        Self::from_migrations(migrations)
    }

    /// Adds Rust migrations and re-validates the graph.
    pub fn with_rust(self, rust: impl IntoIterator<Item = RustMigration>) -> Result<MigrationSet> {
        let mut all = self.migrations;
        all.extend(rust.into_iter().map(RustMigration::into_migration));
        Self::from_migrations(all)
    }

    fn from_migrations(migrations: Vec<Migration>) -> Result<MigrationSet> {
        migrations.iter().try_for_each(fits_the_tables)?;
        let nodes = migrations
            .iter()
            .map(|m| Node {
                id: m.script.id.clone(),
                revises: m.script.revises.clone(),
                depends_on: m.script.depends_on.clone(),
                branch_labels: m.script.branch_labels.clone(),
                origin: m.script.origin.clone(),
            })
            .collect();
        let graph = RevisionMap::new(nodes).map_err(Error::Graph)?;
        let index = migrations
            .iter()
            .enumerate()
            .map(|(i, m)| (m.script.id.clone(), i))
            .collect();
        Ok(MigrationSet {
            migrations,
            index,
            graph,
        })
    }

    /// The revision graph.
    pub fn graph(&self) -> &RevisionMap {
        &self.graph
    }

    /// A migration by exact id.
    pub fn get(&self, id: &str) -> Option<&Migration> {
        self.index.get(id).map(|&i| &self.migrations[i])
    }

    /// Every migration, in the order given (file-name order for folders).
    pub fn iter(&self) -> impl Iterator<Item = &Migration> {
        self.migrations.iter()
    }

    /// How many migrations there are.
    pub fn len(&self) -> usize {
        self.migrations.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.migrations.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(id: &str) -> Script {
        let text = format!("-- revision: {id}\n-- revises:\n\n-- +upgrade\nSELECT 1;\n");
        Script::parse(&text, "migrations/long.sql").unwrap()
    }

    #[test]
    fn an_id_longer_than_the_state_tables_hold_is_refused_at_load_naming_its_file() {
        let fits = "a".repeat(MAX_REVISION_LEN);
        assert!(MigrationSet::new(vec![file(&fits)]).is_ok());
        let long = "a".repeat(MAX_REVISION_LEN + 9);
        match MigrationSet::new(vec![file(&long)]) {
            Err(Error::RevisionIdTooLong {
                file,
                length,
                limit,
                ..
            }) => {
                assert_eq!(
                    (file.as_str(), length, limit),
                    ("migrations/long.sql", 200, 191)
                );
            }
            other => panic!("{:?}", other.err()),
        }
        let rust = RustMigration::new(&long, &[], "long", |_| Ok(()));
        let err = MigrationSet::new(Vec::new())
            .unwrap()
            .with_rust([rust])
            .err()
            .unwrap();
        assert!(err.to_string().contains("200 characters"), "{err}");
    }
}

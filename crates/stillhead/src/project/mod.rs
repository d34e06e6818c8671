//! A project on disk: its configuration plus its migrations folder (Alembic's
//! "script directory"). Answers the questions the CLI asks — history, show,
//! heads, branches — and writes new revision files.
//!
//! Owns nothing about running migrations (that is `runtime`) and no output
//! formatting (that is the CLI).

mod authoring;
mod history;

use std::path::{Path, PathBuf};

pub use authoring::NewRevision;
pub use history::{BranchPoint, HistoryEntry, Shown};

use crate::config::Config;
use crate::dialect::{connect, ConnectOptions, Connected, Connection};
use crate::error::{Error, Result};
use crate::runtime::{MigrationSet, Migrator};

/// Configuration and migrations of one project.
pub struct Project {
    /// The resolved configuration.
    pub config: Config,
    /// Every migration, validated into a graph.
    pub set: MigrationSet,
}

impl Project {
    /// Reads the migrations folder named by the configuration.
    pub fn load(config: Config) -> Result<Project> {
        let dir = &config.migrations_dir;
        if !dir.is_dir() {
            return Err(Error::Invalid(format!(
                "migrations folder {} does not exist; run `stillhead init` to create a project, or set [migrations] dir in stillhead.toml",
                dir.display()
            )));
        }
        let set = MigrationSet::from_dir(dir)?;
        Ok(Project { config, set })
    }

    /// A migrator over this project's migrations and settings.
    pub fn migrator(&self) -> Migrator<'_> {
        Migrator::new(&self.set, &self.config)
    }

    /// Opens the configured database. With `create = false`, a SQLite file
    /// that does not exist yet gives `Ok(None)` instead of being created, so
    /// read-only commands leave no file behind.
    pub fn connect(&self, create: bool) -> Result<Option<Box<dyn Connection>>> {
        let (url, _) = self.config.url.as_ref().ok_or(Error::NoUrl)?;
        let opts = ConnectOptions::for_config(&self.config, create);
        Ok(match connect(url, &opts)? {
            Connected::Open(conn) => Some(conn),
            Connected::Missing => None,
        })
    }

    /// The database URL for messages (password redacted), if one is configured.
    pub fn database_display(&self) -> String {
        self.config
            .url
            .as_ref()
            .map(|(u, _)| u.redacted().to_string())
            .unwrap_or_else(|| "(no database configured)".into())
    }
}

/// The built-in `stillhead.toml` written by `init`.
const INIT_CONFIG: &str = r#"# stillhead configuration. Every key is optional.
# Connection precedence: --url > DATABASE_URL (environment) > DATABASE_URL (./.env) > [database] url.
# ${VAR} and ${VAR:-default} are expanded from the environment.

[database]
url = "sqlite://app.db"

[migrations]
dir = "migrations"
schema = "schema.sql"
version_table = "stillhead_version"
id_style = "sequential"    # sequential | hex | timestamp
transaction = "all"        # all | per-migration | none
lock_timeout = "60s"
"#;

const INIT_SCHEMA: &str = "-- The declared schema: what the database should look like at head.\n-- `stillhead revision --autogenerate` compares it with the database.\n";

/// Scaffolds a project in `dir`: `stillhead.toml`, `migrations/`, `schema.sql`.
/// Existing files are left alone; returns the paths created.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut created = Vec::new();
    let migrations = dir.join("migrations");
    if !migrations.exists() {
        std::fs::create_dir_all(&migrations).map_err(io(&migrations))?;
        created.push(migrations);
    }
    for (name, text) in [("stillhead.toml", INIT_CONFIG), ("schema.sql", INIT_SCHEMA)] {
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(&path, text).map_err(io(&path))?;
            created.push(path);
        }
    }
    Ok(created)
}

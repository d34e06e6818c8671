//! `stillhead baseline`: the first migration of a database that was made by
//! hand, written from its live schema and stamped as applied, so that the
//! history starts where the database stands.

use crate::dialect::DialectBackend;
use std::path::PathBuf;

use super::Project;
use crate::error::{Error, Result};
use crate::import::{write_all, Imported};
use crate::runtime::{MigrationSet, Migrator};
use crate::schema::Schema;
use crate::script;

/// What `baseline` wrote and recorded.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Baseline {
    /// The new migration file.
    pub path: PathBuf,
    /// Its revision id.
    pub id: String,
    /// How many schema objects it creates (tables, views, indexes…).
    pub changes: usize,
    /// What the schema model does not describe (objects, and attributes of
    /// the objects written), left for the user to add to the file's
    /// commented section.
    pub uncovered: Vec<String>,
    /// Whether it has a downgrade (`--reversible`).
    pub reversible: bool,
}

impl Project {
    /// Writes the first migration from the live schema and stamps it. The
    /// migrations folder must hold none yet. Irreversible unless
    /// `reversible`: its downgrade would drop every table.
    pub fn baseline(&self, message: &str, tags: &[String], reversible: bool) -> Result<Baseline> {
        if !self.set.is_empty() {
            return Err(Error::BaselineNotFirst {
                dir: self.config.migrations_dir.display().to_string(),
                count: self.set.len(),
            });
        }
        let (url, _) = self.config.url.as_ref().ok_or(Error::NoUrl)?;
        let Some(mut conn) = self.connect(false)? else {
            return Err(Error::BaselineNoDatabase {
                database: self.database_display(),
            });
        };
        let backend = url.dialect().tooling();
        let tables = crate::dialect::Tables::new(&self.config.version_table);
        let live = self.read_schema(conn.as_mut(), &tables)?;
        let uncovered: Vec<String> = backend
            .not_compared(conn.as_mut(), &tables.own())
            .map_err(|e| e.context("listing what the schema model does not describe"))?
            .iter()
            .map(ToString::to_string)
            .collect();
        let rendered = crate::autogen::generate(&Schema::default(), &live, backend.dialect(), &[])?;
        let mut upgrade = rendered.upgrade.trim_end().to_string();
        if !uncovered.is_empty() {
            upgrade.push_str(
                "\n\n-- TODO: the database holds these, but stillhead's schema model does not describe\n-- them, so they are not written above (for an attribute, its object is written\n-- without it). Add them here (a dump tool shows them: pg_dump --schema-only,\n-- mysqldump --no-data --routines --triggers, sqlite3 .schema):\n",
            );
            for object in &uncovered {
                upgrade.push_str(&format!("--   {object}\n"));
            }
        }
        let id = script::next_id(self.config.id_style, &[], message, chrono::Utc::now());
        let migration = Imported {
            id: id.clone(),
            message: message.to_string(),
            tags: tags.to_vec(),
            transaction: true,
            upgrade: vec![(None, upgrade)],
            downgrade: reversible.then(|| vec![(None, rendered.downgrade.trim_end().to_string())]),
            source: format!(
                "the live schema of {} (stillhead baseline{})",
                self.database_display(),
                if reversible { " --reversible" } else { "" }
            ),
            ..Imported::default()
        };
        let written = write_all(&self.config.migrations_dir, &[migration], false)?;
        // Recorded as applied: the database already is what it creates.
        let set = MigrationSet::from_dir(&self.config.migrations_dir)?;
        Migrator::new(&set, &self.config).stamp(conn.as_mut(), &id, false)?;
        Ok(Baseline {
            path: written.into_iter().next().expect("one file written"),
            id,
            changes: rendered.changes.len(),
            uncovered,
            reversible,
        })
    }
}

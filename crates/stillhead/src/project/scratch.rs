//! Scratch databases: the migration chain replayed somewhere disposable, for
//! `revision --autogenerate --from migrations` (no up-to-date development
//! database needed) and `stillhead test` (every migration's round trip).
//! SQLite scratch databases live in memory; PostgreSQL and MariaDB ones are
//! not supported yet.

use serde::Serialize;

use super::Project;
use crate::autogen::diff;
use crate::dialect::{connect, ConnectOptions, Connected, Connection};
use crate::error::{Error, Result};
use crate::runtime::Migrator;
use crate::schema::{introspect::introspect, Schema};
use crate::script::Dialect;
use crate::DatabaseUrl;

/// One migration whose round trip did not restore the schema.
#[derive(Debug, Clone, Serialize)]
pub struct RoundTripFailure {
    /// The migration.
    pub revision: String,
    /// `downgrade` (did not restore the parent's schema) or `upgrade again`
    /// (did not reproduce the first upgrade's schema).
    pub step: String,
    /// What differs, in words.
    pub differences: Vec<String>,
}

/// The result of `stillhead test`.
#[derive(Debug, Clone, Serialize)]
pub struct RoundTripReport {
    /// Migrations upgraded, downgraded and upgraded again.
    pub checked: Vec<String>,
    /// Irreversible migrations (upgraded only).
    pub irreversible: Vec<String>,
    /// The first failure, if any (testing stops there).
    pub failure: Option<RoundTripFailure>,
}

impl Project {
    fn scratch(&self) -> Result<Box<dyn Connection>> {
        let dialect = self
            .config
            .url
            .as_ref()
            .map(|(u, _)| u.dialect())
            .unwrap_or(Dialect::Sqlite);
        if dialect != Dialect::Sqlite {
            return Err(Error::Invalid(format!(
                "scratch databases on {dialect} are not supported yet (SQLite, in memory, is)"
            )));
        }
        let url = DatabaseUrl::parse("sqlite::memory:")?;
        match connect(&url, &ConnectOptions::for_config(&self.config, true))? {
            Connected::Open(conn) => Ok(conn),
            Connected::Missing => unreachable!("an in-memory database always opens"),
        }
    }

    /// The schema the whole migration chain produces, replayed on a scratch database.
    pub fn schema_from_migrations(&self) -> Result<Schema> {
        let mut conn = self.scratch()?;
        let migrator = Migrator::new(&self.set, &self.config);
        migrator.upgrade(conn.as_mut(), "heads")?;
        Ok(introspect(conn.as_mut(), migrator.tables())?)
    }

    /// Upgrades, downgrades and upgrades again every migration (oldest
    /// first, within `range` if given) on a scratch database, comparing the
    /// schema after each step with the one it must equal.
    pub fn round_trip(&self, range: Option<&str>) -> Result<RoundTripReport> {
        let mut conn = self.scratch()?;
        let migrator = Migrator::new(&self.set, &self.config);
        let mut entries = self.history(range, None, None)?;
        entries.reverse();
        let mut report = RoundTripReport {
            checked: Vec::new(),
            irreversible: Vec::new(),
            failure: None,
        };
        let schema = |conn: &mut Box<dyn Connection>| introspect(conn.as_mut(), migrator.tables());
        for entry in entries {
            let id = entry.revision;
            // Bring the parents in first (outside the range, or a merge's other side).
            for parent in &entry.revises {
                migrator.upgrade(conn.as_mut(), parent)?;
            }
            let before = schema(&mut conn)?;
            migrator.upgrade(conn.as_mut(), &id)?;
            let after = schema(&mut conn)?;
            if !entry.reversible {
                report.irreversible.push(id);
                continue;
            }
            migrator.downgrade(conn.as_mut(), &format!("{id}@-1"))?;
            let undone = schema(&mut conn)?;
            if let Some(f) = mismatch(&id, "downgrade", &undone, &before) {
                report.failure = Some(f);
                return Ok(report);
            }
            migrator.upgrade(conn.as_mut(), &id)?;
            let again = schema(&mut conn)?;
            if let Some(f) = mismatch(&id, "upgrade again", &again, &after) {
                report.failure = Some(f);
                return Ok(report);
            }
            report.checked.push(id);
        }
        Ok(report)
    }
}

fn mismatch(revision: &str, step: &str, got: &Schema, want: &Schema) -> Option<RoundTripFailure> {
    let changes = diff(got, want);
    (!changes.is_empty()).then(|| RoundTripFailure {
        revision: revision.to_string(),
        step: step.to_string(),
        differences: changes.iter().map(|c| c.describe()).collect(),
    })
}

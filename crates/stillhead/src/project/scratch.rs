//! Scratch databases: the migration chain replayed somewhere disposable, for
//! `revision --autogenerate --from migrations` (no up-to-date development
//! database needed) and `stillhead test` (every migration's round trip).
//! SQLite scratch databases live in memory; PostgreSQL ones are a fresh
//! schema in the configured database, MariaDB ones a fresh database on the
//! configured server; both are dropped afterwards.

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
    /// A disposable database of the configured dialect: SQLite in memory, or
    /// a fresh schema in the configured PostgreSQL database, dropped with the guard.
    pub(crate) fn scratch(&self) -> Result<ScratchDb> {
        let configured = self.config.url.as_ref().map(|(u, _)| u.clone());
        let dialect = configured.as_ref().map_or(Dialect::Sqlite, |u| u.dialect());
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        // The counter keeps two scratch databases of one process apart
        // (autogenerate prepares both sides at once).
        static SERIAL: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let serial = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("stillhead_scratch_{}_{serial}_{nanos}", std::process::id());
        let (url, schema, cleanup) = match (dialect, configured) {
            (Dialect::Postgres, Some(url)) => {
                let cleanup =
                    format!("SET search_path TO public; DROP SCHEMA IF EXISTS \"{name}\" CASCADE");
                (url, Some(name), Some(cleanup))
            }
            (Dialect::Mysql, Some(url)) => {
                // A scratch database beside the configured one.
                let Some(mut admin) = self.connect(false)? else {
                    return Err(Error::Invalid(format!("{} does not exist", url.redacted())));
                };
                admin
                    .execute(&format!("CREATE DATABASE `{name}`"))
                    .map_err(|e| e.context("creating a scratch database"))?;
                let mut parsed =
                    url::Url::parse(url.expose()).map_err(|e| Error::Invalid(e.to_string()))?;
                parsed.set_path(&format!("/{name}"));
                (
                    DatabaseUrl::parse(parsed.as_str())?,
                    None,
                    Some(format!("DROP DATABASE IF EXISTS `{name}`")),
                )
            }
            _ => (DatabaseUrl::parse("sqlite::memory:")?, None, None),
        };
        let opts = ConnectOptions {
            schema,
            ..ConnectOptions::for_config(&self.config, true)
        };
        match connect(&url, &opts)? {
            Connected::Open(conn) => Ok(ScratchDb { conn, cleanup }),
            Connected::Missing => unreachable!("create = true always opens"),
        }
    }

    /// The schema the whole migration chain produces, replayed on a scratch database.
    pub fn schema_from_migrations(&self) -> Result<Schema> {
        let mut scratch = self.scratch()?;
        let migrator = Migrator::new(&self.set, &self.config);
        migrator.upgrade(scratch.conn.as_mut(), "heads")?;
        Ok(introspect(scratch.conn.as_mut(), migrator.tables())?)
    }

    /// Upgrades, downgrades and upgrades again every migration (oldest
    /// first, within `range` if given) on a scratch database, comparing the
    /// schema after each step with the one it must equal.
    pub fn round_trip(&self, range: Option<&str>) -> Result<RoundTripReport> {
        let mut scratch = self.scratch()?;
        let conn = &mut scratch.conn;
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
            for parent in entry.revises {
                migrator.upgrade(conn.as_mut(), parent)?;
            }
            let before = schema(&mut *conn)?;
            migrator.upgrade(conn.as_mut(), id)?;
            let after = schema(&mut *conn)?;
            if !entry.reversible {
                report.irreversible.push(id.to_string());
                continue;
            }
            migrator.downgrade(conn.as_mut(), &format!("{id}@-1"))?;
            let undone = schema(&mut *conn)?;
            if let Some(f) = mismatch(id, "downgrade", &undone, &before) {
                report.failure = Some(f);
                return Ok(report);
            }
            migrator.upgrade(conn.as_mut(), id)?;
            let again = schema(&mut *conn)?;
            if let Some(f) = mismatch(id, "upgrade again", &again, &after) {
                report.failure = Some(f);
                return Ok(report);
            }
            report.checked.push(id.to_string());
        }
        Ok(report)
    }
}

/// A scratch database; a PostgreSQL scratch schema or MariaDB scratch database is dropped on drop.
pub(crate) struct ScratchDb {
    pub(crate) conn: Box<dyn Connection>,
    /// SQL that removes the scratch schema or database.
    cleanup: Option<String>,
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        if let Some(sql) = &self.cleanup {
            let _ = self.conn.rollback();
            let _ = self.conn.execute(sql);
        }
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

//! The project's side of scratch databases: which server and what SQL a
//! scratch database is for, and the migration chain replayed in one (for
//! `revision --autogenerate --from migrations`). Making, fencing and
//! dropping them is `dialect::scratch`'s; `stillhead test` is `roundtrip`.

use crate::dialect::DialectBackend;
use std::collections::BTreeSet;

use super::Project;
use crate::dialect::scratch::{self, Scratch, ScratchRequest};
use crate::dialect::ConnectOptions;
use crate::error::Result;
use crate::runtime::Migrator;
use crate::schema::coverage::NotCompared;
use crate::schema::introspect::{introspect, query_failed};
use crate::schema::Schema;
use crate::script::Dialect;

impl Project {
    /// A new scratch database beside the configured one (on `scratch_url`'s
    /// server if set; SQLite in memory) for running `sql` — never the
    /// configured database. Dropped with the guard.
    pub(crate) fn scratch(&self, sql: Vec<&str>) -> Result<Scratch> {
        let live = self.config.url.as_ref().map(|(u, _)| u);
        scratch::create(&ScratchRequest {
            live,
            server: self.config.scratch_url.as_ref(),
            opts: ConnectOptions::for_config(&self.config, true),
            sql,
        })
    }

    /// The schema of the database behind `conn` as `check` and
    /// autogenerate compare it: with the privileges on its objects where
    /// `[autogenerate] privileges` asks for them.
    pub(crate) fn read_schema(
        &self,
        conn: &mut dyn crate::dialect::Connection,
        tables: &crate::dialect::Tables,
    ) -> Result<Schema> {
        let mut schema = introspect(conn, tables)?;
        let definer = self.config.autogenerate_definer.as_deref();
        conn.dialect()
            .tooling()
            .definers(&mut schema, definer, false);
        if self.config.autogenerate_privileges {
            let backend = conn.dialect().tooling();
            backend
                .read_privileges(conn, &mut schema)
                .map_err(|e| query_failed(conn, e))?;
        }
        Ok(schema)
    }

    /// The dialect scratch databases are made for: the configured database's.
    pub(crate) fn scratch_dialect(&self) -> Dialect {
        self.config
            .url
            .as_ref()
            .map(|(u, _)| u.dialect())
            .unwrap_or_default()
    }

    /// Every section of every migration a replay on `dialect` may run.
    pub(crate) fn chain_sql(&self, dialect: Dialect) -> Vec<&str> {
        self.set
            .iter()
            .flat_map(|m| {
                let s = &m.script;
                [s.upgrade_for(dialect), s.downgrade_for(dialect)]
            })
            .flatten()
            .map(|section| section.text.as_str())
            .collect()
    }

    /// A scratch database for replaying the migration chain.
    pub(crate) fn scratch_for_chain(&self) -> Result<Scratch> {
        self.scratch(self.chain_sql(self.scratch_dialect()))
    }

    /// The schema the whole migration chain produces, replayed on a scratch database.
    pub fn schema_from_migrations(&self) -> Result<Schema> {
        Ok(self.replayed()?.0)
    }

    /// [`Project::schema_from_migrations`], and what the chain creates that
    /// the schema model does not describe (`schema/coverage.rs`).
    pub(crate) fn replayed(&self) -> Result<(Schema, Vec<NotCompared>)> {
        let mut scratch = self.scratch_for_chain()?;
        let migrator = Migrator::new(&self.set, &self.config);
        migrator.upgrade(scratch.conn(), "heads")?;
        let mut schema = self.read_schema(scratch.conn(), migrator.tables())?;
        // As the migrations make it on a real database, not as the scratch
        // database's own user did.
        let definer = self.config.autogenerate_definer.as_deref();
        (self.scratch_dialect().tooling()).definers(&mut schema, definer, true);
        let not_compared = self
            .scratch_dialect()
            .tooling()
            .not_compared(scratch.conn(), &migrator.tables().own());
        let not_compared = not_compared.map_err(|e| query_failed(scratch.conn(), e))?;
        Ok((schema, not_compared))
    }
}

/// What `stamp REV --verify` found: the live schema against the one the
/// chain produces at REV.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StampCheck {
    /// The database (URL redacted).
    pub database: String,
    /// The revisions the stamp would record as applied.
    pub applied: Vec<String>,
    /// What differs, as the changes that would turn the live schema into
    /// the chain's (empty: the stamp is safe).
    pub differences: Vec<crate::autogen::Change>,
}

impl Project {
    /// The schema the migrations in `applied` produce, replayed on a
    /// scratch database.
    pub fn schema_at(&self, applied: &BTreeSet<String>) -> Result<Schema> {
        let mut scratch = self.scratch_for_chain()?;
        let migrator = Migrator::new(&self.set, &self.config);
        for head in self.set.graph().current_heads(applied) {
            migrator.upgrade(scratch.conn(), &head)?;
        }
        let mut schema = self.read_schema(scratch.conn(), migrator.tables())?;
        let definer = self.config.autogenerate_definer.as_deref();
        (self.scratch_dialect().tooling()).definers(&mut schema, definer, true);
        Ok(schema)
    }

    /// Whether the live database already is what the chain makes at
    /// `target` (as `stamp` reads it; `purge` starts from nothing), so that
    /// stamping it records the truth. Writes nothing to the database.
    pub fn verify_stamp(&self, target: &str, purge: bool) -> Result<StampCheck> {
        let migrator = self.migrator();
        let (live, current) = match self.connect(false)? {
            Some(mut conn) => {
                let state = migrator.read_state(conn.as_mut())?;
                let current = if purge {
                    BTreeSet::new()
                } else {
                    state.applied
                };
                (self.read_schema(conn.as_mut(), migrator.tables())?, current)
            }
            None => (Schema::default(), BTreeSet::new()),
        };
        let applied = migrator.stamp_target(&current, target)?;
        let mut expected = self.schema_at(&applied)?;
        let (url, _) = self.config.url.as_ref().ok_or(crate::error::Error::NoUrl)?;
        crate::schema::align::align(&mut expected, &live, url.dialect().tooling());
        Ok(StampCheck {
            database: self.database_display(),
            applied: applied.into_iter().collect(),
            differences: crate::autogen::diff(&live, &expected),
        })
    }
}

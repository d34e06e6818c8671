//! What only the tooling asks of a database (the `tools` feature):
//! introspection, rendering a change list, scratch databases, lint rules,
//! the `schema.sql` parser's dialect, the portable translation and how
//! types and defaults compare. One [`Tooling`] per backend, found with
//! [`DialectBackend::tooling`](super::DialectBackend::tooling); the
//! runtime's part of a database is its [`Backend`] (ARCHITECTURE.md,
//! "Cargo features").

use super::backend::{feature_disabled, Backend};
use super::scratch::{Scratch, ScratchRequest};
use super::translation::Translation;
use super::{Connection, Dialect, Tables};
use crate::autogen::Change;
use crate::error::{DbError, Error};
use crate::lint::Rule;
use crate::schema::coverage::NotCompared;
use crate::schema::introspect::IntrospectError;
use crate::schema::Schema;

/// A change split for tables in use (`Tooling::online_split`): a first
/// migration, in a transaction, from the live schema to `midway`; a second,
/// outside one, from `midway` to the declared schema.
#[derive(Debug, Clone)]
pub struct Online {
    /// The schema between the two migrations.
    pub midway: Schema,
    /// The second migration's upgrade (its downgrade is the diff back to
    /// `midway`).
    pub upgrade: String,
    /// Comments that go before a statement of the first migration, each
    /// `(how the statement starts, the comment lines)`: why it keeps a
    /// plain form.
    pub annotations: Vec<(String, String)>,
}

/// One database's behaviour for the tooling: `check`, autogenerate, `test`,
/// `lint`, imports.
pub trait Tooling: Backend {
    /// Reads the schema of the database behind `conn`, stillhead's own
    /// tables left out.
    fn introspect(
        &self,
        conn: &mut dyn Connection,
        own: &Tables,
    ) -> Result<Schema, IntrospectError>;
    /// Adds to `schema` the privileges granted on its objects, where the
    /// database has them (PostgreSQL); `[autogenerate] privileges` asks.
    fn read_privileges(
        &self,
        _conn: &mut dyn Connection,
        _schema: &mut Schema,
    ) -> Result<(), DbError> {
        Ok(())
    }
    /// The server's version as a dump's executable comments ask for it
    /// (MariaDB and MySQL: `/*!NNNNN … */`); `None` where the database has
    /// no such comments.
    fn server_version(
        &self,
        _conn: &mut dyn Connection,
    ) -> Result<Option<crate::schema::declared::dump::ServerVersion>, DbError> {
        Ok(None)
    }
    /// Adds to a declared schema, read from the scratch database
    /// `schema.sql` was loaded into, what only matters when an object is
    /// made and the live side cannot be asked (MariaDB: where a table's
    /// `AUTO_INCREMENT` starts). Where the database has none, nothing.
    fn read_creation_values(
        &self,
        _conn: &mut dyn Connection,
        _schema: &mut Schema,
    ) -> Result<(), DbError> {
        Ok(())
    }
    /// Sets who each code object is defined by as `[autogenerate] definer`
    /// asks (MariaDB): `configured` `None` leaves definers out; else they
    /// are kept as read, or (`as_configured`, the side a migration makes)
    /// set to the configured one. Where the database has none, nothing.
    fn definers(&self, _schema: &mut Schema, _configured: Option<&str>, _as_configured: bool) {}
    /// Everything the database behind `conn` keeps that the schema model
    /// does not describe: objects (functions, triggers, events…) and
    /// attributes of described ones (`schema/coverage.rs`), the tables in
    /// `skip` (stillhead's own, another tool's history table after `adopt`)
    /// and what belongs to them left out. `check` and autogenerate fail naming
    /// each; `baseline` lists them as `TODO`s.
    fn not_compared(
        &self,
        _conn: &mut dyn Connection,
        _skip: &[&str],
    ) -> Result<Vec<NotCompared>, DbError> {
        Ok(Vec::new())
    }
    /// `changes` as statements; `target` is the schema they lead to (a
    /// SQLite rebuild writes the table as it ends up).
    fn render(&self, changes: &[Change], target: &Schema) -> String;
    /// The change from `from` to `to` split in two where part of it would
    /// block writes to tables in use while it scans or builds (README,
    /// "Online-safe migrations"), or `None` where nothing does or the
    /// database has no way around it.
    fn online_split(&self, _from: &Schema, _to: &Schema) -> Option<Online> {
        None
    }
    /// A scratch database for a request (`dialect::scratch`). Like
    /// [`connect`](Backend::connect), implemented under the driver's cargo
    /// feature; this default refuses (`Error::FeatureDisabled`).
    fn scratch(&self, req: &ScratchRequest) -> Result<Scratch, Error> {
        let url = req.server.or(req.live).map_or(
            match self.dialect() {
                Dialect::Sqlite => "sqlite::memory:",
                _ => "a scratch database",
            },
            |u| u.redacted(),
        );
        Err(feature_disabled(self.dialect(), url))
    }
    /// The lint rules that apply only here.
    fn lint_rules(&self) -> &'static [Rule];
    /// The sqlparser dialect `schema.sql` is read with.
    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect>;
    /// What a portable declared schema needs changed to be this database's
    /// SQL (`translation.rs`).
    fn translation(&self) -> &'static Translation;
    /// Whether `ALTER TABLE … ADD COLUMN` puts a column last whatever the
    /// schema says (PostgreSQL), so a column order a migration cannot reach
    /// is named not compared (`schema::coverage::column_order`).
    fn adds_columns_last(&self) -> bool {
        false
    }
    /// Whether a declared column type and a live one mean the same here
    /// (both as the model spells them); the server-loaded dialects compare
    /// the catalog's spelling.
    fn same_type(&self, declared: &str, live: &str) -> bool {
        declared.eq_ignore_ascii_case(live)
    }
    /// Whether a declared default and a live one give the same value here.
    fn same_default(&self, declared: &str, live: &str) -> bool {
        declared.eq_ignore_ascii_case(live) || current_time(declared) && current_time(live)
    }
}

/// The current transaction's start time, however it is spelled: SQL's
/// `CURRENT_TIMESTAMP`, PostgreSQL's `now()` and `transaction_timestamp()`,
/// MariaDB's `current_timestamp()` (what its catalog keeps for all of them).
pub(crate) fn current_time(expr: &str) -> bool {
    let e: String = expr
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        e.as_str(),
        "current_timestamp" | "current_timestamp()" | "now()" | "transaction_timestamp()"
    )
}

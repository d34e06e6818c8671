//! What differs per database beyond a connection: one [`Backend`] per
//! dialect (`sqlite::BACKEND`, `postgres::BACKEND`, `mysql::BACKEND`), found
//! with [`Dialect::backend`]. Everything outside `dialect/` that depends on
//! the database asks its backend instead of matching on the dialect
//! (ARCHITECTURE.md, "Dialect homes").

use super::scratch::{Scratch, ScratchRequest};
use super::sql::SqlText;
use super::translation::Translation;
use super::{ConnectOptions, Connected, Connection, Dialect, Tables};
use crate::autogen::Change;
use crate::dburl::DatabaseUrl;
use crate::error::{DbError, Error};
use crate::lint::Rule;
use crate::schema::coverage::NotCompared;
use crate::schema::introspect::IntrospectError;
use crate::schema::Schema;

/// What a database can do, as the engine needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// DDL can be rolled back (false on MySQL, where DDL commits implicitly).
    pub transactional_ddl: bool,
    /// `schema.sql` is loaded into a scratch database on the server and
    /// read back from its catalogs, so the server normalises both sides of
    /// a comparison; false where it is parsed (SQLite).
    pub declared_schema_on_server: bool,
    /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY` exists, so a cycle of
    /// foreign keys is created by adding its keys after its tables (and
    /// dropped the other way); false on SQLite, which cannot add one with
    /// `ALTER` and does not check a key's target when a table is created.
    pub foreign_key_by_alter: bool,
}

/// A change split for tables in use (`Backend::online_split`): a first
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

/// One database's behaviour.
pub trait Backend: Sync {
    /// Which database this is.
    fn dialect(&self) -> Dialect;
    /// Its SQL text: quoting, literals, the state tables' DDL.
    fn sql(&self) -> &'static dyn SqlText;
    /// What it can do.
    fn capabilities(&self) -> Capabilities;
    /// Opens a connection.
    fn connect(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error>;
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
    /// Creating and dropping the database a URL names, and cancelling
    /// another session's statement (`admin.rs`).
    fn admin(&self) -> &'static dyn super::DatabaseAdmin;
    /// A scratch database for a request (`dialect::scratch`).
    fn scratch(&self, req: &ScratchRequest) -> Result<Scratch, Error>;
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
    /// How to run an offline script with the database's own client.
    fn client_hint(&self) -> &'static str;
    /// What an offline script says before the state tables: settings an
    /// online run makes on its connection (`schema` = `[database] schema`).
    fn offline_preamble(&self, schema: Option<&str>) -> String;
    /// One statement of an offline script, terminated as the database's
    /// client reads it.
    fn offline_statement(&self, sql: &str) -> String {
        format!("{sql};")
    }
}

/// A dialect's [`Backend`]: `Dialect` itself lives in `stillhead-core`,
/// which knows no database, so the way from one to the other is this
/// trait (in `stillhead::prelude`-style use: `use stillhead::dialect::DialectBackend`).
pub trait DialectBackend {
    /// This dialect's backend.
    fn backend(self) -> &'static dyn Backend;
}

impl DialectBackend for Dialect {
    fn backend(self) -> &'static dyn Backend {
        match self {
            Dialect::Sqlite => &super::sqlite::BACKEND,
            Dialect::Postgres => &super::postgres::BACKEND,
            Dialect::Mysql => &super::mysql::BACKEND,
        }
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

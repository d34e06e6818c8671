//! MariaDB and MySQL: everything stillhead knows about them, in one place.
//!
//! `connection` (the driver, state tables, `GET_LOCK`), `introspect`
//! (`information_schema` to the schema model), `attrs` (what MariaDB alone
//! keeps on a column or constraint), `render` (changes to DDL),
//! `code` (routines, events and triggers), `key_index` (the indexes
//! foreign keys stand on, for both),
//! `sql` (quoting, literals, state DDL), `coverage` (what the model does
//! not describe), `scratch` and `fence` (scratch databases). Other modules reach it through [`BACKEND`].
//!
//! Cargo features (ARCHITECTURE.md, "Cargo features"): the driver
//! (`connection`, `cluster`) comes with `mysql`; what only the tooling uses
//! (the rest but `sql`) with `tools`; the scratch database (`scratch`,
//! `fence`) with both. `sql` is in every build, so MariaDB's offline
//! scripts are written without the driver.

#[cfg(feature = "mysql")]
mod admin;
#[cfg(feature = "tools")]
pub mod attrs;
#[cfg(feature = "mysql")]
mod cluster;
#[cfg(feature = "tools")]
mod code;
#[cfg(feature = "mysql")]
mod connection;
#[cfg(feature = "tools")]
mod coverage;
#[cfg(all(feature = "mysql", feature = "tools"))]
mod fence;
#[cfg(feature = "tools")]
mod introspect;
#[cfg(feature = "tools")]
mod key_index;
#[cfg(feature = "tools")]
mod partitions;
#[cfg(feature = "tools")]
mod portable;
#[cfg(feature = "tools")]
mod render;
#[cfg(all(feature = "mysql", feature = "tools"))]
pub(crate) mod scratch;
mod sql;

#[cfg(feature = "mysql")]
pub use connection::MysqlConnection;
#[cfg(feature = "tools")]
pub use sql::MysqlSql;
pub use sql::SQL;

use super::backend::{Backend, Capabilities};
use super::sql::SqlText;
use super::Dialect;
// What connecting takes: only with the driver.
#[cfg(feature = "mysql")]
use {
    super::{ConnectOptions, Connected},
    crate::dburl::DatabaseUrl,
    crate::error::Error,
};
// What the tooling takes (the `tools` feature).
#[cfg(all(feature = "mysql", feature = "tools"))]
use super::scratch::{Scratch, ScratchRequest};
#[cfg(feature = "tools")]
use {
    super::{Connection, Tables, Tooling},
    crate::autogen::Change,
    crate::lint::Rule,
    crate::schema::coverage::NotCompared,
    crate::schema::introspect::{query_failed, IntrospectError},
    crate::schema::Schema,
    sqlparser::dialect::MySqlDialect,
};

/// MariaDB/MySQL's [`Backend`].
pub struct MysqlBackend;

/// The one MariaDB/MySQL backend.
pub static BACKEND: MysqlBackend = MysqlBackend;

impl Backend for MysqlBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn sql(&self) -> &'static dyn SqlText {
        &SQL
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transactional_ddl: false,
            declared_schema_on_server: true,
            foreign_key_by_alter: true,
        }
    }

    #[cfg(feature = "mysql")]
    fn connect(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error> {
        MysqlConnection::open(url, opts)
    }

    #[cfg(feature = "mysql")]
    fn admin(&self) -> &'static dyn super::DatabaseAdmin {
        &admin::MysqlAdmin
    }

    fn client_hint(&self) -> &'static str {
        "Run with: mariadb DATABASE < FILE (or mysql)"
    }

    fn offline_preamble(&self, _schema: Option<&str>) -> String {
        String::new()
    }

    fn offline_statement(&self, sql: &str) -> String {
        if sql.contains(';') {
            // The client splits on ';': a compound statement needs its own delimiter.
            format!("DELIMITER $$\n{sql}$$\nDELIMITER ;")
        } else {
            format!("{sql};")
        }
    }
}

#[cfg(feature = "tools")]
impl Tooling for MysqlBackend {
    fn server_version(
        &self,
        conn: &mut dyn Connection,
    ) -> Result<Option<crate::schema::declared::dump::ServerVersion>, crate::error::DbError> {
        let rows = conn.query("SELECT VERSION()", &[])?;
        let version = rows.first().and_then(|r| r.first()).map(|v| v.to_text());
        Ok(version.and_then(|v| crate::schema::declared::dump::ServerVersion::parse(&v)))
    }

    fn read_creation_values(
        &self,
        conn: &mut dyn Connection,
        schema: &mut Schema,
    ) -> Result<(), crate::error::DbError> {
        introspect::read_auto_increment_starts(conn, schema)
    }

    fn definers(&self, schema: &mut Schema, configured: Option<&str>, as_configured: bool) {
        code::definers(schema, configured, as_configured);
    }

    fn introspect(
        &self,
        conn: &mut dyn Connection,
        own: &Tables,
    ) -> Result<Schema, IntrospectError> {
        introspect::introspect(conn, own).map_err(|e| query_failed(conn, e))
    }

    fn not_compared(
        &self,
        conn: &mut dyn Connection,
        skip: &[&str],
    ) -> Result<Vec<NotCompared>, crate::error::DbError> {
        coverage::not_compared(conn, skip)
    }

    fn render(&self, changes: &[Change], target: &Schema) -> String {
        render::render(changes, target)
    }

    #[cfg(feature = "mysql")]
    fn scratch(&self, req: &ScratchRequest) -> Result<Scratch, Error> {
        scratch::create(req)
    }

    fn lint_rules(&self) -> &'static [Rule] {
        &[]
    }

    fn translation(&self) -> &'static crate::dialect::translation::Translation {
        &portable::TRANSLATION
    }

    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(MySqlDialect {})
    }
}

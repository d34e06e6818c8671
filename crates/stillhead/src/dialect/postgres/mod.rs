//! PostgreSQL: everything stillhead knows about it, in one place.
//!
//! `connection` (the driver, state tables, advisory lock), `tls` (libpq's
//! `sslmode` over rustls), `introspect` (catalogs to the schema model),
//! `attrs` (what PostgreSQL alone keeps on a column, index or constraint;
//! `exclusion` and `storage` hold exclusion constraints and storage
//! parameters),
//! `types` (domains, composite and range types: read and written),
//! `namespaces` (which schemas are compared, and the keys of their objects),
//! `objects` (row-level security policies and the comments on objects
//! other than tables and columns, read and written),
//! `coverage` (what the catalogs hold that the model does not describe),
//! `render` (changes to DDL), `sql` (quoting, literals, state DDL), `lint`
//! (lock-heavy statements), `scratch` and `fence` (scratch databases).
//! Other modules reach it through [`BACKEND`].
//!
//! Cargo features (ARCHITECTURE.md, "Cargo features"): the driver
//! (`client`, `connection`, `no_block`, `tls`) comes with `postgres`; what
//! only the tooling uses (the rest but `sql`) with `tools`; the scratch
//! database (`scratch`, `fence`) with both. `sql` is in every build, so
//! PostgreSQL's offline scripts are written without the driver.

#[cfg(feature = "postgres")]
mod admin;
#[cfg(feature = "tools")]
mod aggregates;
#[cfg(feature = "tools")]
pub mod attrs;
#[cfg(feature = "postgres")]
mod client;
#[cfg(feature = "postgres")]
mod connection;
#[cfg(feature = "tools")]
mod coverage;
#[cfg(feature = "tools")]
mod exclusion;
#[cfg(all(feature = "postgres", feature = "tools"))]
mod fence;
#[cfg(feature = "tools")]
mod introspect;
#[cfg(feature = "tools")]
mod lint;
#[cfg(feature = "tools")]
mod names;
#[cfg(feature = "tools")]
mod namespaces;
#[cfg(feature = "postgres")]
mod no_block;
#[cfg(feature = "tools")]
mod objects;
#[cfg(feature = "tools")]
mod online;
#[cfg(feature = "tools")]
mod portable;
#[cfg(feature = "tools")]
mod privileges;
#[cfg(feature = "tools")]
mod render;
#[cfg(all(feature = "postgres", feature = "tools"))]
pub(crate) mod scratch;
mod sql;
#[cfg(feature = "tools")]
mod storage;
#[cfg(feature = "postgres")]
mod tls;
#[cfg(feature = "tools")]
mod types;

#[cfg(feature = "postgres")]
pub use connection::PostgresConnection;
#[cfg(feature = "tools")]
pub use sql::PostgresSql;
pub use sql::SQL;

use super::backend::{Backend, Capabilities};
use super::sql::SqlText;
use super::Dialect;
// What connecting takes: only with the driver.
#[cfg(feature = "postgres")]
use {
    super::{ConnectOptions, Connected},
    crate::dburl::DatabaseUrl,
    crate::error::Error,
};
// What the tooling takes (the `tools` feature).
#[cfg(all(feature = "postgres", feature = "tools"))]
use super::scratch::{Scratch, ScratchRequest};
#[cfg(feature = "tools")]
use {
    super::{Connection, Online, Tables, Tooling},
    crate::autogen::Change,
    crate::lint::Rule,
    crate::schema::coverage::NotCompared,
    crate::schema::introspect::{query_failed, IntrospectError},
    crate::schema::Schema,
    sqlparser::dialect::PostgreSqlDialect,
};

/// PostgreSQL's [`Backend`].
pub struct PostgresBackend;

/// The one PostgreSQL backend.
pub static BACKEND: PostgresBackend = PostgresBackend;

impl Backend for PostgresBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn sql(&self) -> &'static dyn SqlText {
        &SQL
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transactional_ddl: true,
            declared_schema_on_server: true,
            foreign_key_by_alter: true,
        }
    }

    #[cfg(feature = "postgres")]
    fn connect(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error> {
        PostgresConnection::open(url, opts)
    }

    #[cfg(feature = "postgres")]
    fn admin(&self) -> &'static dyn super::DatabaseAdmin {
        &admin::PostgresAdmin
    }

    fn client_hint(&self) -> &'static str {
        "Run with: psql -v ON_ERROR_STOP=1 -f FILE"
    }

    fn offline_preamble(&self, schema: Option<&str>) -> String {
        match schema {
            Some(schema) => {
                let q = SQL.ident(schema);
                format!("CREATE SCHEMA IF NOT EXISTS {q};\nSET search_path TO {q};\n\n")
            }
            None => String::new(),
        }
    }
}

#[cfg(feature = "tools")]
impl Tooling for PostgresBackend {
    fn introspect(
        &self,
        conn: &mut dyn Connection,
        own: &Tables,
    ) -> Result<Schema, IntrospectError> {
        introspect::introspect(conn, own).map_err(|e| query_failed(conn, e))
    }

    fn read_privileges(
        &self,
        conn: &mut dyn Connection,
        schema: &mut Schema,
    ) -> Result<(), crate::error::DbError> {
        privileges::read(conn, schema)
    }

    fn not_compared(
        &self,
        conn: &mut dyn Connection,
        skip: &[&str],
    ) -> Result<Vec<NotCompared>, crate::error::DbError> {
        coverage::not_compared(conn, skip)
    }

    fn adds_columns_last(&self) -> bool {
        true
    }

    fn render(&self, changes: &[Change], _target: &Schema) -> String {
        render::render(changes)
    }

    fn online_split(&self, from: &Schema, to: &Schema) -> Option<Online> {
        online::split(from, to)
    }

    #[cfg(feature = "postgres")]
    fn scratch(&self, req: &ScratchRequest) -> Result<Scratch, Error> {
        scratch::create(req)
    }

    fn lint_rules(&self) -> &'static [Rule] {
        lint::RULES
    }

    fn translation(&self) -> &'static crate::dialect::translation::Translation {
        &portable::TRANSLATION
    }

    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(PostgreSqlDialect {})
    }
}

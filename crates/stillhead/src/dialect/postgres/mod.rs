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

mod admin;
mod aggregates;
pub mod attrs;
mod client;
mod connection;
mod coverage;
mod exclusion;
mod fence;
mod introspect;
mod lint;
mod names;
mod namespaces;
mod no_block;
mod objects;
mod online;
mod portable;
mod privileges;
mod render;
pub(crate) mod scratch;
mod sql;
mod storage;
mod tls;
mod types;

pub use connection::PostgresConnection;
pub use sql::{PostgresSql, SQL};

use sqlparser::dialect::PostgreSqlDialect;

use super::backend::{Backend, Capabilities, Online};
use super::scratch::{Scratch, ScratchRequest};
use super::sql::SqlText;
use super::{ConnectOptions, Connected, Connection, Dialect, Tables};
use crate::autogen::Change;
use crate::dburl::DatabaseUrl;
use crate::error::Error;
use crate::lint::Rule;
use crate::schema::coverage::NotCompared;
use crate::schema::introspect::{query_failed, IntrospectError};
use crate::schema::Schema;

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

    fn connect(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error> {
        PostgresConnection::open(url, opts)
    }

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

    fn admin(&self) -> &'static dyn super::DatabaseAdmin {
        &admin::PostgresAdmin
    }

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

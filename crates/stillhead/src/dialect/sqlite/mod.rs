//! SQLite: everything stillhead knows about it, in one place.
//!
//! `connection` (rusqlite, state tables, `BEGIN IMMEDIATE` for the write
//! lock), `scratch` (the in-memory scratch database), `introspect` (`sqlite_master`
//! through the `schema.sql` parser), `coverage` (what that text says that
//! the model does not describe: "not compared"), `render` (changes to DDL, with table
//! rebuilds), `sql` (quoting, literals, state DDL), `type_names` (SQLite's
//! free-form column types, and the clauses sqlparser refuses, made readable
//! to the `schema.sql` parser). Other modules reach it
//! through [`BACKEND`].

mod admin;
pub(crate) mod attrs;
pub(crate) mod clauses;
mod connection;
mod coverage;
mod introspect;
mod portable;
mod render;
mod scratch;
mod sql;
mod type_names;

pub use connection::SqliteConnection;
pub use sql::{SqliteSql, SQL};
pub(crate) use type_names::{bracket_type_names, strip_unread_clauses, unbracket, Unread};

use sqlparser::dialect::SQLiteDialect;

use super::backend::{Backend, Capabilities};
use super::scratch::{Scratch, ScratchRequest};
use super::sql::SqlText;
use super::{ConnectOptions, Connected, Connection, Dialect, Tables};
use crate::autogen::Change;
use crate::dburl::DatabaseUrl;
use crate::error::{DbError, Error};
use crate::lint::Rule;
use crate::schema::coverage::NotCompared;
use crate::schema::introspect::IntrospectError;
use crate::schema::Schema;

/// SQLite's [`Backend`].
pub struct SqliteBackend;

/// The one SQLite backend.
pub static BACKEND: SqliteBackend = SqliteBackend;

impl Backend for SqliteBackend {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn sql(&self) -> &'static dyn SqlText {
        &SQL
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            transactional_ddl: true,
            declared_schema_on_server: false,
            foreign_key_by_alter: false,
        }
    }

    fn connect(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error> {
        SqliteConnection::open(url, opts)
    }

    fn introspect(
        &self,
        conn: &mut dyn Connection,
        own: &Tables,
    ) -> Result<Schema, IntrospectError> {
        introspect::introspect(conn, own)
    }

    fn not_compared(
        &self,
        conn: &mut dyn Connection,
        skip: &[&str],
    ) -> Result<Vec<NotCompared>, DbError> {
        coverage::not_compared(conn, skip)
    }

    fn render(&self, changes: &[Change], target: &Schema) -> String {
        render::render(changes, target)
    }

    fn admin(&self) -> &'static dyn super::DatabaseAdmin {
        &admin::SqliteAdmin
    }

    fn scratch(&self, req: &ScratchRequest) -> Result<Scratch, Error> {
        scratch::create(&req.opts)
    }

    fn lint_rules(&self) -> &'static [Rule] {
        &[]
    }

    fn translation(&self) -> &'static crate::dialect::translation::Translation {
        &portable::TRANSLATION
    }

    fn same_type(&self, declared: &str, live: &str) -> bool {
        // Another name for a class's own type is a spelling (BIGINT or
        // BOOLEAN for INTEGER, TIMESTAMP or VARCHAR(255) for TEXT); two
        // other names (BIGINT to SMALLINT), or one name with other
        // arguments (VARCHAR(10) to VARCHAR(50)), are a change the author made.
        let base = |t: &str| {
            t.split('(')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_uppercase()
        };
        let class = portable::storage_class(declared);
        declared.eq_ignore_ascii_case(live)
            || (base(declared) != base(live)
                && class == portable::storage_class(live)
                && (declared.eq_ignore_ascii_case(class) || live.eq_ignore_ascii_case(class)))
    }

    fn same_default(&self, declared: &str, live: &str) -> bool {
        let canon = |e: &str| match e.to_ascii_uppercase().as_str() {
            "TRUE" => "1".to_string(),
            "FALSE" => "0".to_string(),
            other => other.to_string(),
        };
        canon(declared) == canon(live)
    }

    fn parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(SQLiteDialect {})
    }

    fn client_hint(&self) -> &'static str {
        "Run with: sqlite3 -bail DATABASE < FILE"
    }

    fn offline_preamble(&self, _schema: Option<&str>) -> String {
        "-- Foreign keys are off so table rebuilds work, as in an online run.\nPRAGMA foreign_keys = OFF;\n\n".into()
    }
}

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
//!
//! Cargo features (ARCHITECTURE.md, "Cargo features"): the driver
//! (`connection`) comes with `sqlite`; what only the tooling uses (the rest
//! but `sql`) with `tools`; the scratch database (`scratch`) with both.

#[cfg(feature = "sqlite")]
mod admin;
#[cfg(feature = "tools")]
pub(crate) mod attrs;
#[cfg(feature = "tools")]
pub(crate) mod clauses;
#[cfg(feature = "sqlite")]
mod connection;
#[cfg(feature = "tools")]
mod coverage;
#[cfg(feature = "tools")]
mod introspect;
#[cfg(feature = "tools")]
mod portable;
#[cfg(feature = "tools")]
mod render;
#[cfg(all(feature = "sqlite", feature = "tools"))]
mod scratch;
mod sql;
#[cfg(feature = "tools")]
mod type_names;

#[cfg(feature = "sqlite")]
pub use connection::SqliteConnection;
#[cfg(feature = "tools")]
pub use sql::SqliteSql;
pub use sql::SQL;
#[cfg(feature = "tools")]
pub(crate) use type_names::{bracket_type_names, strip_unread_clauses, unbracket, Unread};

use super::backend::{Backend, Capabilities};
use super::sql::SqlText;
use super::Dialect;
// What connecting takes: only with the driver.
#[cfg(feature = "sqlite")]
use {
    super::{ConnectOptions, Connected},
    crate::dburl::DatabaseUrl,
    crate::error::Error,
};
// What the tooling takes (the `tools` feature).
#[cfg(all(feature = "sqlite", feature = "tools"))]
use super::scratch::{Scratch, ScratchRequest};
#[cfg(feature = "tools")]
use {
    super::{Connection, Tables, Tooling},
    crate::autogen::Change,
    crate::error::DbError,
    crate::lint::Rule,
    crate::schema::coverage::NotCompared,
    crate::schema::introspect::IntrospectError,
    crate::schema::Schema,
    sqlparser::dialect::SQLiteDialect,
};

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

    #[cfg(feature = "sqlite")]
    fn connect(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error> {
        SqliteConnection::open(url, opts)
    }

    #[cfg(feature = "sqlite")]
    fn admin(&self) -> &'static dyn super::DatabaseAdmin {
        &admin::SqliteAdmin
    }

    fn client_hint(&self) -> &'static str {
        "Run with: sqlite3 -bail DATABASE < FILE"
    }

    fn offline_preamble(&self, _schema: Option<&str>) -> String {
        "-- Foreign keys are off so table rebuilds work, as in an online run.\nPRAGMA foreign_keys = OFF;\n\n".into()
    }
}

#[cfg(feature = "tools")]
impl Tooling for SqliteBackend {
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

    #[cfg(feature = "sqlite")]
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
}

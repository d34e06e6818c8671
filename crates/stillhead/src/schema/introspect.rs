//! A live database's schema, in the same model as `schema.sql`, read by its
//! dialect (`dialect/*/introspect.rs`).
//!
//! SQLite keeps each table's and index's `CREATE` statement (kept current by
//! `ALTER TABLE`), so its schema is read back through the same parser as the
//! declared schema: both sides of a comparison are normalised by one piece of
//! code. PostgreSQL is read from its catalogs; the declared schema is then
//! loaded into a scratch database and read the same way, so the server itself
//! normalises both sides; MariaDB likewise from `information_schema`.

use super::parse::SchemaError;
use super::Schema;
use crate::dialect::DialectBackend;
use crate::dialect::{Connection, Tables};
use crate::error::DbError;

/// A live schema that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IntrospectError {
    /// A catalog query failed; the database's code is in the source.
    #[error("reading the schema of {database}: {source}")]
    Query {
        /// The database (URL redacted).
        database: String,
        /// The query's error.
        #[source]
        source: DbError,
    },
    /// The definitions the database keeps (SQLite's `sqlite_master`) do not parse.
    #[error(transparent)]
    Definition(#[from] SchemaError),
}

/// Reads the schema of the database behind `conn`, leaving out stillhead's own tables.
pub fn introspect(conn: &mut dyn Connection, own: &Tables) -> Result<Schema, IntrospectError> {
    conn.dialect().tooling().introspect(conn, own)
}

/// The error of a failed catalog query on `conn`.
pub(crate) fn query_failed(conn: &dyn Connection, source: DbError) -> IntrospectError {
    IntrospectError::Query {
        database: conn.url().redacted().to_string(),
        source,
    }
}

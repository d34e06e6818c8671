//! A live database's schema, in the same model as `schema.sql`.
//!
//! SQLite keeps each table's and index's `CREATE` statement (kept current by
//! `ALTER TABLE`), so its schema is read back through the same parser as the
//! declared schema: both sides of a comparison are normalised by one piece of
//! code. PostgreSQL is read from its catalogs; the declared schema is then
//! loaded into a scratch database and read the same way, so the server itself
//! normalises both sides; MariaDB likewise from `information_schema`.

use super::parse::{parse_schema, SchemaError};
use super::Schema;

mod mysql;
mod postgres;
use crate::dialect::{Connection, Dialect, Tables, Value};

/// Reads the schema of the database behind `conn`, leaving out stillhead's own tables.
pub fn introspect(conn: &mut dyn Connection, own: &Tables) -> Result<Schema, SchemaError> {
    let name = conn_name(conn);
    let unsupported = |message: String| SchemaError::Unsupported {
        file: name.clone(),
        message,
    };
    match conn.dialect() {
        Dialect::Sqlite => {}
        Dialect::Postgres => return postgres::introspect(conn, own).map_err(unsupported),
        Dialect::Mysql => return mysql::introspect(conn, own).map_err(unsupported),
    }
    let rows = conn
        .query(
            "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index', 'view', 'trigger') AND sql IS NOT NULL
               AND name NOT LIKE 'sqlite_%' AND tbl_name NOT IN (?1, ?2) ORDER BY type DESC, name",
            &[own.state.as_str().into(), own.log.as_str().into()],
        )
        .map_err(|e| unsupported(e.message))?;
    let mut sql = String::new();
    for row in rows {
        if let Some(Value::Text(text)) = row.first() {
            sql.push_str(text);
            sql.push_str(";\n");
        }
    }
    parse_schema(&sql, Dialect::Sqlite, &name)
}

fn conn_name(conn: &dyn Connection) -> String {
    conn.url().redacted().to_string()
}

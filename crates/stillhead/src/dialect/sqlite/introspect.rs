//! A SQLite database's schema: the `CREATE` statements it keeps in
//! `sqlite_master` (kept current by `ALTER TABLE`), read back through the
//! same parser as `schema.sql`, so one piece of code normalises both sides.

use crate::dialect::{Connection, Dialect, Tables, Value};
use crate::schema::introspect::{query_failed, IntrospectError};
use crate::schema::parse::parse_schema;
use crate::schema::Schema;

/// Every table, index, view and trigger except SQLite's and stillhead's own.
pub(crate) fn introspect(
    conn: &mut dyn Connection,
    own: &Tables,
) -> Result<Schema, IntrospectError> {
    let rows = conn
        .query(
            "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index', 'view', 'trigger') AND sql IS NOT NULL
               AND name NOT LIKE 'sqlite_%' AND tbl_name NOT IN (?1, ?2, ?3, ?4) ORDER BY type DESC, name",
            &own.own().map(Value::from),
        )
        .map_err(|e| query_failed(conn, e))?;
    let mut sql = String::new();
    for row in rows {
        if let Some(Value::Text(text)) = row.first() {
            sql.push_str(text);
            sql.push_str(";\n");
        }
    }
    Ok(parse_schema(&sql, Dialect::Sqlite, conn.url().redacted())?)
}

//! `stillhead database create|drop` on PostgreSQL, from the `postgres`
//! maintenance database (`template1` for the `postgres` database itself),
//! and the cancelling of a run's statement (`pg_cancel_backend`).

use crate::dburl::DatabaseUrl;
use crate::dialect::admin::{maintenance_url, DatabaseAdmin};
use crate::dialect::sql::SqlText;
use crate::dialect::{connect, Canceller, ConnectOptions, Connected, Connection};
use crate::error::Error;

pub(super) struct PostgresAdmin;

/// The database a URL names: its path, `?dbname=`, or as libpq, the user's name.
fn database(url: &DatabaseUrl) -> Result<String, Error> {
    let config: postgres::Config =
        url.expose_without("schema")
            .parse()
            .map_err(|e| Error::Connect {
                url: url.redacted().to_string(),
                message: crate::dburl::scrub(&format!("invalid PostgreSQL URL: {e}"), url),
            })?;
    config
        .get_dbname()
        .or(config.get_user())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .ok_or_else(|| Error::Invalid(format!("{} names no database", url.redacted())))
}

/// A connection to a maintenance database of the server `url` is on:
/// `postgres`, or `template1` where that is the database itself or the
/// server has none (`3D000`).
fn maintenance(
    url: &DatabaseUrl,
    name: &str,
    opts: &ConnectOptions,
) -> Result<Box<dyn Connection>, Error> {
    let opts = ConnectOptions {
        create: false,
        schema: None,
        ..opts.clone()
    };
    let missing = |e: &Error| matches!(e, Error::Connect { message, .. } if message.contains("[SQLSTATE 3D000]"));
    let mut last = None;
    for other in ["postgres", "template1"].into_iter().filter(|c| *c != name) {
        match connect(&maintenance_url(url, Some(other))?, &opts) {
            Ok(Connected::Open(conn)) => return Ok(conn),
            Err(e) if missing(&e) => last = Some(e),
            Err(e) => return Err(e),
            Ok(Connected::Missing) => last = None,
        }
    }
    Err(last.unwrap_or_else(|| {
        Error::Invalid(format!(
            "{}: no maintenance database (postgres, template1) to connect to",
            url.redacted()
        ))
    }))
}

impl DatabaseAdmin for PostgresAdmin {
    fn name(&self, url: &DatabaseUrl) -> Result<String, Error> {
        database(url)
    }

    fn reach_server(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error> {
        maintenance(url, &database(url)?, opts).map(drop)
    }

    fn exists(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<bool, Error> {
        let name = database(url)?;
        let mut conn = maintenance(url, &name, opts)?;
        let rows = conn
            .query(
                &format!(
                    "SELECT 1 FROM pg_database WHERE datname = {}",
                    super::SQL.literal(&name)
                ),
                &[],
            )
            .map_err(|e| e.context(format!("looking for database {name}")))?;
        Ok(!rows.is_empty())
    }

    fn create(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error> {
        let name = database(url)?;
        let mut conn = maintenance(url, &name, opts)?;
        conn.execute(&format!("CREATE DATABASE {}", super::SQL.ident(&name)))
            .map_err(|e| e.context(format!("creating database {name}")))
    }

    fn drop(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error> {
        let name = database(url)?;
        let mut conn = maintenance(url, &name, opts)?;
        conn.execute(&format!("DROP DATABASE {}", super::SQL.ident(&name)))
            .map_err(|e| e.context(format!("dropping database {name}")))
    }

    fn session_id_sql(&self) -> Option<&'static str> {
        Some("SELECT pg_backend_pid()")
    }

    /// `pg_cancel_backend` from a second connection with the same URL, of
    /// backend `pid` only while it runs the statement the run started (its
    /// text begins the same, in this database): through a transaction
    /// pooler the backend that answered at connect may serve another client
    /// by then (even under the application name `stillhead`, which PgBouncer
    /// 1.18 leaves on a server connection for a client that sets none),
    /// whose statement is never cancelled; the run's own is cancelled when
    /// it runs there. (The protocol's own cancel request would reach the
    /// right backend through a pooler, but tokio-postgres sends it and
    /// closes the socket at once, which makes PgBouncer 1.18 crash.)
    fn session_canceller(&self, url: &DatabaseUrl, pid: u64) -> Option<Canceller> {
        let url = url.clone();
        Some(Canceller::new(
            format!("backend {pid} on {}", url.redacted()),
            move |running| {
                let Some(running) = running else {
                    return Ok(());
                };
                let opts = ConnectOptions {
                    create: false,
                    schema: None,
                    ..ConnectOptions::default()
                };
                let Connected::Open(mut conn) = connect(&url, &opts)? else {
                    return Ok(());
                };
                conn.query(&cancel_sql(pid, running), &[])
                    .map(drop)
                    .map_err(|e| e.context(format!("cancelling the statement of backend {pid}")))
            },
        ))
    }
}

/// How much of a statement's text identifies it in `pg_stat_activity`,
/// whose `query` holds what was sent (the statement after any `BEGIN` and
/// `SET LOCAL`s sent with it), cut at `track_activity_query_size` (1 kB by
/// default).
const PREFIX_CHARS: usize = 200;

/// `pg_cancel_backend(pid)` if, and only if, that backend runs `statement`.
fn cancel_sql(pid: u64, statement: &str) -> String {
    let prefix: String = statement.trim().chars().take(PREFIX_CHARS).collect();
    format!(
        "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
          WHERE pid = {pid} AND pid <> pg_backend_pid() AND datname = current_database()
            AND state = 'active' AND strpos(query, {}) > 0",
        super::SQL.literal(&prefix)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_backend_running_the_statement_is_cancelled() {
        let sql = super::cancel_sql(42, "  SELECT 'it''s' || pg_sleep(30)  ");
        assert!(sql.contains("pid = 42 AND"), "{sql}");
        assert!(
            sql.contains("strpos(query, 'SELECT ''it''''s'' || pg_sleep(30)') > 0"),
            "{sql}"
        );
        let long = "x".repeat(1000);
        assert!(super::cancel_sql(1, &long).len() < 600);
    }
}

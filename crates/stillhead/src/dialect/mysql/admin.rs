//! `stillhead database create|drop` on MariaDB/MySQL, on a connection that
//! names no database, and the cancelling of a run's statement (`KILL
//! QUERY`).

use mysql::Opts;

use super::connection::MysqlConnection;
use crate::dburl::DatabaseUrl;
use crate::dialect::admin::{maintenance_url, DatabaseAdmin};
use crate::dialect::sql::SqlText;
use crate::dialect::{Canceller, ConnectOptions, Connection};
use crate::error::Error;

pub(super) struct MysqlAdmin;

/// `ER_NO_SUCH_THREAD`: `KILL` of a session that is gone.
const NO_SUCH_THREAD: &str = "1094";

/// The database a URL names.
fn database(url: &DatabaseUrl) -> Result<String, Error> {
    let raw = url.expose();
    let normalised = match raw.split_once("://") {
        Some((_, rest)) => format!("mysql://{rest}"),
        None => raw.to_string(),
    };
    let opts = Opts::from_url(&normalised).map_err(|e| Error::Connect {
        url: url.redacted().to_string(),
        message: crate::dburl::scrub(&format!("invalid MySQL URL: {e}"), url),
    })?;
    opts.get_db_name()
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "{} names no database (write mysql://user@host/DATABASE)",
                url.redacted()
            ))
        })
}

/// A connection to the server `url` is on, in no database.
fn server(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Box<dyn Connection>, Error> {
    let url = maintenance_url(url, None)?;
    MysqlConnection::open_server(
        &url,
        &ConnectOptions {
            create: false,
            schema: None,
            ..opts.clone()
        },
    )
}

impl DatabaseAdmin for MysqlAdmin {
    fn name(&self, url: &DatabaseUrl) -> Result<String, Error> {
        database(url)
    }

    fn reach_server(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error> {
        server(url, opts).map(drop)
    }

    fn exists(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<bool, Error> {
        let name = database(url)?;
        let rows = server(url, opts)?
            .query(
                &format!(
                    "SELECT 1 FROM information_schema.schemata WHERE schema_name = {}",
                    super::SQL.literal(&name)
                ),
                &[],
            )
            .map_err(|e| e.context(format!("looking for database {name}")))?;
        Ok(!rows.is_empty())
    }

    fn create(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error> {
        let name = database(url)?;
        server(url, opts)?
            .execute(&format!("CREATE DATABASE {}", super::SQL.ident(&name)))
            .map_err(|e| e.context(format!("creating database {name}")))
    }

    fn drop(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error> {
        let name = database(url)?;
        server(url, opts)?
            .execute(&format!("DROP DATABASE {}", super::SQL.ident(&name)))
            .map_err(|e| e.context(format!("dropping database {name}")))
    }
}

/// Cancels the statement of session `id` (the handshake's connection id)
/// by `KILL QUERY` on a second connection with the same URL. A session that
/// is gone (error 1094) had nothing to cancel.
pub(super) fn canceller(url: &DatabaseUrl, id: u32) -> Canceller {
    let url = url.clone();
    Canceller::new(format!("session {id} on {}", url.redacted()), move |_| {
        let opts = ConnectOptions {
            create: false,
            ..ConnectOptions::default()
        };
        let mut conn = MysqlConnection::open_server(&url, &opts)?;
        match conn.execute(&format!("KILL QUERY {id}")) {
            Err(e) if e.code.as_deref() != Some(NO_SUCH_THREAD) => {
                Err(e.context(format!("cancelling the statement of session {id}")))
            }
            _ => Ok(()),
        }
    })
}

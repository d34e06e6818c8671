//! SQLite's scratch database: private, in memory, with an authorizer in
//! place of a temporary user.

use super::SqliteConnection;
use crate::dburl::DatabaseUrl;
use crate::dialect::scratch::{Fencing, Scratch};
use crate::dialect::ConnectOptions;
use crate::error::Error;

/// A scratch database: private, in memory. An authorizer refuses `ATTACH`
/// and `VACUUM INTO` of a file, the ways a statement could reach a database
/// file outside it; the empty name and `:memory:` (a temporary database,
/// which plain `VACUUM` attaches) stay allowed.
pub(crate) fn create(opts: &ConnectOptions) -> Result<Scratch, Error> {
    use rusqlite::hooks::{AuthAction, Authorization};
    let url = DatabaseUrl::parse("sqlite::memory:")?;
    let fail = |e: rusqlite::Error| Error::Scratch {
        server: url.redacted().to_string(),
        message: e.to_string(),
    };
    let conn = rusqlite::Connection::open_in_memory().map_err(fail)?;
    conn.busy_timeout(opts.lock_timeout.min(crate::config::MAX_DURATION))
        .map_err(fail)?;
    conn.authorizer(Some(|ctx: rusqlite::hooks::AuthContext<'_>| {
        match ctx.action {
            AuthAction::Attach { filename } if !filename.is_empty() && filename != ":memory:" => {
                Authorization::Deny
            }
            _ => Authorization::Allow,
        }
    }));
    let conn = SqliteConnection {
        conn,
        url: url.clone(),
        saved_foreign_keys: None,
        scratch: true,
        given_busy_timeout: None,
    };
    Ok(Scratch::new(
        Box::new(conn),
        ":memory:".into(),
        url.redacted().to_string(),
        Fencing::InMemory,
        None,
    ))
}

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
    let mut conn = rusqlite::Connection::open_in_memory().map_err(fail)?;
    conn.busy_timeout(opts.lock_timeout.min(crate::config::MAX_DURATION))
        .map_err(fail)?;
    // Through `&mut`: newer rusqlite takes the connection mutably here, and
    // returns a `Result` where older ones return `()` (which clippy, on an
    // older rusqlite, would call passing a unit value along).
    let set: &mut rusqlite::Connection = &mut conn;
    #[allow(clippy::unit_arg)]
    let installed = set
        .authorizer(Some(|ctx: rusqlite::hooks::AuthContext<'_>| {
            match ctx.action {
                AuthAction::Attach { filename }
                    if !filename.is_empty() && filename != ":memory:" =>
                {
                    Authorization::Deny
                }
                _ => Authorization::Allow,
            }
        }))
        .installed();
    installed.map_err(fail)?;
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

/// What installing the authorizer returns, as a `Result` whichever rusqlite
/// of the supported range (README, "Using the library") is linked: older
/// ones return nothing (it cannot fail), newer ones a `Result` that must not
/// be dropped unread.
trait Installed {
    fn installed(self) -> rusqlite::Result<()>;
}

impl Installed for () {
    fn installed(self) -> rusqlite::Result<()> {
        Ok(())
    }
}

impl Installed for rusqlite::Result<()> {
    fn installed(self) -> rusqlite::Result<()> {
        self
    }
}

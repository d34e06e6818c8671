//! A migrator bound to one database ([`Migrator::on`]): its settings plus
//! the connection's dialect (which picks each migration's section) and the
//! database's name (for messages). The connection is handed to each step
//! rather than held, so one step can pass it on to the next without the
//! session borrowing it for its whole life.

use std::ops::Deref;

use super::Migrator;
use crate::dialect::{Connection, Dialect};
use crate::error::{Error, Result};

/// A [`Migrator`] at work on one database.
pub(crate) struct Session<'m, 'a> {
    migrator: &'m Migrator<'a>,
    /// The dialect of the connection being worked on.
    pub(super) dialect: Dialect,
    /// The database being worked on (URL redacted), for messages.
    pub(super) database: String,
}

impl<'a> Deref for Session<'_, 'a> {
    type Target = Migrator<'a>;

    fn deref(&self) -> &Migrator<'a> {
        self.migrator
    }
}

impl<'a> Migrator<'a> {
    /// This migrator at work on the database behind `conn`.
    pub(crate) fn on(&self, conn: &dyn Connection) -> Session<'_, 'a> {
        self.on_database(conn.dialect(), conn.url().redacted())
    }

    /// This migrator at work on a database known by its dialect and name
    /// (one that need not exist yet).
    pub(crate) fn on_database(&self, dialect: Dialect, database: &str) -> Session<'_, 'a> {
        Session {
            migrator: self,
            dialect,
            database: database.to_string(),
        }
    }
}

impl Session<'_, '_> {
    /// Refuses to write to a standby or replica unless the migrator allows
    /// it (`--allow-read-only-server`). Asked right before a write, never on
    /// a run with nothing to do.
    pub(super) fn refuse_read_only_server(&self, conn: &mut dyn Connection) -> Result<()> {
        if self.allow_read_only_server {
            return Ok(());
        }
        let server = conn
            .read_only_server()
            .map_err(|e| self.db_error(e, "asking whether the server is a standby or replica"))?;
        match server {
            Some(server) => Err(Error::ReadOnlyServer {
                database: self.database.clone(),
                server,
            }),
            None => Ok(()),
        }
    }

    /// `e` naming the migration lock and its holder when it is a lock
    /// timeout of a backend that takes the lock with each transaction.
    pub(super) fn lock_error(&self, conn: &mut dyn Connection, e: Error) -> Error {
        match e {
            Error::LockTimeout { waited, .. } => match conn.lock_wait_details() {
                Some((lock, holder)) => Error::LockTimeout {
                    lock,
                    holder,
                    waited,
                },
                None => Error::LockTimeout {
                    lock: format!("the write lock on {}", self.database),
                    holder: None,
                    waited,
                },
            },
            other => other,
        }
    }
}

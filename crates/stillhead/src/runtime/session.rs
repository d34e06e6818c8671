//! A migrator bound to one database ([`Migrator::on`]): its settings plus
//! the connection's dialect (which picks each migration's section) and the
//! database's name (for messages). The connection is handed to each step
//! rather than held, so one step can pass it on to the next without the
//! session borrowing it for its whole life.

use std::ops::Deref;

use super::Migrator;
use crate::dialect::{Connection, Dialect};

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

//! stillhead's migration files and revision graph, with no database
//! (ARCHITECTURE.md, "Crates").
//!
//! Shared by the `stillhead` library (which re-exports both modules) and by
//! `embed_migrations!`, which loads an application's migrations at compile
//! time with the same code the runner uses, so a file that would fail at
//! start-up fails the build instead.

#![warn(missing_docs)]

pub mod revision;
pub mod script;

/// The longest revision id stillhead's tables hold, in characters: the
/// width of MariaDB's key column, `VARCHAR(191)` (191 four-byte characters
/// are 764 bytes, under InnoDB's 767-byte index prefix of older row
/// formats). PostgreSQL's and SQLite's `TEXT` are held to it as well, so a
/// migration set that loads runs on every backend; a longer id is refused
/// when the migrations are loaded (and by `embed_migrations!` when they are
/// compiled), before any database is touched.
pub const MAX_REVISION_LEN: usize = 191;

//! The library's error type: one enum, each variant carrying the file, line,
//! revision or statement a person needs to act on it.
//!
//! Owns error shapes and their one-paragraph messages. The CLI prints these
//! messages as they are and maps them to exit codes; it adds nothing.

use std::time::Duration;

use crate::config::ConfigError;
use crate::dburl::UrlError;
use crate::revision::{GraphError, TargetError};
use crate::script::ScriptError;

/// A boxed error from user code (a Rust migration closure).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in stillhead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Configuration could not be loaded.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A migration file is malformed.
    #[error(transparent)]
    Script(#[from] ScriptError),
    /// The revision graph is invalid (duplicate id, dangling parent, cycle…).
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// A target (`head`, an id, `-1`…) cannot be resolved or planned.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// The declared schema cannot be read.
    #[cfg(feature = "tools")]
    #[error(transparent)]
    Schema(#[from] crate::schema::parse::SchemaError),
    /// A live database's schema cannot be read.
    #[cfg(feature = "tools")]
    #[error(transparent)]
    Introspect(#[from] crate::schema::introspect::IntrospectError),
    /// A database URL is malformed.
    #[error(transparent)]
    Url(#[from] UrlError),
    /// No database URL was given anywhere.
    #[error("no database URL: pass --url, set DATABASE_URL (in the environment or ./.env), or set [database] url in stillhead.toml")]
    NoUrl,
    /// The URL names a database whose driver this build of stillhead left
    /// out: the library was compiled without that database's cargo feature
    /// (`sqlite`, `postgres` or `mysql`). Nothing was tried; the URL is
    /// read the same in every build.
    #[error("cannot connect to {url}: stillhead was built without the `{feature}` feature, which {dialect} URLs need: enable it in Cargo.toml (stillhead = {{ version = \"0.1\", features = [\"{feature}\"] }})")]
    FeatureDisabled {
        /// The URL, password redacted.
        url: String,
        /// The database the URL names.
        dialect: crate::script::Dialect,
        /// The cargo feature that brings its driver.
        feature: &'static str,
    },
    /// The database could not be opened or reached.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL, password redacted.
        url: String,
        /// The driver's message, password scrubbed.
        message: String,
    },
    /// `stillhead wait` or `--wait`: the server did not accept a connection
    /// before the deadline; each failure was one waiting may fix.
    #[error("{url} did not accept connections within {:.1} s ({attempts} attempts); the last attempt: {last}", waited.as_secs_f64())]
    ServerNotUp {
        /// The URL, password redacted.
        url: String,
        /// How long was waited.
        waited: Duration,
        /// How many connections were tried.
        attempts: u32,
        /// The last attempt's error.
        last: String,
    },
    /// A statement of a migration failed; the run was stopped.
    #[error("{direction} of {revision} failed at statement {index} ({file}:{line}): {message}\n    {sql}\n{outcome}")]
    StatementFailed {
        /// `upgrade` or `downgrade`.
        direction: &'static str,
        /// The migration.
        revision: String,
        /// Its file.
        file: String,
        /// 1-based statement number within the section.
        index: usize,
        /// 1-based file line where the statement starts.
        line: usize,
        /// The statement (shortened if long).
        sql: String,
        /// The database's message.
        message: String,
        /// The database's own code (SQLSTATE, errno), when it gave one.
        code: Option<String>,
        /// The database's error, the driver's own as its `source()`.
        #[source]
        cause: DbError,
        /// What state the database was left in, in words.
        outcome: String,
    },
    /// A Rust migration returned an error.
    #[error("{direction} of {revision} failed in its Rust code: {source}\n{outcome}")]
    RustMigrationFailed {
        /// `upgrade` or `downgrade`.
        direction: &'static str,
        /// The migration.
        revision: String,
        /// The closure's error.
        source: BoxError,
        /// What state the database was left in, in words.
        outcome: String,
    },
    /// Foreign-key violations were found before commit (SQLite, after a table rebuild).
    #[error("{revision} left rows that violate foreign keys, so nothing was committed: {violations}\n{outcome}")]
    ForeignKeyViolation {
        /// The last migration of the transaction that was checked.
        revision: String,
        /// `table(rowid) -> parent` items.
        violations: String,
        /// What state the database was left in, in words.
        outcome: String,
    },
    /// The plan would revert a migration that has no downgrade part.
    #[error("cannot downgrade past {revision}: it is irreversible ({file} has no `-- +downgrade` section); nothing was changed")]
    Irreversible {
        /// The migration.
        revision: String,
        /// Its file.
        file: String,
    },
    /// The migration has no section for this database's dialect.
    #[error("{revision} ({file}) has no `-- +{direction}` section usable on {dialect}")]
    NoSectionForDialect {
        /// The migration.
        revision: String,
        /// Its file.
        file: String,
        /// `upgrade` or `downgrade`.
        direction: &'static str,
        /// The database's dialect.
        dialect: String,
    },
    /// An applied migration's file was changed after it was applied.
    #[error("{revision} was applied with checksum {recorded} but {file} now has checksum {current}: an applied migration was edited. Restore the file, or, if the edit is harmless (a comment, formatting), record the new checksum with `stillhead verify --accept {revision}`")]
    Edited {
        /// The migration.
        revision: String,
        /// Its file.
        file: String,
        /// Checksum stored in the database.
        recorded: String,
        /// Checksum of the file now.
        current: String,
    },
    /// The database records revisions that no migration file defines.
    #[error("the database has {} applied that no migration file defines (is this checkout older than the database?); use `stillhead stamp --purge REV` to reset the record if it is wrong", list(.revisions))]
    UnknownApplied {
        /// The unknown revisions.
        revisions: Vec<String>,
    },
    /// A previous run was interrupted or failed midway through a migration that could not run in a transaction.
    #[error("{revision} is marked in progress since {since} by {owner}{}: a previous run stopped midway and the database may be partly migrated. Check the schema, finish or undo the migration by hand, then record it with `stillhead resolve {revision} --applied` or `--reverted`", statement.map(|s| format!(" (failed at statement {s})")).unwrap_or_default())]
    InProgress {
        /// The migration.
        revision: String,
        /// The failed statement, if known.
        statement: Option<usize>,
        /// When it was marked.
        since: String,
        /// Who marked it.
        owner: String,
    },
    /// stillhead's own tables were written by a newer stillhead, in a
    /// format this one does not know: it must not write them.
    #[error("stillhead's tables in {database} are in format {found}, written by a newer stillhead; this one ({version}) knows formats up to {supported}. Upgrade stillhead to work on this database")]
    StateFormatTooNew {
        /// The database (URL redacted).
        database: String,
        /// The format found.
        found: u32,
        /// The newest format this version knows.
        supported: u32,
        /// This stillhead's version.
        version: &'static str,
    },
    /// A command that would rewrite the record of a run that is alive
    /// (`resolve`, `stamp`, `lock release --force`): its lease is being
    /// renewed, or its process runs on this host (ARCHITECTURE.md, "Locking").
    #[error("`{command}` refused: running now: {holder}. Wait for that run to finish, or stop that process first; `{command}` is for a run that stopped midway")]
    StillRunning {
        /// The migration it runs, or `a migration run` for a lease held for
        /// a whole run.
        revision: String,
        /// Who runs it, what, since when, and why it counts as alive.
        holder: String,
        /// The command refused.
        command: &'static str,
    },
    /// Between this run's transactions another run changed the state so
    /// that the rest of the plan, fixed under the lock when the target was
    /// resolved, no longer follows from it. Nothing more is done: going on
    /// would apply or revert what the target did not name.
    #[error("another run changed {database} while this {direction} was under way: {}; this run stopped (what it completed is recorded) and the database is at {}. Run the command again if its target still stands", overtaken_words(.direction, .revision, .other), list_or_base(.current))]
    Overtaken {
        /// `upgrade` or `downgrade`.
        direction: &'static str,
        /// The database (URL redacted).
        database: String,
        /// The planned revision that can no longer run.
        revision: String,
        /// The revision another run reverted (upgrade) or applied (downgrade).
        other: String,
        /// The current heads when the run stopped.
        current: Vec<String>,
    },
    /// `schema.sql` or the database holds what the schema model does not
    /// describe: a migration written without it would not reproduce
    /// `schema.sql`, so none is written.
    #[cfg(feature = "tools")]
    #[error("stillhead cannot compare {} thing(s) the schema model does not describe, so no migration was written:{}\nWrite them into a migration by hand; to accept them unchecked, list each (its kind, name or attribute) in [autogenerate] ignore", .items.len(), .items.iter().map(|i| format!("\n  not compared: {i}")).collect::<String>())]
    NotCompared {
        /// Each object or attribute, with the side it is on.
        items: Vec<crate::schema::coverage::Uncompared>,
    },
    /// Waiting for another process's lock took longer than `lock_timeout`.
    #[error("timed out after {:.1?} waiting for {lock}{}; raise [migrations] lock_timeout or stop the other process", waited, holder.as_ref().map(|h| format!(" (held by {h})")).unwrap_or_default())]
    LockTimeout {
        /// Which lock.
        lock: String,
        /// Who holds it, where the database can tell.
        holder: Option<String>,
        /// How long we waited.
        waited: Duration,
    },
    /// The server rolled back one of stillhead's transactions to end a
    /// deadlock or a conflicting write (MariaDB 1213, on a Galera cluster a
    /// certification conflict; PostgreSQL 40P01, 40001); where the runner
    /// retries it, the retries did not get past it. No lock was waited for:
    /// a conflict is reported as what it is, never as a
    /// [`Error::LockTimeout`].
    #[error("{context} on {database} was rolled back by the server to end a deadlock or a conflicting write (on a Galera cluster: a certification conflict with another transaction): {source}\n{outcome}")]
    Conflict {
        /// What stillhead was doing.
        context: String,
        /// The database (URL redacted).
        database: String,
        /// The server's error, with its code (errno or SQLSTATE).
        source: DbError,
        /// What state the database was left in, in words.
        outcome: String,
    },
    /// No scratch database could be made (`test`, `check`, autogenerate):
    /// the message says why and what to configure. stillhead never falls
    /// back to the configured database.
    #[error("cannot make a scratch database on {server}: {message}")]
    Scratch {
        /// The server (URL redacted).
        server: String,
        /// Why, and what to configure.
        message: String,
    },
    /// Any other database error, with what stillhead was doing; the
    /// database's code is in the source.
    #[error("{context}: {source}")]
    Database {
        /// What stillhead was doing.
        context: String,
        /// The database's error.
        source: DbError,
    },
    /// `check` of a fleet target that is behind or differs from `schema.sql`.
    #[error("{database} {}", if pending.is_empty() { format!("differs from the declared schema: {}", differences.join("; ")) } else { format!("is not at head ({} pending){}", pending.len(), if differences.is_empty() { String::new() } else { format!(" and differs: {}", differences.join("; ")) }) })]
    #[cfg(feature = "tools")]
    CheckFailed {
        /// The database (URL redacted).
        database: String,
        /// Migrations not applied yet.
        pending: Vec<String>,
        /// The differences, in words.
        differences: Vec<String>,
    },
    /// `baseline` where migrations exist already: a baseline is the first.
    #[error("{dir} holds {count} migration(s) already: a baseline is the first migration of a history. Use `stillhead stamp REV --verify` to record an existing database against them")]
    #[cfg(feature = "tools")]
    BaselineNotFirst {
        /// The migrations folder.
        dir: String,
        /// How many it holds.
        count: usize,
    },
    /// `baseline` of a database that does not exist.
    #[error("{database} does not exist: a baseline is written from a live database")]
    #[cfg(feature = "tools")]
    BaselineNoDatabase {
        /// The database (URL redacted).
        database: String,
    },
    /// `adopt` on a database whose stillhead record is not empty.
    #[error("{database} already records {} revision(s) in stillhead's state table ({}): adopt only fills an empty record (use `stillhead stamp --purge` first to replace it)", revisions.len(), revisions.join(", "))]
    AlreadyRecorded {
        /// The database (URL redacted).
        database: String,
        /// What it records.
        revisions: Vec<String>,
    },
    /// `import` into a migrations folder that already has migrations.
    #[error(
        "{dir} already holds migrations: import into an empty folder, or pass --force to add to it"
    )]
    #[cfg(feature = "tools")]
    ImportTargetNotEmpty {
        /// The folder.
        dir: String,
    },
    /// Another tool's project or history table could not be read or used.
    #[error("{tool}: {message}")]
    #[cfg(feature = "tools")]
    Import {
        /// The tool (`alembic`, `diesel`, …).
        tool: String,
        /// What went wrong, naming the file, line, table or revision.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The migrations folder is missing.
    #[error("migrations folder {dir} {problem}; run `stillhead init` to create a project, or set [migrations] dir in stillhead.toml")]
    #[cfg(feature = "tools")]
    NoMigrationsFolder {
        /// The folder.
        dir: String,
        /// "does not exist", or what is there instead.
        problem: &'static str,
    },
    /// Autogenerate against a database with migrations still to apply.
    #[error("the database is not at head ({} pending: {}); run `stillhead upgrade head` first, so the new migration does not repeat them", .pending.len(), .pending.join(", "))]
    #[cfg(feature = "tools")]
    NotAtHead {
        /// The pending migrations.
        pending: Vec<String>,
    },
    /// The server is a standby or replica; migrations go to the primary.
    #[error("{database} is {server}: migrations are written on the primary, never here. Connect to the primary (a PostgreSQL multi-host URL with `target_session_attrs=read-write` finds it), or pass --allow-read-only-server if this server is meant to be written")]
    ReadOnlyServer {
        /// The database (URL redacted).
        database: String,
        /// What the server is, in words.
        server: &'static str,
    },
    /// `[migrations] dialects` names a server database that no scratch
    /// server is given for: its part could not be computed.
    #[error("[migrations] dialects names {dialect}: autogenerate reads schema.sql and the migrations on a {dialect} database to write its part; name a server with [autogenerate] scratch_urls = [\"{example}\"] (a database there whose settings scratch databases copy; nothing is written to it)")]
    #[cfg(feature = "tools")]
    NoScratchForDialect {
        /// The database kind.
        dialect: crate::script::Dialect,
        /// A URL of that kind, for the message.
        example: &'static str,
    },
    /// The configured database is of a kind `[migrations] dialects` leaves out.
    #[error("[migrations] dialects lists {listed}, not {dialect}, the database's: add it, or new migrations would have no part for the database they run on")]
    #[cfg(feature = "tools")]
    DialectNotListed {
        /// The configured database's kind.
        dialect: crate::script::Dialect,
        /// Those listed.
        listed: String,
    },
    /// Autogenerate found nothing to write.
    #[error("no changes: the database already matches {schema_file}{}", warnings.iter().map(|w| format!("\nwarning: {w}")).collect::<String>())]
    #[cfg(feature = "tools")]
    NoChanges {
        /// The declared schema.
        schema_file: String,
        /// What reading it warned about (a table in another database's
        /// part is often why nothing changed).
        warnings: Vec<String>,
    },
    /// A statement of `schema.sql` failed on the server it was loaded on.
    #[error("{file}:{line}: {source}")]
    #[cfg(feature = "tools")]
    DeclaredSchemaFailed {
        /// The declared schema.
        file: String,
        /// The statement's line.
        line: usize,
        /// The server's error.
        source: DbError,
    },
    /// `revision` without `--head` on a graph with several heads.
    #[error("there are {} heads ({}); pass --head REV to choose the parent, or run `stillhead merge -m \"merge heads\"` first", .heads.len(), .heads.join(", "))]
    #[cfg(feature = "tools")]
    SeveralHeads {
        /// The heads.
        heads: Vec<String>,
    },
    /// `revision --head REV` where REV has children, without `--splice`.
    #[error("{revision} is not a head (it is revised by {}); a new revision on it starts a new branch: add --splice to do that on purpose", .children.join(", "))]
    #[cfg(feature = "tools")]
    NotAHead {
        /// The revision given.
        revision: String,
        /// Its children.
        children: Vec<String>,
    },
    /// A new revision's id is taken.
    #[error("revision id {id} is already used by {file}")]
    #[cfg(feature = "tools")]
    RevisionIdTaken {
        /// The id.
        id: String,
        /// The file that has it.
        file: String,
    },
    /// A revision id longer than stillhead's tables hold
    /// ([`crate::dialect::MAX_REVISION_LEN`]), refused when the migration
    /// set is loaded.
    #[error("{file}: revision id {id} is {length} characters long; stillhead's state tables hold at most {limit} (MariaDB's key column), on every database: shorten it")]
    RevisionIdTooLong {
        /// The id, cut to its first 40 characters.
        id: String,
        /// The file (or Rust migration) that has it.
        file: String,
        /// Its length in characters.
        length: usize,
        /// The longest id the tables hold.
        limit: usize,
    },
    /// `resolve` of a revision that is not marked in progress.
    #[error("{revision} is not marked in progress; nothing to resolve")]
    NotInProgress {
        /// The revision.
        revision: String,
    },
    /// `resolve` or `verify --accept` of a revision the database does not record.
    #[error("{revision} is not recorded in the database")]
    NotRecorded {
        /// The revision.
        revision: String,
    },
    /// Offline SQL for a plan holding a Rust migration.
    #[error("{revision} is a Rust migration: it cannot be rendered as SQL")]
    RustMigrationOffline {
        /// The migration.
        revision: String,
    },
    /// `--rename` that does not fit the two schemas.
    #[cfg(feature = "tools")]
    #[error(transparent)]
    Autogen(#[from] crate::autogen::AutogenError),
    /// A request that makes no sense in the current state (explained in the message).
    #[error("{0}")]
    Invalid(String),
}

fn list(items: &[String]) -> String {
    match items {
        [one] => format!("revision {one}"),
        many => format!("revisions {}", many.join(", ")),
    }
}

/// What another run did that stopped a run ([`Error::Overtaken`]).
fn overtaken_words(direction: &str, revision: &str, other: &str) -> String {
    if direction == "upgrade" {
        format!("{other}, which {revision} builds on, was reverted by another run, and this run does not apply again what another one reverted")
    } else {
        format!("{other}, which builds on {revision}, was applied by another run, and reverting {revision} would revert {other} too, which the target did not name")
    }
}

/// Current heads in words: `base` when nothing is applied.
fn list_or_base(heads: &[String]) -> String {
    if heads.is_empty() {
        "base".to_string()
    } else {
        heads.join(", ")
    }
}

/// A database driver error, already scrubbed of secrets.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DbError {
    /// The driver's message.
    pub message: String,
    /// True when the statement gave up waiting for a lock another
    /// connection holds (SQLite BUSY, PostgreSQL 55P03, MariaDB 1205).
    pub busy: bool,
    /// True when the server rolled the transaction back to end a deadlock
    /// or a conflicting write (MariaDB 1213, on a Galera cluster also a
    /// certification conflict; PostgreSQL 40P01 and 40001): no lock was
    /// waited for up to a timeout, nothing of that transaction was applied,
    /// and the same work may pass when run again.
    pub conflict: bool,
    /// The database's own code: PostgreSQL's SQLSTATE (`42501`), MySQL's
    /// errno (`1044`), SQLite's extended result code; `None` when the error
    /// did not come from the server (a dropped connection, a parse error).
    pub code: Option<String>,
    /// The driver's own error (`rusqlite::Error`, `postgres::Error`,
    /// `mysql::Error`), for a caller that downcasts it; its words are in
    /// `message` already, scrubbed of any password.
    pub cause: Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>,
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DbError {
    /// The driver's error itself (not the `Arc` it is shared in, which
    /// would hide it from `downcast_ref`).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|cause| cause as &(dyn std::error::Error + 'static))
    }
}

impl DbError {
    /// A plain error with a message.
    pub fn new(message: impl Into<String>) -> DbError {
        DbError {
            message: message.into(),
            busy: false,
            conflict: false,
            code: None,
            cause: None,
        }
    }

    /// Attaches what stillhead was doing, turning this into an [`Error`].
    pub fn context(self, context: impl Into<String>) -> Error {
        Error::Database {
            context: context.into(),
            source: self,
        }
    }
}

impl Error {
    /// A stable name for what went wrong (`statement_failed`,
    /// `lock_timeout`, …), for machines: the CLI's `--json` errors carry it.
    pub fn kind(&self) -> &'static str {
        use Error as E;
        match self {
            E::Config(_) => "config",
            E::Script(_) => "script",
            E::Graph(_) => "graph",
            E::Target(_) => "target",
            #[cfg(feature = "tools")]
            E::Schema(_) => "declared_schema",
            #[cfg(feature = "tools")]
            E::Introspect(_) => "introspect",
            E::Url(_) => "url",
            E::NoUrl => "no_url",
            E::FeatureDisabled { .. } => "feature_disabled",
            E::Connect { .. } => "connect",
            E::ServerNotUp { .. } => "server_not_up",
            E::StatementFailed { .. } => "statement_failed",
            E::RustMigrationFailed { .. } => "rust_migration_failed",
            E::ForeignKeyViolation { .. } => "foreign_key_violation",
            E::Irreversible { .. } => "irreversible",
            E::NoSectionForDialect { .. } => "no_section_for_dialect",
            E::Edited { .. } => "edited",
            E::UnknownApplied { .. } => "unknown_applied",
            E::InProgress { .. } => "in_progress",
            E::StateFormatTooNew { .. } => "state_format_too_new",
            E::StillRunning { .. } => "still_running",
            E::Overtaken { .. } => "overtaken",
            #[cfg(feature = "tools")]
            E::NotCompared { .. } => "not_compared",
            E::LockTimeout { .. } => "lock_timeout",
            E::Conflict { .. } => "conflict",
            E::Scratch { .. } => "scratch",
            E::Database { .. } => "database",
            #[cfg(feature = "tools")]
            E::CheckFailed { .. } => "check_failed",
            #[cfg(feature = "tools")]
            E::BaselineNotFirst { .. } => "baseline_not_first",
            #[cfg(feature = "tools")]
            E::BaselineNoDatabase { .. } => "baseline_no_database",
            E::AlreadyRecorded { .. } => "already_recorded",
            #[cfg(feature = "tools")]
            E::ImportTargetNotEmpty { .. } => "import_target_not_empty",
            #[cfg(feature = "tools")]
            E::Import { .. } => "import",
            E::Io { .. } => "io",
            #[cfg(feature = "tools")]
            E::NoMigrationsFolder { .. } => "no_migrations_folder",
            #[cfg(feature = "tools")]
            E::NotAtHead { .. } => "not_at_head",
            E::ReadOnlyServer { .. } => "read_only_server",
            #[cfg(feature = "tools")]
            E::NoScratchForDialect { .. } => "no_scratch_for_dialect",
            #[cfg(feature = "tools")]
            E::DialectNotListed { .. } => "dialect_not_listed",
            #[cfg(feature = "tools")]
            E::NoChanges { .. } => "no_changes",
            #[cfg(feature = "tools")]
            E::DeclaredSchemaFailed { .. } => "declared_schema_failed",
            #[cfg(feature = "tools")]
            E::SeveralHeads { .. } => "several_heads",
            #[cfg(feature = "tools")]
            E::NotAHead { .. } => "not_a_head",
            #[cfg(feature = "tools")]
            E::RevisionIdTaken { .. } => "revision_id_taken",
            E::RevisionIdTooLong { .. } => "revision_id_too_long",
            E::NotInProgress { .. } => "not_in_progress",
            E::NotRecorded { .. } => "not_recorded",
            E::RustMigrationOffline { .. } => "rust_migration_offline",
            #[cfg(feature = "tools")]
            E::Autogen(_) => "autogen",
            E::Invalid(_) => "invalid",
        }
    }

    /// The database's own code for the error where it gave one: SQLSTATE
    /// (PostgreSQL), errno (MariaDB), extended result code (SQLite).
    pub fn code(&self) -> Option<String> {
        use Error as E;
        match self {
            E::Connect { message, .. } => code_in(message),
            E::ServerNotUp { last, .. } => code_in(last),
            E::StatementFailed { code, .. } => code.clone(),
            E::Conflict { source, .. } => source.code.clone(),
            E::Database { source, .. } => source.code.clone(),
            #[cfg(feature = "tools")]
            E::DeclaredSchemaFailed { source, .. } => source.code.clone(),
            _ => None,
        }
    }
}

/// The server's code in a connection error's text, where the library put
/// it: `[SQLSTATE 28P01]` (PostgreSQL), `[error 1045]` (MariaDB).
fn code_in(message: &str) -> Option<String> {
    for (open, valid) in [
        (
            "[SQLSTATE ",
            (|c: char| c.is_ascii_alphanumeric()) as fn(char) -> bool,
        ),
        ("[error ", |c: char| c.is_ascii_digit()),
    ] {
        if let Some(at) = message.rfind(open) {
            let rest = &message[at + open.len()..];
            let code: String = rest.chars().take_while(|c| valid(*c)).collect();
            if !code.is_empty() && rest[code.len()..].starts_with(']') {
                return Some(code);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::code_in;

    #[test]
    fn a_connection_errors_code_is_read_from_where_the_library_puts_it() {
        assert_eq!(
            code_in("password authentication failed for user \"x\" [SQLSTATE 28P01]").as_deref(),
            Some("28P01")
        );
        assert_eq!(
            code_in("Access denied for user 'x'@'h' [error 1045]").as_deref(),
            Some("1045")
        );
        assert_eq!(code_in("Connection refused (os error 111)"), None);
        assert_eq!(code_in("[SQLSTATE 28P0"), None);
        assert_eq!(code_in("[error 12a]"), None);
    }
}

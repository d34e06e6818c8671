//! Scratch databases: somewhere disposable to replay migrations or load
//! `schema.sql` (`test`, `check`, `revision --autogenerate`). Never the
//! configured database: always a separate database that stillhead creates
//! and drops (ARCHITECTURE.md, "Scratch databases").
//!
//! Owns what every backend shares: the request, the name (host, pid, start
//! time), when a leftover of an earlier run may be dropped, the guard that
//! drops a scratch database when its command ends, and the registry that a
//! signal handler empties on Ctrl-C. How a database and its temporary user
//! are made is each backend's own (`postgres::scratch`, `mysql::scratch`,
//! `sqlite::scratch`).
//!
//! The half for servers (the registry's tickets, fencing without a
//! temporary user, names and leftovers' sweep) is used only by the
//! PostgreSQL and MariaDB backends' `scratch`, which their cargo features
//! build; a build without both keeps (some of) it unused.
#![cfg_attr(not(all(feature = "postgres", feature = "mysql")), allow(dead_code))]

use crate::dialect::DialectBackend;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

#[cfg(any(feature = "postgres", feature = "mysql"))]
use super::fence::{Fenced, Refusal};
use super::{ConnectOptions, Connection};
use crate::dburl::DatabaseUrl;
use crate::error::Error;
// Where a temporary user logs in; `admin.rs` keeps it, as `database
// create|drop` reach the server the same way.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub(crate) use super::admin::login_url;

/// What a scratch database is for and where it may be made.
pub struct ScratchRequest<'a> {
    /// The configured database. Only read (its extensions, encoding and
    /// server), never written; `None` = no URL configured (SQLite).
    pub live: Option<&'a DatabaseUrl>,
    /// `[autogenerate] scratch_url` / `--scratch-url`: the server to create
    /// scratch databases on instead of the configured one.
    pub server: Option<&'a DatabaseUrl>,
    /// Options for the scratch connection (PostgreSQL schema, state table, lock timeout).
    pub opts: ConnectOptions,
    /// The SQL that will run in the scratch database, so that what it
    /// creates itself (a PostgreSQL extension) is not created beforehand.
    pub sql: Vec<&'a str>,
}

/// How a scratch database is kept from reaching anything else on its server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fencing {
    /// SQLite in memory; `ATTACH` and `VACUUM INTO` of a file are refused.
    InMemory,
    /// Replayed as a temporary user that can reach only the scratch
    /// database; statements reaching further fail with the server's own error.
    TemporaryUser,
    /// Replayed as the configured user, which may not create users:
    /// statements that reach beyond the scratch database are refused.
    RefusedStatements,
    /// On a server other than the configured database's (`scratch_url`),
    /// as that URL's user, which may not create users there.
    SeparateServer,
}

impl Fencing {
    /// In words, for `-v` output.
    pub fn describe(self) -> &'static str {
        match self {
            Fencing::InMemory => "in memory; ATTACH and VACUUM INTO of files refused",
            Fencing::TemporaryUser => "as a temporary user that reaches only this database",
            Fencing::RefusedStatements => {
                "as the configured user; statements reaching beyond this database refused"
            }
            Fencing::SeparateServer => "on a separate server (scratch_url)",
        }
    }
}

/// Whatever removes a scratch database when it is dropped: a backend's
/// guard, holding the connection to its server.
pub(crate) trait Cleanup {}
impl<T> Cleanup for T {}

/// A scratch database, dropped with its temporary user when this guard goes
/// out of scope (a command's end, an error, a panic), or by
/// [`drop_all_scratch_databases`] from a signal handler.
pub struct Scratch {
    conn: Option<Box<dyn Connection>>,
    name: String,
    server: String,
    fencing: Fencing,
    cleanup: Option<Box<dyn Cleanup>>,
}

impl Scratch {
    /// A guard over an open scratch connection; `cleanup` (none for SQLite
    /// in memory) removes the database when dropped.
    pub(crate) fn new(
        conn: Box<dyn Connection>,
        name: String,
        server: String,
        fencing: Fencing,
        cleanup: Option<Box<dyn Cleanup>>,
    ) -> Scratch {
        Scratch {
            conn: Some(conn),
            name,
            server,
            fencing,
            cleanup,
        }
    }

    /// The connection to the scratch database.
    pub fn conn(&mut self) -> &mut dyn Connection {
        self.conn
            .as_mut()
            .expect("the connection lives as long as the guard")
            .as_mut()
    }

    /// The scratch database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server it lives on (URL redacted).
    pub fn server(&self) -> &str {
        &self.server
    }

    /// How it is fenced off.
    pub fn fencing(&self) -> Fencing {
        self.fencing
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // The session goes first: a database with a session cannot be dropped.
        drop(self.conn.take());
        drop(self.cleanup.take());
    }
}

/// Drops a scratch database from any thread, on a connection of its own.
pub(crate) type Emergency = Box<dyn Fn() + Send + Sync>;

static LIVE: Mutex<BTreeMap<u64, Emergency>> = Mutex::new(BTreeMap::new());
static NEXT_TICKET: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A scratch database's entry in the registry [`drop_all_scratch_databases`]
/// empties; dropping the ticket (once the database is gone) removes it.
pub(crate) struct Ticket(u64);

impl Ticket {
    /// Registers how to drop a scratch database that was just created.
    pub(crate) fn new(emergency: Emergency) -> Ticket {
        let ticket = NEXT_TICKET.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        LIVE.lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(ticket, emergency);
        Ticket(ticket)
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        LIVE.lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.0);
    }
}

/// Drops every scratch database this process has open, each on a new
/// connection. For a Ctrl-C or SIGTERM handler, which runs while the
/// command's own connections are busy; the process should exit right after.
pub fn drop_all_scratch_databases() {
    let all = std::mem::take(&mut *LIVE.lock().unwrap_or_else(|p| p.into_inner()));
    for drop in all.into_values() {
        drop();
    }
}

/// Opens a scratch database for a request: on the configured server, or on
/// `server` if given; SQLite in memory.
pub fn create(req: &ScratchRequest) -> Result<Scratch, Error> {
    let dialect = req.live.map(DatabaseUrl::dialect).unwrap_or_default();
    if let Some(server) = req.server {
        if server.dialect() != dialect {
            return Err(Error::Scratch {
                server: server.redacted().to_string(),
                message: format!(
                    "scratch_url is a {} URL but the database is {}; name a server of the same kind",
                    server.dialect(),
                    dialect
                ),
            });
        }
    }
    dialect.tooling().scratch(req)
}

/// Why a scratch database got no temporary user (the fallback fence says so).
#[derive(Debug, thiserror::Error)]
pub(crate) enum NoTemporaryUser {
    /// The configured user may not create one.
    #[error("{user} may not create {account}s")]
    NotAllowed {
        /// The configured user.
        user: String,
        /// `role` or `user`.
        account: &'static str,
    },
    /// Creating or granting it failed.
    #[error("{0}")]
    Failed(#[from] crate::error::DbError),
    /// `schema.sql` creates an extension that only a superuser may create
    /// (PostgreSQL: one not marked trusted, such as `earthdistance`), and
    /// the configured user, a superuser, loads it instead.
    #[error("schema.sql creates extension {0}, which only a superuser may create")]
    UntrustedExtension(String),
    /// It could not log in (`pg_hba.conf` may allow only some users).
    #[error("the temporary user cannot log in: {0}")]
    Login(Error),
}

/// How a scratch database that could not get a temporary user is fenced:
/// on the configured server, its connection refuses the statements `refuse`
/// names (a backend's rules); on a separate server (`scratch_url`) nothing
/// more is needed.
pub(crate) fn fallback_fencing(same_server: bool) -> Fencing {
    if same_server {
        Fencing::RefusedStatements
    } else {
        Fencing::SeparateServer
    }
}

/// `conn`, wrapped in the refusal rules if `fencing` asks for them. `why`
/// says why no temporary `account` ("role", "user") could be made, and
/// `privilege` is the one that would let the server fence instead
/// (`CREATEROLE`, `CREATE USER`): without it the fence is stillhead's
/// reading of each statement, which is said in a warning.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub(crate) fn apply_fencing(
    conn: Box<dyn Connection>,
    fencing: Fencing,
    why: &str,
    (account, privilege): (&str, &str),
    refuse: impl FnOnce() -> Refusal,
) -> Box<dyn Connection> {
    if fencing != Fencing::RefusedStatements {
        return conn;
    }
    // An empty `privilege`: the configured user has it, and chose not to.
    let grant = if privilege.is_empty() {
        String::new()
    } else {
        format!("grant the configured user {privilege}, or ")
    };
    tracing::warn!(
        "no temporary {account} could be made for the scratch database ({why}), so it is fenced off by stillhead refusing each statement that names anything beyond it, not by the server; {grant}set [autogenerate] scratch_url to a separate server"
    );
    let because = format!(
        "stillhead could not create a temporary {account} to fence the scratch database off ({why}), so statements that reach beyond it are refused; set [autogenerate] scratch_url to a separate server, or let the user create {account}s"
    );
    Box::new(Fenced::new(conn, refuse(), because))
}

/// The end of a "cannot create a scratch database" message: what to do
/// instead, whether `scratch_url` was `named` already or not.
pub(crate) fn create_failed(what: &str, named: bool) -> String {
    let instead = if named {
        "or name another server with scratch_url"
    } else {
        "or set [autogenerate] scratch_url in stillhead.toml (or --scratch-url) to a server where it may"
    };
    format!("{what}, {instead}. stillhead never uses the configured database as a scratch")
}

/// The message for a server that takes no writes: `which` (scratch_url or
/// the configured server) is `state`; `example` a scratch_url to give.
pub(crate) fn read_only_server(named: bool, state: &str, example: &str) -> String {
    let which = if named {
        "scratch_url"
    } else {
        "the configured database"
    };
    format!(
        "{which} is {state}, where no database can be created, and stillhead writes only to a primary. Set [autogenerate] scratch_url in stillhead.toml (or pass --scratch-url) to a writable server, such as the primary: scratch_url = \"{example}\""
    )
}

/// Logs what the sweep did with one leftover.
pub(crate) fn log_sweep<E: std::fmt::Display>(name: &str, result: Result<(), E>) {
    match result {
        Ok(()) => tracing::info!(scratch = %name, "dropped a leftover scratch database"),
        Err(e) => tracing::debug!(scratch = %name, error = %e, "leftover scratch database kept"),
    }
}

/// The prefix of every scratch database's (and temporary user's) name.
pub const PREFIX: &str = "stillhead_scratch_";

/// A leftover older than this is dropped whatever its process looks like.
const ABANDONED_AFTER_SECS: u64 = 3600;

/// A scratch database's name: `stillhead_scratch_{host}_{pid}_{unix seconds}_{serial}`,
/// so that a later run can tell whether the run that made it is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScratchName {
    /// This machine's host name, letters and digits only, at most 16.
    pub host: String,
    /// The process that made it.
    pub pid: u32,
    /// When it was made (seconds since the Unix epoch).
    pub started: u64,
    /// Tells apart two scratch databases of one process (autogenerate
    /// prepares both sides at once).
    pub serial: u32,
}

impl ScratchName {
    /// A fresh name for this process.
    pub fn fresh() -> ScratchName {
        static SERIAL: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        ScratchName {
            host: Self::this_host(),
            pid: std::process::id(),
            started: unix_now(),
            serial: SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Reads a name back; `None` if it is not a scratch database's.
    pub fn parse(name: &str) -> Option<ScratchName> {
        let rest = name.strip_prefix(PREFIX)?;
        let mut parts = rest.rsplitn(4, '_');
        let serial = parts.next()?.parse().ok()?;
        let started = parts.next()?.parse().ok()?;
        let pid = parts.next()?.parse().ok()?;
        let host = parts.next()?.to_string();
        Some(ScratchName {
            host,
            pid,
            started,
            serial,
        })
    }

    /// Whether the run that made it is surely gone: older than an hour, or
    /// made on this host by a process that no longer runs. A database that
    /// a session is connected to is never abandoned (the caller checks).
    pub fn abandoned(&self, now: u64) -> bool {
        now.saturating_sub(self.started) > ABANDONED_AFTER_SECS
            || (self.host == Self::this_host() && !process_alive(self.pid, self.started))
    }

    /// This machine's host name as names carry it: letters and digits,
    /// lower-cased, at most 16.
    pub fn this_host() -> String {
        let raw = whoami::hostname().unwrap_or_else(|_| "host".into());
        let host: String = raw
            .trim()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .take(16)
            .collect();
        if host.is_empty() {
            "host".into()
        } else {
            host
        }
    }
}

impl std::fmt::Display for ScratchName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{PREFIX}{}_{}_{}_{}",
            self.host, self.pid, self.started, self.serial
        )
    }
}

/// Of leftover scratch names `(name, in use by a session)`, those to drop.
pub(crate) fn abandoned(leftovers: impl IntoIterator<Item = (String, bool)>) -> Vec<String> {
    let now = unix_now();
    leftovers
        .into_iter()
        .filter(|(name, in_use)| {
            !in_use && ScratchName::parse(name).is_some_and(|n| n.abandoned(now))
        })
        .map(|(name, _)| name)
        .collect()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// Whether `pid` may still be the process that started at `started` (Unix
/// seconds): a reused pid is a dead run; where it cannot be told, the
/// process counts as alive (the one-hour rule still applies).
fn process_alive(pid: u32, started: u64) -> bool {
    let started = i64::try_from(started).unwrap_or(i64::MAX);
    super::process::process_liveness(pid, started) != super::process::Liveness::Dead
}

/// A password for a temporary user: 32 hex digits from the OS's random
/// source (`getrandom`). Where the OS gives none, no weaker password is made
/// up: the scratch database is not made (the error says why).
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub(crate) fn password() -> Result<String, String> {
    let mut seed = [0u8; 16];
    getrandom::fill(&mut seed).map_err(|e| {
        format!("the operating system gave no random bytes for a temporary user's password: {e}")
    })?;
    Ok(seed.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        let name = ScratchName::fresh();
        let text = name.to_string();
        assert!(text.len() <= 63, "{text}: PostgreSQL's identifier limit");
        assert_eq!(ScratchName::parse(&text), Some(name));
        assert_eq!(ScratchName::parse("stillhead_version"), None);
        assert_eq!(ScratchName::parse("stillhead_scratch_x_1_2"), None);
    }

    #[test]
    fn leftovers_of_dead_or_old_runs_go_but_not_live_or_busy_ones() {
        let me = ScratchName::fresh();
        let now = unix_now();
        let dead = ScratchName {
            // Spawned and waited for: this pid runs nothing now, or
            // something started after the name's time.
            pid: std::process::Command::new("true")
                .spawn()
                .and_then(|mut c| c.wait().map(|_| c.id()))
                .unwrap(),
            started: now - 5,
            ..me.clone()
        };
        let old_elsewhere = ScratchName {
            host: "otherhost".into(),
            started: now - 2 * ABANDONED_AFTER_SECS,
            ..me.clone()
        };
        let recent_elsewhere = ScratchName {
            host: "otherhost".into(),
            started: now - 60,
            ..me.clone()
        };
        let gone = abandoned([
            (me.to_string(), false),
            (dead.to_string(), false),
            (
                ScratchName {
                    serial: 99,
                    ..dead.clone()
                }
                .to_string(),
                true,
            ),
            (old_elsewhere.to_string(), false),
            (recent_elsewhere.to_string(), false),
            ("stillhead_scratch_not_ours".into(), false),
        ]);
        assert_eq!(gone, vec![dead.to_string(), old_elsewhere.to_string()]);
    }

    #[test]
    fn a_reused_pid_is_a_dead_run() {
        // This process started before now: a name made "an hour ago" by
        // this pid belongs to a process that started earlier, not to us.
        assert!(process_alive(std::process::id(), unix_now()));
        if std::path::Path::new("/proc/self/stat").exists() {
            assert!(!process_alive(std::process::id(), unix_now() - 86_400));
        }
    }

    #[test]
    #[cfg(any(feature = "postgres", feature = "mysql"))]
    fn login_urls_replace_user_password_and_database() {
        let url = DatabaseUrl::parse("postgres://app:secret@db:5432/live?sslmode=disable&user=x")
            .unwrap();
        let scratch = login_url(&url, Some(("tmp", "pw")), "scratch").unwrap();
        assert_eq!(
            scratch.expose(),
            "postgres://tmp:pw@db:5432/scratch?sslmode=disable"
        );
        assert_eq!(
            login_url(&url, None, "s").unwrap().redacted(),
            "postgres://app:***@db:5432/s?sslmode=disable"
        );
    }

    #[test]
    #[cfg(any(feature = "postgres", feature = "mysql"))]
    fn temporary_passwords_are_random() {
        assert_eq!(password().unwrap().len(), 32);
        assert_ne!(password().unwrap(), password().unwrap());
    }
}

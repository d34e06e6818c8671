//! What stillhead records about a database, as rows: the state table (one
//! row per applied revision), the append-only log, the lease table (who is
//! running a migration outside a transaction, and until when), their names,
//! and the lock key derived from them. Each backend stores them
//! (`StateStore`, `Leases`).

use serde::Serialize;

/// Names of the state and log tables, validated plain identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    /// The state table: one row per applied revision.
    pub state: String,
    /// The append-only log table.
    pub log: String,
    /// The lease table: at most one row, the runner holding a lease (see
    /// `Leases`), renewed while it works.
    pub lock: String,
    /// Facts about the tables themselves, as `name`/`value` rows; `format`
    /// is [`STATE_FORMAT`] of the stillhead that last brought them up to date.
    pub meta: String,
}

/// The format of stillhead's own tables this version reads and writes.
///
/// 1. The state and the log table (stillhead 0.1 until leases).
/// 2. Also the lease table and the meta table, which records the format.
/// 3. Revision ids compare as the revision graph compares them, byte for
///    byte, on every backend: MariaDB's `revision` columns take a binary
///    collation (`002_b` and `002_B` were one key there).
///
/// An older format is brought up to date in place before a run writes; a
/// newer one is refused (`Error::StateFormatTooNew`).
pub const STATE_FORMAT: u32 = 3;

pub use stillhead_core::MAX_REVISION_LEN;

/// A stable 63-bit lock key for a name (FNV-1a), so every process of every
/// version computes the same advisory lock for one state table.
#[cfg(any(feature = "postgres", feature = "mysql", feature = "tools"))]
pub fn lock_key(name: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 1) as i64
}

impl Tables {
    /// Tables for a validated base name (see [`crate::config::is_plain_identifier`]).
    pub fn new(version_table: &str) -> Tables {
        Tables {
            state: version_table.to_string(),
            log: format!("{version_table}_log"),
            lock: format!("{version_table}_lock"),
            meta: format!("{version_table}_meta"),
        }
    }

    /// Every table of stillhead's own, which schema work leaves alone.
    pub fn own(&self) -> [&str; 4] {
        [&self.state, &self.log, &self.lock, &self.meta]
    }
}

/// A lease this runner writes: it holds until `length` after its last
/// renewal, by the database's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// Tells this runner's lease from any other (renewal and release match on it).
    pub token: String,
    /// Who holds it (`user@host pid N`).
    pub holder: String,
    /// The migration it is running; `None` for a lease held for a whole run.
    pub revision: Option<String>,
    /// When it was taken (RFC 3339, UTC).
    pub acquired_at: String,
    /// How long it holds without renewal.
    pub length: std::time::Duration,
}

/// Who holds the migration lock right now, as the backend can tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockState {
    /// The lock, in words (its kind and name).
    pub lock: String,
    /// Who holds it, where the server can say; `None` when it is free.
    pub holder: Option<String>,
    /// How to end the holder's session where the lock is the server's own
    /// (an advisory lock, `GET_LOCK`), which nothing else can release.
    pub end_session: Option<String>,
}

/// The lease row as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaseRow {
    /// Who holds it.
    pub holder: String,
    /// The migration it is running, if it was taken for one.
    pub revision: Option<String>,
    /// When it was taken.
    pub acquired_at: String,
    /// Until when it holds, as the database writes its time.
    pub expires_at: String,
    /// Whether it still holds, by the database's clock (so no runner's
    /// clock skew matters).
    pub live: bool,
}

/// One row of the state table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateRow {
    /// The revision id.
    pub revision: String,
    /// Checksum of the upgrade part when it was applied (`None` for stamped Rust migrations).
    pub checksum: Option<String>,
    /// When it was applied or stamped (RFC 3339, UTC).
    pub applied_at: String,
    /// `true` while a non-transactional migration is running or after it failed midway.
    pub in_progress: bool,
    /// For an in-progress row: the statement that failed, if one did.
    pub failed_statement: Option<usize>,
    /// Who applied it (`user@host pid N`).
    pub applied_by: String,
}

/// One entry of the append-only log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEntry {
    /// The revision.
    pub revision: String,
    /// What was done.
    pub action: LogAction,
    /// How it ended.
    pub outcome: LogOutcome,
    /// Checksum involved.
    pub checksum: Option<String>,
    /// Start time (RFC 3339, UTC).
    pub started_at: String,
    /// End time (RFC 3339, UTC).
    pub finished_at: String,
    /// Duration in milliseconds.
    pub duration_ms: f64,
    /// Who did it.
    pub applied_by: String,
    /// Error message or note.
    pub message: Option<String>,
}

impl StateRow {
    /// A revision applied (or stamped) at `at` by `by`, not in progress.
    pub fn applied(revision: &str, checksum: Option<&str>, at: &str, by: &str) -> StateRow {
        StateRow {
            revision: revision.to_string(),
            checksum: checksum.map(str::to_string),
            applied_at: at.to_string(),
            in_progress: false,
            failed_statement: None,
            applied_by: by.to_string(),
        }
    }

    /// The same row marked in progress (a migration run outside a
    /// transaction, or one that failed midway at `failed_statement`).
    pub fn marked_in_progress(self, failed_statement: Option<usize>) -> StateRow {
        StateRow {
            in_progress: true,
            failed_statement,
            ..self
        }
    }
}

/// What a log entry records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogAction {
    /// A migration applied.
    Upgrade,
    /// A migration reverted.
    Downgrade,
    /// A revision recorded as applied without running it.
    Stamp,
    /// A revision's record removed without running it.
    Unstamp,
    /// An in-progress mark resolved by hand.
    Resolve,
    /// An edited migration's new checksum accepted.
    Accept,
    /// A stale lease removed by hand (`lock release --force`).
    ReleaseLock,
    /// A revision recorded from another tool's history table (`adopt`).
    Adopt,
    /// An action this version does not know (written by a newer one).
    Other(String),
}

impl LogAction {
    /// As stored in the log table.
    pub fn as_str(&self) -> &str {
        match self {
            LogAction::Upgrade => "upgrade",
            LogAction::Downgrade => "downgrade",
            LogAction::Stamp => "stamp",
            LogAction::Unstamp => "unstamp",
            LogAction::Resolve => "resolve",
            LogAction::Accept => "accept",
            LogAction::ReleaseLock => "release-lock",
            LogAction::Adopt => "adopt",
            LogAction::Other(s) => s,
        }
    }

    /// Reads a stored action.
    pub fn parse(s: &str) -> LogAction {
        match s {
            "upgrade" => LogAction::Upgrade,
            "downgrade" => LogAction::Downgrade,
            "stamp" => LogAction::Stamp,
            "unstamp" => LogAction::Unstamp,
            "resolve" => LogAction::Resolve,
            "accept" => LogAction::Accept,
            "release-lock" => LogAction::ReleaseLock,
            "adopt" => LogAction::Adopt,
            other => LogAction::Other(other.to_string()),
        }
    }
}

impl Serialize for LogAction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// How a logged action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogOutcome {
    /// It completed.
    Ok,
    /// It failed (the entry's message says how).
    Failed,
}

impl LogOutcome {
    /// As stored in the log table.
    pub fn as_str(self) -> &'static str {
        match self {
            LogOutcome::Ok => "ok",
            LogOutcome::Failed => "failed",
        }
    }

    /// Reads a stored outcome (anything but `ok` counts as a failure).
    pub fn parse(s: &str) -> LogOutcome {
        if s == "ok" {
            LogOutcome::Ok
        } else {
            LogOutcome::Failed
        }
    }
}

impl LogEntry {
    /// A successful, instantaneous action (stamps, resolutions, offline
    /// scripts); set `duration_ms`, `outcome` and `message` as needed.
    pub fn done(
        revision: &str,
        action: LogAction,
        checksum: Option<&str>,
        at: &str,
        by: &str,
    ) -> LogEntry {
        LogEntry {
            revision: revision.to_string(),
            action,
            outcome: LogOutcome::Ok,
            checksum: checksum.map(str::to_string),
            started_at: at.to_string(),
            finished_at: at.to_string(),
            duration_ms: 0.0,
            applied_by: by.to_string(),
            message: None,
        }
    }
}

/// Now, as stored in the state and log tables (RFC 3339 UTC, milliseconds).
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Who is running: `user@host pid N`, recorded with every change.
///
/// Asked of the OS once per process (`whoami`: the effective user's name
/// from the user database, the host name from `gethostname`), so a
/// start-up at head, which records nothing, pays for it only once.
pub fn whoami() -> String {
    static WHO: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    WHO.get_or_init(|| {
        // The process's own user first: `$USER` is unset in services,
        // containers and CI, where "unknown" told nobody anything.
        let user = whoami::username()
            .ok()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .unwrap_or_else(|| "unknown".into());
        let host = whoami::hostname()
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .or_else(|| std::env::var("HOSTNAME").ok())
            .unwrap_or_else(|| "localhost".into());
        format!("{user}@{host} pid {}", std::process::id())
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_os_user_is_named_without_the_environment() {
        let id = std::process::Command::new("id")
            .arg("-un")
            .output()
            .unwrap();
        let expected = String::from_utf8(id.stdout).unwrap().trim().to_string();
        assert!(
            whoami().starts_with(&format!("{expected}@")),
            "{}",
            whoami()
        );
    }
}

//! Waiting for a server that is not up yet (`stillhead wait`, `--wait`): a
//! container starting refuses connections, PostgreSQL answers "the
//! database system is starting up" (SQLSTATE 57P03), a host name does not
//! resolve until its container is on the network. Those are tried again
//! with backoff until a deadline. What will not fix itself by waiting (a
//! wrong password, a database that does not exist, a malformed URL) fails
//! at once.

use crate::dialect::DialectBackend;
use std::time::{Duration, Instant};

use super::{connect, ConnectOptions, Connected};
use crate::dburl::DatabaseUrl;
use crate::error::Error;

/// The first pause between two attempts; each next one doubles, up to
/// [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(100);
/// The longest pause between two attempts.
const MAX_PAUSE: Duration = Duration::from_secs(2);

/// Why a connection error may go away by itself (the server is on its way
/// up), or `None` when it will not: authentication, a missing database,
/// anything else the server said once it was up.
pub fn not_up_yet(e: &Error) -> Option<&'static str> {
    let Error::Connect { message, .. } = e else {
        return None;
    };
    let m = message.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| m.contains(w));
    if has(&["[sqlstate 57p03]"]) {
        Some("the server is starting up")
    } else if has(&["connection refused", "[error 2002]", "[error 2003]"]) {
        Some("connection refused")
    } else if has(&[
        "failed to lookup address",
        "name or service not known",
        "temporary failure in name resolution",
        "nodename nor servname",
        "no address associated with hostname",
    ]) {
        Some("the host name does not resolve yet")
    } else if has(&[
        "connection reset",
        "unexpected eof",
        "unexpected end of file",
        "connection closed",
        "broken pipe",
    ]) {
        // A port forwarded to a container whose server is not listening
        // yet accepts the connection and then closes it.
        Some("the server closed the connection before it was ready")
    } else if has(&["timed out", "timeout"]) && !has(&["sqlstate", "[error "]) {
        Some("the connection attempt timed out")
    } else {
        None
    }
}

/// One wait before another attempt, for the caller to tell a person.
#[derive(Debug, Clone)]
pub struct Wait {
    /// Why the last attempt failed in a way waiting may fix.
    pub why: &'static str,
    /// The last attempt's error.
    pub error: String,
    /// How long until the next attempt.
    pub pause: Duration,
    /// How long has been waited so far.
    pub waited: Duration,
    /// Attempts made so far.
    pub attempts: u32,
}

/// How a wait ended well.
#[derive(Debug, Clone, Copy)]
pub struct Waited {
    /// Attempts made (1: the server was up at once).
    pub attempts: u32,
    /// From the first attempt to the one that connected.
    pub waited: Duration,
}

/// Connects to `url` until it answers or `timeout` has passed, pausing
/// between attempts (100 ms, doubling up to 2 s, never past the deadline)
/// while `not_up_yet` says the error may go away; each pause is logged
/// at info level and given to `on_wait`. The connection made is closed: a
/// command then connects as it does without waiting. A SQLite URL has no
/// server and returns at once. A SQLite file that does not exist, with
/// `opts.create` false, counts as up.
pub fn wait_for(
    url: &DatabaseUrl,
    opts: &ConnectOptions,
    timeout: Duration,
    on_wait: impl FnMut(&Wait),
) -> Result<Waited, Error> {
    retry(url, timeout, on_wait, || {
        connect(url, opts).map(|_: Connected| ())
    })
}

/// [`wait_for`] the server `url` is on, reached as `stillhead database
/// create` reaches it (PostgreSQL: its `postgres` database; MariaDB: no
/// database), so the database `url` names need not exist.
pub fn wait_for_server(
    url: &DatabaseUrl,
    opts: &ConnectOptions,
    timeout: Duration,
    on_wait: impl FnMut(&Wait),
) -> Result<Waited, Error> {
    let admin = url.dialect().backend().admin();
    retry(url, timeout, on_wait, || admin.reach_server(url, opts))
}

fn retry(
    url: &DatabaseUrl,
    timeout: Duration,
    mut on_wait: impl FnMut(&Wait),
    mut attempt: impl FnMut() -> Result<(), Error>,
) -> Result<Waited, Error> {
    let start = Instant::now();
    let deadline = start + timeout;
    let mut pause = FIRST_PAUSE;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let error = match attempt() {
            Ok(()) => {
                return Ok(Waited {
                    attempts,
                    waited: start.elapsed(),
                })
            }
            Err(e) => e,
        };
        let Some(why) = not_up_yet(&error) else {
            return Err(error);
        };
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::ServerNotUp {
                url: url.redacted().to_string(),
                waited: start.elapsed(),
                attempts,
                last: error.to_string(),
            });
        }
        let this_pause = pause.min(deadline - now);
        let wait = Wait {
            why,
            error: error.to_string(),
            pause: this_pause,
            waited: start.elapsed(),
            attempts,
        };
        tracing::info!(
            "{}: {why}; trying again in {} ms ({:.1} s of {:.1} s waited)",
            url.redacted(),
            this_pause.as_millis(),
            wait.waited.as_secs_f64(),
            timeout.as_secs_f64()
        );
        on_wait(&wait);
        std::thread::sleep(this_pause);
        pause = (pause * 2).min(MAX_PAUSE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connect_error(message: &str) -> Error {
        Error::Connect {
            url: "postgres://x@h/db".into(),
            message: message.into(),
        }
    }

    #[test]
    fn only_a_server_on_its_way_up_is_waited_for() {
        for (message, waits) in [
            ("error connecting to server: Connection refused (os error 111)", true),
            ("the database system is starting up [SQLSTATE 57P03]", true),
            ("error connecting to server: failed to lookup address information: Name or service not known", true),
            ("Connection reset by peer (os error 104)", true),
            ("password authentication failed for user \"app\" [SQLSTATE 28P01]", false),
            ("database \"nope\" does not exist [SQLSTATE 3D000]", false),
            ("Access denied for user 'root'@'localhost' [error 1045]", false),
            ("Unknown database 'nope' [error 1049]", false),
            ("canceling statement due to statement timeout [SQLSTATE 57014]", false),
        ] {
            assert_eq!(
                not_up_yet(&connect_error(message)).is_some(),
                waits,
                "{message}"
            );
        }
        assert!(not_up_yet(&Error::NoUrl).is_none());
    }
}

//! What a server does for a database as a whole, beside migrating it: create
//! and drop the database a URL names (`stillhead database create|drop`, as
//! dbmate and sqlx-cli do), and cancel a statement running on another
//! session of it (the CLI's Ctrl-C and SIGTERM). One [`DatabaseAdmin`] per
//! backend, in that backend's `admin.rs`, reached through
//! [`super::Backend::admin`].

use std::time::Duration;

use super::{ConnectOptions, Connection};
use crate::dburl::DatabaseUrl;
use crate::error::{DbError, Error};

/// Creating, dropping and reaching into the sessions of a database.
pub trait DatabaseAdmin: Sync {
    /// The database's name as the server knows it (SQLite: the file's path).
    fn name(&self, url: &DatabaseUrl) -> Result<String, Error>;
    /// Connects to the server the URL is on the way `create` does, without
    /// the database the URL names (SQLite: nothing to reach).
    fn reach_server(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error>;
    /// Whether the database the URL names exists, asked of the server
    /// without connecting to that database.
    fn exists(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<bool, Error>;
    /// Creates the database the URL names; it must not exist.
    fn create(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error>;
    /// Drops the database the URL names; it must exist.
    fn drop(&self, url: &DatabaseUrl, opts: &ConnectOptions) -> Result<(), Error>;
    /// A query whose one value is the server's id of the session it runs in
    /// (PostgreSQL `pg_backend_pid()`); `None` where there is no such id.
    fn session_id_sql(&self) -> Option<&'static str> {
        None
    }
    /// Asks the server, on `conn` (another session of the same server), to
    /// cancel the statement session `id` is running; `false` when the server
    /// says there was no such session.
    fn cancel_session(&self, _conn: &mut dyn Connection, _id: u64) -> Result<bool, DbError> {
        Ok(false)
    }
}

/// Whether a database existed before a [`create`] or [`drop`], which then
/// did nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Created, or dropped.
    Done,
    /// `create` of a database that exists, or `drop` of one that does not.
    AlreadySo,
}

/// Creates the database `url` names unless it exists (as sqlx-cli does,
/// an existing one is not an error).
pub fn create(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Outcome, Error> {
    let admin = url.dialect().backend().admin();
    if admin.exists(url, opts)? {
        return Ok(Outcome::AlreadySo);
    }
    admin.create(url, opts)?;
    Ok(Outcome::Done)
}

/// Drops the database `url` names if it exists.
pub fn drop(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Outcome, Error> {
    let admin = url.dialect().backend().admin();
    if !admin.exists(url, opts)? {
        return Ok(Outcome::AlreadySo);
    }
    admin.drop(url, opts)?;
    Ok(Outcome::Done)
}

/// Whether the database `url` names exists.
pub fn exists(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<bool, Error> {
    url.dialect().backend().admin().exists(url, opts)
}

/// The name of the database `url` names.
pub fn name(url: &DatabaseUrl) -> Result<String, Error> {
    url.dialect().backend().admin().name(url)
}

/// Stops the statement a connection is running, from another thread: the
/// server session's id and a way to reach the server again (PostgreSQL,
/// MariaDB), or a handle into the same process's database (SQLite).
/// Made by [`Connection::canceller`] while the connection is idle.
pub struct Canceller {
    how: How,
}

enum How {
    /// Another connection with the same URL asks the server to cancel it.
    Session {
        url: DatabaseUrl,
        opts: ConnectOptions,
        id: u64,
    },
    /// An in-process interrupt (SQLite's `sqlite3_interrupt`).
    Interrupt(Box<dyn Fn() + Send + Sync>),
}

impl Canceller {
    /// A canceller that reaches session `id` of the server `url` names.
    pub fn session(url: &DatabaseUrl, id: u64) -> Canceller {
        Canceller {
            how: How::Session {
                url: url.clone(),
                opts: ConnectOptions {
                    create: false,
                    schema: None,
                    ..ConnectOptions::default()
                },
                id,
            },
        }
    }

    /// A canceller that calls `interrupt`.
    pub fn interrupt(interrupt: impl Fn() + Send + Sync + 'static) -> Canceller {
        Canceller {
            how: How::Interrupt(Box::new(interrupt)),
        }
    }

    /// The server session it cancels, in words (`session 4711 on URL`).
    pub fn describe(&self) -> String {
        match &self.how {
            How::Session { url, id, .. } => format!("session {id} on {}", url.redacted()),
            How::Interrupt(_) => "this process's database connection".into(),
        }
    }

    /// Cancels the running statement, waiting at most `timeout` for the
    /// server to take the request (the second connection is made and used
    /// on a thread of its own; past the timeout it is left to finish or
    /// fail by itself). `Ok(true)`: the server took it; `Ok(false)`: it
    /// found no such session.
    pub fn cancel(&self, timeout: Duration) -> Result<bool, Error> {
        let (url, opts, id) = match &self.how {
            How::Interrupt(interrupt) => {
                interrupt();
                return Ok(true);
            }
            How::Session { url, opts, id } => (url.clone(), opts.clone(), *id),
        };
        let redacted = url.redacted().to_string();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let result = (|| {
                let mut conn = match super::connect(&url, &opts)? {
                    super::Connected::Open(conn) => conn,
                    super::Connected::Missing => return Ok(false),
                };
                let admin = url.dialect().backend().admin();
                admin
                    .cancel_session(conn.as_mut(), id)
                    .map_err(|e| e.context(format!("cancelling session {id}")))
            })();
            let _ = send.send(result);
        });
        receive.recv_timeout(timeout).unwrap_or_else(|_| {
            Err(Error::Connect {
                url: redacted,
                message: format!(
                    "no answer within {} ms to the request to cancel session {id}",
                    timeout.as_millis()
                ),
            })
        })
    }
}

impl std::fmt::Debug for Canceller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// The session id in the one value of a [`DatabaseAdmin::session_id_sql`]
/// query's rows.
pub(super) fn session_id(rows: &[Vec<super::Value>]) -> Option<u64> {
    rows.first()
        .and_then(|r| r.first())
        .and_then(|v| v.to_text().trim().parse::<u64>().ok())
}

/// The URL of another database on the server `url` is on (`None`: no
/// database, as MariaDB allows), with the same user, password and options
/// but `?schema=`, which names a schema of the database left.
pub(crate) fn maintenance_url(
    url: &DatabaseUrl,
    database: Option<&str>,
) -> Result<DatabaseUrl, Error> {
    let other = super::scratch::login_url(url, None, database.unwrap_or(""))?;
    DatabaseUrl::parse(&other.expose_without("schema")).map_err(Error::from)
}

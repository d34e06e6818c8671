//! What a server does for a database as a whole, beside migrating it: create
//! and drop the database a URL names (`stillhead database create|drop`, as
//! dbmate and sqlx-cli do): one [`DatabaseAdmin`] per backend, in that
//! backend's `admin.rs`, reached through [`super::Backend::admin`]. And
//! [`Canceller`]: what stops a connection's running statement from another
//! thread (the CLI's Ctrl-C and SIGTERM), which each backend's connection
//! makes with its own means (`Connection::canceller`).

use crate::dialect::DialectBackend;
use std::sync::Arc;
use std::time::Duration;

use super::{ConnectOptions, Dialect};
use crate::dburl::DatabaseUrl;
use crate::error::Error;

/// Creating and dropping the database a URL names.
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
    /// (PostgreSQL `pg_backend_pid()`): what the default
    /// [`super::Connection::canceller`] asks once, then hands to
    /// [`DatabaseAdmin::session_canceller`]. `None` where the backend's
    /// connection makes its canceller itself.
    fn session_id_sql(&self) -> Option<&'static str> {
        None
    }
    /// What cancels the statement session `id` of the database `url`
    /// names is running, from a second connection.
    fn session_canceller(&self, _url: &DatabaseUrl, _id: u64) -> Option<Canceller> {
        None
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
#[cfg(feature = "tools")]
pub fn name(url: &DatabaseUrl) -> Result<String, Error> {
    url.dialect().backend().admin().name(url)
}

/// A cancel request: given the statement the caller believes runs, if it
/// knows one.
type Request = dyn Fn(Option<&str>) -> Result<(), Error> + Send + Sync;

/// Stops the statement a connection is running, from another thread (the
/// CLI's Ctrl-C and SIGTERM handler): what the backend needs to ask for it,
/// gathered while the connection was idle by
/// [`super::Connection::canceller`] (PostgreSQL: `pg_backend_pid()`, for
/// `pg_cancel_backend` on a second connection; MariaDB: the handshake's
/// connection id, for `KILL QUERY` on a second connection; SQLite: its
/// interrupt handle), and how to send the request.
#[derive(Clone)]
pub struct Canceller {
    what: String,
    request: Arc<Request>,
}

impl Canceller {
    /// A canceller of `what` (words for a person: which session) that calls
    /// `request` to cancel, with the statement the caller believes runs.
    pub fn new(
        what: impl Into<String>,
        request: impl Fn(Option<&str>) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Canceller {
        Canceller {
            what: what.into(),
            request: Arc::new(request),
        }
    }

    /// What it cancels, in words.
    pub fn describe(&self) -> &str {
        &self.what
    }

    /// Asks for the running statement to be cancelled, waiting at most
    /// `timeout` for the request to be sent (it may need a connection of
    /// its own, made on a thread of its own; past the timeout that thread
    /// is left to finish or fail by itself). `running` is the statement the
    /// caller saw start (as the runner's `Observer::statement` gave it),
    /// which a backend that cancels by session id checks the session runs
    /// (PostgreSQL), so that a session serving someone else by then is
    /// never touched; without it such a backend cancels nothing. The
    /// server does not say whether a statement was running.
    pub fn cancel(&self, running: Option<&str>, timeout: Duration) -> Result<(), Error> {
        let (send, receive) = std::sync::mpsc::channel();
        let request = Arc::clone(&self.request);
        let running = running.map(str::to_string);
        std::thread::spawn(move || {
            let _ = send.send(request(running.as_deref()));
        });
        receive.recv_timeout(timeout).unwrap_or_else(|_| {
            Err(Error::Invalid(format!(
                "no answer within {} ms to the request to cancel the statement of {}",
                timeout.as_millis(),
                self.what
            )))
        })
    }
}

impl std::fmt::Debug for Canceller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

/// The URL of another database on the server `url` is on (`None`: no
/// database, as MariaDB allows), with the same user, password and options
/// but `?schema=`, which names a schema of the database left. The servers'
/// (SQLite has no other database).
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub(crate) fn maintenance_url(
    url: &DatabaseUrl,
    database: Option<&str>,
) -> Result<DatabaseUrl, Error> {
    let other = login_url(url, None, database.unwrap_or(""))?;
    DatabaseUrl::parse(&other.expose_without("schema")).map_err(Error::from)
}

/// `url` with another user, password and database (a maintenance database;
/// for the tooling, a scratch database itself or a temporary user's login
/// to it); query parameters that would override them are removed.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub(crate) fn login_url(
    url: &DatabaseUrl,
    login: Option<(&str, &str)>,
    database: &str,
) -> Result<DatabaseUrl, Error> {
    let bad = |reason: String| Error::Scratch {
        server: url.redacted().to_string(),
        message: reason,
    };
    let mut parsed = url::Url::parse(url.expose()).map_err(|e| bad(e.to_string()))?;
    if let Some((user, pw)) = login {
        parsed
            .set_username(user)
            .and_then(|()| parsed.set_password(Some(pw)))
            .map_err(|()| bad("its URL cannot carry a user name".into()))?;
    }
    parsed.set_path(&format!("/{database}"));
    crate::dburl::remove_params(&mut parsed, |key| {
        matches!(key, "user" | "password" | "dbname")
    });
    DatabaseUrl::parse(parsed.as_str()).map_err(Error::from)
}

/// The [`DatabaseAdmin`] of a backend built without its driver's cargo
/// feature: every request is refused (`Error::FeatureDisabled`), nothing is
/// tried.
struct Disabled(Dialect);

static DISABLED: [Disabled; 3] = [
    Disabled(Dialect::Sqlite),
    Disabled(Dialect::Postgres),
    Disabled(Dialect::Mysql),
];

/// `dialect`'s admin in a build without its driver (`Backend::admin`'s
/// default).
pub(crate) fn disabled(dialect: Dialect) -> &'static dyn DatabaseAdmin {
    match dialect {
        Dialect::Sqlite => &DISABLED[0],
        Dialect::Postgres => &DISABLED[1],
        Dialect::Mysql => &DISABLED[2],
    }
}

impl Disabled {
    fn refuse<T>(&self, url: &DatabaseUrl) -> Result<T, Error> {
        Err(super::backend::feature_disabled(self.0, url.redacted()))
    }
}

impl DatabaseAdmin for Disabled {
    fn name(&self, url: &DatabaseUrl) -> Result<String, Error> {
        self.refuse(url)
    }
    fn reach_server(&self, url: &DatabaseUrl, _opts: &ConnectOptions) -> Result<(), Error> {
        self.refuse(url)
    }
    fn exists(&self, url: &DatabaseUrl, _opts: &ConnectOptions) -> Result<bool, Error> {
        self.refuse(url)
    }
    fn create(&self, url: &DatabaseUrl, _opts: &ConnectOptions) -> Result<(), Error> {
        self.refuse(url)
    }
    fn drop(&self, url: &DatabaseUrl, _opts: &ConnectOptions) -> Result<(), Error> {
        self.refuse(url)
    }
}

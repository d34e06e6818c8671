//! The `postgres` crate's blocking client, made safe to call from inside an
//! async runtime (ARCHITECTURE.md, "Async applications").
//!
//! The blocking client drives a private tokio runtime of its own, and tokio
//! refuses to start a runtime on a thread that is already running one's
//! task: a call from an `async fn` (an axum handler, `#[tokio::main]`)
//! panicked with "Cannot start a runtime from within a runtime". SQLite's
//! and MariaDB's drivers are plain blocking code and have no such limit.
//!
//! So every call into the driver goes through [`outside_async`]: on a
//! thread with no runtime (the CLI, a plain `main`, stillhead's own async
//! API, which runs the runner on a thread of its own) it is a direct call;
//! on a thread inside a runtime the call runs on a short-lived scoped
//! thread, which has none, and the caller's thread waits for it. That
//! blocks the caller's worker for the call, as any blocking call in async
//! code does: an application that cares uses the `tokio` feature's async
//! functions instead.

use postgres::tls::{MakeTlsConnect, TlsConnect};
use postgres::{Client, Config, Socket};

/// Runs `work` where the driver may start its runtime: here, or on a
/// scoped thread of its own when this thread is inside a tokio runtime.
///
/// `Handle::try_current` also answers inside `spawn_blocking`, where a
/// direct call would be allowed; there the hop is merely unneeded (tokio
/// gives no public way to tell the two apart), and it costs a thread start.
pub(super) fn outside_async<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    if tokio::runtime::Handle::try_current().is_err() {
        return work();
    }
    std::thread::scope(|scope| match scope.spawn(work).join() {
        Ok(result) => result,
        // The driver panicked: let it go on as if it had been called here.
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

/// The driver's client, every call made through [`outside_async`].
///
/// It exposes the few calls stillhead makes, each under the driver's own
/// name, so the code reads as plain driver code.
pub(crate) struct PgClient {
    /// Always `Some` until dropped: `Drop` takes it out, to close it
    /// outside any runtime too.
    inner: Option<Client>,
}

impl PgClient {
    /// Connects with the driver's `Config` and a TLS connector.
    pub(super) fn connect<T>(config: &Config, tls: T) -> Result<PgClient, postgres::Error>
    where
        T: MakeTlsConnect<Socket> + 'static + Send,
        T::TlsConnect: Send,
        T::Stream: Send,
        <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
    {
        let client = outside_async(|| config.connect(tls))?;
        Ok(PgClient {
            inner: Some(client),
        })
    }

    /// Gives back the driver's client.
    pub(super) fn into_inner(mut self) -> Client {
        self.inner
            .take()
            .expect("the client is only taken out when dropped")
    }

    /// Runs a call on the driver's client.
    pub(super) fn call<R: Send>(&mut self, work: impl FnOnce(&mut Client) -> R + Send) -> R {
        let client = self
            .inner
            .as_mut()
            .expect("the client is only taken out when dropped");
        outside_async(|| work(client))
    }

    /// `Client::batch_execute`: statements by the simple protocol, no rows.
    pub(super) fn batch_execute(&mut self, sql: &str) -> Result<(), postgres::Error> {
        self.call(|client| client.batch_execute(sql))
    }

    /// `Client::simple_query`: statements by the simple protocol, rows as text.
    pub(super) fn simple_query(
        &mut self,
        sql: &str,
    ) -> Result<Vec<postgres::SimpleQueryMessage>, postgres::Error> {
        self.call(|client| client.simple_query(sql))
    }
}

impl From<Client> for PgClient {
    /// A client the application connected itself.
    fn from(client: Client) -> PgClient {
        PgClient {
            inner: Some(client),
        }
    }
}

impl Drop for PgClient {
    /// Closing the client also runs its runtime (it sends a `Terminate`), so
    /// it too happens outside any async runtime.
    fn drop(&mut self) {
        if let Some(client) = self.inner.take() {
            outside_async(move || drop(client));
        }
    }
}

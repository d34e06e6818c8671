//! PostgreSQL backend (the synchronous `postgres` crate: the runner is
//! blocking, and this crate gives a blocking client without the caller
//! managing an async runtime).
//!
//! DDL is transactional, so each run (or migration) commits with its state
//! change. Concurrent runs are serialised by a transaction advisory lock
//! (`pg_advisory_xact_lock`) that every transaction of a run takes with its
//! `BEGIN`, so no lock outlives a transaction on a pooled connection; its
//! key is derived from the schema and state-table name; waiting for it is
//! bounded by `lock_timeout`, and a timeout names the holding backend. The
//! runner's own statements go by the simple protocol with literals: no named
//! prepared statement exists for a transaction pooler to hand to another
//! client (a Rust migration's parameterised queries go by the unnamed statement).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use postgres::types::{ToSql, Type};
use postgres::Client;

use super::client::PgClient;

use super::sql::SQL;
use crate::dburl::{scrub, DatabaseUrl};
use crate::dialect::sql::{
    delete_state, format_of, insert_log, insert_state, select_format, text, SqlText, LOG_COLUMNS,
    STATE_COLUMNS,
};
use crate::dialect::{
    lock_key, ConnectOptions, Connected, Connection, Dialect, Executor, Lease, LeaseRenewer,
    LeaseRow, Leases, LockState, Locker, LogAction, LogEntry, LogOutcome, RunHooks, StateRow,
    StateStore, Tables, Timeouts, Transactions, Value,
};
use crate::error::{DbError, Error};

/// A connection to one PostgreSQL database (and schema).
pub struct PostgresConnection {
    /// The driver's client; reach it through [`Self::client`], which first
    /// sends what is held back in `pending`.
    pub(super) raw: PgClient,
    url: DatabaseUrl,
    lock_key: i64,
    /// SQL of ours held back to ride with the next round trip: the `BEGIN`
    /// of a transaction (sent with its first statement) and the recording of
    /// a finished migration (sent with the `COMMIT`). One migration per
    /// transaction costs two round trips fewer.
    pending: String,
    /// `pending` holds a recorded step, whose failure must not be blamed on
    /// a migration statement: it is never sent together with one.
    pending_step: bool,
    /// Inside a transaction this connection began.
    in_transaction: bool,
    /// Inside a run holding the migration lock, and how long to wait for it.
    locked_for: Option<Duration>,
    /// `[database] schema`, set again in each transaction.
    schema: Option<String>,
    /// `SET LOCAL` bounds for statements run outside a transaction (a
    /// `transaction: false` migration), each sent in a transaction of its own.
    outside_bounds: String,
    /// What this connection was opened with, for a second one (the lease's
    /// renewer).
    opts: ConnectOptions,
    /// The token of the lease this connection's run holds, while it holds one.
    held_lease: Option<String>,
    /// The token of a lease its heartbeat found taken away (by a runner
    /// that took it over, or `lock release --force`), shared with the
    /// renewer: the run stops before its next statement (ARCHITECTURE.md,
    /// "Locking"), as on Galera.
    lost_lease: Arc<Mutex<Option<String>>>,
}

/// `CREATE SCHEMA IF NOT EXISTS`, safe when many instances start at once.
/// `IF NOT EXISTS` only looks before it writes: two sessions creating the
/// same schema both pass the look, and the one that commits second fails on
/// the catalog's unique index (23505, or 42P06). By then the schema exists,
/// so one more try sees it and succeeds.
fn create_schema(client: &mut PgClient, schema: &str) -> Result<(), postgres::Error> {
    let sql = format!("CREATE SCHEMA IF NOT EXISTS {}", ident(schema));
    match client.batch_execute(&sql) {
        Err(e)
            if matches!(
                e.code(),
                Some(&postgres::error::SqlState::UNIQUE_VIOLATION)
                    | Some(&postgres::error::SqlState::DUPLICATE_SCHEMA)
            ) =>
        {
            client.batch_execute(&sql)
        }
        done => done,
    }
}

/// The options with the schema a URL's `?schema=NAME` picks, as
/// `[database] schema` does (and winning over it: a fleet's URLs name one
/// schema each); the driver does not know the parameter.
fn with_url_schema(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<ConnectOptions, String> {
    match url.param("schema").filter(|s| !s.is_empty()) {
        Some(schema) if !crate::config::is_plain_identifier(&schema) => Err(format!(
            "?schema={schema:?} is not a plain identifier (letters, digits and _, not starting with a digit), as [database] schema must be"
        )),
        Some(schema) => Ok(ConnectOptions {
            schema: Some(schema),
            ..opts.clone()
        }),
        None => Ok(opts.clone()),
    }
}

/// Turns a driver error into a `DbError` with the server's message, detail
/// and hint, and no password.
pub(super) fn db_err(e: postgres::Error, url: &DatabaseUrl) -> DbError {
    let (message, busy, code) = match e.as_db_error() {
        Some(db) => {
            let mut m = db.message().to_string();
            if let Some(d) = db.detail() {
                m.push_str(&format!(" ({d})"));
            }
            if let Some(h) = db.hint() {
                m.push_str(&format!("; hint: {h}"));
            }
            let busy = db.code() == &postgres::error::SqlState::LOCK_NOT_AVAILABLE;
            let code = db.code().code();
            (
                format!("{m} [SQLSTATE {code}]"),
                busy,
                Some(code.to_string()),
            )
        }
        // The server went away (stopped, crashed, failed over): say which.
        None if e.is_closed() => (
            format!(
                "the connection to {} was closed: the server stopped or failed over",
                url.redacted()
            ),
            false,
            None,
        ),
        None => (e.to_string(), false, None),
    };
    // The server rolled the transaction back: a deadlock it broke, or a
    // serialization failure. Nothing waited; the work may pass again.
    let conflict = matches!(
        e.code(),
        Some(c) if *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
            || *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
    );
    DbError {
        message: scrub(&message, url),
        busy,
        conflict,
        code,
        cause: Some(std::sync::Arc::new(e)),
    }
}

/// Why a connection could not be made, cause included: the driver's own
/// words for it ("error connecting to server", "db error") say nothing
/// without the error they wrap ("Connection refused", the server's message).
fn connect_error(e: postgres::Error, url: &DatabaseUrl) -> String {
    if e.as_db_error().is_some() {
        return db_err(e, url).message;
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    scrub(&text, url)
}

pub(super) fn ident(name: &str) -> String {
    SQL.ident(name)
}

impl PostgresConnection {
    /// Rows of a query sent by the simple protocol: one round trip where a
    /// prepared statement takes two. Values arrive as text. Used on the
    /// start-up path (is the state table there, what does it hold), which
    /// runs on every application start.
    fn simple_rows(&mut self, sql: &str) -> Result<Vec<postgres::SimpleQueryRow>, DbError> {
        // With `[database] schema` and no transaction open, the read is
        // wrapped in one that sets search_path, in the same round trip: a
        // transaction pooler may run it on a server connection that never
        // saw this session's SET.
        let settings = self.outside_settings(false);
        let wrapped;
        let sql = match &settings {
            Some(settings) => {
                wrapped = format!("BEGIN;{settings};{sql};COMMIT");
                wrapped.as_str()
            }
            None => sql,
        };
        let result = self.client()?.simple_query(sql);
        if result.is_err() && settings.is_some() {
            let _ = self.raw.batch_execute("ROLLBACK");
        }
        let messages = result.map_err(|e| self.err(e))?;
        Ok(messages
            .into_iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(row) => Some(row),
                _ => None,
            })
            .collect())
    }
    /// Connects to the database a `postgres://` or `postgresql://` URL names
    /// (`?sslmode=disable|prefer`, socket hosts via `?host=/run/postgresql`).
    pub fn open(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Connected, Error> {
        Self::connect(url, opts).map(|c| Connected::Open(Box::new(c)))
    }

    fn connect(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<PostgresConnection, Error> {
        Self::connect_with(url, opts, None)
    }

    /// [`Self::connect`], adding `startup` to the connection's startup
    /// `options` (`-c name=value` settings the server applies to this
    /// session alone, sent with no statement of their own).
    pub(super) fn connect_with(
        url: &DatabaseUrl,
        opts: &ConnectOptions,
        startup: Option<&str>,
    ) -> Result<PostgresConnection, Error> {
        let fail = |message: String| Error::Connect {
            url: url.redacted().to_string(),
            message: scrub(&message, url),
        };
        let opts = &with_url_schema(url, opts).map_err(fail)?;
        let mut config: postgres::Config = url
            .expose_without("schema")
            .parse()
            .map_err(|e: postgres::Error| fail(format!("invalid PostgreSQL URL: {e}")))?;
        config.application_name("stillhead");
        if let Some(startup) = startup {
            let options = match config.get_options() {
                Some(given) => format!("{given} {startup}"),
                None => startup.to_string(),
            };
            config.options(&options);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        // sslmode=prefer (the default, as in libpq) tries TLS and falls back;
        // require insists on it; disable skips the handshake altogether.
        let connected = if config.get_ssl_mode() == postgres::config::SslMode::Disable {
            PgClient::connect(&config, postgres::NoTls)
        } else {
            let tls =
                super::tls::connector().map_err(|e| fail(format!("cannot set up TLS: {e}")))?;
            PgClient::connect(&config, tls)
        };
        let client = connected.map_err(|e| fail(connect_error(e, url)))?;
        Self::wrap(client, url, opts)
    }

    /// Takes over a client the application connected itself, so that the
    /// runner works on it; [`Self::into_inner`] gives it back. `url` is the
    /// one it was connected with: stillhead reads `?schema=` from it and
    /// connects with it again for what needs a second connection (the lease
    /// heartbeat of a `transaction: false` migration).
    pub fn from_client(
        client: postgres::Client,
        url: &str,
        opts: &ConnectOptions,
    ) -> Result<PostgresConnection, Error> {
        let url = DatabaseUrl::parse(url)?;
        let opts = with_url_schema(&url, opts).map_err(|message| Error::Connect {
            url: url.redacted().to_string(),
            message,
        })?;
        Self::wrap(PgClient::from(client), &url, &opts)
    }

    /// Gives back the driver's client. Nothing of stillhead's stays on its
    /// session: every setting is made for one transaction.
    pub fn into_inner(self) -> postgres::Client {
        self.raw.into_inner()
    }

    /// A connected client as stillhead uses it, its schema made if asked.
    fn wrap(
        mut client: PgClient,
        url: &DatabaseUrl,
        opts: &ConnectOptions,
    ) -> Result<PostgresConnection, Error> {
        let fail = |message: String| Error::Connect {
            url: url.redacted().to_string(),
            message: scrub(&message, url),
        };
        // The schema is created here, but never set for the session: a
        // transaction pooler would leave the setting on a server connection
        // that other clients get next. Every transaction sets it locally.
        if let (Some(schema), true) = (&opts.schema, opts.create) {
            create_schema(&mut client, schema).map_err(|e| fail(db_err(e, url).message))?;
        }
        let scope = opts.schema.as_deref().unwrap_or("public");
        Ok(PostgresConnection {
            raw: client,
            url: url.clone(),
            lock_key: lock_key(&format!("stillhead:{scope}.{}", opts.version_table)),
            pending: String::new(),
            pending_step: false,
            in_transaction: false,
            locked_for: None,
            schema: opts.schema.clone(),
            outside_bounds: String::new(),
            opts: ConnectOptions {
                create: false,
                ..opts.clone()
            },
            held_lease: None,
            lost_lease: Arc::default(),
        })
    }

    /// The client, after sending anything held back.
    fn client(&mut self) -> Result<&mut PgClient, DbError> {
        if !self.pending.is_empty() {
            let held = std::mem::take(&mut self.pending);
            self.pending_step = false;
            self.raw.batch_execute(&held).map_err(|e| self.err(e))?;
        }
        Ok(&mut self.raw)
    }

    /// Runs `sql` after what is held back, in one round trip where that is
    /// safe to blame on `sql` (a held `BEGIN` cannot fail on its own).
    fn send_with_pending(&mut self, sql: &str) -> Result<(), DbError> {
        if self.pending_step {
            self.client()?;
        }
        if self.pending.is_empty() {
            if let Some(settings) = self.outside_settings(true) {
                return self.send_outside(&settings, sql);
            }
        }
        let batch = if self.pending.is_empty() {
            std::borrow::Cow::Borrowed(sql)
        } else {
            let mut held = std::mem::take(&mut self.pending);
            held.push_str(";\n");
            held.push_str(sql);
            std::borrow::Cow::Owned(held)
        };
        self.raw.batch_execute(&batch).map_err(|e| self.err(e))
    }

    fn err(&self, e: postgres::Error) -> DbError {
        db_err(e, &self.url)
    }

    /// What a statement sent outside a transaction needs set around it
    /// (`SET LOCAL`s, `;`-joined): the configured schema and, for a
    /// migration's own statements (`bounded`), the run's timeouts. `None`
    /// inside a transaction (its `BEGIN` set them) or when nothing is needed.
    fn outside_settings(&self, bounded: bool) -> Option<String> {
        if self.in_transaction {
            return None;
        }
        let mut settings = match &self.schema {
            Some(schema) => format!("SET LOCAL search_path TO {}", ident(schema)),
            None => String::new(),
        };
        if bounded && !self.outside_bounds.is_empty() {
            if !settings.is_empty() {
                settings.push(';');
            }
            settings.push_str(&self.outside_bounds);
        }
        (!settings.is_empty()).then_some(settings)
    }

    /// Runs `sql` outside any transaction of ours with `settings`: in a
    /// transaction of its own that sets them locally, so nothing stays on
    /// the session for a pooler to hand on. A statement that refuses a
    /// transaction block (CREATE INDEX CONCURRENTLY, VACUUM: SQLSTATE
    /// 25001) gets no `SET` at all, not even one for the session around it:
    /// see `super::no_block` for where its `search_path` comes from.
    fn send_outside(&mut self, settings: &str, sql: &str) -> Result<(), DbError> {
        let wrapped = format!("BEGIN;{settings};{sql};COMMIT");
        let Err(e) = self.raw.batch_execute(&wrapped) else {
            return Ok(());
        };
        let _ = self.raw.batch_execute("ROLLBACK");
        if e.code() != Some(&postgres::error::SqlState::ACTIVE_SQL_TRANSACTION) {
            return Err(self.err(e));
        }
        match &self.schema {
            Some(schema) if !super::no_block::names_qualified(sql) => {
                let schema = schema.clone();
                super::no_block::run_in_schema(&self.url, &self.opts, &schema, sql)
            }
            _ => self.raw.batch_execute(sql).map_err(|e| self.err(e)),
        }
    }

    /// Runs a parameterised call, in a transaction of its own that sets the
    /// schema when one is configured and none of ours is open.
    fn typed_call<T: Send>(
        &mut self,
        call: impl FnOnce(&mut Client) -> Result<T, postgres::Error> + Send,
    ) -> Result<T, DbError> {
        let Some(settings) = self.outside_settings(false) else {
            let result = self.client()?.call(call);
            return result.map_err(|e| self.err(e));
        };
        self.client()?
            .batch_execute(&format!("BEGIN;{settings}"))
            .map_err(|e| self.err(e))?;
        match self.raw.call(call) {
            Ok(value) => {
                self.raw.batch_execute("COMMIT").map_err(|e| self.err(e))?;
                Ok(value)
            }
            Err(e) => {
                let _ = self.raw.batch_execute("ROLLBACK");
                Err(self.err(e))
            }
        }
    }
}

/// A parameter sent as text with the type left to the server (`unknown`,
/// which the server resolves from where `$N` stands, as it does for an
/// untyped literal): no statement has to be prepared first to learn the
/// types, so the query goes by the unnamed statement, which a transaction
/// pooler cannot hand to another client.
#[derive(Debug)]
struct TextParam(Option<String>);

impl TextParam {
    fn of(value: &Value) -> TextParam {
        TextParam(match value {
            Value::Null => None,
            Value::Integer(i) => Some(i.to_string()),
            Value::Real(f) if f.is_nan() => Some("NaN".into()),
            Value::Real(f) if f.is_infinite() => {
                Some(if *f > 0.0 { "Infinity" } else { "-Infinity" }.into())
            }
            Value::Real(f) => Some(f.to_string()),
            Value::Text(s) => Some(s.clone()),
            Value::Blob(b) => Some(format!("\\x{}", hex(b))),
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ToSql for TextParam {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match &self.0 {
            None => Ok(postgres::types::IsNull::Yes),
            Some(text) => {
                out.extend_from_slice(text.as_bytes());
                Ok(postgres::types::IsNull::No)
            }
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    fn encode_format(&self, _ty: &Type) -> postgres::types::Format {
        postgres::types::Format::Text
    }

    postgres::types::to_sql_checked!();
}

/// The parameters of a Rust migration's query, as the driver takes them.
fn text_params(values: &[Value]) -> Vec<TextParam> {
    values.iter().map(TextParam::of).collect()
}

fn typed(params: &[TextParam]) -> Vec<(&(dyn ToSql + Sync), Type)> {
    params
        .iter()
        .map(|p| (p as &(dyn ToSql + Sync), Type::UNKNOWN))
        .collect()
}

fn column_value(row: &postgres::Row, i: usize) -> Value {
    let ty = row.columns()[i].type_();
    let value = match *ty {
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)
            .map(|v| v.map(|n| Value::Integer(n.into()))),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)
            .map(|v| v.map(|n| Value::Integer(n.into()))),
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)
            .map(|v| v.map(Value::Integer)),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)
            .map(|v| v.map(|n| Value::Real(n.into()))),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i).map(|v| v.map(Value::Real)),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)
            .map(|v| v.map(|b| Value::Integer(b.into()))),
        Type::BYTEA => row
            .try_get::<_, Option<Vec<u8>>>(i)
            .map(|v| v.map(Value::Blob)),
        _ => row
            .try_get::<_, Option<String>>(i)
            .map(|v| v.map(Value::Text)),
    };
    value.ok().flatten().unwrap_or(Value::Null)
}

impl Executor for PostgresConnection {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute_with(&mut self, sql: &str, values: &[Value]) -> Result<u64, DbError> {
        let params = text_params(values);
        self.typed_call(|client| client.execute_typed(sql, &typed(&params)))
    }

    fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<Vec<Value>>, DbError> {
        let params = text_params(values);
        let rows = self.typed_call(|client| client.query_typed(sql, &typed(&params)))?;
        Ok(rows
            .iter()
            .map(|row| (0..row.len()).map(|i| column_value(row, i)).collect())
            .collect())
    }
}

impl Transactions for PostgresConnection {
    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        self.ensure_lease_held()?;
        // The simple query protocol: no parameters, any statement (including
        // ones that cannot be prepared, such as CREATE INDEX CONCURRENTLY).
        self.send_with_pending(sql)
    }

    fn begin(&mut self) -> Result<(), DbError> {
        self.client()?;
        self.pending.push_str("BEGIN");
        if let Some(wait) = self.locked_for {
            // Waits in the server's own fair queue up to the lock timeout;
            // what the migrations then wait for is `set_timeouts`' business.
            self.pending.push_str(&format!(
                ";SET LOCAL lock_timeout = '{}ms';SELECT pg_advisory_xact_lock({});SET LOCAL lock_timeout TO DEFAULT",
                wait.as_millis().max(1),
                self.lock_key
            ));
        }
        if let Some(schema) = &self.schema {
            // Held by the transaction, not the session: a pooler may give
            // the next transaction another server connection.
            self.pending
                .push_str(&format!(";SET LOCAL search_path TO {}", ident(schema)));
        }
        self.in_transaction = true;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), DbError> {
        self.in_transaction = false;
        self.pending_step = false;
        self.send_with_pending("COMMIT")
    }

    fn rollback(&mut self) -> Result<(), DbError> {
        // Whatever was held back belongs to the transaction being undone.
        self.pending.clear();
        self.pending_step = false;
        self.in_transaction = false;
        self.raw.batch_execute("ROLLBACK").map_err(|e| self.err(e))
    }
}

impl StateStore for PostgresConnection {
    fn has_state_tables(&mut self, t: &Tables) -> Result<bool, DbError> {
        let literal = |name: &str| SQL.literal(&ident(name));
        let sql = format!(
            "SELECT to_regclass({}) IS NOT NULL AND to_regclass({}) IS NOT NULL",
            literal(&t.state),
            literal(&t.log)
        );
        let rows = self.simple_rows(&sql)?;
        Ok(rows.first().and_then(|r| r.get(0)) == Some("t"))
    }

    fn state_format(&mut self, t: &Tables) -> Result<Option<u32>, DbError> {
        let literal = |name: &str| SQL.literal(&ident(name));
        let sql = format!(
            "SELECT to_regclass({}) IS NOT NULL AND to_regclass({}) IS NOT NULL, to_regclass({}) IS NOT NULL",
            literal(&t.state),
            literal(&t.log),
            literal(&t.meta)
        );
        let rows = self.simple_rows(&sql)?;
        let found = |i: usize| rows.first().and_then(|r| r.get(i)) == Some("t");
        let (state_and_log, meta) = (found(0), found(1));
        let recorded = if meta {
            let rows = self.simple_rows(&select_format(&SQL, t))?;
            rows.first().and_then(|r| r.get(0)).map(str::to_string)
        } else {
            None
        };
        Ok(format_of(state_and_log, recorded.as_deref()))
    }

    fn create_state_tables(&mut self, t: &Tables) -> Result<(), DbError> {
        for sql in crate::dialect::sql::state_tables(&SQL, t) {
            self.execute(&sql)?;
        }
        Ok(())
    }

    fn read_state(&mut self, t: &Tables) -> Result<Vec<StateRow>, DbError> {
        if !self.has_state_tables(t)? {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {STATE_COLUMNS} FROM {}", ident(&t.state));
        let rows = self.simple_rows(&sql)?;
        let owned = |v: Option<&str>| v.unwrap_or_default().to_string();
        Ok(rows
            .iter()
            .map(|r| StateRow {
                revision: owned(r.get(0)),
                checksum: r.get(1).map(str::to_string),
                applied_at: owned(r.get(2)),
                in_progress: r.get(3) == Some("t"),
                failed_statement: r.get(4).and_then(|n| n.parse().ok()),
                applied_by: owned(r.get(5)),
            })
            .collect())
    }

    fn put_state(&mut self, t: &Tables, row: &StateRow) -> Result<(), DbError> {
        // Literals in one simple query: no prepared statement, which a
        // transaction pooler would hand to another client's connection.
        let batch = format!(
            "{};\n{}",
            delete_state(&SQL, t, &row.revision),
            insert_state(&SQL, t, row)
        );
        self.send_with_pending(&batch)
    }

    fn delete_state(&mut self, t: &Tables, revision: &str) -> Result<(), DbError> {
        self.send_with_pending(&delete_state(&SQL, t, revision))
    }

    /// One round trip instead of four: the rows as literals in one simple
    /// query (a parameterised `execute` prepares, then runs, each statement).
    fn record_step(
        &mut self,

        t: &Tables,
        revision: &str,
        state: Option<&StateRow>,
        log: &LogEntry,
    ) -> Result<(), DbError> {
        let mut batch = delete_state(&SQL, t, revision);
        if let Some(row) = state {
            batch.push_str(";\n");
            batch.push_str(&insert_state(&SQL, t, row));
        }
        batch.push_str(";\n");
        batch.push_str(&insert_log(&SQL, t, log));
        if !self.in_transaction {
            return self.send_with_pending(&batch);
        }
        // Held back to go with the COMMIT (or whatever comes next): it is
        // part of the transaction, so a failure surfaces before it commits.
        self.client()?;
        self.pending = batch;
        self.pending_step = true;
        Ok(())
    }
    fn append_log(&mut self, t: &Tables, e: &LogEntry) -> Result<(), DbError> {
        self.send_with_pending(&insert_log(&SQL, t, e))
    }

    fn read_log(&mut self, t: &Tables) -> Result<Vec<LogEntry>, DbError> {
        if !self.has_state_tables(t)? {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {LOG_COLUMNS} FROM {} ORDER BY id", ident(&t.log));
        let rows = self.simple_rows(&sql)?;
        let text =
            |r: &postgres::SimpleQueryRow, i: usize| r.get(i).unwrap_or_default().to_string();
        Ok(rows
            .iter()
            .map(|r| LogEntry {
                revision: text(r, 0),
                action: LogAction::parse(&text(r, 1)),
                outcome: LogOutcome::parse(&text(r, 2)),
                checksum: r.get(3).map(str::to_string),
                started_at: text(r, 4),
                finished_at: text(r, 5),
                duration_ms: r.get(6).and_then(|v| v.parse().ok()).unwrap_or_default(),
                applied_by: text(r, 7),
                message: r.get(8).map(str::to_string),
            })
            .collect())
    }
}

impl Locker for PostgresConnection {
    /// The migration lock is a transaction advisory lock, taken by every
    /// transaction of the run as it begins (see `begin`): it cannot outlive
    /// a transaction, so a transaction pooler (PgBouncer) never keeps it on
    /// an idle server connection, and a killed run leaves none behind. The
    /// run re-reads the state under it at the start of each transaction.
    fn lock(&mut self, timeout: Duration) -> Result<(), Error> {
        self.locked_for = Some(timeout);
        Ok(())
    }

    fn unlock(&mut self) -> Result<(), DbError> {
        self.locked_for = None;
        Ok(())
    }

    fn has_session_lock(&self) -> bool {
        false
    }

    fn lock_wait_details(&mut self) -> Option<(String, Option<String>)> {
        self.locked_for?;
        let _ = self.rollback();
        let holder = self.advisory_holder().map(|(_, words)| words);
        Some((self.lock_words(), holder))
    }

    fn lock_state(&mut self, _t: &Tables) -> Result<LockState, DbError> {
        let holder = self.advisory_holder();
        Ok(LockState {
            lock: self.lock_words(),
            end_session: holder
                .as_ref()
                .map(|(pid, _)| format!("SELECT pg_terminate_backend({pid})")),
            holder: holder.map(|(_, words)| words),
        })
    }

    fn remove_lease(&mut self, t: &Tables) -> Result<bool, DbError> {
        if self.read_lease(t)?.is_none() {
            return Ok(false);
        }
        let sql = format!("DELETE FROM {} WHERE name = {LEASE}", ident(&t.lock));
        self.send_with_pending(&sql)?;
        Ok(true)
    }
}

impl PostgresConnection {
    /// The migration lock, in words.
    fn lock_words(&self) -> String {
        format!(
            "the migration lock (advisory lock {}, taken by each transaction of a run) on {}",
            self.lock_key,
            self.url.redacted()
        )
    }

    /// The backend holding the migration lock, if one does: its pid and a
    /// description.
    fn advisory_holder(&mut self) -> Option<(String, String)> {
        let key = self.lock_key;
        let sql = format!(
            "SELECT a.pid, coalesce(a.usename::text, '?'), coalesce(a.application_name, ''),
                    coalesce(host(a.client_addr), 'local socket'), coalesce(a.backend_start::text, '?'),
                    coalesce(a.xact_start::text, '')
               FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
              WHERE l.locktype = 'advisory' AND l.granted
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.classid::bigint = ({key}::bigint >> 32) AND l.objid::bigint = ({key}::bigint & 4294967295)
              LIMIT 1"
        );
        let rows = self.simple_rows(&sql).ok()?;
        let r = rows.first()?;
        let app = r.get(2).unwrap_or_default();
        let pid = r.get(0)?.to_string();
        // The lock is taken with a transaction: its start is when it was taken.
        let since = match r.get(5).unwrap_or_default() {
            "" => format!("connected since {}", r.get(4)?),
            xact => format!("holding it since {xact}"),
        };
        let words = format!(
            "backend pid {pid}, user {}{}, from {}, {since}",
            r.get(1)?,
            if app.is_empty() {
                String::new()
            } else {
                format!(", application {app}")
            },
            r.get(3)?,
        );
        Some((pid, words))
    }
}

impl RunHooks for PostgresConnection {
    fn set_timeouts(&mut self, t: &Timeouts, in_transaction: bool) -> Result<(), DbError> {
        // Only ever for a transaction (`SET LOCAL`): a session setting would
        // stay on a pooled server connection for another client. Outside
        // one (`transaction: false`), each statement gets a transaction of
        // its own that sets them, except those that refuse a transaction
        // block (CREATE INDEX CONCURRENTLY), which do not block readers
        // while they wait.
        let mut sql = String::new();
        for (name, value) in [("lock_timeout", t.lock), ("statement_timeout", t.statement)] {
            if let Some(d) = value {
                sql.push_str(&format!(";SET LOCAL {name} = '{}ms'", d.as_millis().max(1)));
            }
        }
        if !in_transaction {
            self.outside_bounds = sql.trim_start_matches(';').to_string();
            return Ok(());
        }
        if sql.is_empty() {
            return Ok(());
        }
        if self.pending.is_empty() {
            // Not right after our BEGIN: a round trip of its own.
            return self
                .client()?
                .batch_execute(sql.trim_start_matches(';'))
                .map_err(|e| self.err(e));
        }
        // Rides with the held-back BEGIN: no round trip of its own.
        self.pending.push_str(&sql);
        Ok(())
    }

    fn clear_timeouts(&mut self) -> Result<(), DbError> {
        self.outside_bounds.clear();
        Ok(())
    }

    fn read_only_server(&mut self) -> Result<Option<&'static str>, DbError> {
        let rows = self.simple_rows("SELECT pg_is_in_recovery()")?;
        let standby = rows.first().and_then(|r| r.get(0)) == Some("t");
        Ok(standby.then_some("a PostgreSQL hot standby (pg_is_in_recovery() is true)"))
    }
}

/// The one lease row's key: one lease per state table.
const LEASE: &str = "'migrations'";

impl Leases for PostgresConnection {
    fn takes_leases(&self) -> bool {
        true
    }

    fn read_lease(&mut self, t: &Tables) -> Result<Option<LeaseRow>, DbError> {
        let sql = format!(
            "SELECT holder, revision, acquired_at, expires_at::text, expires_at > clock_timestamp() FROM {} WHERE name = {LEASE}",
            ident(&t.lock)
        );
        // No table: no runner of this version ever took a lease here. Asked
        // first, since a missing table's error would abort an open transaction.
        let exists = format!(
            "SELECT to_regclass({}) IS NOT NULL",
            SQL.literal(&ident(&t.lock))
        );
        if self.simple_rows(&exists)?.first().and_then(|r| r.get(0)) != Some("t") {
            return Ok(None);
        }
        let rows = self.simple_rows(&sql)?;
        let owned =
            |r: &postgres::SimpleQueryRow, i: usize| r.get(i).unwrap_or_default().to_string();
        Ok(rows.first().map(|r| LeaseRow {
            holder: owned(r, 0),
            revision: r.get(1).map(str::to_string),
            acquired_at: owned(r, 2),
            expires_at: owned(r, 3),
            live: r.get(4) == Some("t"),
        }))
    }

    fn put_lease(&mut self, t: &Tables, lease: &Lease) -> Result<(), DbError> {
        let lock = ident(&t.lock);
        let batch = format!(
            "DELETE FROM {lock} WHERE name = {LEASE};\nINSERT INTO {lock} (name, token, holder, revision, acquired_at, expires_at) VALUES ({LEASE}, {}, {}, {}, {}, clock_timestamp() + interval '{} milliseconds')",
            SQL.literal(&lease.token),
            SQL.literal(&lease.holder),
            text(&SQL, lease.revision.as_deref()),
            SQL.literal(&lease.acquired_at),
            lease.length.as_millis()
        );
        self.held_lease = Some(lease.token.clone());
        self.send_with_pending(&batch)
    }

    fn release_lease(&mut self, t: &Tables, token: &str) -> Result<(), DbError> {
        let sql = format!(
            "DELETE FROM {} WHERE name = {LEASE} AND token = {}",
            ident(&t.lock),
            SQL.literal(token)
        );
        self.held_lease = None;
        self.send_with_pending(&sql)
    }

    fn lease_renewer(&self) -> Option<Result<Box<dyn LeaseRenewer>, Error>> {
        Some(
            PostgresConnection::connect(&self.url, &self.opts).map(|mut c| {
                c.lost_lease = Arc::clone(&self.lost_lease);
                Box::new(c) as Box<dyn LeaseRenewer>
            }),
        )
    }
}

impl PostgresConnection {
    /// Refuses to go on once the heartbeat found this run's lease taken away.
    fn ensure_lease_held(&self) -> Result<(), DbError> {
        let lost = self
            .lost_lease
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default();
        match (&self.held_lease, lost) {
            (Some(held), Some(lost)) if *held == lost => Err(DbError::new(
                "this run's lease was taken away (by a runner that took it over, or `lock release --force`) while the migration ran outside a transaction: stopping before the next statement",
            )),
            _ => Ok(()),
        }
    }
}

impl LeaseRenewer for PostgresConnection {
    fn renew(&mut self, t: &Tables, token: &str, length: Duration) -> Result<bool, DbError> {
        let sql = format!(
            "UPDATE {} SET expires_at = clock_timestamp() + interval '{} milliseconds' WHERE name = {LEASE} AND token = {}",
            ident(&t.lock),
            length.as_millis(),
            SQL.literal(token)
        );
        let settings = self.outside_settings(false);
        let sql = match settings {
            Some(settings) => format!("BEGIN;{settings};{sql};COMMIT"),
            None => sql,
        };
        let messages = self.client()?.simple_query(&sql).map_err(|e| self.err(e))?;
        let changed: u64 = messages
            .iter()
            .map(|m| match m {
                postgres::SimpleQueryMessage::CommandComplete(n) => *n,
                _ => 0,
            })
            .sum();
        if changed == 0 {
            // Another runner's now, or nobody's: the run must not go on.
            if let Ok(mut lost) = self.lost_lease.lock() {
                *lost = Some(token.to_string());
            }
        }
        Ok(changed > 0)
    }
}

impl Connection for PostgresConnection {
    fn url(&self) -> &DatabaseUrl {
        &self.url
    }
}

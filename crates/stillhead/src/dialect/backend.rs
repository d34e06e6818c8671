//! What differs per database beyond a connection: one [`Backend`] per
//! dialect (`sqlite::BACKEND`, `postgres::BACKEND`, `mysql::BACKEND`), found
//! with [`DialectBackend::backend`]. Everything outside `dialect/` that
//! depends on the database asks its backend instead of matching on the
//! dialect (ARCHITECTURE.md, "Dialect homes"). What only the tooling asks
//! (introspection, rendering, scratch databases…) is its `Tooling`
//! (`tooling.rs`, the `tools` feature).

use super::sql::SqlText;
use super::{ConnectOptions, Connected, Dialect};
use crate::dburl::DatabaseUrl;
use crate::error::Error;

/// What a database can do, as the engine needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// DDL can be rolled back (false on MySQL, where DDL commits implicitly).
    pub transactional_ddl: bool,
    /// `schema.sql` is loaded into a scratch database on the server and
    /// read back from its catalogs, so the server normalises both sides of
    /// a comparison; false where it is parsed (SQLite).
    pub declared_schema_on_server: bool,
    /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY` exists, so a cycle of
    /// foreign keys is created by adding its keys after its tables (and
    /// dropped the other way); false on SQLite, which cannot add one with
    /// `ALTER` and does not check a key's target when a table is created.
    pub foreign_key_by_alter: bool,
}

/// One database's behaviour.
pub trait Backend: Sync {
    /// Which database this is.
    fn dialect(&self) -> Dialect;
    /// Its SQL text: quoting, literals, the state tables' DDL.
    fn sql(&self) -> &'static dyn SqlText;
    /// What it can do.
    fn capabilities(&self) -> Capabilities;
    /// Opens a connection. A backend implements it under its driver's
    /// cargo feature; without it, this default refuses
    /// (`Error::FeatureDisabled`, naming the feature) and nothing is tried.
    fn connect(&self, url: &DatabaseUrl, _opts: &ConnectOptions) -> Result<Connected, Error> {
        Err(feature_disabled(self.dialect(), url.redacted()))
    }
    /// Creating and dropping the database a URL names, and cancelling
    /// another session's statement (`admin.rs`). Like `connect`,
    /// implemented under the driver's cargo feature; this default refuses
    /// every request (`Error::FeatureDisabled`).
    fn admin(&self) -> &'static dyn super::DatabaseAdmin {
        super::admin::disabled(self.dialect())
    }
    /// How to run an offline script with the database's own client.
    fn client_hint(&self) -> &'static str;
    /// What an offline script says before the state tables: settings an
    /// online run makes on its connection (`schema` = `[database] schema`).
    fn offline_preamble(&self, schema: Option<&str>) -> String;
    /// One statement of an offline script, terminated as the database's
    /// client reads it.
    fn offline_statement(&self, sql: &str) -> String {
        format!("{sql};")
    }
}

/// A dialect's `Backend`: `Dialect` itself lives in `stillhead-core`,
/// which knows no database, so the way from one to the other is this
/// trait (in `stillhead::prelude`-style use: `use stillhead::dialect::DialectBackend`).
pub trait DialectBackend {
    /// This dialect's backend. Every build has all three: a backend whose
    /// driver's cargo feature is off still writes its SQL, and refuses to
    /// connect (`Error::FeatureDisabled`).
    fn backend(self) -> &'static dyn Backend;
    /// This dialect's backend as the tooling uses it (the `tools` feature).
    #[cfg(feature = "tools")]
    fn tooling(self) -> &'static dyn super::Tooling;
    /// The cargo feature of the `stillhead` crate that brings this
    /// database's driver (its name as a dialect: `sqlite`, `postgres`,
    /// `mysql`).
    fn feature(self) -> &'static str;
    /// Whether this build can connect to the database: its
    /// [`feature`](DialectBackend::feature) was enabled.
    fn driver_enabled(self) -> bool;
}

impl DialectBackend for Dialect {
    fn backend(self) -> &'static dyn Backend {
        match self {
            Dialect::Sqlite => &super::sqlite::BACKEND,
            Dialect::Postgres => &super::postgres::BACKEND,
            Dialect::Mysql => &super::mysql::BACKEND,
        }
    }

    #[cfg(feature = "tools")]
    fn tooling(self) -> &'static dyn super::Tooling {
        match self {
            Dialect::Sqlite => &super::sqlite::BACKEND,
            Dialect::Postgres => &super::postgres::BACKEND,
            Dialect::Mysql => &super::mysql::BACKEND,
        }
    }

    fn feature(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
        }
    }

    fn driver_enabled(self) -> bool {
        match self {
            Dialect::Sqlite => cfg!(feature = "sqlite"),
            Dialect::Postgres => cfg!(feature = "postgres"),
            Dialect::Mysql => cfg!(feature = "mysql"),
        }
    }
}

/// The error a backend built without `dialect`'s driver gives for `url`
/// (redacted).
pub(crate) fn feature_disabled(dialect: Dialect, url: &str) -> Error {
    Error::FeatureDisabled {
        url: url.to_string(),
        dialect,
        feature: dialect.feature(),
    }
}

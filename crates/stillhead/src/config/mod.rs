//! Configuration: `stillhead.toml`, `${VAR}` expansion, `DATABASE_URL` from the
//! environment or `./.env`, and the `--url` override, resolved into a [`Config`].
//!
//! Owns where settings come from and their precedence (README, "Configuration"). It does not
//! open connections or read migration files.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::dburl::{DatabaseUrl, UrlError};

mod expand;
mod numbers;

use crate::script::IdStyle;
use expand::read_dotenv;
pub use expand::{expand_vars, ExpandError};
use numbers::Bounds;
pub use numbers::MAX_DURATION;
#[cfg(feature = "tools")]
pub use numbers::{parse_duration, MAX_DDL_RETRIES};

/// Name of the config file looked for in the working directory.
pub const DEFAULT_CONFIG_FILE: &str = "stillhead.toml";

/// How migrations are grouped into transactions (README, "Guarantees").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TransactionMode {
    /// One transaction for the whole run (the default, as in Alembic).
    #[default]
    All,
    /// Each migration commits together with its state change.
    PerMigration,
    /// No transactions: each statement commits on its own.
    None,
}

/// Where the database URL in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UrlSource {
    /// The `--url` flag (or an explicit library argument).
    Flag,
    /// `DATABASE_URL` in the process environment.
    Environment,
    /// `DATABASE_URL` in `./.env`.
    DotEnv,
    /// `[database] url` in the config file.
    ConfigFile,
}

impl fmt::Display for UrlSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UrlSource::Flag => "--url",
            UrlSource::Environment => "DATABASE_URL in the environment",
            UrlSource::DotEnv => "DATABASE_URL in ./.env",
            UrlSource::ConfigFile => "[database] url in the config file",
        })
    }
}

/// Settings for one project, every path already resolved.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file read, if any.
    pub file: Option<PathBuf>,
    /// The database URL and where it came from; `None` if nothing set one.
    pub url: Option<(DatabaseUrl, UrlSource)>,
    /// PostgreSQL schema for migrations and state tables (`[database] schema`);
    /// `None` uses the server's search path.
    pub schema: Option<String>,
    /// The versions folder.
    pub migrations_dir: PathBuf,
    /// The declared schema (`schema.sql`).
    pub schema_file: PathBuf,
    /// Name of the state table; the log table is this name plus `_log`.
    pub version_table: String,
    /// How `revision` names new migrations.
    pub id_style: IdStyle,
    /// Transaction grouping for runs.
    pub transaction: TransactionMode,
    /// How long to wait for another process's migration lock.
    pub lock_timeout: Duration,
    /// How long a lease row holds without renewal (`[migrations]
    /// lock_lease`, default 30 s): a runner inside a `transaction: false`
    /// migration on PostgreSQL renews it every third of that from a
    /// connection of its own; once it lapses, others know the runner died.
    pub lock_lease: Duration,
    /// How long a migration statement may wait for a table lock before it
    /// is rolled back and retried (`[migrations] ddl_lock_timeout`, default
    /// 2 s; `0` waits for ever). Never applies to the migration lock.
    pub ddl_lock_timeout: Option<Duration>,
    /// How long one migration statement may run (`[migrations]
    /// statement_timeout`); `None` (the default) is no limit.
    pub statement_timeout: Option<Duration>,
    /// How many times a unit (or, where DDL commits implicitly, a statement)
    /// that timed out on a table lock is retried (`ddl_retries`, default 5).
    pub ddl_retries: u32,
    /// How long after the first timeout retries may still start
    /// (`ddl_retry_window`, default 60 s).
    pub ddl_retry_window: Duration,
    /// The server on which scratch databases are created and dropped
    /// (`[autogenerate] scratch_url`, `--scratch-url`); `None` = the
    /// configured database's server. Never the configured database itself.
    pub scratch_url: Option<DatabaseUrl>,
    /// What `check` and autogenerate accept without comparing it
    /// (`[autogenerate] ignore`): kinds, names or attributes the schema
    /// model does not describe (`schema/coverage.rs`).
    pub autogenerate_ignore: Vec<String>,
    /// Autogenerate builds indexes and checks constraints on tables in use
    /// in a second migration outside a transaction, so that writes go on
    /// (`[autogenerate] online`, default true; README "Online-safe
    /// migrations"). PostgreSQL only.
    pub autogenerate_online: bool,
    /// `check` and autogenerate compare privileges (`GRANT … ON` the
    /// schemas, tables, views, sequences and routines the schema holds), and
    /// `schema.sql`'s `GRANT`/`REVOKE` are read rather than set aside
    /// (`[autogenerate] privileges`, default false, as migra's
    /// `--with-privileges`). PostgreSQL only.
    pub autogenerate_privileges: bool,
    /// The definer (`user@host`) every MariaDB routine, trigger and event
    /// is compared with and written with (`[autogenerate] definer`);
    /// `None`: definers are not compared, and an object is defined by the
    /// user the migration runs as.
    pub autogenerate_definer: Option<String>,
    /// The databases the project's migrations run on (`[migrations]
    /// dialects`): autogenerate writes a part for each, computed on a
    /// database of that kind (README "Several databases"). Empty: the
    /// configured database's alone, in the generic part.
    pub dialects: Vec<crate::script::Dialect>,
    /// The servers on which scratch databases of the other dialects in
    /// [`Config::dialects`] are made (`[autogenerate] scratch_urls`), one
    /// per server dialect, each naming a database whose settings a scratch
    /// database copies (read, never written).
    pub dialect_scratch_urls: Vec<DatabaseUrl>,
    /// Write to a server that says it is a standby or replica
    /// (`--allow-read-only-server`); by default runs refuse it.
    pub allow_read_only_server: bool,
    /// `[fleet] targets`: the databases `--all-targets` acts on (URLs as
    /// written, `${VAR}` expanded).
    pub fleet_targets: Vec<String>,
    /// `[fleet] postgres_schemas`: a `LIKE` pattern; every schema of the
    /// configured PostgreSQL database matching it is a target of `--all-targets`.
    pub fleet_postgres_schemas: Option<String>,
}

/// A configuration problem, naming the file and, where known, the key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has an unknown key or a wrong type.
    #[error("config file {path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column; never the line's
        /// text (it may hold a password).
        message: String,
    },
    /// A `${…}` in a value cannot be expanded.
    #[error("config file {path}, line {line}: {key}: {source}")]
    Expand {
        /// The file.
        path: PathBuf,
        /// The value's line.
        line: usize,
        /// The key, as `[section] key`.
        key: String,
        /// What is wrong.
        source: ExpandError,
    },
    /// A key has a value outside its allowed set or range.
    #[error(
        "config file {path}, line {line}: {key} = \"{value}\" is not allowed; expected {expected}"
    )]
    BadValue {
        /// The file.
        path: PathBuf,
        /// The value's line.
        line: usize,
        /// The key, as `[section] key`.
        key: String,
        /// The value found, passwords redacted.
        value: String,
        /// What is allowed.
        expected: String,
    },
    /// `./.env` exists but cannot be parsed.
    #[error("cannot read {path}: {message}")]
    DotEnv {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The URL in use is malformed.
    #[error("{source} (from {origin})")]
    Url {
        /// The URL problem.
        source: UrlError,
        /// Where the URL came from.
        origin: UrlSource,
    },
}

/// A string value of the file with its place, for errors naming its line.
type Text = toml::Spanned<String>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    database: RawDatabase,
    #[serde(default)]
    migrations: RawMigrations,
    #[serde(default)]
    autogenerate: RawAutogenerate,
    #[serde(default)]
    fleet: RawFleet,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFleet {
    targets: Option<Vec<Text>>,
    postgres_schemas: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAutogenerate {
    scratch_url: Option<Text>,
    ignore: Option<Vec<Text>>,
    online: Option<bool>,
    privileges: Option<bool>,
    scratch_urls: Option<Vec<Text>>,
    definer: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatabase {
    url: Option<Text>,
    schema: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMigrations {
    dir: Option<Text>,
    schema: Option<Text>,
    version_table: Option<Text>,
    id_style: Option<Text>,
    transaction: Option<Text>,
    lock_timeout: Option<Text>,
    lock_lease: Option<Text>,
    ddl_lock_timeout: Option<Text>,
    statement_timeout: Option<Text>,
    ddl_retries: Option<toml::Spanned<i64>>,
    ddl_retry_window: Option<Text>,
    dialects: Option<Vec<Text>>,
}

impl RawFile {
    /// Every string value with its key, for `${VAR}` expansion.
    fn texts_mut(&mut self) -> Vec<(&'static str, &mut Text)> {
        let (d, m) = (&mut self.database, &mut self.migrations);
        let named = [
            ("[database] url", &mut d.url),
            ("[database] schema", &mut d.schema),
            ("[migrations] dir", &mut m.dir),
            ("[migrations] schema", &mut m.schema),
            ("[migrations] version_table", &mut m.version_table),
            ("[migrations] id_style", &mut m.id_style),
            ("[migrations] transaction", &mut m.transaction),
            ("[migrations] lock_timeout", &mut m.lock_timeout),
            ("[migrations] lock_lease", &mut m.lock_lease),
            ("[migrations] ddl_lock_timeout", &mut m.ddl_lock_timeout),
            ("[migrations] statement_timeout", &mut m.statement_timeout),
            ("[migrations] ddl_retry_window", &mut m.ddl_retry_window),
            (
                "[autogenerate] scratch_url",
                &mut self.autogenerate.scratch_url,
            ),
            ("[fleet] postgres_schemas", &mut self.fleet.postgres_schemas),
            ("[autogenerate] definer", &mut self.autogenerate.definer),
        ];
        let mut out: Vec<(&'static str, &mut Text)> = named
            .into_iter()
            .filter_map(|(key, value)| value.as_mut().map(|v| (key, v)))
            .collect();
        let targets = self.fleet.targets.iter_mut().flatten();
        out.extend(targets.map(|t| ("[fleet] targets", t)));
        let ignore = self.autogenerate.ignore.iter_mut().flatten();
        out.extend(ignore.map(|t| ("[autogenerate] ignore", t)));
        let scratch = self.autogenerate.scratch_urls.iter_mut().flatten();
        out.extend(scratch.map(|t| ("[autogenerate] scratch_urls", t)));
        out
    }
}

/// The config file being read, for errors naming a line.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    /// The line where a value starts.
    fn line(&self, span: std::ops::Range<usize>) -> usize {
        line_col(self.text, span.start).0
    }

    /// A value outside its allowed set or range, shown redacted.
    fn bad(&self, key: &str, value: &Text, expected: &str) -> ConfigError {
        ConfigError::BadValue {
            path: self.path.to_path_buf(),
            line: self.line(value.span()),
            key: key.into(),
            value: crate::dburl::redact(value.get_ref()),
            expected: expected.into(),
        }
    }
}

/// What to load: every field optional, so tests and libraries can set only what they need.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// An explicit config file (`--config`); it must exist. Without it,
    /// `./stillhead.toml` is read if present.
    pub config_file: Option<PathBuf>,
    /// An explicit URL (`--url`), which wins over everything.
    pub url: Option<String>,
    /// An explicit scratch server (`--scratch-url`), which wins over `[autogenerate] scratch_url`.
    pub scratch_url: Option<String>,
    /// The directory holding `.env` and the default config file (default: the working directory).
    pub working_dir: Option<PathBuf>,
    /// Variables to use instead of the process environment (for tests).
    pub env: Option<HashMap<String, String>>,
}

impl Config {
    /// Loads the configuration with the README's precedence ("Configuration"):
    /// `--url` > `DATABASE_URL` in the environment > `DATABASE_URL` in `./.env` > `[database] url`.
    pub fn load(opts: &LoadOptions) -> Result<Config, ConfigError> {
        let cwd = opts
            .working_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("."));
        let env: HashMap<String, String> = match &opts.env {
            Some(map) => map.clone(),
            None => std::env::vars().collect(),
        };
        let dotenv = read_dotenv(&cwd.join(".env"))?;
        let lookup = |name: &str| env.get(name).or_else(|| dotenv.get(name)).cloned();

        let (file, raw) = match &opts.config_file {
            Some(path) => (Some(path.clone()), Some(read_file(path)?)),
            None => {
                let path = cwd.join(DEFAULT_CONFIG_FILE);
                if path.is_file() {
                    (Some(path.clone()), Some(read_file(&path)?))
                } else {
                    (None, None)
                }
            }
        };
        let file_path = file
            .clone()
            .unwrap_or_else(|| cwd.join(DEFAULT_CONFIG_FILE));
        let text = raw.unwrap_or_default();
        let src = Source {
            path: &file_path,
            text: &text,
        };
        let parsed: RawFile = match &file {
            Some(_) => parse_file(&src, &lookup)?,
            None => RawFile::default(),
        };
        // Paths in the config file are relative to the file, so a project can be
        // driven from any directory with `--config path/to/stillhead.toml`.
        let base = file
            .as_ref()
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| cwd.clone());
        let m = parsed.migrations;
        let schema = parsed.database.schema;

        let url_choice = if let Some(u) = &opts.url {
            Some((u.clone(), UrlSource::Flag))
        } else if let Some(u) = env.get("DATABASE_URL").filter(|u| !u.is_empty()) {
            Some((u.clone(), UrlSource::Environment))
        } else if let Some(u) = dotenv.get("DATABASE_URL").filter(|u| !u.is_empty()) {
            Some((u.clone(), UrlSource::DotEnv))
        } else {
            let from_file = parsed.database.url.map(Text::into_inner);
            from_file.map(|u| (u, UrlSource::ConfigFile))
        };
        let url = match url_choice {
            Some((raw, origin)) => {
                let url = DatabaseUrl::parse(&raw)
                    .map_err(|source| ConfigError::Url { source, origin })?;
                // A relative SQLite path in the config file is relative to the
                // file, like every other path in it.
                let url = match origin {
                    UrlSource::ConfigFile => url.relative_to(&base),
                    _ => url,
                };
                Some((url, origin))
            }
            None => None,
        };

        let scratch_from_file = parsed.autogenerate.scratch_url.map(Text::into_inner);
        let scratch_url = match (&opts.scratch_url, scratch_from_file) {
            (Some(flag), _) => Some((flag.clone(), UrlSource::Flag)),
            (None, Some(from_file)) => Some((from_file, UrlSource::ConfigFile)),
            (None, None) => None,
        };
        let mut config = Config::build(m, &base, &src, file.clone(), url)?;
        let targets = parsed.fleet.targets.into_iter().flatten();
        config.fleet_targets = targets.map(Text::into_inner).collect();
        config.fleet_postgres_schemas = parsed.fleet.postgres_schemas.map(Text::into_inner);
        let ignore = parsed.autogenerate.ignore.into_iter().flatten();
        config.autogenerate_ignore = ignore.map(Text::into_inner).collect();
        config.autogenerate_online = parsed.autogenerate.online.unwrap_or(true);
        config.autogenerate_privileges = parsed.autogenerate.privileges.unwrap_or(false);
        if let Some(definer) = parsed.autogenerate.definer {
            let d = definer.get_ref();
            if d.rsplit_once('@')
                .is_none_or(|(u, h)| u.is_empty() || h.is_empty())
            {
                return Err(src.bad(
                    "[autogenerate] definer",
                    &definer,
                    "user@host, as MariaDB names an account (app@%, app@localhost)",
                ));
            }
            config.autogenerate_definer = Some(definer.into_inner());
        }
        for raw in parsed.autogenerate.scratch_urls.into_iter().flatten() {
            let origin = UrlSource::ConfigFile;
            let url = DatabaseUrl::parse(raw.get_ref())
                .map_err(|source| ConfigError::Url { source, origin })?;
            config.dialect_scratch_urls.push(url);
        }
        if let Some((raw, origin)) = scratch_url {
            config.scratch_url = Some(
                DatabaseUrl::parse(&raw).map_err(|source| ConfigError::Url { source, origin })?,
            );
        }
        if let Some(schema) = schema {
            if !is_plain_identifier(schema.get_ref()) {
                return Err(src.bad(
                    "[database] schema",
                    &schema,
                    "a plain identifier (letters, digits and _, not starting with a digit)",
                ));
            }
            config.schema = Some(schema.into_inner());
        }
        Ok(config)
    }

    /// Applies the `[migrations]` settings (validated) on top of the defaults.
    fn build(
        m: RawMigrations,
        base: &Path,
        src: &Source,
        file: Option<PathBuf>,
        url: Option<(DatabaseUrl, UrlSource)>,
    ) -> Result<Config, ConfigError> {
        let id_style = match m.id_style.as_ref().map(|t| t.get_ref().as_str()) {
            None | Some("sequential") => IdStyle::Sequential,
            Some("hex") => IdStyle::Hex,
            Some("timestamp") => IdStyle::Timestamp,
            Some(_) => {
                return Err(src.bad(
                    "[migrations] id_style",
                    m.id_style.as_ref().expect("matched Some"),
                    "sequential, hex or timestamp",
                ))
            }
        };
        let mut dialects = Vec::new();
        for name in m.dialects.iter().flatten() {
            let dialect = name
                .get_ref()
                .parse::<crate::script::Dialect>()
                .map_err(|_| src.bad("[migrations] dialects", name, "sqlite, postgres or mysql"))?;
            if !dialects.contains(&dialect) {
                dialects.push(dialect);
            }
        }
        let transaction = match m.transaction.as_ref().map(|t| t.get_ref().as_str()) {
            None | Some("all") => TransactionMode::All,
            Some("per-migration") => TransactionMode::PerMigration,
            Some("none") => TransactionMode::None,
            Some(_) => {
                return Err(src.bad(
                    "[migrations] transaction",
                    m.transaction.as_ref().expect("matched Some"),
                    "all, per-migration or none",
                ))
            }
        };
        // Each duration within its range (numbers.rs): a value a backend
        // cannot take is refused here, naming the key, not met as a panic
        // or an overflow when a run uses it.
        let duration = |key: &str,
                        value: &Option<Text>,
                        bounds: Bounds,
                        default: Option<Duration>| {
            match value {
                None => Ok(default),
                Some(text) => bounds
                    .check(text.get_ref())
                    .map_err(|expected| src.bad(key, text, &expected)),
            }
        };
        let plain = |example| Bounds {
            min: Duration::ZERO,
            zero_is_none: false,
            example,
        };
        let or_none = |example| Bounds {
            min: Duration::ZERO,
            zero_is_none: true,
            example,
        };
        let lock_timeout = duration(
            "[migrations] lock_timeout",
            &m.lock_timeout,
            plain("30s"),
            Some(Duration::from_secs(60)),
        )?
        .unwrap_or_default();
        let lease = Bounds {
            min: Duration::from_millis(300),
            zero_is_none: false,
            example: "30s",
        };
        let lock_lease = duration(
            "[migrations] lock_lease",
            &m.lock_lease,
            lease,
            Some(Duration::from_secs(30)),
        )?
        .unwrap_or_default();
        let ddl_lock_timeout = duration(
            "[migrations] ddl_lock_timeout",
            &m.ddl_lock_timeout,
            or_none("2s"),
            Some(Duration::from_secs(2)),
        )?;
        let statement_timeout = duration(
            "[migrations] statement_timeout",
            &m.statement_timeout,
            or_none("5m"),
            None,
        )?;
        let ddl_retry_window = duration(
            "[migrations] ddl_retry_window",
            &m.ddl_retry_window,
            plain("60s"),
            Some(Duration::from_secs(60)),
        )?
        .unwrap_or_default();
        let ddl_retries = match &m.ddl_retries {
            None => 5,
            Some(n) => numbers::retries(*n.get_ref()).map_err(|expected| {
                let shown = Text::new(n.span(), n.get_ref().to_string());
                src.bad("[migrations] ddl_retries", &shown, &expected)
            })?,
        };
        let version_table = m
            .version_table
            .unwrap_or_else(|| Text::new(0..0, "stillhead_version".into()));
        if !is_plain_identifier(version_table.get_ref()) {
            return Err(src.bad(
                "[migrations] version_table",
                &version_table,
                "a plain identifier (letters, digits and _, not starting with a digit, at most 58 characters)",
            ));
        }
        let path_of = |value: Option<Text>, default: &str| {
            under(
                base,
                value.as_ref().map_or(default, |t| t.get_ref().as_str()),
            )
        };

        Ok(Config {
            file,
            url,
            schema: None,
            migrations_dir: path_of(m.dir, "migrations"),
            schema_file: path_of(m.schema, "schema.sql"),
            version_table: version_table.into_inner(),
            id_style,
            transaction,
            lock_timeout,
            lock_lease,
            ddl_lock_timeout,
            statement_timeout,
            ddl_retries,
            ddl_retry_window,
            scratch_url: None,
            autogenerate_ignore: Vec::new(),
            autogenerate_online: true,
            autogenerate_privileges: false,
            autogenerate_definer: None,
            dialects,
            dialect_scratch_urls: Vec::new(),
            allow_read_only_server: false,
            fleet_targets: Vec::new(),
            fleet_postgres_schemas: None,
        })
    }

    /// The settings a project with an empty `stillhead.toml` has, and no
    /// URL: what [`crate::Migrator::with_defaults`] starts from.
    pub(crate) fn defaults() -> Config {
        let src = Source {
            path: Path::new(DEFAULT_CONFIG_FILE),
            text: "",
        };
        Config::build(RawMigrations::default(), Path::new("."), &src, None, None)
            .expect("the defaults are within every range the file is checked against")
    }

    /// A configuration with defaults and the given URL, for library callers with no config file.
    pub fn for_url(url: &str) -> Result<Config, ConfigError> {
        let origin = UrlSource::Flag;
        let url = DatabaseUrl::parse(url).map_err(|source| ConfigError::Url { source, origin })?;
        let src = Source {
            path: Path::new(DEFAULT_CONFIG_FILE),
            text: "",
        };
        Config::build(
            RawMigrations::default(),
            Path::new("."),
            &src,
            None,
            Some((url, origin)),
        )
    }
}

/// `base/rel`, without a leading `./` when the base is the working directory,
/// so printed paths stay short.
fn under(base: &Path, rel: &str) -> PathBuf {
    if base == Path::new(".") {
        PathBuf::from(rel)
    } else {
        base.join(rel)
    }
}

/// True for names safe to splice into SQL unquoted on every dialect.
///
/// The state table's name comes from a config file; refusing anything but a
/// plain identifier means it can never carry SQL.
pub fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 58
}

fn read_file(path: &Path) -> Result<String, ConfigError> {
    read_utf8(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// A file's text; bytes that are not UTF-8 are an error naming their line
/// and column.
fn read_utf8(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let message = crate::script::not_utf8(e.as_bytes(), &e.utf8_error());
        std::io::Error::new(std::io::ErrorKind::InvalidData, message)
    })
}

/// The file read and its `${VAR}`s expanded. Read straight into the raw
/// structs, every value keeps its place, so each error names its line; a
/// value only ever expands into a string, so no type changes after.
fn parse_file(
    src: &Source,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<RawFile, ConfigError> {
    let mut raw: RawFile = toml::from_str(src.text).map_err(|e| ConfigError::Parse {
        path: src.path.to_path_buf(),
        message: toml_message(src.text, &e),
    })?;
    for (key, value) in raw.texts_mut() {
        let line = src.line(value.span());
        let expanded =
            expand_vars(value.get_ref(), lookup).map_err(|source| ConfigError::Expand {
                path: src.path.to_path_buf(),
                line,
                key: key.to_string(),
                source,
            })?;
        *value.get_mut() = expanded;
    }
    Ok(raw)
}

/// A TOML error as `line L, column C: what`, without the snippet of the
/// file toml's own message shows (the line may hold a password), and with
/// any connection string in the words redacted.
fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let place = e.span().map(|span| {
        let (line, column) = line_col(text, span.start);
        // The key of the line, which toml names only in its snippet.
        let key = text.lines().nth(line - 1).and_then(|l| l.split_once('='));
        let key = key.map(|(k, _)| k.trim()).filter(|k| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
        });
        match key {
            Some(key) => format!("line {line}, column {column} ({key}): "),
            None => format!("line {line}, column {column}: "),
        }
    });
    let words: Vec<&str> = e.message().lines().map(str::trim).collect();
    let words = crate::dburl::redact_text(&words.join(" "));
    format!("{}{}", place.unwrap_or_default(), words.trim())
}

/// The line and column (in characters, both from 1) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = (0..=offset.min(text.len()))
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    fn load(dir: &Path, env: &[(&str, &str)], url: Option<&str>) -> Result<Config, ConfigError> {
        Config::load(&LoadOptions {
            working_dir: Some(dir.to_path_buf()),
            env: Some(
                env.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            url: url.map(String::from),
            scratch_url: None,
            config_file: None,
        })
    }

    #[test]
    fn precedence_flag_env_dotenv_file() {
        let dir = dir_with(&[
            ("stillhead.toml", "[database]\nurl = \"sqlite://file.db\"\n"),
            (".env", "DATABASE_URL=sqlite://dotenv.db\n"),
        ]);
        let url = |c: Config| {
            let (u, s) = c.url.unwrap();
            (u.redacted().to_string(), s)
        };
        assert_eq!(
            url(load(
                dir.path(),
                &[("DATABASE_URL", "sqlite://env.db")],
                Some("sqlite://flag.db")
            )
            .unwrap()),
            ("sqlite://flag.db".into(), UrlSource::Flag)
        );
        assert_eq!(
            url(load(dir.path(), &[("DATABASE_URL", "sqlite://env.db")], None).unwrap()),
            ("sqlite://env.db".into(), UrlSource::Environment)
        );
        assert_eq!(
            url(load(dir.path(), &[], None).unwrap()),
            ("sqlite://dotenv.db".into(), UrlSource::DotEnv)
        );
        std::fs::remove_file(dir.path().join(".env")).unwrap();
        assert_eq!(
            url(load(dir.path(), &[], None).unwrap()),
            (
                format!("sqlite://{}", dir.path().join("file.db").display()),
                UrlSource::ConfigFile
            )
        );
    }

    #[test]
    fn expands_variables_with_defaults() {
        let dir = dir_with(&[(
            "stillhead.toml",
            "[database]\nurl = \"postgres://app:${PGPASS}@${PGHOST:-localhost}/app\"\n",
        )]);
        let cfg = load(dir.path(), &[("PGPASS", "pw")], None).unwrap();
        let (u, _) = cfg.url.unwrap();
        assert_eq!(u.expose(), "postgres://app:pw@localhost/app");
        assert_eq!(u.redacted(), "postgres://app:***@localhost/app");
        let err = load(dir.path(), &[], None).unwrap_err().to_string();
        assert!(err.contains("${PGPASS} is not set"), "{err}");
        assert!(err.contains("stillhead.toml"), "{err}");
    }

    #[test]
    fn unknown_key_and_bad_values_name_the_file() {
        let dir = dir_with(&[("stillhead.toml", "[migrations]\ndirectory = \"m\"\n")]);
        let err = load(dir.path(), &[], None).unwrap_err().to_string();
        assert!(
            err.contains("stillhead.toml") && err.contains("directory"),
            "{err}"
        );
        let dir = dir_with(&[(
            "stillhead.toml",
            "[migrations]\ntransaction = \"sometimes\"\n",
        )]);
        let err = load(dir.path(), &[], None).unwrap_err().to_string();
        assert!(err.contains("transaction = \"sometimes\""), "{err}");
        let dir = dir_with(&[(
            "stillhead.toml",
            "[migrations]\nversion_table = \"v; DROP TABLE x\"\n",
        )]);
        assert!(load(dir.path(), &[], None).is_err());
        let dir = dir_with(&[("stillhead.toml", "[database\nurl=1")]);
        let err = load(dir.path(), &[], None).unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn paths_are_relative_to_the_config_file() {
        let dir = dir_with(&[(
            "stillhead.toml",
            "[database]\nurl = \"sqlite://data/x.db\"\n[migrations]\ndir = \"versions\"\n",
        )]);
        let cfg = load(dir.path(), &[], None).unwrap();
        assert_eq!(cfg.migrations_dir, dir.path().join("versions"));
        let (url, _) = cfg.url.unwrap();
        assert_eq!(
            url.expose(),
            format!("sqlite://{}", dir.path().join("data/x.db").display())
        );
        // From the environment, relative paths stay relative to the working directory.
        let cfg = load(dir.path(), &[("DATABASE_URL", "sqlite://y.db")], None).unwrap();
        assert_eq!(cfg.url.unwrap().0.expose(), "sqlite://y.db");
        assert_eq!(cfg.transaction, TransactionMode::All);
        assert_eq!(cfg.lock_timeout, Duration::from_secs(60));
    }

    fn load_text(toml: &str, env: &[(&str, &str)]) -> Result<Config, String> {
        let dir = dir_with(&[("stillhead.toml", toml)]);
        load(dir.path(), env, None).map_err(|e| e.to_string())
    }

    #[test]
    fn every_number_is_range_checked_at_load() {
        let refused = |key: &str, value: &str, range: &str| {
            let (section, name) = key.split_once(' ').unwrap();
            let toml = format!("{section}\n\n{name} = {value}\n");
            let err = load_text(&toml, &[]).unwrap_err();
            assert!(err.contains("stillhead.toml, line 3"), "{err}");
            assert!(err.contains(&format!("{key} = ")), "{err}");
            assert!(err.contains(range), "{err}");
        };
        let day = "a duration from 0 to 24h";
        refused("[migrations] lock_timeout", "\"600h\"", day);
        refused(
            "[migrations] lock_timeout",
            "\"99999999999999999999s\"",
            day,
        );
        refused("[migrations] lock_lease", "\"25h\"", "from 300ms to 24h");
        refused("[migrations] ddl_lock_timeout", "\"86401\"", "up to 24h");
        refused("[migrations] statement_timeout", "\"1e9h\"", "up to 24h");
        refused("[migrations] ddl_retry_window", "\"9999999h\"", day);
        refused("[migrations] ddl_retries", "-1", "from 0 to 1000");
        refused("[migrations] ddl_retries", "99999999999", "from 0 to 1000");
        let cfg = load_text(
            "[migrations]\nlock_timeout = \"24h\"\nstatement_timeout = \"0\"\nddl_retries = 1000\n",
            &[],
        )
        .unwrap();
        assert_eq!(cfg.lock_timeout, MAX_DURATION);
        assert_eq!(cfg.statement_timeout, None);
        assert_eq!(cfg.ddl_retries, 1000);
    }

    #[test]
    fn toml_errors_name_the_line_and_never_show_it() {
        let err = load_text("[database]\nurl = \"postgres://u:s3cret@h/db\n", &[]).unwrap_err();
        assert!(err.contains("stillhead.toml: line 2, column"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        // A type error's words hold the value.
        let err = load_text("database = \"postgres://u:s3cret@h/db\"\n", &[]).unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        // A bad value after expansion is shown redacted.
        let err = load_text(
            "[migrations]\nlock_timeout = \"${URL}\"\n",
            &[("URL", "postgres://u:s3cret@h/db")],
        )
        .unwrap_err();
        assert!(err.contains("line 2: [migrations] lock_timeout"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }

    #[test]
    fn nested_variables_expand_or_are_refused_by_line() {
        let toml = "[database]\nurl = \"${A:-${B}}\"\n";
        let cfg = load_text(toml, &[("B", "sqlite://b.db")]).unwrap();
        assert!(cfg.url.unwrap().0.expose().ends_with("b.db"));
        let err = load_text("\n[database]\nurl = \"${A:-${B}\"\n", &[("A", "x")]).unwrap_err();
        assert!(
            err.contains("stillhead.toml, line 3: [database] url"),
            "{err}"
        );
        assert!(err.contains("not closed"), "{err}");
    }
}

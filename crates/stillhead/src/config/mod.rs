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

use crate::script::IdStyle;
use expand::{expand_value, read_dotenv};
pub use expand::{expand_vars, UndefinedVariable};

/// Name of the config file looked for in the working directory.
pub const DEFAULT_CONFIG_FILE: &str = "stillhead.toml";

/// How migrations are grouped into transactions (README, "Guarantees").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
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
        /// The parser's message, with line and column.
        message: String,
    },
    /// A `${VAR}` names a variable that is not set.
    #[error("config file {path}: ${{{var}}} is not set in the environment or ./.env (write ${{{var}:-default}} to give a default)")]
    UndefinedVariable {
        /// The file.
        path: PathBuf,
        /// The variable.
        var: String,
    },
    /// A key has a value outside its allowed set.
    #[error("config file {path}: {key} = \"{value}\" is not allowed; expected {expected}")]
    BadValue {
        /// The file.
        path: PathBuf,
        /// The key, as `[section] key`.
        key: String,
        /// The value found.
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
    targets: Option<Vec<String>>,
    postgres_schemas: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAutogenerate {
    scratch_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatabase {
    url: Option<String>,
    schema: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMigrations {
    dir: Option<String>,
    schema: Option<String>,
    version_table: Option<String>,
    id_style: Option<String>,
    transaction: Option<String>,
    lock_timeout: Option<String>,
    lock_lease: Option<String>,
    ddl_lock_timeout: Option<String>,
    statement_timeout: Option<String>,
    ddl_retries: Option<u32>,
    ddl_retry_window: Option<String>,
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
        let parsed: RawFile = match (&file, raw) {
            (Some(path), Some(text)) => parse_file(path, &text, &lookup)?,
            _ => RawFile::default(),
        };
        // Paths in the config file are relative to the file, so a project can be
        // driven from any directory with `--config path/to/stillhead.toml`.
        let base = file
            .as_ref()
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| cwd.clone());
        let file_path = file
            .clone()
            .unwrap_or_else(|| cwd.join(DEFAULT_CONFIG_FILE));
        let m = parsed.migrations;
        let schema = parsed.database.schema;

        let url_choice = if let Some(u) = &opts.url {
            Some((u.clone(), UrlSource::Flag))
        } else if let Some(u) = env.get("DATABASE_URL").filter(|u| !u.is_empty()) {
            Some((u.clone(), UrlSource::Environment))
        } else if let Some(u) = dotenv.get("DATABASE_URL").filter(|u| !u.is_empty()) {
            Some((u.clone(), UrlSource::DotEnv))
        } else {
            parsed.database.url.map(|u| (u, UrlSource::ConfigFile))
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

        let scratch_url = match (&opts.scratch_url, parsed.autogenerate.scratch_url) {
            (Some(flag), _) => Some((flag.clone(), UrlSource::Flag)),
            (None, Some(from_file)) => Some((from_file, UrlSource::ConfigFile)),
            (None, None) => None,
        };
        let mut config = Config::build(m, &base, file_path.clone(), file, url)?;
        config.fleet_targets = parsed.fleet.targets.unwrap_or_default();
        config.fleet_postgres_schemas = parsed.fleet.postgres_schemas;
        if let Some((raw, origin)) = scratch_url {
            config.scratch_url = Some(
                DatabaseUrl::parse(&raw).map_err(|source| ConfigError::Url { source, origin })?,
            );
        }
        if let Some(schema) = schema {
            if !is_plain_identifier(&schema) {
                return Err(ConfigError::BadValue {
                    path: file_path,
                    key: "[database] schema".into(),
                    value: schema,
                    expected:
                        "a plain identifier (letters, digits and _, not starting with a digit)"
                            .into(),
                });
            }
            config.schema = Some(schema);
        }
        Ok(config)
    }

    /// Applies the `[migrations]` settings (validated) on top of the defaults.
    fn build(
        m: RawMigrations,
        base: &Path,
        file_path: PathBuf,
        file: Option<PathBuf>,
        url: Option<(DatabaseUrl, UrlSource)>,
    ) -> Result<Config, ConfigError> {
        let bad = |key: &str, value: &str, expected: &str| ConfigError::BadValue {
            path: file_path.clone(),
            key: key.into(),
            value: value.into(),
            expected: expected.into(),
        };
        let id_style = match m.id_style.as_deref() {
            None | Some("sequential") => IdStyle::Sequential,
            Some("hex") => IdStyle::Hex,
            Some("timestamp") => IdStyle::Timestamp,
            Some(other) => {
                return Err(bad(
                    "[migrations] id_style",
                    other,
                    "sequential, hex or timestamp",
                ))
            }
        };
        let transaction = match m.transaction.as_deref() {
            None | Some("all") => TransactionMode::All,
            Some("per-migration") => TransactionMode::PerMigration,
            Some("none") => TransactionMode::None,
            Some(other) => {
                return Err(bad(
                    "[migrations] transaction",
                    other,
                    "all, per-migration or none",
                ))
            }
        };
        let lock_timeout = match m.lock_timeout.as_deref() {
            None => Duration::from_secs(60),
            Some(text) => parse_duration(text).ok_or_else(|| {
                bad(
                    "[migrations] lock_timeout",
                    text,
                    "a duration such as 500ms, 30s, 5m",
                )
            })?,
        };
        let lock_lease = match m.lock_lease.as_deref() {
            None => Duration::from_secs(30),
            Some(text) => parse_duration(text)
                .filter(|d| *d >= Duration::from_millis(300))
                .ok_or_else(|| {
                    bad(
                        "[migrations] lock_lease",
                        text,
                        "a duration of at least 300ms, such as 30s",
                    )
                })?,
        };
        let duration = |key: &str, text: Option<&str>, default: Option<Duration>| match text {
            None => Ok(default),
            Some(text) => match parse_duration(text) {
                Some(d) if d.is_zero() => Ok(None),
                Some(d) => Ok(Some(d)),
                None => Err(bad(
                    key,
                    text,
                    "a duration such as 500ms, 2s, 5m (0 for none)",
                )),
            },
        };
        let ddl_lock_timeout = duration(
            "[migrations] ddl_lock_timeout",
            m.ddl_lock_timeout.as_deref(),
            Some(Duration::from_secs(2)),
        )?;
        let statement_timeout = duration(
            "[migrations] statement_timeout",
            m.statement_timeout.as_deref(),
            None,
        )?;
        let ddl_retry_window = duration(
            "[migrations] ddl_retry_window",
            m.ddl_retry_window.as_deref(),
            Some(Duration::from_secs(60)),
        )?
        .unwrap_or_default();
        let ddl_retries = m.ddl_retries.unwrap_or(5);
        let version_table = m
            .version_table
            .unwrap_or_else(|| "stillhead_version".into());
        if !is_plain_identifier(&version_table) {
            return Err(bad(
                "[migrations] version_table",
                &version_table,
                "a plain identifier (letters, digits and _, not starting with a digit, at most 58 characters)",
            ));
        }

        Ok(Config {
            file,
            url,
            schema: None,
            migrations_dir: under(base, m.dir.as_deref().unwrap_or("migrations")),
            schema_file: under(base, m.schema.as_deref().unwrap_or("schema.sql")),
            version_table,
            id_style,
            transaction,
            lock_timeout,
            lock_lease,
            ddl_lock_timeout,
            statement_timeout,
            ddl_retries,
            ddl_retry_window,
            scratch_url: None,
            allow_read_only_server: false,
            fleet_targets: Vec::new(),
            fleet_postgres_schemas: None,
        })
    }

    /// A configuration with defaults and the given URL, for library callers with no config file.
    pub fn for_url(url: &str) -> Result<Config, ConfigError> {
        let origin = UrlSource::Flag;
        let url = DatabaseUrl::parse(url).map_err(|source| ConfigError::Url { source, origin })?;
        Config::build(
            RawMigrations::default(),
            Path::new("."),
            PathBuf::from(DEFAULT_CONFIG_FILE),
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
    let read = |source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(read)?;
    String::from_utf8(bytes).map_err(|e| {
        let message = crate::script::not_utf8(e.as_bytes(), &e.utf8_error());
        read(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            message,
        ))
    })
}

fn parse_file(
    path: &Path,
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<RawFile, ConfigError> {
    let mut value: toml::Value = toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: path.to_path_buf(),
        message: one_line(&e.to_string()),
    })?;
    expand_value(&mut value, path, lookup)?;
    value
        .try_into()
        .map_err(|e: toml::de::Error| ConfigError::Parse {
            path: path.to_path_buf(),
            message: one_line(&e.to_string()),
        })
}

fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "|")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses `500ms`, `30s`, `5m`, `1h` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let secs = match unit.trim() {
        "" | "s" | "sec" | "secs" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return None,
    };
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs))
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

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_duration("soon"), None);
    }
}

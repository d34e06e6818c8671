//! Helpers shared by the library's and the CLI's tests: the databases the
//! portable tests run on, throwaway databases (created for one test and
//! dropped after it), administrator queries on the shared servers, private
//! servers for settings the shared ones must not have, and migration files
//! written in a line.

#![allow(clippy::missing_panics_doc)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub mod alembic;
pub mod galera;
pub mod mariadb_private;
pub mod pgbouncer;
pub mod pgstandby;
pub mod pgversions;
pub mod public_schemas;

/// Where tests keep servers and files between runs: `target/tmp` of the
/// workspace (or of `CARGO_TARGET_DIR`).
pub fn target_tmp() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("tmp")
}

/// The databases every portable test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

impl Backend {
    /// All three; `STILLHEAD_TEST_BACKENDS=sqlite,postgres` narrows the list.
    pub fn all() -> Vec<Backend> {
        let wanted = std::env::var("STILLHEAD_TEST_BACKENDS").unwrap_or_default();
        [Backend::Sqlite, Backend::Postgres, Backend::Mysql]
            .into_iter()
            .filter(|b| wanted.is_empty() || wanted.split(',').any(|w| w.trim() == b.name()))
            .collect()
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        }
    }
}

/// The port of the PostgreSQL server the tests use: 5432 (the machine's
/// server), or `STILLHEAD_TEST_POSTGRES_PORT` (`.ci/run` runs the PostgreSQL
/// tests again against each other major, [`pgversions::port`]).
pub fn postgres_port() -> u16 {
    std::env::var("STILLHEAD_TEST_POSTGRES_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(5432)
}

/// PostgreSQL server used by the tests (trust auth, database `test` exists).
pub fn pg_admin() -> String {
    pg_url("test")
}

/// A URL of database `db` on the tests' PostgreSQL server, as `postgres`.
pub fn pg_url(db: &str) -> String {
    format!("postgres://postgres@127.0.0.1:{}/{db}", postgres_port())
}
/// The port of the MariaDB server the tests use: 3306, or
/// `STILLHEAD_TEST_MARIADB_PORT` (`.ci/run` runs the MariaDB command tests a
/// second time against a Galera node, 23310).
pub fn mariadb_port() -> u16 {
    std::env::var("STILLHEAD_TEST_MARIADB_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3306)
}

/// MariaDB server used by the tests (root, empty password), no database.
pub fn mysql_admin() -> String {
    format!("mysql://root@127.0.0.1:{}/", mariadb_port())
}

/// A database created for one test and dropped when it goes out of scope.
pub struct TestDb {
    /// Which server.
    pub backend: Backend,
    /// Its URL (for SQLite, `sqlite://DIR/FILE`).
    pub url: String,
    /// Its name on the server (unused for SQLite).
    pub name: String,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A name no other test (or run) uses: pid, a counter and the clock.
pub fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "sh_t{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        nanos % 100_000
    )
}

/// How MariaDB's own clients (`mariadb`, `mysqldump`) reach the test server.
pub fn mariadb_client() -> Vec<String> {
    ["--protocol=tcp", "-h", "127.0.0.1", "-P"]
        .into_iter()
        .map(str::to_string)
        .chain([mariadb_port().to_string(), "-u".into(), "root".into()])
        .collect()
}

/// Runs SQL as the server's administrator (PostgreSQL `postgres`, MariaDB `root`).
pub fn admin_execute(backend: Backend, sql: &str) {
    match backend {
        Backend::Sqlite => {}
        Backend::Postgres => {
            let mut c =
                postgres::Client::connect(&pg_admin(), postgres::NoTls).unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL must be running on 127.0.0.1:{} (see .ci/run): {e}",
                        postgres_port()
                    )
                });
            c.batch_execute(sql).unwrap();
        }
        Backend::Mysql => {
            use mysql::prelude::Queryable;
            let mut c = mysql::Conn::new(mysql::Opts::from_url(&mysql_admin()).unwrap())
                .unwrap_or_else(|e| {
                    panic!(
                        "MariaDB must be running on 127.0.0.1:{} (see .ci/run): {e}",
                        mariadb_port()
                    )
                });
            c.query_drop(sql).unwrap();
        }
    }
}

/// Rows of a query run as the server's administrator, every value as text.
pub fn admin_query(backend: Backend, sql: &str) -> Vec<Vec<String>> {
    match backend {
        Backend::Sqlite => Vec::new(),
        Backend::Postgres => {
            let mut c = postgres::Client::connect(&pg_admin(), postgres::NoTls).unwrap();
            c.simple_query(sql)
                .unwrap()
                .into_iter()
                .filter_map(|m| match m {
                    postgres::SimpleQueryMessage::Row(r) => Some(
                        (0..r.len())
                            .map(|i| r.get(i).unwrap_or("").to_string())
                            .collect(),
                    ),
                    _ => None,
                })
                .collect()
        }
        Backend::Mysql => {
            use mysql::prelude::Queryable;
            let mut c = mysql::Conn::new(mysql::Opts::from_url(&mysql_admin()).unwrap()).unwrap();
            let rows: Vec<mysql::Row> = c.query(sql).unwrap();
            rows.into_iter().map(mysql_texts).collect()
        }
    }
}

/// stillhead's own tables, with the default `version_table`.
pub const STILLHEAD_TABLES: [&str; 4] = [
    "stillhead_version",
    "stillhead_version_log",
    "stillhead_version_lock",
    "stillhead_version_meta",
];

/// Every value of a MariaDB row as text (NULL as the empty string).
pub fn mysql_texts(row: mysql::Row) -> Vec<String> {
    row.unwrap()
        .into_iter()
        .map(|v| match v {
            mysql::Value::NULL => String::new(),
            mysql::Value::Bytes(b) => String::from_utf8_lossy(&b).into_owned(),
            other => other.as_sql(true),
        })
        .collect()
}

/// Scratch databases, roles and users on the shared server whose name says
/// process `pid` made them.
pub fn scratch_leftovers(backend: Backend, pid: u32) -> Vec<String> {
    let like = format!("stillhead\\_scratch\\_%\\_{pid}\\_%");
    let sql = match backend {
        Backend::Sqlite => return Vec::new(),
        Backend::Postgres => format!(
            "SELECT datname FROM pg_database WHERE datname LIKE E'{like}' UNION ALL SELECT rolname FROM pg_roles WHERE rolname LIKE E'{like}'"
        ),
        Backend::Mysql => format!(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '{like}' UNION ALL SELECT user FROM mysql.user WHERE user LIKE '{like}'"
        ),
    };
    admin_query(backend, &sql)
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

impl TestDb {
    /// A fresh database; for SQLite, `file` in `dir`.
    pub fn create(backend: Backend, dir: &Path, file: &str) -> TestDb {
        let name = unique_name();
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.join(file).display()),
            Backend::Postgres => {
                admin_execute(backend, &format!("CREATE DATABASE {name}"));
                pg_url(&name)
            }
            Backend::Mysql => {
                admin_execute(backend, &format!("CREATE DATABASE {name}"));
                format!("mysql://root@127.0.0.1:{}/{name}", mariadb_port())
            }
        };
        TestDb { backend, url, name }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let sql = match self.backend {
            Backend::Sqlite => return,
            Backend::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            Backend::Mysql => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        admin_execute(self.backend, &sql);
    }
}

/// Two migrations, `001_a` and `002_b`, each creating a table, in SQL every backend accepts.
pub fn ab_chain() -> Vec<(&'static str, String)> {
    vec![
        (
            "001_a.sql",
            mig(
                "001_a",
                "",
                "CREATE TABLE a (id INTEGER PRIMARY KEY);",
                Some("DROP TABLE a;"),
            ),
        ),
        (
            "002_b.sql",
            mig(
                "002_b",
                "001_a",
                "CREATE TABLE b (id INTEGER PRIMARY KEY);",
                Some("DROP TABLE b;"),
            ),
        ),
    ]
}

/// A minimal migration file.
pub fn mig(id: &str, revises: &str, up: &str, down: Option<&str>) -> String {
    let mut s = format!(
        "-- revision: {id}\n-- revises: {revises}\n-- message: {id}\n\n-- +upgrade\n{up}\n"
    );
    if let Some(d) = down {
        s.push_str(&format!("\n-- +downgrade\n{d}\n"));
    }
    s
}

//! Helpers of the CLI tests: a throw-away project in a temporary folder with
//! its own database (`stillhead_testkit::TestDb`: a SQLite file, or a
//! PostgreSQL/MariaDB database created for the test and dropped after it),
//! the `stillhead` binary pointed at it, and queries on that database. The
//! helpers the library's tests share are `stillhead_testkit`'s, re-exported.

#![allow(dead_code)]

pub use stillhead_testkit::*;

pub mod oracle;
pub mod pg_catalog;
pub mod sqlite_text;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use stillhead::{Connected, Value};

/// A project in a temporary directory, deleted (with its database) on drop.
pub struct Project {
    pub db: TestDb,
    pub dir: tempfile::TempDir,
}

/// A dump without the random `\\restrict` key pg_dump 15.14+ fences its
/// output with, so that two dumps of one schema are equal.
fn unfenced(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("\\restrict ") && !l.starts_with("\\unrestrict "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The repository's root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl Project {
    /// A copy of `examples/shop` (config, migrations, schema) on SQLite (`shop.db`).
    pub fn shop() -> Project {
        Project::shop_on(Backend::Sqlite)
    }

    /// A copy of `examples/shop` with its own database on `backend`.
    pub fn shop_on(backend: Backend) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let shop = repo_root().join("examples/shop");
        copy_dir(&shop.join("migrations"), &dir.path().join("migrations"));
        for f in ["stillhead.toml", "schema.sql"] {
            std::fs::copy(shop.join(f), dir.path().join(f)).unwrap();
        }
        let db = TestDb::create(backend, dir.path(), "shop.db");
        if backend != Backend::Sqlite {
            let cfg = std::fs::read_to_string(dir.path().join("stillhead.toml")).unwrap();
            let cfg = cfg.replace(
                "url = \"sqlite://shop.db\"",
                &format!("url = \"{}\"", db.url),
            );
            std::fs::write(dir.path().join("stillhead.toml"), cfg).unwrap();
        }
        Project { db, dir }
    }

    /// An empty SQLite project (`test.db`) with the given migration files.
    pub fn with_files(files: &[(&str, &str)]) -> Project {
        Project::on(Backend::Sqlite, files)
    }

    /// A project on `backend` with the given migration files.
    pub fn on(backend: Backend, files: &[(&str, &str)]) -> Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("migrations")).unwrap();
        let db = TestDb::create(backend, dir.path(), "test.db");
        let url = match backend {
            Backend::Sqlite => "sqlite://test.db".to_string(),
            _ => db.url.clone(),
        };
        std::fs::write(
            dir.path().join("stillhead.toml"),
            format!("[database]\nurl = \"{url}\"\n"),
        )
        .unwrap();
        let p = Project { db, dir };
        for (name, text) in files {
            p.write(name, text);
        }
        p
    }

    pub fn backend(&self) -> Backend {
        self.db.backend
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into `migrations/`.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path().join("migrations").join(name), text).unwrap();
    }

    /// Appends lines to `stillhead.toml` (e.g. a `[migrations]` section).
    pub fn configure(&self, extra: &str) {
        let path = self.path().join("stillhead.toml");
        let mut cfg = std::fs::read_to_string(&path).unwrap();
        cfg.push_str(extra);
        std::fs::write(path, cfg).unwrap();
    }

    /// The `stillhead` binary, run in the project folder with a clean environment.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("stillhead"));
        c.current_dir(self.path())
            .env_remove("DATABASE_URL")
            .env_remove("RUST_LOG")
            .env("NO_COLOR", "1");
        c
    }

    /// Starts `stillhead ARGS` in the project folder without waiting for it.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.std_cmd()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Everything in the database, schema and data, as the database's own
    /// dump tool writes it (`pg_dump`, `mysqldump`, sqlite3 `.dump`).
    pub fn dump(&self) -> String {
        unfenced(&self.dump_tool(
            ".dump",
            &[],
            &["--skip-dump-date", "--routines", "--triggers", "--events"],
        ))
    }

    /// The schema alone, exactly as the database's own tool writes it
    /// (`pg_dump --schema-only`, `mysqldump --no-data --routines --events`
    /// (triggers are in by default), sqlite3 `.schema`).
    pub fn schema_dump(&self) -> String {
        self.dump_tool(
            ".schema",
            &["--schema-only"],
            &["--no-data", "--routines", "--events"],
        )
    }

    /// The schema without bookkeeping tables, as a sorted list of the dump
    /// tool's statements, for comparing two databases made different ways.
    /// Drops stillhead's tables and the `others` (another tool's history
    /// table): call it last. SQLite keeps each table's text as it was run:
    /// whitespace is compared as spaces (Alembic's offline mode writes 4
    /// where its online mode writes a tab), and `sqlite_sequence` (left by
    /// an AUTOINCREMENT table) is left out.
    pub fn user_schema(&self, others: &[&str]) -> Vec<String> {
        for t in STILLHEAD_TABLES.iter().chain(others) {
            match self.backend() {
                Backend::Sqlite => {
                    if let Ok(c) =
                        rusqlite::Connection::open(self.db.url.strip_prefix("sqlite://").unwrap())
                    {
                        c.execute_batch(&format!("DROP TABLE IF EXISTS {t}"))
                            .unwrap();
                    }
                }
                _ => {
                    self.query(&format!("DROP TABLE IF EXISTS {t}"));
                }
            }
        }
        match self.backend() {
            Backend::Sqlite => return self.sqlite_structure(),
            Backend::Mysql => return self.catalog(),
            Backend::Postgres => {}
        }
        let mut statements: Vec<String> = self
            .comparable_schema_dump()
            .split(";\n")
            .map(|s| {
                s.trim()
                    .replace('\t', "    ")
                    .trim_end_matches(';')
                    .to_string()
            })
            .filter(|s| !s.is_empty() && !s.starts_with("CREATE TABLE sqlite_sequence"))
            .collect();
        statements.sort();
        statements
    }

    /// A SQLite database's tables as SQLite itself describes them (`PRAGMA
    /// table_info`, `index_list`/`index_info`, `foreign_key_list`), one
    /// sorted line each: SQLite keeps a table's text as written, so two
    /// spellings of one table (a column's `UNIQUE` or a table constraint)
    /// differ as text but not here. Views and triggers are compared as text.
    fn sqlite_structure(&self) -> Vec<String> {
        let c = rusqlite::Connection::open(self.db.url.strip_prefix("sqlite://").unwrap()).unwrap();
        let rows = |sql: &str| oracle::sqlite_rows(&c, sql);
        let mut out = Vec::new();
        let objects = rows("SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
        for o in &objects {
            let (kind, name) = (o[0].as_str(), o[1].as_str());
            match kind {
                "table" => {
                    for col in rows(&format!("PRAGMA table_info(\"{name}\")")) {
                        out.push(format!("{name} column {}", col[1..].join(" | ")));
                    }
                    for idx in rows(&format!("PRAGMA index_list(\"{name}\")")) {
                        let cols: Vec<String> = rows(&format!("PRAGMA index_info(\"{}\")", idx[1]))
                            .into_iter()
                            .map(|r| r[2].clone())
                            .collect();
                        // Automatic index names differ with their order of creation.
                        let label = if idx[1].starts_with("sqlite_autoindex") {
                            "auto"
                        } else {
                            idx[1].as_str()
                        };
                        out.push(format!(
                            "{name} index {label} unique={} origin={} partial={} ({})",
                            idx[2],
                            idx[3],
                            idx[4],
                            cols.join(", ")
                        ));
                    }
                    for fk in rows(&format!("PRAGMA foreign_key_list(\"{name}\")")) {
                        out.push(format!("{name} foreign key {}", fk[2..].join(" | ")));
                    }
                }
                "view" | "trigger" => {
                    out.push(o[2].split_whitespace().collect::<Vec<_>>().join(" "))
                }
                _ => {}
            }
        }
        out.sort();
        out
    }

    /// [`Project::schema_dump`] without pg_dump's random `\\restrict` key,
    /// so that dumps of two databases with one schema are equal.
    pub fn comparable_schema_dump(&self) -> String {
        unfenced(&self.schema_dump())
    }

    /// The output of the database's dump tool with these arguments (sqlite3's
    /// dot-command, pg_dump's, mysqldump's).
    fn dump_tool(&self, sqlite: &str, pg_dump: &[&str], mysqldump: &[&str]) -> String {
        let out = match self.backend() {
            Backend::Sqlite => std::process::Command::new("sqlite3")
                .arg(self.db.url.strip_prefix("sqlite://").unwrap())
                .arg(sqlite)
                .output(),
            Backend::Postgres => std::process::Command::new(self.pg_dump())
                .args(pg_dump)
                .args(["-d", &self.db.url])
                .output(),
            Backend::Mysql => std::process::Command::new("mysqldump")
                .args(mariadb_client())
                .args(mysqldump)
                .arg(self.db.url.rsplit('/').next().unwrap())
                .output(),
        }
        .expect("the database's dump tool (sqlite3, pg_dump, mysqldump) must be installed");
        assert!(
            out.status.success(),
            "[{}] dump failed: {}",
            self.backend().name(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The `pg_dump` that dumps the test server's major
    /// ([`pgversions::pg_dump_for`]); a test that needs one on a major
    /// that has none (17 and later) fails naming it.
    pub fn pg_dump(&self) -> PathBuf {
        pgversions::pg_dump_for(postgres_port()).unwrap_or_else(|| {
            panic!(
                "no pg_dump for the PostgreSQL {} on port {}",
                pgversions::server_version_num(postgres_port()) / 10000,
                postgres_port()
            )
        })
    }

    /// The database's name on its server (the SQLite file's path).
    pub fn db_name(&self) -> &str {
        &self.db.name
    }

    /// Runs `stillhead ARGS` and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(
            code,
            0,
            "[{}] stillhead {args:?} failed:\n{out}\n{err}",
            self.backend().name()
        );
        out
    }

    /// Runs and asserts exit code 1; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(
            code,
            1,
            "[{}] stillhead {args:?} should fail with 1:\n{out}\n{err}",
            self.backend().name()
        );
        assert!(!err.contains("panicked"), "panic reached the user: {err}");
        err
    }

    /// A path inside the project folder.
    pub fn db_path(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    /// A raw SQLite connection to a file in the project folder.
    pub fn sqlite(&self, name: &str) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db_path(name)).unwrap()
    }

    /// Runs a query on the project's database through the library's connection.
    pub fn query(&self, sql: &str) -> Vec<Vec<Value>> {
        let url = stillhead::DatabaseUrl::parse(&self.db.url).unwrap();
        let opts = stillhead::ConnectOptions {
            create: false,
            ..Default::default()
        };
        match stillhead::connect(&url, &opts).unwrap() {
            Connected::Open(mut conn) => conn.query(sql, &[]).unwrap(),
            Connected::Missing => Vec::new(),
        }
    }

    fn strings(&self, sql: &str) -> Vec<String> {
        self.query(sql)
            .into_iter()
            .map(|row| match &row[0] {
                Value::Text(s) => s.clone(),
                other => panic!("expected text, got {other:?}"),
            })
            .collect()
    }

    /// Tables of the database, sorted, without the engine's own.
    pub fn tables(&self) -> Vec<String> {
        self.strings(match self.backend() {
            Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            Backend::Postgres => "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
            Backend::Mysql => "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1",
        })
    }

    /// True if the database has this table.
    pub fn has_table(&self, table: &str) -> bool {
        self.tables().iter().any(|t| t == table)
    }

    /// Column names of a table, in order.
    pub fn columns(&self, table: &str) -> Vec<String> {
        self.strings(&match self.backend() {
            Backend::Sqlite => format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
            Backend::Postgres => format!("SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position"),
            Backend::Mysql => format!("SELECT CAST(column_name AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '{table}' ORDER BY ordinal_position"),
        })
    }

    /// True if the table has this column.
    pub fn has_column(&self, table: &str, column: &str) -> bool {
        self.columns(table).iter().any(|c| c == column)
    }

    /// Applied revisions recorded in the state table, sorted.
    pub fn applied(&self) -> Vec<String> {
        if !self.has_table("stillhead_version") {
            return Vec::new();
        }
        let mut out: Vec<String> = self
            .query("SELECT revision, in_progress FROM stillhead_version")
            .into_iter()
            .filter(|row| matches!(row[1], Value::Integer(0)))
            .map(|row| match &row[0] {
                Value::Text(s) => s.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        out.sort();
        out
    }

    /// `(revision, action, outcome)` of the log, oldest first.
    pub fn log(&self) -> Vec<(String, String, String)> {
        self.query("SELECT revision, action, outcome FROM stillhead_version_log ORDER BY id")
            .into_iter()
            .map(|row| {
                let text = |v: &Value| match v {
                    Value::Text(s) => s.clone(),
                    other => panic!("{other:?}"),
                };
                (text(&row[0]), text(&row[1]), text(&row[2]))
            })
            .collect()
    }
}

/// [`Project::on`] for file lists with owned contents.
pub fn project_on(backend: Backend, files: &[(&str, String)]) -> Project {
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Project::on(backend, &refs)
}

impl Project {
    /// The schema as the database's catalog describes it (tables, columns,
    /// indexes, constraints), one line per fact, for comparing two databases.
    pub fn catalog(&self) -> Vec<String> {
        let queries: &[&str] = match self.backend() {
            Backend::Sqlite => &["SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"],
            Backend::Postgres => &[
                "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, coalesce(column_default::text, '') FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
                "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1",
                "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1",
            ],
            Backend::Mysql => &[
                "SELECT CAST(table_name AS CHAR), CAST(column_name AS CHAR), CAST(column_type AS CHAR), CAST(is_nullable AS CHAR), CAST(coalesce(column_default, '') AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position",
                "SELECT CAST(table_name AS CHAR), CAST(index_name AS CHAR), seq_in_index, CAST(column_name AS CHAR), non_unique FROM information_schema.statistics WHERE table_schema = DATABASE() ORDER BY 1, 2, 3",
                "SELECT CAST(constraint_name AS CHAR), CAST(update_rule AS CHAR), CAST(delete_rule AS CHAR), CAST(referenced_table_name AS CHAR) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() ORDER BY 1",
                // A CHECK written on its column or as a table constraint is one check.
                "SELECT CAST(table_name AS CHAR), CAST(check_clause AS CHAR) FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() ORDER BY 1, 2",
                "SELECT CAST(table_name AS CHAR), CAST(view_definition AS CHAR) FROM information_schema.views WHERE table_schema = DATABASE() ORDER BY 1",
            ],
        };
        queries
            .iter()
            .flat_map(|q| self.query(q))
            .map(|row| format!("{row:?}"))
            .collect()
    }

    /// `(revision, checksum)` of every state row, sorted.
    pub fn state_rows(&self) -> Vec<String> {
        let mut rows: Vec<String> = self
            .query("SELECT revision, checksum, in_progress FROM stillhead_version")
            .into_iter()
            .map(|row| format!("{row:?}"))
            .collect();
        rows.sort();
        rows
    }

    /// Runs a SQL script with the database's own command-line client.
    pub fn run_client(&self, script: &str) {
        if let Err(e) = self.try_run_client(script) {
            panic!("[{}] client failed: {e}\n{script}", self.backend().name());
        }
    }
}

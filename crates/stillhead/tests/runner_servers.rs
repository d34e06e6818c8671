//! The runner through the library against real PostgreSQL and MariaDB
//! databases (each test in a throwaway one): runs and their record,
//! failures left truthfully recorded, the database's own error codes,
//! downgrades, stamps and Rust migrations.

use stillhead::TransactionMode;
use stillhead::{Config, Connection, Error, MigrationSet, Migrator, RustMigration, Value};
use stillhead_testkit::{ab_chain, mig, Backend, TestDb};

/// A migrations folder and a throwaway database on one server.
struct Fixture {
    db: TestDb,
    _dir: tempfile::TempDir,
    config: Config,
}

fn fixture(backend: Backend, files: &[(&str, String)]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("migrations");
    std::fs::create_dir(&migrations).unwrap();
    for (name, text) in files {
        std::fs::write(migrations.join(name), text).unwrap();
    }
    let db = TestDb::create(backend, dir.path(), "unused.db");
    let mut config = Config::for_url(&db.url).unwrap();
    config.migrations_dir = migrations;
    Fixture {
        db,
        _dir: dir,
        config,
    }
}

impl Fixture {
    fn set(&self) -> MigrationSet {
        MigrationSet::from_dir(&self.config.migrations_dir).unwrap()
    }
    fn conn(&self) -> Box<dyn Connection> {
        stillhead::open(&self.config).unwrap()
    }
    fn at(&self) -> String {
        format!("[{}]", self.db.backend.name())
    }
    /// `(revision, in_progress)` of every state row, sorted.
    fn state(&self) -> Vec<(String, bool)> {
        let set = self.set();
        let m = Migrator::new(&set, &self.config);
        let mut rows: Vec<(String, bool)> = m
            .read_state(self.conn().as_mut())
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.revision, r.in_progress))
            .collect();
        rows.sort();
        rows
    }
    fn tables(&self) -> Vec<String> {
        let sql = match self.db.backend {
            Backend::Postgres => "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
            _ => "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1",
        };
        self.conn()
            .query(sql, &[])
            .unwrap()
            .into_iter()
            .map(|r| r[0].to_text())
            .collect()
    }
}

/// The servers to test: those asked for (`STILLHEAD_TEST_BACKENDS`) whose
/// driver this build of the library has (`--all-features` for both; a
/// server left out is said on stderr).
fn servers() -> Vec<Backend> {
    Backend::all()
        .into_iter()
        .filter(|b| *b != Backend::Sqlite && built_with(*b))
        .collect()
}

/// Whether the library under test was built with `backend`'s cargo feature.
fn built_with(backend: Backend) -> bool {
    use stillhead::DialectBackend;
    let dialect: stillhead::Dialect = backend.name().parse().unwrap();
    if !dialect.driver_enabled() {
        eprintln!(
            "{}: not tested, stillhead built without its `{}` feature",
            backend.name(),
            dialect.feature()
        );
    }
    dialect.driver_enabled()
}

#[test]
fn runs_are_idempotent_and_logged() {
    for backend in servers() {
        let f = fixture(backend, &ab_chain());
        let at = f.at();
        let set = f.set();
        let m = Migrator::new(&set, &f.config);
        let mut conn = f.conn();
        let first = m.upgrade(conn.as_mut(), "head").unwrap();
        assert_eq!(first.steps.len(), 2, "{at}");
        assert_eq!(first.to, ["002_b"], "{at}");
        assert!(m.upgrade(conn.as_mut(), "head").unwrap().steps.is_empty());
        assert_eq!(
            f.state(),
            [("001_a".to_string(), false), ("002_b".to_string(), false)],
            "{at}"
        );
        let log = conn.read_log(m.tables()).unwrap();
        let actions: Vec<(&str, &str)> = log
            .iter()
            .map(|e| (e.action.as_str(), e.outcome.as_str()))
            .collect();
        assert_eq!(actions, [("upgrade", "ok"), ("upgrade", "ok")], "{at}");
        m.downgrade(conn.as_mut(), "base").unwrap();
        assert!(f.state().is_empty(), "{at}");
        assert_eq!(
            f.tables(),
            [
                "stillhead_version",
                "stillhead_version_lock",
                "stillhead_version_log",
                "stillhead_version_meta"
            ],
            "{at}"
        );
    }
}

#[test]
fn a_failed_statement_carries_the_databases_code_and_the_record_stays_true() {
    for backend in servers() {
        let mut files = ab_chain();
        files.push((
            "003_c.sql",
            mig(
                "003_c",
                "002_b",
                "CREATE TABLE c (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);",
                Some("DROP TABLE c;"),
            ),
        ));
        let f = fixture(backend, &files);
        let at = f.at();
        let set = f.set();
        let m = Migrator::new(&set, &f.config);
        let err = m.upgrade(f.conn().as_mut(), "head").unwrap_err();
        let Error::StatementFailed {
            revision,
            index,
            code,
            ..
        } = &err
        else {
            panic!("{at} unexpected error {err}");
        };
        assert_eq!((revision.as_str(), *index), ("003_c", 2), "{at}");
        // Undefined table: SQLSTATE 42P01, MariaDB errno 1146.
        let want = if backend == Backend::Postgres {
            "42P01"
        } else {
            "1146"
        };
        assert_eq!(code.as_deref(), Some(want), "{at} {err}");
        // The driver's own error is down the chain, for a caller to downcast.
        let from_driver =
            std::iter::successors(Some(&err as &(dyn std::error::Error + 'static)), |e| {
                e.source()
            })
            .find_map(|e| match backend {
                Backend::Postgres => e
                    .downcast_ref::<postgres::Error>()
                    .and_then(|pg| pg.code())
                    .map(|state| state.code().to_string()),
                _ => match e.downcast_ref::<mysql::Error>() {
                    Some(mysql::Error::MySqlError(server)) => Some(server.code.to_string()),
                    _ => None,
                },
            });
        assert_eq!(from_driver.as_deref(), Some(want), "{at} {err}");
        match backend {
            // One transaction for the run: nothing of it is left.
            Backend::Postgres => {
                assert!(f.state().is_empty(), "{at}");
                assert_eq!(
                    f.tables(),
                    [
                        "stillhead_version",
                        "stillhead_version_lock",
                        "stillhead_version_log",
                        "stillhead_version_meta"
                    ],
                    "{at}"
                );
            }
            // DDL commits as it goes: the failed migration stays marked.
            _ => {
                assert_eq!(
                    f.state(),
                    [
                        ("001_a".to_string(), false),
                        ("002_b".to_string(), false),
                        ("003_c".to_string(), true)
                    ],
                    "{at}"
                );
                let again = m.upgrade(f.conn().as_mut(), "head").unwrap_err();
                assert!(matches!(again, Error::InProgress { .. }), "{at} {again}");
                m.resolve(f.conn().as_mut(), "003_c", false).unwrap();
                assert_eq!(f.state().len(), 2, "{at}");
            }
        }
    }
}

#[test]
fn per_migration_commits_keep_what_came_before_a_failure() {
    for backend in servers() {
        let mut files = ab_chain();
        files.push((
            "003_c.sql",
            mig("003_c", "002_b", "SELECT * FROM nowhere;", None),
        ));
        let mut f = fixture(backend, &files);
        f.config.transaction = TransactionMode::PerMigration;
        let at = f.at();
        let set = f.set();
        let m = Migrator::new(&set, &f.config);
        assert!(m.upgrade(f.conn().as_mut(), "head").is_err(), "{at}");
        let applied: Vec<String> = f
            .state()
            .into_iter()
            .filter(|(_, marked)| !marked)
            .map(|(r, _)| r)
            .collect();
        assert_eq!(applied, ["001_a", "002_b"], "{at}");
    }
}

#[test]
fn irreversible_downgrades_are_refused_and_stamps_run_nothing() {
    for backend in servers() {
        let files = vec![
            (
                "001_a.sql",
                mig(
                    "001_a",
                    "",
                    "CREATE TABLE a (id INTEGER PRIMARY KEY);",
                    None,
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
        ];
        let f = fixture(backend, &files);
        let at = f.at();
        let set = f.set();
        let m = Migrator::new(&set, &f.config);
        m.stamp(f.conn().as_mut(), "head", false).unwrap();
        assert_eq!(f.state().len(), 2, "{at}");
        assert_eq!(
            f.tables(),
            [
                "stillhead_version",
                "stillhead_version_lock",
                "stillhead_version_log",
                "stillhead_version_meta"
            ],
            "{at}: a stamp runs nothing"
        );
        m.stamp(f.conn().as_mut(), "base", false).unwrap();
        m.upgrade(f.conn().as_mut(), "head").unwrap();
        let err = m.downgrade(f.conn().as_mut(), "base").unwrap_err();
        assert!(matches!(err, Error::Irreversible { .. }), "{at} {err}");
        assert!(
            f.tables().contains(&"b".to_string()),
            "{at}: nothing changed"
        );
    }
}

#[test]
fn rust_migrations_run_on_the_servers() {
    for backend in servers() {
        let f = fixture(
            backend,
            &[(
                "001.sql",
                mig(
                    "001",
                    "",
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20), upper VARCHAR(20));\nINSERT INTO t (id, name) VALUES (1, 'ada'), (2, 'bob');",
                    Some("DROP TABLE t;"),
                ),
            )],
        );
        let at = f.at();
        let placeholder = |n: usize| {
            if backend == Backend::Postgres {
                format!("${n}")
            } else {
                "?".to_string()
            }
        };
        let update = format!(
            "UPDATE t SET upper = {} WHERE id = {}",
            placeholder(1),
            placeholder(2)
        );
        let backfill = RustMigration::new("002_backfill", &["001"], "Backfill upper", move |db| {
            for row in db.query("SELECT id, name FROM t ORDER BY id", &[])? {
                let name = row[1].to_text().to_uppercase();
                db.execute_with(&update, &[name.into(), row[0].clone()])?;
            }
            Ok(())
        });
        let set = f.set().with_rust([backfill]).unwrap();
        let m = Migrator::new(&set, &f.config);
        m.upgrade(f.conn().as_mut(), "head").unwrap();
        let uppers: Vec<String> = f
            .conn()
            .query("SELECT upper FROM t ORDER BY id", &[])
            .unwrap()
            .into_iter()
            .map(|r| r[0].to_text())
            .collect();
        assert_eq!(uppers, ["ADA", "BOB"], "{at}");
        assert!(matches!(
            f.conn().query("SELECT count(*) FROM t", &[]).unwrap()[0][0],
            Value::Integer(2)
        ));
    }
}

/// Many instances opening a database whose configured schema does not exist
/// yet all get a connection: `CREATE SCHEMA IF NOT EXISTS` racing itself
/// fails one of two sessions on the catalog's unique index, which `open`
/// must absorb (CI once saw it through PgBouncer).
#[test]
fn many_connections_create_a_configured_schema_at_once() {
    if !Backend::all().contains(&Backend::Postgres) || !built_with(Backend::Postgres) {
        return;
    }
    let f = fixture(Backend::Postgres, &[]);
    for round in 0..10 {
        let mut config = f.config.clone();
        config.schema = Some(format!("app_{round}"));
        let barrier = std::sync::Barrier::new(12);
        let failures: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..12)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        stillhead::open(&config).err().map(|e| e.to_string())
                    })
                })
                .collect();
            handles
                .into_iter()
                .filter_map(|h| h.join().unwrap())
                .collect()
        });
        assert!(failures.is_empty(), "round {round}: {failures:#?}");
    }
}

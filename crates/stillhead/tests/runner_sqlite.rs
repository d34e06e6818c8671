//! The runner against real SQLite files: atomicity, per-migration commits,
//! non-transactional migrations, Rust migrations, checksums, stamp. Built
//! with the `sqlite` feature (the default) only.
#![cfg(feature = "sqlite")]

use std::path::{Path, PathBuf};

use stillhead::TransactionMode;
use stillhead::{Config, Connection, Error, MigrationSet, Migrator, RustMigration, Value};
use stillhead_testkit::mig;

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    config: Config,
}

fn fixture(files: &[(&str, String)]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    std::fs::create_dir(root.join("migrations")).unwrap();
    for (name, text) in files {
        std::fs::write(root.join("migrations").join(name), text).unwrap();
    }
    let mut config =
        Config::for_url(&format!("sqlite://{}", root.join("test.db").display())).unwrap();
    config.migrations_dir = root.join("migrations");
    Fixture {
        _dir: dir,
        root,
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
    fn sqlite(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.root.join("test.db")).unwrap()
    }
    fn tables(&self) -> Vec<String> {
        let c = self.sqlite();
        let mut s = c
            .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
    fn applied(&self) -> Vec<String> {
        let c = self.sqlite();
        let mut s = c
            .prepare(
                "SELECT revision FROM stillhead_version WHERE in_progress = 0 ORDER BY revision",
            )
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
    fn log(&self) -> Vec<(String, String, String)> {
        let c = self.sqlite();
        let mut s = c
            .prepare("SELECT revision, action, outcome FROM stillhead_version_log ORDER BY id")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.config.migrations_dir.join(name), text).unwrap();
    }
}

fn chain3(third_up: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "001.sql",
            mig(
                "001",
                "",
                "CREATE TABLE a (id INTEGER PRIMARY KEY);",
                Some("DROP TABLE a;"),
            ),
        ),
        (
            "002.sql",
            mig(
                "002",
                "001",
                "CREATE TABLE b (id INTEGER PRIMARY KEY);",
                Some("DROP TABLE b;"),
            ),
        ),
        (
            "003.sql",
            mig("003", "002", third_up, Some("DROP TABLE c;")),
        ),
    ]
}

fn path_str(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn upgrade_is_idempotent_and_logged() {
    let f = fixture(&chain3("CREATE TABLE c (id INTEGER PRIMARY KEY);"));
    let set = f.set();
    let m = Migrator::new(&set, &f.config);
    let mut conn = f.conn();
    let first = m.upgrade(conn.as_mut(), "head").unwrap();
    assert_eq!(
        first
            .steps
            .iter()
            .map(|s| s.revision.as_str())
            .collect::<Vec<_>>(),
        ["001", "002", "003"]
    );
    assert_eq!(first.to, ["003"]);
    let second = m.upgrade(conn.as_mut(), "head").unwrap();
    assert!(second.steps.is_empty());
    assert_eq!(f.applied(), ["001", "002", "003"]);
    assert_eq!(f.log().len(), 3);
    assert!(f.log().iter().all(|(_, a, o)| a == "upgrade" && o == "ok"));
}

#[test]
fn failure_in_all_mode_rolls_back_the_whole_run() {
    let f = fixture(&chain3(
        "CREATE TABLE c (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);",
    ));
    let set = f.set();
    let m = Migrator::new(&set, &f.config);
    let err = m.upgrade(f.conn().as_mut(), "head").unwrap_err();
    let text = err.to_string();
    match &err {
        Error::StatementFailed {
            revision,
            index,
            line,
            message,
            ..
        } => {
            assert_eq!(revision, "003");
            assert_eq!(*index, 2);
            assert_eq!(*line, 7, "{text}");
            assert!(message.contains("no such table: nowhere"), "{text}");
        }
        other => panic!("unexpected error {other}"),
    }
    assert!(text.contains("remains at base"), "{text}");
    assert!(text.contains("2 earlier migrations"), "{text}");
    assert!(
        text.contains(&path_str(&f.config.migrations_dir.join("003.sql"))),
        "{text}"
    );
    assert_eq!(
        f.tables(),
        [
            "stillhead_version",
            "stillhead_version_lock",
            "stillhead_version_log",
            "stillhead_version_meta"
        ]
    );
    assert!(f.applied().is_empty());
    assert_eq!(
        f.log(),
        [(
            "003".to_string(),
            "upgrade".to_string(),
            "failed".to_string()
        )]
    );
}

#[test]
fn failure_in_per_migration_mode_keeps_earlier_migrations() {
    let mut f = fixture(&chain3("INSERT INTO nowhere VALUES (1);"));
    f.config.transaction = TransactionMode::PerMigration;
    let set = f.set();
    let err = Migrator::new(&set, &f.config)
        .upgrade(f.conn().as_mut(), "head")
        .unwrap_err();
    assert!(err.to_string().contains("remains at 002"), "{err}");
    assert_eq!(f.applied(), ["001", "002"]);
    assert_eq!(
        f.tables(),
        [
            "a",
            "b",
            "stillhead_version",
            "stillhead_version_lock",
            "stillhead_version_log",
            "stillhead_version_meta"
        ]
    );
}

#[test]
fn non_transactional_migration_runs_outside_and_failure_marks_in_progress() {
    let f = fixture(&chain3("CREATE TABLE c (id INTEGER PRIMARY KEY);"));
    f.write("004.sql", "-- revision: 004\n-- revises: 003\n-- transaction: false\n\n-- +upgrade\nVACUUM;\n\n-- +downgrade\n");
    let set = f.set();
    let m = Migrator::new(&set, &f.config);
    // VACUUM fails inside a transaction: passing proves it ran outside one.
    m.upgrade(f.conn().as_mut(), "head").unwrap();
    assert_eq!(f.applied(), ["001", "002", "003", "004"]);

    f.write("005.sql", "-- revision: 005\n-- revises: 004\n-- transaction: false\n\n-- +upgrade\nCREATE TABLE d (id INTEGER);\nINSERT INTO nowhere VALUES (1);\n\n-- +downgrade\nDROP TABLE d;\n");
    let set = f.set();
    let m = Migrator::new(&set, &f.config);
    let err = m.upgrade(f.conn().as_mut(), "head").unwrap_err();
    assert!(err.to_string().contains("marked in progress"), "{err}");
    // The first statement committed: the truth is "partly applied".
    assert!(f.tables().contains(&"d".to_string()));
    let again = m.upgrade(f.conn().as_mut(), "head").unwrap_err();
    match again {
        Error::InProgress {
            revision,
            statement,
            ..
        } => {
            assert_eq!(revision, "005");
            assert_eq!(statement, Some(2));
        }
        other => panic!("unexpected {other}"),
    }
    // A person undoes it and records that.
    f.sqlite().execute_batch("DROP TABLE d").unwrap();
    m.resolve(f.conn().as_mut(), "005", false).unwrap();
    f.write("005.sql", "-- revision: 005\n-- revises: 004\n-- transaction: false\n\n-- +upgrade\nCREATE TABLE d (id INTEGER);\n\n-- +downgrade\nDROP TABLE d;\n");
    let set = f.set();
    Migrator::new(&set, &f.config)
        .upgrade(f.conn().as_mut(), "head")
        .unwrap();
    assert_eq!(f.applied(), ["001", "002", "003", "004", "005"]);
}

#[test]
fn rust_migrations_backfill_and_revert() {
    let f = fixture(&[
        ("001.sql", mig("001", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, upper TEXT);\nINSERT INTO t (name) VALUES ('ada'), ('bob');", Some("DROP TABLE t;"))),
    ]);
    let backfill = RustMigration::new("002_backfill", &["001"], "Backfill upper", |db| {
        for row in db.query("SELECT id, name FROM t", &[])? {
            let (Value::Integer(id), Value::Text(name)) = (&row[0], &row[1]) else {
                return Err("unexpected row".into());
            };
            db.execute_with(
                "UPDATE t SET upper = ? WHERE id = ?",
                &[name.to_uppercase().into(), (*id).into()],
            )?;
        }
        Ok(())
    })
    .down(|db| {
        db.execute_with("UPDATE t SET upper = NULL", &[])?;
        Ok(())
    });
    let set = f.set().with_rust([backfill]).unwrap();
    let m = Migrator::new(&set, &f.config);
    m.upgrade(f.conn().as_mut(), "head").unwrap();
    let uppers: Vec<String> = {
        let c = f.sqlite();
        let mut s = c.prepare("SELECT upper FROM t ORDER BY id").unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(uppers, ["ADA", "BOB"]);
    m.downgrade(f.conn().as_mut(), "-1").unwrap();
    let nulls: i64 = f
        .sqlite()
        .query_row("SELECT count(*) FROM t WHERE upper IS NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(nulls, 2);
}

#[test]
fn failing_rust_migration_rolls_back() {
    let f = fixture(&[(
        "001.sql",
        mig(
            "001",
            "",
            "CREATE TABLE t (id INTEGER);",
            Some("DROP TABLE t;"),
        ),
    )]);
    let bad = RustMigration::new("002", &["001"], "Fails", |db| {
        db.execute_with("INSERT INTO t VALUES (1)", &[])?;
        Err("the data is not what I expected".into())
    });
    let set = f.set().with_rust([bad]).unwrap();
    let err = Migrator::new(&set, &f.config)
        .upgrade(f.conn().as_mut(), "head")
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("002 failed in its Rust code: the data is not what I expected"),
        "{err}"
    );
    assert!(f.applied().is_empty());
    assert_eq!(
        f.tables(),
        [
            "stillhead_version",
            "stillhead_version_lock",
            "stillhead_version_log",
            "stillhead_version_meta"
        ]
    );
}

#[test]
fn edited_migration_is_refused_then_accepted() {
    let f = fixture(&chain3("CREATE TABLE c (id INTEGER PRIMARY KEY);"));
    let set = f.set();
    Migrator::new(&set, &f.config)
        .upgrade(f.conn().as_mut(), "002")
        .unwrap();
    f.write(
        "002.sql",
        &mig(
            "002",
            "001",
            "CREATE TABLE b (id INTEGER PRIMARY KEY, extra TEXT);",
            Some("DROP TABLE b;"),
        ),
    );
    let set = f.set();
    let m = Migrator::new(&set, &f.config);
    let err = m.upgrade(f.conn().as_mut(), "head").unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Edited { .. }), "{text}");
    assert!(
        text.contains("002") && text.contains("002.sql") && text.contains("verify --accept 002"),
        "{text}"
    );
    let report = m.verify(Some(f.conn().as_mut())).unwrap();
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].kind, "edited");
    m.accept(f.conn().as_mut(), "002").unwrap();
    m.upgrade(f.conn().as_mut(), "head").unwrap();
    assert_eq!(f.applied(), ["001", "002", "003"]);
}

#[test]
fn irreversible_downgrade_is_refused_and_changes_nothing() {
    let f = fixture(&[
        (
            "001.sql",
            mig(
                "001",
                "",
                "CREATE TABLE a (id INTEGER);",
                Some("DROP TABLE a;"),
            ),
        ),
        (
            "002.sql",
            mig("002", "001", "CREATE TABLE b (id INTEGER);", None),
        ),
        (
            "003.sql",
            mig(
                "003",
                "002",
                "CREATE TABLE c (id INTEGER);",
                Some("DROP TABLE c;"),
            ),
        ),
    ]);
    let set = f.set();
    let m = Migrator::new(&set, &f.config);
    m.upgrade(f.conn().as_mut(), "head").unwrap();
    let err = m.downgrade(f.conn().as_mut(), "base").unwrap_err();
    assert!(
        err.to_string().contains("cannot downgrade past 002"),
        "{err}"
    );
    assert_eq!(f.applied(), ["001", "002", "003"]);
    assert!(f.tables().contains(&"c".to_string()));
    m.downgrade(f.conn().as_mut(), "-1").unwrap();
    assert_eq!(f.applied(), ["001", "002"]);
}

#[test]
fn foreign_key_violations_abort_the_transaction() {
    let f = fixture(&[
        ("001.sql", mig("001", "", "CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));", Some("DROP TABLE c;\nDROP TABLE p;"))),
        ("002.sql", mig("002", "001", "INSERT INTO c VALUES (1, 42);", Some("DELETE FROM c;"))),
    ]);
    let set = f.set();
    let m = Migrator::new(&set, &f.config);
    let err = m.upgrade(f.conn().as_mut(), "head").unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::ForeignKeyViolation { .. }), "{text}");
    assert!(text.contains("c(rowid 1) -> p"), "{text}");
    assert!(f.applied().is_empty());
}

#[test]
fn foreign_keys_setting_is_restored_after_a_run() {
    let f = fixture(&chain3("CREATE TABLE c (id INTEGER PRIMARY KEY);"));
    let set = f.set();
    let mut conn = f.conn();
    conn.execute("PRAGMA foreign_keys = ON").unwrap();
    Migrator::new(&set, &f.config)
        .upgrade(conn.as_mut(), "head")
        .unwrap();
    let rows = conn.query("PRAGMA foreign_keys", &[]).unwrap();
    assert_eq!(rows, vec![vec![Value::Integer(1)]]);
}

#[test]
fn stamp_sets_state_without_running() {
    let f = fixture(&chain3("CREATE TABLE c (id INTEGER PRIMARY KEY);"));
    let set = f.set();
    let m = Migrator::new(&set, &f.config);
    let r = m.stamp(f.conn().as_mut(), "head", false).unwrap();
    assert_eq!(r.added, ["001", "002", "003"]);
    assert_eq!(
        f.tables(),
        [
            "stillhead_version",
            "stillhead_version_lock",
            "stillhead_version_log",
            "stillhead_version_meta"
        ]
    );
    let r = m.stamp(f.conn().as_mut(), "001", false).unwrap();
    assert_eq!(r.removed, ["002", "003"]);
    assert_eq!(f.applied(), ["001"]);
    // A revision the files do not know: refused, then purged.
    f.sqlite()
        .execute_batch("INSERT INTO stillhead_version VALUES ('zzz', NULL, 'x', 0, NULL, 'me')")
        .unwrap();
    let err = m.upgrade(f.conn().as_mut(), "head").unwrap_err();
    assert!(
        err.to_string()
            .contains("revision zzz applied that no migration file defines"),
        "{err}"
    );
    let r = m.stamp(f.conn().as_mut(), "002", true).unwrap();
    assert!(r.removed.contains(&"zzz".to_string()));
    assert_eq!(f.applied(), ["001", "002"]);
}

#[test]
fn dry_run_changes_nothing() {
    let f = fixture(&chain3("CREATE TABLE c (id INTEGER PRIMARY KEY);"));
    let set = f.set();
    let m = Migrator::new(&set, &f.config);
    let plan = m
        .plan(f.conn().as_mut(), stillhead::Direction::Upgrade, "head")
        .unwrap();
    assert_eq!(plan.steps.len(), 3);
    assert!(plan.dry_run);
    assert_eq!(plan.to, ["003"]);
    assert!(f.tables().is_empty());
}

#[test]
fn waits_set_in_code_beyond_any_driver_are_cut_not_a_panic() {
    // The config file refuses such values at load; a `Config` built in code
    // does not pass that check, and a 30-day busy timeout overflowed
    // rusqlite's i32 of milliseconds.
    let mut f = fixture(&[(
        "001_a.sql",
        mig(
            "001_a",
            "",
            "CREATE TABLE a (id INTEGER);",
            Some("DROP TABLE a;"),
        ),
    )]);
    f.config.lock_timeout = std::time::Duration::from_secs(30 * 24 * 3600);
    f.config.lock_lease = std::time::Duration::MAX;
    let set = f.set();
    let mut conn = f.conn();
    Migrator::new(&set, &f.config)
        .upgrade(conn.as_mut(), "head")
        .unwrap();
    assert_eq!(f.applied(), ["001_a"]);
}

#[test]
fn a_migrator_built_in_code_uses_its_own_table_and_transaction_mode() {
    let f = fixture(&chain3("CREATE TABLE c (oops"));
    let set = f.set();
    let url = format!("sqlite://{}", f.root.join("test.db").display());
    let migrator = Migrator::with_defaults(&set)
        .version_table("app_version")
        .transaction_mode(TransactionMode::PerMigration)
        .lock_timeout(std::time::Duration::from_secs(5));
    let mut conn = migrator.connect(&url).unwrap();
    // The third migration fails: per migration, the first two stay.
    migrator.upgrade(conn.as_mut(), "head").unwrap_err();
    let db = f.sqlite();
    let applied: Vec<String> = db
        .prepare("SELECT revision FROM app_version ORDER BY revision")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(applied, ["001", "002"]);
    let default_table: i64 = db
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'stillhead_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(default_table, 0, "nothing is written to the default table");
    assert_eq!(migrator.connect_options().version_table, "app_version");
}

#[test]
fn a_failed_statement_keeps_the_drivers_error_as_its_source() {
    let f = fixture(&chain3("INSERT INTO nowhere VALUES (1);"));
    let set = f.set();
    let err = Migrator::new(&set, &f.config)
        .upgrade(f.conn().as_mut(), "head")
        .unwrap_err();
    // Down the chain: stillhead's error, the database error, the driver's.
    let mut found = None;
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(&err);
    while let Some(e) = next {
        if let Some(driver) = e.downcast_ref::<rusqlite::Error>() {
            found = Some(driver.sqlite_error_code());
        }
        next = e.source();
    }
    assert_eq!(
        found,
        Some(Some(rusqlite::ErrorCode::Unknown)),
        "no rusqlite::Error in the chain of: {err}"
    );
}

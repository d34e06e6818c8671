//! What stands between an app and its database in production: a standby or
//! a replica that must not be migrated, multi-host URLs that find the
//! primary, busy tables, and deadlocks the server breaks.

mod common;

use common::*;

#[test]
fn a_postgres_standby_is_refused_for_writes_read_for_reads_and_a_multi_host_url_finds_the_primary()
{
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let pair = common::pgstandby::Standby::start();
    let db = pair.create_database();
    let p = Project::shop_on(Backend::Sqlite);
    let (primary, standby) = (pair.url(true, &db), pair.url(false, &db));
    p.ok(&["--url", &primary, "upgrade", "003_member_fields"]);
    pair.catch_up();
    for args in [
        &["upgrade", "head"][..],
        &["downgrade", "-1"],
        &["stamp", "head"],
        &["resolve", "003_member_fields", "--applied"],
    ] {
        let mut full = vec!["--url", standby.as_str()];
        full.extend_from_slice(args);
        let err = p.fails(&full);
        assert!(
            err.contains("127.0.0.1:25433")
                && err.contains("hot standby")
                && err.contains("primary")
                && err.contains("--allow-read-only-server"),
            "{args:?}: {err}"
        );
    }
    // Reads work there.
    let out = p.ok(&["--url", &standby, "current"]);
    assert!(out.contains("003_member_fields"), "{out}");
    p.ok(&["--url", &standby, "history"]);
    // At head there is nothing to write, so nothing to refuse.
    // The override lets the run try; the standby itself then says no.
    let err = p.fails(&[
        "--url",
        &standby,
        "--allow-read-only-server",
        "upgrade",
        "head",
    ]);
    assert!(err.contains("read-only"), "{err}");
    // A multi-host URL listing the standby first reaches the primary.
    let multi = format!(
        "postgres://postgres@127.0.0.1:25433,127.0.0.1:25432/{db}?target_session_attrs=read-write"
    );
    let out = p.ok(&["--url", &multi, "upgrade", "head"]);
    assert!(out.contains("007_device_sessions"), "{out}");
    pair.catch_up();
    let out = p.ok(&["--url", &standby, "upgrade", "head"]);
    assert!(
        !out.contains("error"),
        "at head on the standby: nothing to refuse: {out}"
    );
    pair.drop_database(&db);
}

#[test]
fn a_mariadb_replica_is_refused_even_to_root_unless_allowed() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let replica =
        common::mariadb_private::PrivateMariadb::start("readonly", 23306, &["--read-only=ON"]);
    let db = unique_name();
    replica.execute(&format!("CREATE DATABASE {db}"));
    let p = project_on(Backend::Sqlite, &common::ab_chain());
    let url = replica.db_url(&db);
    for args in [&["upgrade", "head"][..], &["stamp", "head"]] {
        let mut full = vec!["--url", url.as_str()];
        full.extend_from_slice(args);
        let err = p.fails(&full);
        assert!(
            err.contains("127.0.0.1:23306")
                && err.contains("read_only=ON")
                && err.contains("replica"),
            "{args:?}: {err}"
        );
    }
    let out = p.ok(&["--url", &url, "current"]);
    assert!(!out.contains("error"), "{out}");
    // root writes through read_only: the override is for those who mean it.
    p.ok(&["--url", &url, "--allow-read-only-server", "upgrade", "head"]);
    let out = p.ok(&["--url", &url, "current"]);
    assert!(out.contains("002_b"), "{out}");
    replica.execute(&format!("DROP DATABASE {db}"));
}

/// Runs `SELECT count(*) FROM members` every 50 ms on fresh connections
/// until `stop`, returning the slowest.
fn slowest_reader(
    backend: Backend,
    url: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<std::time::Duration> {
    use std::sync::atomic::Ordering;
    std::thread::spawn(move || {
        let mut worst = std::time::Duration::ZERO;
        while !stop.load(Ordering::Relaxed) {
            let t = std::time::Instant::now();
            match backend {
                Backend::Postgres => {
                    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                    c.simple_query("SELECT count(*) FROM members").unwrap();
                }
                _ => {
                    use mysql::prelude::Queryable;
                    let mut c = mysql::Conn::new(mysql::Opts::from_url(&url).unwrap()).unwrap();
                    c.query_drop("SELECT count(*) FROM members").unwrap();
                }
            }
            worst = worst.max(t.elapsed());
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        worst
    })
}

#[test]
fn a_busy_table_never_stalls_its_readers_behind_a_migration() {
    use std::sync::atomic::{AtomicBool, Ordering};
    for backend in Backend::all().into_iter().filter(|b| *b != Backend::Sqlite) {
        let at = backend.name();
        let p = project_on(
            backend,
            &[
                (
                    "001_members.sql",
                    mig(
                        "001_members",
                        "",
                        "CREATE TABLE members (id INTEGER PRIMARY KEY);",
                        Some("DROP TABLE members;"),
                    ),
                ),
                (
                    "002_note.sql",
                    mig(
                        "002_note",
                        "001_members",
                        "ALTER TABLE members ADD COLUMN note TEXT;",
                        Some("ALTER TABLE members DROP COLUMN note;"),
                    ),
                ),
            ],
        );
        // MariaDB counts lock waits in whole seconds.
        let timeout_ms = if backend == Backend::Postgres {
            300
        } else {
            1000
        };
        p.configure(&format!(
            "\n[migrations]\nddl_lock_timeout = \"{timeout_ms}ms\"\nddl_retries = 20\n"
        ));
        p.ok(&["upgrade", "001_members"]);
        // A reader that holds the table for 3 s (an open transaction that read it).
        let url = p.db.url.clone();
        let (held_tx, held_rx) = std::sync::mpsc::channel();
        let blocker = {
            let url = url.clone();
            std::thread::spawn(move || match backend {
                Backend::Postgres => {
                    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                    c.batch_execute("BEGIN; SELECT count(*) FROM members")
                        .unwrap();
                    held_tx.send(()).unwrap();
                    std::thread::sleep(std::time::Duration::from_secs(3));
                    c.batch_execute("COMMIT").unwrap();
                }
                _ => {
                    use mysql::prelude::Queryable;
                    let mut c = mysql::Conn::new(mysql::Opts::from_url(&url).unwrap()).unwrap();
                    c.query_drop("BEGIN").unwrap();
                    c.query_drop("SELECT count(*) FROM members").unwrap();
                    held_tx.send(()).unwrap();
                    std::thread::sleep(std::time::Duration::from_secs(3));
                    c.query_drop("COMMIT").unwrap();
                }
            })
        };
        held_rx.recv().unwrap();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let reader = slowest_reader(backend, url, stop.clone());
        let run = p.spawn(&["-v", "upgrade", "head"]);
        let out = run.wait_with_output().unwrap();
        stop.store(true, Ordering::Relaxed);
        blocker.join().unwrap();
        let worst = reader.join().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        eprintln!("[{at}] slowest reader {worst:?} with ddl_lock_timeout {timeout_ms} ms");
        assert!(
            out.status.success(),
            "[{at}] the migration succeeds once the blocker ends: {err}"
        );
        assert!(
            err.contains("waited longer than ddl_lock_timeout") && err.contains("retried"),
            "[{at}] each retry is told: {err}"
        );
        assert!(p.has_column("members", "note"), "[{at}]");
        assert!(
            worst.as_millis() < timeout_ms + 700,
            "[{at}] readers waited {worst:?}, ddl_lock_timeout is {timeout_ms} ms"
        );
        assert_eq!(
            p.applied(),
            ["001_members", "002_note"],
            "[{at}] applied once"
        );
    }
}

#[test]
fn a_failover_mid_run_fails_clearly_and_a_multi_host_rerun_applies_nothing_twice() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    // A pair of its own: the failover breaks it, and it is deleted after.
    let pair = common::pgstandby::Standby::start_fresh("pg-failover", 25434, 25435);
    let db = pair.create_database();
    // While this table exists, migration 002 takes a minute: long enough to
    // be inside it when the primary dies, however slow the machine.
    postgres::Client::connect(&pair.url(true, &db), postgres::NoTls)
        .unwrap()
        .batch_execute("CREATE TABLE slow_marker ()")
        .unwrap();
    let p = project_on(
        Backend::Sqlite,
        &[
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
                "002_slow.sql",
                mig(
                    "002_slow",
                    "001_a",
                    "CREATE TABLE b (id INTEGER PRIMARY KEY);\nSELECT pg_sleep(CASE WHEN to_regclass('slow_marker') IS NULL THEN 0 ELSE 60 END);",
                    Some("DROP TABLE b;"),
                ),
            ),
            (
                "003_c.sql",
                mig(
                    "003_c",
                    "002_slow",
                    "CREATE TABLE c (id INTEGER PRIMARY KEY);",
                    Some("DROP TABLE c;"),
                ),
            ),
        ],
    );
    p.configure("\n[migrations]\ntransaction = \"per-migration\"\n");
    let primary = pair.url(true, &db);
    let run = p.spawn(&["--url", &primary, "upgrade", "head"]);
    // Once 001 is committed and on the standby, the primary dies inside 002.
    let mut watch = postgres::Client::connect(&primary, postgres::NoTls).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let rows = watch
            .simple_query("SELECT count(*) FROM stillhead_version WHERE revision = '001_a'")
            .map(|m| m.iter().any(|r| matches!(r, postgres::SimpleQueryMessage::Row(row) if row.get(0) == Some("1"))))
            .unwrap_or(false);
        if rows {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "001_a never committed"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(watch);
    pair.catch_up();
    pair.crash_primary();
    pair.promote_standby();
    let out = run.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the interrupted run fails");
    assert!(
        err.contains("002_slow") && err.contains("127.0.0.1:25434"),
        "it says what and where: {err}"
    );
    postgres::Client::connect(&pair.url(false, &db), postgres::NoTls)
        .unwrap()
        .batch_execute("DROP TABLE slow_marker")
        .unwrap();
    // The rerun finds the new primary by itself and finishes.
    let multi = format!(
        "postgres://postgres@127.0.0.1:25434,127.0.0.1:25435/{db}?target_session_attrs=read-write&connect_timeout=3"
    );
    let out = p.ok(&["--url", &multi, "upgrade", "head"]);
    assert!(
        out.contains("002_slow") && !out.contains("001_a ("),
        "{out}"
    );
    let mut promoted = postgres::Client::connect(&pair.url(false, &db), postgres::NoTls).unwrap();
    let applied: Vec<String> = promoted
        .query(
            "SELECT revision FROM stillhead_version ORDER BY revision",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(applied, ["001_a", "002_slow", "003_c"]);
    let ups: i64 = promoted
        .query_one(
            "SELECT count(*) FROM stillhead_version_log WHERE revision = '001_a' AND action = 'upgrade' AND outcome = 'ok'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(ups, 1, "001_a applied once");
    drop(promoted);
    pair.destroy();
}

/// Runs `sql` on the project's database by the driver's text protocol (a
/// procedure's body holds semicolons, and MariaDB prepares no `CREATE
/// PROCEDURE`).
fn setup(p: &Project, sql: &str) {
    match p.backend() {
        Backend::Postgres => {
            let mut c = postgres::Client::connect(&p.db.url, postgres::NoTls).unwrap();
            c.batch_execute(sql).unwrap();
        }
        _ => {
            use mysql::prelude::Queryable;
            let mut c = mysql::Conn::new(mysql::Opts::from_url(&p.db.url).unwrap()).unwrap();
            c.query_drop(sql).unwrap();
        }
    }
}

/// A statement the server rolls back to end a deadlock (PostgreSQL 40P01,
/// MariaDB 1213, which is also Galera's certification conflict) waited for
/// nothing: it is retried and told as what it is, and one that conflicts
/// every time fails with the server's code, never as a lock timeout.
#[test]
fn a_deadlock_is_retried_and_named_never_called_a_lock_timeout() {
    for backend in Backend::all().into_iter().filter(|b| *b != Backend::Sqlite) {
        let at = backend.name();
        // `flaky()` ends its first call as the server ends a deadlock;
        // its counter survives the rollback (a sequence; on MariaDB each
        // statement of a procedure commits on its own).
        let (call, flaky): (&str, &[&str]) = match backend {
            Backend::Postgres => (
                "SELECT flaky();",
                &[
                    "CREATE SEQUENCE flaky_calls",
                    "CREATE FUNCTION flaky() RETURNS void LANGUAGE plpgsql AS $$ BEGIN IF nextval('flaky_calls') = 1 THEN RAISE EXCEPTION 'deadlock made by the test' USING ERRCODE = '40P01'; END IF; END $$",
                ],
            ),
            _ => (
                "CALL flaky();",
                &[
                    "CREATE TABLE flaky_calls (n INTEGER AUTO_INCREMENT PRIMARY KEY)",
                    "CREATE PROCEDURE flaky() BEGIN INSERT INTO flaky_calls () VALUES (); IF (SELECT count(*) FROM flaky_calls) = 1 THEN SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'Deadlock made by the test'; END IF; END",
                ],
            ),
        };
        let always = match backend {
            Backend::Postgres => "DO $$ BEGIN RAISE EXCEPTION 'conflict made by the test' USING ERRCODE = '40001'; END $$;",
            _ => "SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'Deadlock made by the test';",
        };
        let (code, sqlstate) = match backend {
            Backend::Postgres => ("[SQLSTATE 40P01]", "[SQLSTATE 40001]"),
            _ => ("[error 1213]", "[error 1213]"),
        };
        let p = project_on(
            backend,
            &[
                (
                    "001_t1.sql",
                    mig(
                        "001_t1",
                        "",
                        &format!("CREATE TABLE t1 (id INTEGER);\n{call}"),
                        Some("DROP TABLE t1;"),
                    ),
                ),
                (
                    "002_t2.sql",
                    mig(
                        "002_t2",
                        "001_t1",
                        &format!("CREATE TABLE t2 (id INTEGER);\n{always}"),
                        Some("DROP TABLE t2;"),
                    ),
                ),
            ],
        );
        p.configure("\n[migrations]\ntransaction = \"per-migration\"\nddl_retries = 2\n");
        for statement in flaky {
            setup(&p, statement);
        }
        let (status, _, err) = p.run(&["-v", "upgrade", "001_t1"]);
        assert_eq!(status, 0, "[{at}] retried past the deadlock: {err}");
        assert!(
            err.contains("rolled back by the server to end a deadlock")
                && err.contains(code)
                && err.contains("retry 1 of at most 2"),
            "[{at}] the retry names the deadlock and the server's code: {err}"
        );
        assert!(
            !err.contains("ddl_lock_timeout") && !err.contains("timed out"),
            "[{at}] nothing waited, and nothing says so: {err}"
        );
        assert_eq!(p.applied(), ["001_t1"], "[{at}] applied once");
        assert!(p.has_table("t1"), "[{at}]");
        let err = p.fails(&["upgrade", "head"]);
        assert!(
            err.contains("002_t2") && err.contains(sqlstate),
            "[{at}] the failure names the migration and the server's code: {err}"
        );
        assert!(
            !err.contains("timed out") && !err.contains("waiting for"),
            "[{at}] a conflict is never told as a lock timeout: {err}"
        );
        assert_eq!(p.applied(), ["001_t1"], "[{at}] 002_t2 is not recorded");
    }
}

//! Many instances starting at once: N processes run `upgrade head` on one
//! database; every migration is applied exactly once, all exit 0, and the
//! log agrees. On SQLite, PostgreSQL and MariaDB.

mod common;

use std::process::{Command, Stdio};

use common::{mig, Backend, Project};

fn upgrade_concurrently(p: &Project, processes: usize) {
    let bin = assert_cmd::cargo::cargo_bin("stillhead");
    let children: Vec<_> = (0..processes)
        .map(|_| {
            Command::new(&bin)
                .current_dir(p.path())
                .env_remove("DATABASE_URL")
                .env("NO_COLOR", "1")
                .args(["upgrade", "head"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "[{}] a concurrent upgrade failed: {}{}",
            p.backend().name(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Every revision has exactly one successful upgrade in the log, and nothing else.
fn assert_applied_once(p: &Project, expected: &[&str]) {
    let mut log = p.log();
    log.sort();
    let want: Vec<(String, String, String)> = expected
        .iter()
        .map(|id| (id.to_string(), "upgrade".to_string(), "ok".to_string()))
        .collect();
    assert_eq!(log, want, "[{}]", p.backend().name());
    assert_eq!(p.applied(), expected, "[{}]", p.backend().name());
}

/// Five small migrations in SQL every backend accepts.
fn portable_chain() -> Vec<(String, String)> {
    let ids = ["001_t1", "002_data", "003_index", "004_column", "005_t2"];
    let ups = [
        "CREATE TABLE t1 (id INTEGER PRIMARY KEY, v VARCHAR(50));",
        "INSERT INTO t1 (id, v) VALUES (1, 'a');\nINSERT INTO t1 (id, v) VALUES (2, 'b');",
        "CREATE INDEX t1_v_idx ON t1 (v);",
        "ALTER TABLE t1 ADD COLUMN w INTEGER;\nUPDATE t1 SET w = id * 10;",
        "CREATE TABLE t2 (id INTEGER PRIMARY KEY, t1_id INTEGER REFERENCES t1 (id));",
    ];
    let downs = [
        "DROP TABLE t1;",
        "DELETE FROM t1;",
        "DROP INDEX t1_v_idx;\n\n-- +downgrade dialect=mysql\nDROP INDEX t1_v_idx ON t1;",
        "ALTER TABLE t1 DROP COLUMN w;",
        "DROP TABLE t2;",
    ];
    (0..5)
        .map(|i| {
            let revises = if i == 0 { "" } else { ids[i - 1] };
            (
                format!("{}.sql", ids[i]),
                mig(ids[i], revises, ups[i], Some(downs[i])),
            )
        })
        .collect()
}

fn portable_project(backend: Backend) -> Project {
    let files = portable_chain();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Project::on(backend, &refs)
}

const IDS: [&str; 5] = ["001_t1", "002_data", "003_index", "004_column", "005_t2"];

#[test]
fn sixteen_processes_twenty_times_per_backend() {
    for backend in Backend::all() {
        for round in 0..20 {
            let p = portable_project(backend);
            if round % 2 == 1 {
                p.configure("[migrations]\ntransaction = \"per-migration\"\n");
            }
            upgrade_concurrently(&p, 16);
            assert_applied_once(&p, &IDS);
        }
    }
}

#[test]
fn the_portable_chain_round_trips_on_every_backend() {
    for backend in Backend::all() {
        let p = portable_project(backend);
        p.ok(&["upgrade", "head"]);
        assert!(p.has_column("t1", "w"));
        p.ok(&["downgrade", "base"]);
        assert_eq!(
            p.tables(),
            [
                "stillhead_version",
                "stillhead_version_lock",
                "stillhead_version_log",
                "stillhead_version_meta"
            ],
            "[{}]",
            backend.name()
        );
        p.ok(&["upgrade", "head"]);
        assert_eq!(p.applied(), IDS);
    }
}

#[test]
fn eight_processes_on_the_shop_example() {
    for mode in ["all", "per-migration"] {
        let p = Project::shop();
        let path = p.path().join("stillhead.toml");
        let cfg = std::fs::read_to_string(&path).unwrap();
        let cfg = cfg.replace(
            "[migrations]\n",
            &format!("[migrations]\ntransaction = \"{mode}\"\n"),
        );
        std::fs::write(path, cfg).unwrap();
        upgrade_concurrently(&p, 8);
        assert_eq!(p.applied().len(), 7, "{mode}");
        assert_eq!(p.log().len(), 7, "{mode}: {:?}", p.log());
    }
}

#[test]
fn eight_processes_with_a_non_transactional_migration() {
    // 002 runs outside a transaction and starts with a long read that holds
    // no write lock, so the other processes get in while it is marked in
    // progress: they must wait for the mark to clear, not fail or re-run it.
    let p = Project::with_files(&[
        ("001_t.sql", &mig("001_t", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\nWITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO t (v) SELECT hex(randomblob(16)) FROM n;", Some("DROP TABLE t;"))),
        ("002_idx.sql", "-- revision: 002_idx\n-- revises: 001_t\n-- transaction: false\n\n-- +upgrade\nSELECT count(*) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500000) SELECT i FROM n);\nCREATE INDEX t_v_idx ON t (v);\nCREATE TABLE t2 AS SELECT * FROM t;\n\n-- +downgrade\nDROP TABLE t2;\nDROP INDEX t_v_idx;\n"),
        ("003_u.sql", &mig("003_u", "002_idx", "CREATE TABLE u (id INTEGER);", Some("DROP TABLE u;"))),
    ]);
    upgrade_concurrently(&p, 8);
    assert_applied_once(&p, &["001_t", "002_idx", "003_u"]);
}

/// A PostgreSQL project whose 002 runs outside a transaction: `sleep`
/// seconds of work (while a table `hold` exists, which 001 creates), then a
/// concurrent index. Leases last 600 ms.
fn postgres_with_a_long_non_transactional_migration(sleep: f64, lock_timeout: &str) -> Project {
    let p = Project::on(
        Backend::Postgres,
        &[
            (
                "001_t.sql",
                mig(
                    "001_t",
                    "",
                    "CREATE TABLE t (id INTEGER PRIMARY KEY);\nCREATE TABLE hold (id INTEGER);",
                    Some("DROP TABLE hold;\nDROP TABLE t;"),
                )
                .as_str(),
            ),
            (
                "002_index.sql",
                &format!("-- revision: 002_index\n-- revises: 001_t\n-- transaction: false\n\n-- +upgrade\nSELECT pg_sleep({sleep}) WHERE to_regclass('hold') IS NOT NULL;\nCREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n\n-- +downgrade\nDROP INDEX CONCURRENTLY t_id_idx;\n"),
            ),
            (
                "003_u.sql",
                mig("003_u", "002_index", "CREATE TABLE u (id INTEGER);", Some("DROP TABLE u;")).as_str(),
            ),
        ],
    );
    p.configure(&format!(
        "\n[migrations]\nlock_lease = \"600ms\"\nlock_timeout = \"{lock_timeout}\"\n"
    ));
    p
}

/// A second `upgrade` while 002 runs outside a transaction times out naming
/// who is at work (`why`: how it knows the run is alive), never "stopped
/// midway".
fn a_second_upgrade_waits_for_002_and_names_it(p: &Project, why: &str) {
    let waited = p.fails(&["upgrade", "head"]);
    assert!(
        waited.contains("timed out")
            && waited.contains("applying 002_index")
            && waited.contains(why),
        "the waiting runner names who is at work: {waited}"
    );
    assert!(!waited.contains("stopped midway"), "{waited}");
}

/// While 002 runs outside a transaction, `stamp` refuses and `current`
/// says it is running now, never "interrupted".
fn stamp_and_current_say_002_is_running_now(p: &Project) {
    let stamped = p.fails(&["stamp", "head"]);
    assert!(stamped.contains("running now"), "{stamped}");
    let (_, current, warned) = p.run(&["current"]);
    let current = format!("{current}{warned}");
    assert!(
        current.contains("002_index: running now") && !current.contains("interrupted"),
        "{current}"
    );
}

/// Waits until 002 is marked in progress, i.e. its runner is inside it.
fn wait_until_running(p: &Project) {
    for _ in 0..600 {
        let running = p.has_table("stillhead_version")
            && p.query("SELECT revision FROM stillhead_version WHERE in_progress")
                .iter()
                .any(|r| r[0].to_text() == "002_index");
        if running {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("002_index never started");
}

#[test]
fn postgres_eight_processes_with_a_non_transactional_migration() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = postgres_with_a_long_non_transactional_migration(1.5, "60s");
    upgrade_concurrently(&p, 8);
    assert_applied_once(&p, &["001_t", "002_index", "003_u"]);
    assert!(
        p.query("SELECT count(*)::text FROM stillhead_version_lock")[0][0].to_text() == "0",
        "the lease is released"
    );
}

#[test]
fn postgres_a_live_runner_outside_a_transaction_is_waited_for_and_named() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    // 002 outlasts the other runner's 1.5 s wait many times over its 600 ms
    // lease: only renewals keep it live.
    let p = postgres_with_a_long_non_transactional_migration(5.0, "1500ms");
    let first = p.spawn(&["upgrade", "head"]);
    wait_until_running(&p);
    a_second_upgrade_waits_for_002_and_names_it(&p, "lease");
    let resolved = p.fails(&["resolve", "002_index", "--applied"]);
    assert!(resolved.contains("running now"), "{resolved}");
    let status = p.ok(&["lock", "status"]);
    assert!(
        status.contains("Lease:")
            && status.contains("applying 002_index")
            && status.contains("renewed until"),
        "{status}"
    );
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p.ok(&["upgrade", "head"]);
    assert_applied_once(&p, &["001_t", "002_index", "003_u"]);
}

#[test]
fn postgres_a_killed_runner_outside_a_transaction_is_reported_once_its_lease_lapses() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    // Others would wait two minutes for a mark with no lease behind it.
    let p = postgres_with_a_long_non_transactional_migration(60.0, "120s");
    let mut first = p.spawn(&["upgrade", "head"]);
    wait_until_running(&p);
    first.kill().unwrap();
    first.wait().unwrap();
    let started = std::time::Instant::now();
    let err = p.fails(&["upgrade", "head"]);
    let waited = started.elapsed();
    assert!(
        err.contains("002_index is marked in progress") && err.contains("stillhead resolve"),
        "{err}"
    );
    assert!(
        waited < std::time::Duration::from_secs(60),
        "the lapsed lease ended the wait, not the 120 s lock_timeout: {waited:?}"
    );
    let status = p.ok(&["lock", "status"]);
    assert!(status.contains("lapsed at"), "{status}");
    let released = p.ok(&["lock", "release", "--force", "--yes"]);
    assert!(released.contains("Released the lease"), "{released}");
    assert!(
        p.log()
            .iter()
            .any(|(_, action, _)| action == "release-lock"),
        "the release is in the log"
    );
    assert!(!p.ok(&["lock", "status"]).contains("Lease:"));
    // The person checks what the dead run did, then records it.
    p.ok(&["resolve", "002_index", "--reverted"]);
    // Ending the dead runner's statement too, as its person would: the
    // concurrent index would wait for its transaction.
    p.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'");
    p.query("DROP TABLE hold");
    p.ok(&["upgrade", "head"]);
    assert_eq!(p.applied(), ["001_t", "002_index", "003_u"]);
}

/// A SQLite project whose 002 runs outside a transaction: a busy loop of a
/// few seconds (SQLite has no sleep), then an UPDATE that must run once.
fn sqlite_with_a_long_non_transactional_migration(lock_timeout: &str) -> Project {
    let p = Project::with_files(&[
        ("001_t.sql", &mig("001_t", "", "CREATE TABLE t (n INTEGER NOT NULL);\nINSERT INTO t (n) VALUES (0);", Some("DROP TABLE t;"))),
        ("002_index.sql", "-- revision: 002_index\n-- revises: 001_t\n-- transaction: false\n\n-- +upgrade\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 12000000) SELECT count(*) FROM c;\nUPDATE t SET n = n + 1;\n\n-- +downgrade\nUPDATE t SET n = n - 1;\n"),
    ]);
    p.configure(&format!(
        "\n[migrations]\nlock_timeout = \"{lock_timeout}\"\n"
    ));
    p
}

#[test]
fn sqlite_a_live_runner_outside_a_transaction_is_waited_for_and_never_resolved() {
    let p = sqlite_with_a_long_non_transactional_migration("1s");
    let first = p.spawn(&["upgrade", "head"]);
    wait_until_running(&p);
    a_second_upgrade_waits_for_002_and_names_it(&p, "alive on this host");
    let resolved = p.fails(&["resolve", "002_index", "--reverted"]);
    assert!(
        resolved.contains("running now") && resolved.contains("applying 002_index"),
        "{resolved}"
    );
    stamp_and_current_say_002_is_running_now(&p);
    let status = p.ok(&["lock", "status"]);
    assert!(status.contains("running now"), "{status}");
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p.ok(&["upgrade", "head"]);
    assert_applied_once(&p, &["001_t", "002_index"]);
    assert_eq!(
        p.query("SELECT n FROM t")[0][0].to_text(),
        "1",
        "the UPDATE ran once"
    );
}

#[test]
fn sqlite_a_mark_whose_process_is_gone_is_reported_at_once() {
    let p = sqlite_with_a_long_non_transactional_migration("30s");
    p.ok(&["upgrade", "001_t"]);
    // A runner on this host that died inside 002: its pid is no process now.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let me = stillhead::dialect::whoami();
    let (who, _) = me.rsplit_once(" pid ").unwrap();
    let by = format!("{who} pid {}", gone.id());
    p.query(&format!(
        "INSERT INTO stillhead_version (revision, checksum, applied_at, in_progress, failed_statement, applied_by) VALUES ('002_index', NULL, '{}', 1, NULL, '{by}')",
        stillhead::dialect::now()
    ));
    let started = std::time::Instant::now();
    let err = p.fails(&["upgrade", "head"]);
    let waited = started.elapsed();
    assert!(
        err.contains("002_index is marked in progress")
            && err.contains("stillhead resolve")
            && err.contains("gone from this host"),
        "{err}"
    );
    assert!(
        waited < std::time::Duration::from_secs(10),
        "reported at once, not after the 30 s lock_timeout: {waited:?}"
    );
    p.ok(&["resolve", "002_index", "--reverted"]);
    p.ok(&["upgrade", "head"]);
    assert_eq!(p.query("SELECT n FROM t")[0][0].to_text(), "1");
}

#[test]
fn postgres_a_renewed_lease_is_never_released_nor_called_interrupted() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = postgres_with_a_long_non_transactional_migration(5.0, "60s");
    let first = p.spawn(&["upgrade", "head"]);
    wait_until_running(&p);
    let released = p.fails(&["lock", "release", "--force", "--yes"]);
    assert!(
        released.contains("running now")
            && released.contains("applying 002_index")
            && released.contains("renewed until"),
        "{released}"
    );
    stamp_and_current_say_002_is_running_now(&p);
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the run went on to the end: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_applied_once(&p, &["001_t", "002_index", "003_u"]);
}

#[test]
fn postgres_a_runner_whose_lease_was_taken_stops_before_its_next_statement() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = postgres_with_a_long_non_transactional_migration(2.5, "60s");
    let first = p.spawn(&["upgrade", "head"]);
    wait_until_running(&p);
    // Another runner took the lease over (the row is no longer this run's).
    p.query("UPDATE stillhead_version_lock SET token = 'another runner'");
    let out = first.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("lease was taken away") && err.contains("before the next statement"),
        "{err}"
    );
    assert!(
        p.query("SELECT indexname::text FROM pg_indexes WHERE indexname = 't_id_idx'")
            .is_empty(),
        "the statement after the sleep never ran"
    );
    let marked = p.query("SELECT failed_statement::text FROM stillhead_version WHERE revision = '002_index' AND in_progress");
    assert_eq!(marked.len(), 1, "002_index is left marked in progress");
    assert_eq!(marked[0][0].to_text(), "2", "at its second statement");
}

//! On a 3-node MariaDB Galera cluster (started by the testkit under
//! `target/`): many instances over the three nodes start at once and each
//! migration is applied once; a killed holder's lease lapses and the next
//! runner refuses the half-done migration; a node stopped mid-run fails the
//! run truthfully; the everyday commands work against one node. They run
//! as one test, in turn, on one cluster: a cold start costs about ten
//! seconds, and one scenario stops a node.

mod common;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::galera::Galera;
use common::*;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner())
}

/// `SELECT` on a node with causal reads, as text rows.
fn causal(g: &Galera, node: usize, sql: &str) -> Vec<Vec<String>> {
    g.query(node, &format!("SET SESSION wsrep_sync_wait = 1; {sql}"))
}

/// Successful upgrades in the log of `db`.
fn upgrades(g: &Galera, db: &str) -> Vec<String> {
    causal(
        g,
        0,
        &format!("SELECT revision FROM {db}.stillhead_version_log WHERE action = 'upgrade' AND outcome = 'ok' ORDER BY id"),
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect()
}

/// Revisions of `db` marked in progress, as node `node` sees them.
fn in_progress(g: &Galera, node: usize, db: &str) -> Vec<String> {
    let has = causal(
        g,
        node,
        &format!("SELECT 1 FROM information_schema.tables WHERE table_schema = '{db}' AND table_name = 'stillhead_version'"),
    );
    if has.is_empty() {
        return Vec::new();
    }
    causal(
        g,
        node,
        &format!("SELECT revision FROM {db}.stillhead_version WHERE in_progress = 1"),
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect()
}

fn start_ups(g: &Galera, trials: usize, instances: usize) {
    let p = Project::shop();
    for trial in 0..trials {
        let db = g.create_database();
        let children: Vec<_> = (0..instances)
            .map(|i| p.spawn(&["--url", &g.url(i % 3, &db), "upgrade", "head"]))
            .collect();
        let mut failures = Vec::new();
        for child in children {
            let out = child.wait_with_output().unwrap();
            if !out.status.success() {
                failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
            }
        }
        assert!(
            failures.is_empty(),
            "trial {trial}: {} of {instances} failed: {failures:#?}",
            failures.len()
        );
        let done = upgrades(g, &db);
        assert_eq!(
            done.len(),
            7,
            "trial {trial}: each migration once: {done:?}"
        );
        let leases = causal(
            g,
            1,
            &format!("SELECT count(*) FROM {db}.stillhead_version_lock"),
        );
        assert_eq!(leases, [["0"]], "trial {trial}: the lease is given back");
        g.drop_database(&db);
    }
}

/// Every scenario, in turn, on one cluster.
#[test]
fn on_a_three_node_galera_cluster() {
    let _one = one_at_a_time();
    let cluster = Galera::start();
    let g = &cluster;
    // 12 instances over the 3 nodes at once, twice.
    start_ups(g, 2, 12);
    a_killed_holder_blocks_others_until_its_lease_lapses_then_they_refuse_its_migration(g);
    a_node_stopped_mid_run_fails_the_run_and_records_nothing_wrongly(g);
    the_everyday_commands_work_against_one_galera_node(g);
    taking_the_lease_runs_no_ddl(g);
}

/// The 12 × 20 (run with `cargo test --test galera -- --ignored`).
#[test]
#[ignore]
fn twelve_start_ups_at_once_over_three_galera_nodes_twenty_times() {
    let _one = one_at_a_time();
    start_ups(&Galera::start(), 20, 12);
}

/// Three migrations; 002 waits a minute while `hold` has a row (001 puts
/// one there), so a test can catch its runner inside it.
fn held_project() -> Project {
    let p = Project::with_files(&[
        (
            "001_t.sql",
            mig(
                "001_t",
                "",
                "CREATE TABLE t (id INTEGER PRIMARY KEY);\nCREATE TABLE hold (id INTEGER PRIMARY KEY);\nINSERT INTO hold VALUES (1);",
                Some("DROP TABLE hold;\nDROP TABLE t;"),
            )
            .as_str(),
        ),
        (
            "002_wait.sql",
            mig("002_wait", "001_t", "SELECT SLEEP(60) FROM hold;", Some("SELECT 1;")).as_str(),
        ),
        (
            "003_u.sql",
            mig("003_u", "002_wait", "CREATE TABLE u (id INTEGER PRIMARY KEY);", Some("DROP TABLE u;")).as_str(),
        ),
    ]);
    p.configure("\n[migrations]\nlock_lease = \"2s\"\n");
    p
}

fn wait_until_marked(g: &Galera, db: &str, revision: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !in_progress(g, 1, db).iter().any(|r| r == revision) {
        assert!(Instant::now() < deadline, "{revision} never started");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn a_killed_holder_blocks_others_until_its_lease_lapses_then_they_refuse_its_migration(g: &Galera) {
    let p = held_project();
    let db = g.create_database();
    let mut holder = p.spawn(&["--url", &g.url(0, &db), "upgrade", "head"]);
    wait_until_marked(g, &db, "002_wait");
    let status = p.ok(&["--url", &g.url(2, &db), "lock", "status"]);
    assert!(
        status.contains("Galera")
            && status.contains("held by")
            && status.contains("via node node1")
            && status.contains("renewed until"),
        "{status}"
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    let started = Instant::now();
    let err = p.fails(&["--url", &g.url(1, &db), "upgrade", "head"]);
    let waited = started.elapsed();
    assert!(
        err.contains("002_wait is marked in progress") && err.contains("stillhead resolve"),
        "{err}"
    );
    assert!(
        waited < Duration::from_secs(30),
        "the lapsed 2 s lease let the next runner in, not the 60 s lock_timeout: {waited:?}"
    );
    assert_eq!(
        upgrades(g, &db),
        ["001_t"],
        "002_wait was not continued or re-run"
    );
    // The person ends the dead runner's statement, finishes the migration
    // by hand and records that; the rest runs.
    for row in g.query(
        0,
        "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(60)%'",
    ) {
        let _ = std::panic::catch_unwind(|| g.execute(0, &format!("KILL {}", row[0])));
    }
    g.execute(0, &format!("DELETE FROM {db}.hold"));
    p.ok(&["--url", &g.url(2, &db), "resolve", "002_wait", "--applied"]);
    p.ok(&["--url", &g.url(2, &db), "upgrade", "head"]);
    assert_eq!(upgrades(g, &db), ["001_t", "003_u"]);
    g.drop_database(&db);
}

fn a_node_stopped_mid_run_fails_the_run_and_records_nothing_wrongly(g: &Galera) {
    let p = held_project();
    let db = g.create_database();
    let runner = p.spawn(&["--url", &g.url(2, &db), "upgrade", "head"]);
    wait_until_marked(g, &db, "002_wait");
    g.stop_node(2);
    let out = runner.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the run on the stopped node failed");
    assert!(
        err.contains("002_wait") && err.contains("127.0.0.1:23312"),
        "the message names the migration and the server: {err}"
    );
    // On the rest of the cluster: 001 applied, 002 marked in progress.
    assert_eq!(upgrades(g, &db), ["001_t"]);
    assert_eq!(in_progress(g, 0, &db), ["002_wait"]);
    let err = p.fails(&["--url", &g.url(0, &db), "upgrade", "head"]);
    assert!(err.contains("002_wait is marked in progress"), "{err}");
    g.restart_node(2);
    g.drop_database(&db);
}

fn the_everyday_commands_work_against_one_galera_node(g: &Galera) {
    let p = Project::shop();
    let db = g.create_database();
    let url = g.url(0, &db);
    let run = |args: &[&str]| {
        let mut full = vec!["--url", url.as_str()];
        full.extend_from_slice(args);
        p.ok(&full)
    };
    run(&["upgrade", "003_member_fields"]);
    assert!(run(&["current"]).contains("003_member_fields"));
    run(&["upgrade", "head"]);
    assert!(run(&["history"]).contains("007_device_sessions"));
    run(&["downgrade", "-1"]);
    assert!(run(&["current"]).contains("006"));
    run(&["upgrade", "+1"]);
    run(&["stamp", "head"]);
    run(&["verify"]);
    assert!(run(&["lock", "status"]).contains("free"));
    run(&["downgrade", "base"]);
    run(&["upgrade", "head"]);
    let format = causal(
        g,
        1,
        &format!("SELECT value FROM {db}.stillhead_version_meta WHERE name = 'format'"),
    );
    assert_eq!(format, [["3"]]);
    g.drop_database(&db);
}

/// Time to take and give back the migration lock: the Galera lease against
/// `GET_LOCK` on the lone test server (`cargo test --test galera -- --ignored
/// --nocapture`). A measurement, printed; nothing is asserted of it.
#[test]
#[ignore]
fn lock_timing_galera_lease_against_get_lock() {
    let _one = one_at_a_time();
    let g = Galera::start();
    let galera_db = g.create_database();
    let lone = TestDb::create(Backend::Mysql, std::path::Path::new("."), "unused.db");
    for (what, url) in [
        ("galera lease", g.url(0, &galera_db)),
        ("GET_LOCK", lone.url.clone()),
    ] {
        let url = stillhead::DatabaseUrl::parse(&url).unwrap();
        let opts = stillhead::ConnectOptions::default();
        let stillhead::Connected::Open(mut conn) = stillhead::connect(&url, &opts).unwrap() else {
            panic!("no database");
        };
        let mut times = Vec::new();
        for _ in 0..30 {
            let t = Instant::now();
            conn.lock(Duration::from_secs(10)).unwrap();
            conn.unlock().unwrap();
            times.push(t.elapsed());
        }
        times.sort();
        eprintln!(
            "{what}: take + release median {:?}, best {:?}, worst {:?}",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
    g.drop_database(&galera_db);
}

/// No runner runs a DDL to take the lease, so only the holder ever writes
/// the lease table: on Galera a `CREATE TABLE IF NOT EXISTS` of a table that
/// exists is a DDL in total order all the same, and run by every start-up
/// it failed the holder's release with error 1213 (told as a lock timeout).
/// A user who may not create tables migrates a database whose tables exist.
fn taking_the_lease_runs_no_ddl(g: &Galera) {
    let db = g.create_database();
    let p = Project::with_files(&[
        (
            "001_t.sql",
            mig(
                "001_t",
                "",
                "CREATE TABLE t (id INTEGER PRIMARY KEY);",
                Some("DROP TABLE t;"),
            )
            .as_str(),
        ),
        (
            "002_row.sql",
            mig(
                "002_row",
                "001_t",
                "INSERT INTO t VALUES (1);",
                Some("DELETE FROM t;"),
            )
            .as_str(),
        ),
    ]);
    p.ok(&["--url", &g.url(0, &db), "upgrade", "001_t"]);
    g.execute(
        0,
        &format!("CREATE USER IF NOT EXISTS stillhead_dml; GRANT SELECT, INSERT, UPDATE, DELETE ON {db}.* TO stillhead_dml"),
    );
    let url = g.url(1, &db).replacen("root@", "stillhead_dml@", 1);
    let (code, _, err) = p.run(&["--url", &url, "upgrade", "head"]);
    g.execute(0, "DROP USER stillhead_dml");
    assert_eq!(
        code, 0,
        "a run without the CREATE privilege takes the lease: {err}"
    );
    assert_eq!(upgrades(g, &db), ["001_t", "002_row"]);
}

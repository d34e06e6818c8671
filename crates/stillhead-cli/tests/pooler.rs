//! Through PgBouncer in transaction pooling: start-ups all at once stay
//! safe (no prepared statement or session lock outlives its transaction),
//! and the everyday commands work.

mod common;

use common::*;

/// `instances` processes run `upgrade head` on the shop through PgBouncer
/// at once, `trials` times on fresh databases; every one must succeed, each
/// migration be applied once, and no advisory lock be left behind.
fn start_ups(trials: usize, instances: usize) {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let bouncer = common::pgbouncer::Pgbouncer::start(4);
    for trial in 0..trials {
        let p = Project::shop_on(Backend::Postgres);
        let url = bouncer.url(p.db_name());
        let children: Vec<_> = (0..instances)
            .map(|_| p.spawn(&["--url", &url, "upgrade", "head"]))
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
        assert_eq!(p.applied().len(), 7, "trial {trial}");
        let upgrades = p
            .log()
            .into_iter()
            .filter(|(_, action, outcome)| action == "upgrade" && outcome == "ok")
            .count();
        assert_eq!(upgrades, 7, "trial {trial}: each migration once");
        let locks = admin_query(
            Backend::Postgres,
            &format!(
                "SELECT count(*)::text FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = '{}'",
                p.db_name()
            ),
        );
        assert_eq!(
            locks,
            [vec!["0".to_string()]],
            "trial {trial}: no advisory lock left"
        );
    }
}

#[test]
fn sixteen_start_ups_at_once_through_pgbouncer() {
    start_ups(3, 16);
}

/// The 16 × 20 (run with `cargo test -- --ignored`).
#[test]
#[ignore]
fn sixteen_start_ups_at_once_through_pgbouncer_twenty_times() {
    start_ups(20, 16);
}

#[test]
fn everyday_commands_work_through_pgbouncer() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let bouncer = common::pgbouncer::Pgbouncer::start(4);
    let p = Project::shop_on(Backend::Postgres);
    let url = bouncer.url(p.db_name());
    let run = |args: &[&str]| {
        let mut full = vec!["--url", url.as_str()];
        full.extend_from_slice(args);
        p.ok(&full)
    };
    run(&["upgrade", "003_member_fields"]);
    assert!(run(&["current"]).contains("003_member_fields"));
    run(&["upgrade", "+2"]);
    run(&["downgrade", "-1"]);
    assert!(run(&["current"]).contains("004_order_item_status"));
    run(&["upgrade", "head"]);
    assert!(run(&["history"]).contains("007_device_sessions"));
    run(&["stamp", "006_audit_log_columns"]);
    run(&["stamp", "head"]);
    let out = run(&["upgrade", "head"]);
    assert!(!out.contains("error"), "{out}");
    assert_eq!(p.applied().len(), 7);
}

#[test]
fn a_configured_schema_holds_through_pgbouncer() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let bouncer = common::pgbouncer::Pgbouncer::start(4);
    let p = Project::shop_on(Backend::Postgres);
    let toml = p.path().join("stillhead.toml");
    let cfg = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        cfg.replace("[database]\n", "[database]\nschema = \"app\"\n"),
    )
    .unwrap();
    let url = bouncer.url(p.db_name());
    let children: Vec<_> = (0..8)
        .map(|_| p.spawn(&["--url", &url, "upgrade", "head"]))
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Other clients of the pool, reading without the schema, see nothing of it.
    for _ in 0..4 {
        let out = p.ok(&["--url", &url, "current"]);
        assert!(out.contains("007_device_sessions"), "{out}");
    }
    let mut direct = postgres::Client::connect(&p.db.url, postgres::NoTls).unwrap();
    let tables: i64 = direct
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'app'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        tables,
        9 + 4,
        "the shop's 9 tables and stillhead's 4, all in app"
    );
    let public: i64 = direct
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(public, 0);
}

/// `SHOW search_path` on every server connection of the pool, as another
/// client of it (the pool hands them out in turn).
fn pooled_search_paths(url: &str, pool: usize) -> Vec<String> {
    (0..pool * 2)
        .map(|_| {
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            c.simple_query("SHOW search_path")
                .unwrap()
                .into_iter()
                .find_map(|m| match m {
                    postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
                    _ => None,
                })
                .unwrap()
        })
        .collect()
}

#[test]
fn a_configured_schema_is_never_left_on_a_pooled_connection() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let bouncer = common::pgbouncer::Pgbouncer::start(4);
    let p = Project::on(
        Backend::Postgres,
        &[
            ("001_t.sql", mig("001_t", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);", Some("DROP TABLE t;")).as_str()),
            (
                "002_index.sql",
                "-- revision: 002_index\n-- revises: 001_t\n-- message: index\n-- transaction: false\n\n-- +upgrade\nCREATE INDEX CONCURRENTLY t_name ON app.t (name);\nINSERT INTO t (id, name) VALUES (1, 'a');\n\n-- +downgrade\nDROP INDEX CONCURRENTLY app.t_name;\nDELETE FROM t;\n",
            ),
        ],
    );
    p.configure("schema = \"app\"\n");
    let url = bouncer.url(p.db_name());
    for args in [
        &["upgrade", "head"][..],
        &["current"],
        &["history"],
        &["show", "002_index"],
        &["downgrade", "-1"],
        &["upgrade", "head"],
    ] {
        let mut full = vec!["--url", url.as_str()];
        full.extend_from_slice(args);
        p.ok(&full);
    }
    let defaults = pooled_search_paths(&url, 4);
    assert!(
        defaults.iter().all(|s| s == "\"$user\", public"),
        "another client of the pool got a search_path of ours: {defaults:?}"
    );
    let mut direct = postgres::Client::connect(&p.db.url, postgres::NoTls).unwrap();
    let rows: i64 = direct
        .query_one("SELECT count(*) FROM app.t", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1, "the transaction: false insert found app.t");
}

/// A table, and a `transaction: false` migration indexing it by a
/// schema-qualified name (`schema` = `app`) or a bare one.
fn concurrent_index_project(qualified: bool) -> Project {
    let on = if qualified { "app.t" } else { "t" };
    let index = if qualified { "app.t_name" } else { "t_name" };
    let p = Project::on(
        Backend::Postgres,
        &[
            ("001_t.sql", mig("001_t", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);", Some("DROP TABLE t;")).as_str()),
            (
                "002_index.sql",
                &format!("-- revision: 002_index\n-- revises: 001_t\n-- message: index\n-- transaction: false\n\n-- +upgrade\nCREATE INDEX CONCURRENTLY t_name ON {on} (name);\n\n-- +downgrade\nDROP INDEX CONCURRENTLY {index};\n"),
            ),
        ],
    );
    p.configure("schema = \"app\"\n");
    p
}

/// The reproduction, bounded: start-ups at once through the pooler
/// with `[database] schema`, one of which builds an index concurrently (a
/// statement that refuses a transaction block); after each round every
/// server connection of the pool still has the default `search_path`. A
/// session `SET` before the statement and a `RESET` after it went as round
/// trips of their own, landing on different server connections.
#[test]
fn start_ups_with_a_schema_leave_no_search_path_on_the_pool() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let bouncer = common::pgbouncer::Pgbouncer::start(4);
    for round in 0..3 {
        let p = concurrent_index_project(true);
        let url = bouncer.url(p.db_name());
        for args in [
            &["upgrade", "head"][..],
            &["downgrade", "001_t"],
            &["upgrade", "head"],
        ] {
            let mut full = vec!["--url", url.as_str()];
            full.extend_from_slice(args);
            let children: Vec<_> = (0..8).map(|_| p.spawn(&full)).collect();
            for child in children {
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "round {round}, {args:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let paths = pooled_search_paths(&url, 4);
            assert!(
                paths.iter().all(|s| s == "\"$user\", public"),
                "round {round}, after {args:?}: another client of the pool got a search_path of ours: {paths:?}"
            );
        }
        let mut direct = postgres::Client::connect(&p.db.url, postgres::NoTls).unwrap();
        let applied: Vec<String> = direct
            .query(
                "SELECT revision FROM app.stillhead_version ORDER BY revision",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(applied, ["001_t", "002_index"], "round {round}");
    }
}

/// A statement that refuses a transaction block and names its table
/// without the schema gets `search_path` from a connection of its own
/// (the startup option): directly on the server it works; behind a pooler
/// that drops the option it is refused, saying what to do, instead of
/// running in the wrong schema or leaving a session `SET` on the pool.
#[test]
fn an_unqualified_concurrent_index_gets_its_schema_without_a_set() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let direct = concurrent_index_project(false);
    direct.ok(&["upgrade", "head"]);
    let mut client = postgres::Client::connect(&direct.db.url, postgres::NoTls).unwrap();
    let found: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = 'app' AND indexname = 't_name'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(found, 1, "the index is in app");
    direct.ok(&["downgrade", "001_t"]);
    direct.ok(&["upgrade", "head"]);

    let bouncer = common::pgbouncer::Pgbouncer::start(4);
    let pooled = concurrent_index_project(false);
    let url = bouncer.url(pooled.db_name());
    let err = pooled.fails(&["--url", &url, "upgrade", "head"]);
    assert!(
        err.contains("search_path=app") && err.contains("schema-qualified"),
        "{err}"
    );
    let paths = pooled_search_paths(&url, 4);
    assert!(
        paths.iter().all(|s| s == "\"$user\", public"),
        "another client of the pool got a search_path of ours: {paths:?}"
    );
}

/// A Rust migration's parameterised statements, and the library's own
/// queries outside a transaction, through the pooler: no named prepared
/// statement is left for another client to trip over, and parameters take
/// the type of where they stand.
#[test]
fn rust_migrations_parameters_work_through_pgbouncer() {
    use stillhead::{Config, MigrationSet, Migrator, RustMigration, Value};
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let bouncer = common::pgbouncer::Pgbouncer::start(4);
    let p = Project::on(
        Backend::Postgres,
        &[(
            "001_t.sql",
            mig(
                "001_t",
                "",
                "CREATE TABLE t (id INTEGER PRIMARY KEY, big BIGINT, flag BOOLEAN, amount NUMERIC(10,2), data BYTEA, note TEXT, at TIMESTAMPTZ);",
                Some("DROP TABLE t;"),
            )
            .as_str(),
        )],
    );
    let url = bouncer.url(p.db_name());
    let mut config = Config::for_url(&url).unwrap();
    config.migrations_dir = p.path().join("migrations");
    let fill = RustMigration::new("002_fill", &["001_t"], "Fill t", |db| {
        for i in 0..20i64 {
            db.execute_with(
                "INSERT INTO t (id, big, flag, amount, data, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    Value::Integer(i),
                    Value::Integer(i << 40),
                    Value::Integer(i % 2),
                    Value::Real(i as f64 + 0.25),
                    Value::Blob(vec![0, 1, i as u8]),
                    if i % 3 == 0 { Value::Null } else { Value::Text(format!("n{i}")) },
                    Value::Text("2026-12-04 10:00:00+00".into()),
                ],
            )?;
        }
        let odd = db.query(
            "SELECT count(*) FROM t WHERE flag = $1",
            &[Value::Integer(1)],
        )?;
        assert_eq!(odd[0][0], Value::Integer(10));
        Ok(())
    });
    let set = MigrationSet::from_dir(&config.migrations_dir)
        .unwrap()
        .with_rust([fill])
        .unwrap();
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..6)
            .map(|_| {
                scope.spawn(|| {
                    let mut conn = stillhead::open(&config).unwrap();
                    Migrator::new(&set, &config)
                        .upgrade(conn.as_mut(), "head")
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        for run in runs {
            run.join().unwrap().unwrap();
        }
    });
    // Outside any transaction, many times over the pool's connections.
    let mut conn = stillhead::open(&config).unwrap();
    for i in 0..20i64 {
        let rows = conn
            .query(
                "SELECT big, flag, amount::text, data, note FROM t WHERE id = $1",
                &[Value::Integer(i)],
            )
            .unwrap();
        let expected_note = if i % 3 == 0 {
            Value::Null
        } else {
            Value::Text(format!("n{i}"))
        };
        assert_eq!(
            rows,
            [vec![
                Value::Integer(i << 40),
                Value::Integer(i % 2),
                Value::Text(format!("{}.25", i)),
                Value::Blob(vec![0, 1, i as u8]),
                expected_note,
            ]],
            "row {i}"
        );
        assert_eq!(
            conn.execute_with(
                "UPDATE t SET note = $1 WHERE id = $2",
                &[Value::Text("x".into()), Value::Integer(i)]
            )
            .unwrap(),
            1
        );
    }
    assert_eq!(p.applied(), ["001_t", "002_fill"]);
}

/// Ctrl-C through PgBouncer never cancels another client's statement: the
/// backend whose pid the run read when it connected may serve another
/// client by then (one that sets no application name, so the server
/// connection still says `stillhead`), and is cancelled only while it runs
/// the run's statement. PgBouncer stays up (the protocol's cancel request as tokio-postgres
/// sends it, closing at once, makes PgBouncer 1.18 crash).
#[test]
fn ctrl_c_through_pgbouncer_cancels_no_other_clients_statement() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let bouncer = common::pgbouncer::Pgbouncer::start(4);
    let p = Project::on(
        Backend::Postgres,
        &[(
            "001_slow.sql",
            &mig("001_slow", "", "SELECT pg_sleep(20);", Some("SELECT 1;")),
        )],
    );
    let url = bouncer.url(p.db_name());
    let running = |fragment: &str| {
        !admin_query(
            Backend::Postgres,
            &format!(
                "SELECT pid FROM pg_stat_activity WHERE datname = '{}' AND query LIKE '%{fragment}%' AND pid <> pg_backend_pid()",
                p.db_name()
            ),
        )
        .is_empty()
    };
    // Other clients of the pool, sleeping too, started before and after
    // the run connects, so that one may get the backend it read.
    let sleeper = |url: String| {
        std::thread::spawn(move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            c.simple_query("SELECT pg_sleep(4), 'bystander'").map(drop)
        })
    };
    let first = sleeper(url.clone());
    let child = p.spawn(&["--url", &url, "upgrade"]);
    let second = sleeper(url.clone());
    let started = std::time::Instant::now();
    while !(running("pg_sleep(20)") && running("bystander")) {
        assert!(started.elapsed().as_secs() < 20, "they never ran at once");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let sent = std::time::Instant::now();
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    let exited = sent.elapsed();
    while running("pg_sleep(20)") && sent.elapsed().as_secs() < 3 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    eprintln!(
        "through PgBouncer: exit 130 after {exited:?}; the run's statement {}",
        if running("pg_sleep(20)") {
            "still runs (the pooler ran it on another backend than the one read at connect)"
                .to_string()
        } else {
            format!("gone after {:?}", sent.elapsed())
        }
    );
    for bystander in [first, second] {
        bystander
            .join()
            .unwrap()
            .expect("another client's statement was cancelled");
    }
    // PgBouncer is still there.
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.simple_query("SELECT 1").unwrap();
}

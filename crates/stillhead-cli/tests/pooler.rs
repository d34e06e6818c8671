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
        9 + 2,
        "the shop's 9 tables and stillhead's 2, all in app"
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

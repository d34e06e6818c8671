//! Many instances starting at once: 8 processes run `upgrade head` on one
//! SQLite file; every migration is applied exactly once and all exit 0.

mod common;

use std::process::{Command, Stdio};

use common::Project;

fn upgrade_concurrently(p: &Project, processes: usize, extra: &[&str]) {
    let bin = assert_cmd::cargo::cargo_bin("stillhead");
    let children: Vec<_> = (0..processes)
        .map(|_| {
            Command::new(&bin)
                .current_dir(p.path())
                .env_remove("DATABASE_URL")
                .env("NO_COLOR", "1")
                .args(extra)
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
            "a concurrent upgrade failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn log_counts(p: &Project, db: &str) -> Vec<(String, i64)> {
    let c = p.db(db);
    let mut s = c
        .prepare("SELECT revision, count(*) FROM stillhead_version_log WHERE action = 'upgrade' AND outcome = 'ok' GROUP BY revision ORDER BY revision")
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn eight_processes_apply_each_migration_once() {
    for mode in ["all", "per-migration"] {
        let p = Project::shop();
        let cfg = std::fs::read_to_string(p.path().join("stillhead.toml")).unwrap();
        let cfg = cfg.replace(
            "[migrations]",
            &format!("[migrations]\ntransaction = \"{mode}\""),
        );
        std::fs::write(p.path().join("stillhead.toml"), cfg).unwrap();
        upgrade_concurrently(&p, 8, &[]);
        let counts = log_counts(&p, "shop.db");
        assert_eq!(counts.len(), 7, "{mode}: {counts:?}");
        assert!(
            counts.iter().all(|(_, n)| *n == 1),
            "{mode}: applied more than once: {counts:?}"
        );
        assert_eq!(p.applied("shop.db").len(), 7);
    }
}

#[test]
fn eight_processes_with_a_non_transactional_migration() {
    // 002 runs outside a transaction and starts with a long read that holds
    // no write lock, so the other processes get in while it is marked in
    // progress: they must wait for the mark to clear, not fail or re-run it.
    let p = Project::with_files(&[
        ("001_t.sql", &common::mig("001_t", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\nWITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO t (v) SELECT hex(randomblob(16)) FROM n;", Some("DROP TABLE t;"))),
        ("002_idx.sql", "-- revision: 002_idx\n-- revises: 001_t\n-- transaction: false\n\n-- +upgrade\nSELECT count(*) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500000) SELECT i FROM n);\nCREATE INDEX t_v_idx ON t (v);\nCREATE TABLE t2 AS SELECT * FROM t;\n\n-- +downgrade\nDROP TABLE t2;\nDROP INDEX t_v_idx;\n"),
        ("003_u.sql", &common::mig("003_u", "002_idx", "CREATE TABLE u (id INTEGER);", Some("DROP TABLE u;"))),
    ]);
    upgrade_concurrently(&p, 8, &[]);
    let counts = log_counts(&p, "test.db");
    assert_eq!(
        counts,
        [
            ("001_t".to_string(), 1),
            ("002_idx".to_string(), 1),
            ("003_u".to_string(), 1)
        ]
    );
    assert_eq!(p.applied("test.db"), ["001_t", "002_idx", "003_u"]);
}

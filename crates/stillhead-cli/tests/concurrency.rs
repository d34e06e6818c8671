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

fn log_counts(p: &Project) -> Vec<(String, i64)> {
    let c = p.db("shop.db");
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
        let counts = log_counts(&p);
        assert_eq!(counts.len(), 7, "{mode}: {counts:?}");
        assert!(
            counts.iter().all(|(_, n)| *n == 1),
            "{mode}: applied more than once: {counts:?}"
        );
        assert_eq!(p.applied("shop.db").len(), 7);
    }
}

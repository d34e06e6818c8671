//! The migration guide's "Manual Commands", run verbatim (with `stillhead`
//! for `alembic`) on a copy of the shop example, checking the database with
//! its own queries after each step.

mod common;

use common::{Backend, Project};

const DB: &str = "shop.db";

fn has_column(p: &Project, table: &str, column: &str) -> bool {
    p.has_column(table, column)
}

#[test]
fn guide_manual_commands_on_the_shop_example() {
    for backend in Backend::all() {
        let p = Project::shop_on(backend);

        // alembic upgrade head
        let out = p.ok(&["upgrade", "head"]);
        assert!(out.contains("Applied 7 migrations"), "{out}");
        assert!(out.contains("now at 007_device_sessions"), "{out}");
        let tables = p.tables();
        for t in [
            "members",
            "products",
            "categories",
            "member_categories",
            "orders",
            "order_items",
            "order_item_status_history",
            "audit_log",
            "device_sessions",
            "stillhead_version",
            "stillhead_version_log",
        ] {
            assert!(tables.contains(&t.to_string()), "missing {t} in {tables:?}");
        }
        assert!(has_column(&p, "device_sessions", "device_id"));
        assert!(has_column(&p, "audit_log", "request_id"));
        assert_eq!(p.applied().len(), 7);

        // Idempotent: a second upgrade does nothing.
        let out = p.ok(&["upgrade", "head"]);
        assert!(
            out.contains("already at 007_device_sessions; nothing to do"),
            "{out}"
        );

        // alembic upgrade 007_device_sessions (already there)
        let out = p.ok(&["upgrade", "007_device_sessions"]);
        assert!(out.contains("nothing to do"), "{out}");

        // alembic current
        let out = p.ok(&["current"]);
        assert!(out.starts_with("007_device_sessions (head)"), "{out}");
        assert!(out.contains("sessions, authentication"), "{out}");

        // alembic history
        let out = p.ok(&["history"]);
        let ids: Vec<&str> = out
            .lines()
            .filter_map(|l| l.split_whitespace().nth(1))
            .collect();
        assert_eq!(
            ids,
            [
                "007_device_sessions",
                "006_audit_log_columns",
                "005_order_foreign_keys",
                "004_order_item_status",
                "003_member_fields",
                "002_categories",
                "001_initial_schema"
            ],
            "{out}"
        );
        assert!(
            out.lines().all(|l| l.starts_with('●')),
            "all applied: {out}"
        );
        assert!(out.contains("[orders, foreign_keys]"), "{out}");

        // alembic downgrade -1
        let out = p.ok(&["downgrade", "-1"]);
        assert!(out.contains("Reverted 1 migration"), "{out}");
        assert!(!has_column(&p, "device_sessions", "device_id"));
        assert!(p.ok(&["current"]).starts_with("006_audit_log_columns"));

        // alembic downgrade 003_member_fields
        let out = p.ok(&["downgrade", "003_member_fields"]);
        assert!(out.contains("Reverted 3 migrations"), "{out}");
        assert!(!p
            .tables()
            .contains(&"order_item_status_history".to_string()));
        assert!(!has_column(&p, "order_items", "status"));
        assert!(!has_column(&p, "audit_log", "request_id"));
        assert!(has_column(&p, "members", "dob"));
        assert_eq!(
            p.applied(),
            ["001_initial_schema", "002_categories", "003_member_fields"]
        );
        let out = p.ok(&["history"]);
        assert_eq!(
            out.lines().filter(|l| l.starts_with('○')).count(),
            4,
            "{out}"
        );

        // alembic upgrade 007_device_sessions
        let out = p.ok(&["upgrade", "007_device_sessions"]);
        assert!(out.contains("Applied 4 migrations"), "{out}");
        assert!(has_column(&p, "device_sessions", "device_id"));

        // The log has every step, in order.
        let log = p.log();
        assert_eq!(log.len(), 7 + 1 + 3 + 4, "{log:?}");
        assert_eq!(
            log[7],
            (
                "007_device_sessions".into(),
                "downgrade".into(),
                "ok".into()
            )
        );
    }
}

#[test]
fn upgrade_relative_and_downgrade_base_round_trip() {
    for backend in Backend::all() {
        let p = Project::shop_on(backend);
        p.ok(&["upgrade", "+2"]);
        assert_eq!(p.applied(), ["001_initial_schema", "002_categories"]);
        p.ok(&["upgrade", "002_categories+2"]);
        assert_eq!(p.applied().len(), 4);
        p.ok(&["upgrade", "head"]);
        // Roll back every migration, one at a time, then all the way up again:
        // every downgrade must work on the real schema.
        for _ in 0..7 {
            p.ok(&["downgrade", "-1"]);
        }
        assert!(p.applied().is_empty());
        assert_eq!(
            p.tables(),
            [
                "stillhead_version",
                "stillhead_version_lock",
                "stillhead_version_log",
                "stillhead_version_meta"
            ]
        );
        p.ok(&["upgrade", "head"]);
        p.ok(&["downgrade", "base"]);
        assert_eq!(
            p.tables(),
            [
                "stillhead_version",
                "stillhead_version_lock",
                "stillhead_version_log",
                "stillhead_version_meta"
            ]
        );
        let out = p.ok(&["current"]);
        assert!(out.starts_with("base"), "{out}");
    }
}

#[test]
fn stamp_head_adopts_an_existing_database() {
    for backend in Backend::all() {
        let p = Project::shop_on(backend);
        // The troubleshooting section: stamp without running migrations.
        let out = p.ok(&["stamp", "head"]);
        assert!(
            out.contains("Stamped") && out.contains("007_device_sessions"),
            "{out}"
        );
        assert_eq!(
            p.tables(),
            [
                "stillhead_version",
                "stillhead_version_lock",
                "stillhead_version_log",
                "stillhead_version_meta"
            ]
        );
        assert_eq!(p.applied().len(), 7);
        assert!(p.ok(&["upgrade", "head"]).contains("nothing to do"));
        p.ok(&["stamp", "base"]);
        assert!(p.applied().is_empty());
    }
}

#[test]
fn revision_writes_an_empty_template_that_parses() {
    let p = Project::shop();
    let out = p.ok(&["revision", "-m", "add_custom_index", "--tag=orders"]);
    // The path alone, so that `$EDITOR $(stillhead revision -m …)` works.
    let path = out.trim().to_string();
    assert_eq!(path, "migrations/008_add_custom_index.sql");
    let text = std::fs::read_to_string(p.path().join(&path)).unwrap();
    assert!(text.contains("-- revision: 008_add_custom_index"), "{text}");
    assert!(text.contains("-- revises: 007_device_sessions"), "{text}");
    assert!(text.contains("-- tags: orders"), "{text}");
    assert!(
        text.contains("-- +upgrade") && text.contains("-- +downgrade"),
        "{text}"
    );
    // The new file is part of the graph: it is the head now, and applies.
    let out = p.ok(&["heads"]);
    assert!(out.contains("008_add_custom_index"), "{out}");
    p.ok(&["upgrade", "head"]);
    assert_eq!(p.applied().len(), 8);
}

#[test]
fn history_filters_and_json() {
    for backend in Backend::all() {
        let p = Project::shop_on(backend);
        let out = p.ok(&["history", "--tag", "orders"]);
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.contains("004_order_item_status") && out.contains("005_order_foreign_keys"));
        let out = p.ok(&["history", "-r", "003_member_fields:005"]);
        assert_eq!(out.lines().count(), 3, "{out}");
        let out = p.ok(&["--json", "history"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 7);
        assert_eq!(v[0]["revision"], "007_device_sessions");
        assert_eq!(
            v[0]["tags"],
            serde_json::json!(["sessions", "authentication"])
        );
        assert_eq!(v[0]["applied"], false);
        let out = p.ok(&["--json", "upgrade", "head"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["steps"].as_array().unwrap().len(), 7);
        assert_eq!(v["to"], serde_json::json!(["007_device_sessions"]));
        let out = p.ok(&["--json", "current"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["current"][0]["revision"], "007_device_sessions");
        assert_eq!(v["current"][0]["is_head"], true);
    }
}

#[test]
fn show_and_dry_run() {
    for backend in Backend::all() {
        let p = Project::shop_on(backend);
        let out = p.ok(&["show", "005"]);
        assert!(
            out.contains("Rev:") && out.contains("005_order_foreign_keys"),
            "{out}"
        );
        assert!(
            out.contains("Parent:") && out.contains("004_order_item_status"),
            "{out}"
        );
        assert!(out.contains("-- +downgrade"), "{out}");
        let out = p.ok(&["upgrade", "head", "--dry-run"]);
        assert!(out.contains("Would apply 7 migrations"), "{out}");
        assert!(!p.db_path(DB).exists() || p.applied_or_empty().is_empty());
    }
}

trait AppliedOrEmpty {
    fn applied_or_empty(&self) -> Vec<String>;
}

impl AppliedOrEmpty for Project {
    fn applied_or_empty(&self) -> Vec<String> {
        if self.tables().contains(&"stillhead_version".to_string()) {
            self.applied()
        } else {
            Vec::new()
        }
    }
}

#[test]
fn read_only_commands_do_not_create_the_database() {
    let p = Project::shop();
    let out = p.ok(&["current"]);
    assert!(
        out.starts_with("base (the database file does not exist yet"),
        "{out}"
    );
    p.ok(&["history"]);
    p.ok(&["verify"]);
    // A dry run only reads, as `current` does: planned from nothing applied.
    let out = p.ok(&["upgrade", "head", "--dry-run"]);
    assert!(out.contains("Would apply 7 migrations"), "{out}");
    assert!(!p.db_path(DB).exists());
}

#[test]
fn database_url_from_env_and_dotenv() {
    let p = Project::shop();
    std::fs::write(
        p.path().join(".env"),
        "DATABASE_URL=sqlite://from_dotenv.db\n",
    )
    .unwrap();
    p.ok(&["upgrade", "+1"]);
    assert!(p.db_path("from_dotenv.db").exists());
    assert!(!p.db_path(DB).exists());
    let out = p
        .cmd()
        .args(["upgrade", "+1"])
        .env("DATABASE_URL", "sqlite://from_env.db")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(p.db_path("from_env.db").exists());
    p.ok(&["--url", "sqlite://from_flag.db", "upgrade", "+1"]);
    assert!(p.db_path("from_flag.db").exists());
}

/// The shell blocks of `examples/shop/MIGRATION_GUIDE.md`, in order:
/// ```` ```sh ```` ones must succeed, ```` ```sh fails ```` ones must fail.
fn guide_blocks() -> Vec<(bool, String)> {
    let text =
        std::fs::read_to_string(common::repo_root().join("examples/shop/MIGRATION_GUIDE.md"))
            .unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some((true, String::new())),
            (None, "```sh fails") => current = Some((false, String::new())),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some((_, body)), l) => {
                body.push_str(l);
                body.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn the_shops_migration_guide_runs_as_written() {
    let p = Project::shop();
    std::fs::copy(
        common::repo_root().join("examples/shop/MIGRATION_GUIDE.md"),
        p.path().join("MIGRATION_GUIDE.md"),
    )
    .unwrap();
    // `stillhead` on the PATH, as a reader has it.
    let bin = p.path().join(".bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(
        assert_cmd::cargo::cargo_bin("stillhead"),
        bin.join("stillhead"),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let blocks = guide_blocks();
    assert!(
        blocks.len() >= 8,
        "the guide's shell blocks: {}",
        blocks.len()
    );
    for (i, (succeeds, script)) in blocks.iter().enumerate() {
        let out = std::process::Command::new("bash")
            .args(["-e", "-u", "-o", "pipefail", "-c", script])
            .current_dir(p.path())
            .env("PATH", &path)
            .env_remove("DATABASE_URL")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(
            out.status.success(),
            *succeeds,
            "block {} of MIGRATION_GUIDE.md:\n{script}\nstdout:\n{}\nstderr:\n{}",
            i + 1,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Where the guide leaves the database: at its new head, with the
    // table it added.
    assert!(p.has_table("user_preferences"));
    assert!(p.ok(&["current"]).contains("add_custom_index"));
}

//! Fleets: one migration set over many databases at once — 200 SQLite
//! files from a targets file, 100 PostgreSQL schemas from `[fleet]
//! postgres_schemas` — with one target broken on purpose: the summary, the
//! exit code, `--canary` and `--fail-fast`.

mod common;

use common::*;

/// 200 SQLite files in the project's folder; number 57 is not a database.
fn sqlite_fleet(p: &Project) -> std::path::PathBuf {
    let mut list = String::from("# the tenants\n");
    for i in 0..200 {
        let file = p.path().join(format!("tenant_{i:03}.db"));
        if i == 57 {
            std::fs::write(&file, "not a database, whatever its name says").unwrap();
        }
        list.push_str(&format!("sqlite://{}\n", file.display()));
    }
    let path = p.path().join("targets.txt");
    std::fs::write(&path, list).unwrap();
    path
}

fn applied_in(file: &std::path::Path) -> usize {
    let c = rusqlite::Connection::open(file).unwrap();
    c.query_row("SELECT count(*) FROM stillhead_version", [], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap_or(0) as usize
}

#[test]
fn two_hundred_sqlite_tenants_with_one_broken() {
    let p = project_on(Backend::Sqlite, &ab_chain());
    let targets = sqlite_fleet(&p);
    let targets = targets.to_str().unwrap();

    // --fail-fast --jobs 1: everything after the broken one is skipped.
    let (code, out, _) = p.run(&[
        "upgrade",
        "head",
        "--targets",
        targets,
        "--jobs",
        "1",
        "--fail-fast",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("57 ok, 1 failed, 142 skipped of 200 targets"),
        "{out}"
    );
    assert!(
        out.contains("tenant_057.db") && out.contains("FAILED"),
        "{out}"
    );
    assert_eq!(applied_in(&p.path().join("tenant_000.db")), 2);
    assert!(
        !p.path().join("tenant_100.db").exists(),
        "skipped targets are not touched"
    );

    // Everyone else, 4 at a time: one failure does not stop the others.
    let (code, out, _) = p.run(&["upgrade", "head", "--targets", targets, "--jobs", "4"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("199 ok, 1 failed, 0 skipped of 200 targets"),
        "{out}"
    );
    for i in [0, 58, 199] {
        assert_eq!(
            applied_in(&p.path().join(format!("tenant_{i:03}.db"))),
            2,
            "tenant {i}"
        );
    }
    let (_, out, _) = p.run(&["current", "--targets", targets, "--jobs", "4", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = json["targets"].as_array().unwrap();
    assert_eq!(rows.len(), 200);
    assert_eq!(rows[58]["to"][0], "002_b");
    assert_eq!(rows[57]["outcome"], "failed");

    // A canary that fails keeps the fleet from starting.
    let (code, out, _) = p.run(&[
        "downgrade",
        "base",
        "--targets",
        targets,
        "--jobs",
        "2",
        "--canary",
        "60",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("59 ok, 1 failed, 140 skipped of 200 targets"),
        "{out}"
    );
    assert_eq!(
        applied_in(&p.path().join("tenant_010.db")),
        0,
        "a canary was downgraded"
    );
    assert_eq!(
        applied_in(&p.path().join("tenant_150.db")),
        2,
        "the rest were not"
    );
}

#[test]
fn a_hundred_postgres_schemas_from_fleet_config() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = project_on(Backend::Postgres, &ab_chain());
    let mut setup = String::new();
    for i in 0..100 {
        setup.push_str(&format!("CREATE SCHEMA tenant_{i:03};\n"));
    }
    // Tenant 50 already has a table the first migration creates.
    setup.push_str("CREATE TABLE tenant_050.a (id INTEGER);\nCREATE SCHEMA other;\n");
    p.run_client(&setup);
    p.configure("\n[fleet]\npostgres_schemas = \"tenant\\\\_%\"\n");
    let (code, out, err) = p.run(&["upgrade", "head", "--all-targets", "--jobs", "4"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("99 ok, 1 failed, 0 skipped of 100 targets"),
        "{out}"
    );
    assert!(
        out.contains("schema=tenant_050") && out.contains("already exists"),
        "{out}"
    );
    let count = |schema: &str| {
        p.query(&format!(
            "SELECT count(*)::text FROM {schema}.stillhead_version"
        ))[0][0]
            .to_text()
    };
    assert_eq!(count("tenant_000"), "2");
    assert_eq!(count("tenant_099"), "2");
    let other = p
        .query("SELECT count(*)::text FROM information_schema.tables WHERE table_schema = 'other'");
    assert_eq!(other[0][0].to_text(), "0", "only the pattern's schemas");
    // Who is where, fleet-wide.
    let out = p.ok(&["current", "--all-targets"]);
    let at_head = out.lines().filter(|l| l.contains("002_b")).count();
    assert_eq!(at_head, 99, "{out}");
    assert!(out.contains("100 ok, 0 failed"), "{out}");
}

#[test]
fn a_dry_run_is_never_a_fleet_run() {
    let p = Project::with_files(&[(
        "001_a.sql",
        mig(
            "001_a",
            "",
            "CREATE TABLE a (id INTEGER PRIMARY KEY);",
            Some("DROP TABLE a;"),
        )
        .as_str(),
    )]);
    let list = p.path().join("targets.txt");
    std::fs::write(
        &list,
        format!("sqlite://{}\n", p.path().join("t.db").display()),
    )
    .unwrap();
    let (code, _, err) = p.run(&[
        "upgrade",
        "head",
        "--dry-run",
        "--targets",
        list.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("one database"), "{err}");
    assert!(!p.path().join("t.db").exists(), "nothing ran");
}

#[test]
fn check_over_a_fleet_names_the_target_that_differs() {
    let p = Project::with_files(&[(
        "001_a.sql",
        mig(
            "001_a",
            "",
            "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);",
            Some("DROP TABLE a;"),
        )
        .as_str(),
    )]);
    std::fs::write(
        p.path().join("schema.sql"),
        "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT);\n",
    )
    .unwrap();
    let files: Vec<std::path::PathBuf> =
        (0..3).map(|i| p.path().join(format!("t{i}.db"))).collect();
    let list = p.path().join("targets.txt");
    std::fs::write(
        &list,
        files
            .iter()
            .map(|f| format!("sqlite://{}\n", f.display()))
            .collect::<String>(),
    )
    .unwrap();
    let list = list.to_str().unwrap();
    p.ok(&["upgrade", "head", "--targets", list]);
    rusqlite::Connection::open(&files[1])
        .unwrap()
        .execute_batch("ALTER TABLE a ADD COLUMN extra INTEGER")
        .unwrap();
    let (code, out, err) = p.run(&["check", "--targets", list]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("2 ok, 1 failed"), "{out}");
    let failed: Vec<&str> = out.lines().filter(|l| l.contains("FAILED")).collect();
    assert_eq!(failed.len(), 1, "{out}");
    assert!(
        failed[0].contains("t1.db") && failed[0].contains("extra"),
        "{out}"
    );
}

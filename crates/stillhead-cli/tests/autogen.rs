//! Autogenerate on SQLite: for each case, a database at schema S1 and a
//! declared S2 → `revision --autogenerate` → apply → `check` finds no
//! difference from S2 → downgrade → `check` finds none from S1. Rows put in
//! before the change must survive table rebuilds.

mod common;

use common::{Backend, Project};

const BASE: &str = "CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);\n";

/// (name, S1 tables after BASE, S2 tables after BASE)
const CASES: &[(&str, &str, &str)] = &[
    ("add_table", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("drop_table", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", ""),
    ("add_nullable_column", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("add_not_null_column_with_default", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);"),
    ("add_column_with_foreign_key", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE SET NULL);"),
    ("add_column_with_timestamp_default", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);"),
    ("add_unique_column", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(50) UNIQUE);"),
    ("drop_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), w VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("drop_indexed_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), w VARCHAR(50));\nCREATE INDEX t_w ON t (w);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("drop_column_in_check", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, CHECK (v > 0));", "CREATE TABLE t (id INTEGER PRIMARY KEY);"),
    ("change_type", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);"),
    ("set_not_null", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) NOT NULL DEFAULT 'x');"),
    ("change_default", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) DEFAULT 'a');", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) DEFAULT 'b');"),
    ("add_foreign_key", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));"),
    ("change_on_delete", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);"),
    ("add_check", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER CHECK (v >= 0));"),
    ("add_unique_constraint", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50), UNIQUE (a, b));"),
    ("composite_primary_key_table", "", "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));"),
    ("add_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);"),
    ("drop_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("unique_multicolumn_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));\nCREATE UNIQUE INDEX t_ab ON t (a, b DESC);"),
    ("partial_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v) WHERE v IS NOT NULL;"),
    ("expression_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_lv ON t (lower(v));"),
    ("change_index_columns", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));\nCREATE INDEX t_i ON t (a);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));\nCREATE INDEX t_i ON t (a, b);"),
    ("rebuild_keeps_indexes", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) NOT NULL DEFAULT '');\nCREATE INDEX t_v ON t (v);"),
    ("drop_foreign_key", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER);"),
    ("drop_check", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, CHECK (v > 0));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);"),
    ("drop_unique_constraint", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), UNIQUE (a));", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50));"),
    ("add_default", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER DEFAULT 7);"),
    ("drop_default", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER DEFAULT 7);", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);"),
    ("drop_not_null", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) NOT NULL DEFAULT 'x');", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) DEFAULT 'x');"),
    ("widen_varchar", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(20));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(200));"),
    ("composite_foreign_key", "CREATE TABLE k (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));", "CREATE TABLE k (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));\nCREATE TABLE t (id INTEGER PRIMARY KEY, ka INTEGER, kb INTEGER, FOREIGN KEY (ka, kb) REFERENCES k (a, b));"),
    ("add_tables_referencing_each_other", "", "CREATE TABLE a1 (id INTEGER PRIMARY KEY);\nCREATE TABLE b1 (id INTEGER PRIMARY KEY, a1_id INTEGER REFERENCES a1(id));"),
    ("drop_referenced_tables", "CREATE TABLE a1 (id INTEGER PRIMARY KEY);\nCREATE TABLE b1 (id INTEGER PRIMARY KEY, a1_id INTEGER REFERENCES a1(id));", ""),
    ("add_and_drop_columns", "CREATE TABLE t (id INTEGER PRIMARY KEY, old_col VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, new_col VARCHAR(50));"),
    ("change_two_tables", "CREATE TABLE t (id INTEGER PRIMARY KEY);\nCREATE TABLE u (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER);\nCREATE TABLE u (id INTEGER PRIMARY KEY, y VARCHAR(50));"),
    ("index_becomes_unique", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE UNIQUE INDEX t_v ON t (v);"),
    ("change_on_update", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON UPDATE CASCADE);"),
    ("add_numeric_and_date_columns", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, price DECIMAL(10,2), born DATE, ratio REAL);"),
    ("add_view", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t WHERE v IS NOT NULL;"),
    ("drop_view", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t WHERE v IS NOT NULL;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("change_view", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t WHERE v IS NOT NULL;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id FROM t WHERE v IS NULL;"),
    ("add_view_on_view", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t;\nCREATE VIEW tv2 AS SELECT id FROM tv WHERE id > 1;"),
    ("widen_column_under_views", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t;\nCREATE VIEW tv2 AS SELECT v FROM tv;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(100));\nCREATE VIEW tv AS SELECT id, v FROM t;\nCREATE VIEW tv2 AS SELECT v FROM tv;"),
    ("add_stored_generated_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, total INTEGER GENERATED ALWAYS AS (a * b) STORED);"),
    ("change_generated_expression", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a * 2) STORED);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a * 3) STORED);"),
    ("drop_generated_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a * 2) STORED);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);"),
    ("narrow_varchar", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(200));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(20));"),
    ("narrow_bigint_to_smallint", "CREATE TABLE t (id INTEGER PRIMARY KEY, v BIGINT);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v SMALLINT);"),
    ("drop_table_with_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);", ""),
];

fn schema(tables: &str) -> String {
    format!("{BASE}{tables}\n")
}

fn count_rows(p: &Project) -> i64 {
    match p
        .query("SELECT count(*) FROM t")
        .first()
        .and_then(|r| r.first())
    {
        Some(stillhead::Value::Integer(n)) => *n,
        other => panic!("{other:?}"),
    }
}

/// Kinds of schema object or change that only some databases have, or that
/// each writes its own way: (name, database, S1 after BASE, S2 after BASE).
const DIALECT_CASES: &[(&str, Backend, &str, &str)] = &[
    // Generated columns.
    ("add_virtual_generated_column", Backend::Sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, total INTEGER GENERATED ALWAYS AS (a * b) VIRTUAL);"),
    ("add_virtual_generated_column", Backend::Mysql, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, total INTEGER GENERATED ALWAYS AS (a * b) VIRTUAL);"),
    ("stored_becomes_virtual", Backend::Mysql, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a + 1) STORED);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a + 1) VIRTUAL);"),
    // Triggers (SQLite): created, and kept through a table rebuild.
    ("add_trigger", Backend::Sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT);\n-- every new row is logged\nCREATE TRIGGER t_log AFTER INSERT ON t BEGIN\n  INSERT INTO log (note) VALUES ('added; ' || new.id);\nEND;"),
    ("rebuild_keeps_triggers", Backend::Sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT);\nCREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (note) VALUES (new.v); END;\nCREATE TRIGGER log_t AFTER DELETE ON log BEGIN DELETE FROM t WHERE id = old.id; END;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL DEFAULT 0);\nCREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT);\nCREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (note) VALUES (new.v); END;\nCREATE TRIGGER log_t AFTER DELETE ON log BEGIN DELETE FROM t WHERE id = old.id; END;"),
    // Comments.
    ("add_comments", Backend::Postgres, "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCOMMENT ON TABLE t IS 'things';\nCOMMENT ON COLUMN t.v IS 'the thing''s value';"),
    ("change_comments", Backend::Postgres, "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCOMMENT ON TABLE t IS 'old';\nCOMMENT ON COLUMN t.v IS 'old';", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCOMMENT ON TABLE t IS 'new';"),
    ("add_table_with_comments", Backend::Postgres, "", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCOMMENT ON TABLE t IS 'things';\nCOMMENT ON COLUMN t.v IS 'value';"),
    ("add_comments", Backend::Mysql, "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) COMMENT 'the thing''s value') COMMENT='things';"),
    ("change_comments", Backend::Mysql, "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) COMMENT 'old') COMMENT='old';", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) COMMENT='new';"),
    ("add_table_with_comments", Backend::Mysql, "", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) COMMENT 'value') COMMENT='things';"),
    // MySQL's inline enums are column types.
    ("add_enum_value", Backend::Mysql, "CREATE TABLE t (id INTEGER PRIMARY KEY, s ENUM('new', 'done') NOT NULL DEFAULT 'new');", "CREATE TABLE t (id INTEGER PRIMARY KEY, s ENUM('new', 'paid', 'done') NOT NULL DEFAULT 'new');"),
    // PostgreSQL enum types.
    ("add_enum_type", Backend::Postgres, "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE t (id INTEGER PRIMARY KEY, m mood NOT NULL DEFAULT 'ok');"),
    ("add_enum_label", Backend::Postgres, "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE t (id INTEGER PRIMARY KEY, m mood NOT NULL DEFAULT 'ok');", "CREATE TYPE mood AS ENUM ('ok', 'meh', 'sad');\nCREATE TABLE t (id INTEGER PRIMARY KEY, m mood NOT NULL DEFAULT 'ok');"),
    ("drop_enum_type", Backend::Postgres, "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE t (id INTEGER PRIMARY KEY, m mood);", "CREATE TABLE t (id INTEGER PRIMARY KEY);"),
    // PostgreSQL sequences.
    ("add_sequence", Backend::Postgres, "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE SEQUENCE order_no START 1000;\nCREATE TABLE t (id INTEGER PRIMARY KEY, n BIGINT DEFAULT nextval('order_no'));"),
    ("change_sequence", Backend::Postgres, "CREATE SEQUENCE order_no START 1000;\nCREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE SEQUENCE order_no START 1000 INCREMENT BY 10;\nCREATE TABLE t (id INTEGER PRIMARY KEY);"),
    ("drop_sequence", Backend::Postgres, "CREATE SEQUENCE order_no;\nCREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY);"),
];

#[test]
fn each_case_applies_matches_and_reverts() {
    for backend in Backend::all() {
        for (name, s1, s2) in CASES {
            // MariaDB has neither partial nor expression indexes.
            if backend == Backend::Mysql && ["partial_index", "expression_index"].contains(name) {
                continue;
            }
            run_case(backend, name, s1, s2);
        }
    }
}

#[test]
fn each_dialect_case_applies_matches_and_reverts() {
    for backend in Backend::all() {
        for (name, _, s1, s2) in DIALECT_CASES.iter().filter(|c| c.1 == backend) {
            run_case(backend, name, s1, s2);
        }
    }
}

/// Database at S1, declared S2 → autogenerate → apply → equals S2 →
/// downgrade → equals S1; rows in `t` survive.
fn run_case(backend: Backend, name: &str, s1: &str, s2: &str) {
    let initial = common::mig(
        "001_initial",
        "",
        &schema(s1),
        Some("-- not reverted in this test"),
    );
    let p = Project::on(backend, &[("001_initial.sql", &initial)]);
    let at = format!("[{}] {name}", backend.name());
    std::fs::write(p.path().join("schema.sql"), schema(s1)).unwrap();
    p.ok(&["upgrade", "head"]);
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 0, "{at}: S1 must match itself: {out}");
    let has_rows = s1.contains("CREATE TABLE t (id INTEGER PRIMARY KEY");
    if has_rows {
        p.query("INSERT INTO t (id) VALUES (1), (2)");
    }

    std::fs::write(p.path().join("schema.sql"), schema(s2)).unwrap();
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 3, "{at}: the change must be seen: {out}");
    let out = p.ok(&["revision", "--autogenerate", "-m", name, "--tag", "autogen"]);
    let path = p.path().join(out.trim().trim_start_matches("Generated "));
    let file = std::fs::read_to_string(&path).unwrap();
    let upgrade = file.split("-- +downgrade").next().unwrap_or_default();
    if name.starts_with("narrow_") {
        assert!(
            upgrade.contains("-- WARNING: changes t.v"),
            "{at}: a narrowing type change is warned about\n{file}"
        );
    }
    if (name.starts_with("widen_") || name.starts_with("add_")) && !name.contains("drop") {
        assert!(
            !upgrade.contains("-- WARNING"),
            "{at}: no warning for a change that loses nothing\n{file}"
        );
    }
    p.ok(&["upgrade", "head"]);
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(
        code, 0,
        "{at}: after upgrade the database must equal S2: {out}\n{file}"
    );
    if has_rows && s2.contains("CREATE TABLE t (id INTEGER PRIMARY KEY") {
        assert_eq!(count_rows(&p), 2, "{at}: rows survive\n{file}");
    }

    p.ok(&["downgrade", "-1"]);
    std::fs::write(p.path().join("schema.sql"), schema(s1)).unwrap();
    // Not at head any more (002 is pending), but the schema is S1 again.
    let (_, out, _) = p.run(&["--json", "check"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        report["differences"],
        serde_json::json!([]),
        "{at}: after downgrade the database must equal S1\n{file}"
    );
    assert_eq!(
        report["pending"],
        serde_json::json!([format!("002_{name}")])
    );
}

#[test]
fn the_guides_autogenerate_command_on_the_shop() {
    let p = Project::shop();
    p.ok(&["upgrade", "head"]);
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 0, "no false positives on the shop at head: {out}");
    let declared = std::fs::read_to_string(p.path().join("schema.sql")).unwrap();
    let declared = add_to_generic_part(
        &declared,
        "\nCREATE TABLE user_preferences (\n    member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,\n    theme TEXT NOT NULL DEFAULT 'light',\n    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n);\n",
    );
    std::fs::write(p.path().join("schema.sql"), declared).unwrap();
    // stillhead revision --autogenerate -m "add_user_preferences" --tag=users
    let out = p.ok(&[
        "revision",
        "--autogenerate",
        "-m",
        "add_user_preferences",
        "--tag=users",
    ]);
    assert!(
        out.contains("migrations/008_add_user_preferences.sql"),
        "{out}"
    );
    let file =
        std::fs::read_to_string(p.path().join("migrations/008_add_user_preferences.sql")).unwrap();
    assert!(
        file.contains("-- tags: users") && file.contains("-- revises: 007_device_sessions"),
        "{file}"
    );
    assert!(
        file.contains("CREATE TABLE user_preferences")
            && file.contains("DROP TABLE user_preferences"),
        "{file}"
    );
    p.ok(&["upgrade", "head"]);
    assert_eq!(p.run(&["check"]).0, 0);
    p.ok(&["downgrade", "-1"]);
    assert!(!p.has_table("user_preferences"));
}

#[test]
fn autogenerate_refuses_a_database_behind_head_and_reports_bad_schema_sql() {
    let p = Project::shop();
    p.ok(&["upgrade", "005_order_foreign_keys"]);
    let err = p.fails(&["revision", "--autogenerate", "-m", "x"]);
    assert!(
        err.contains("not at head") && err.contains("006_audit_log_columns"),
        "{err}"
    );
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("not at head"), "{out}");
    p.ok(&["upgrade", "head"]);
    std::fs::write(
        p.path().join("schema.sql"),
        "CREATE TABLE t (id INTEGER,,);\n",
    )
    .unwrap();
    let err = p.fails(&["check"]);
    assert!(
        err.contains("schema.sql") && err.contains("Line: 1"),
        "{err}"
    );
    std::fs::write(
        p.path().join("schema.sql"),
        include_str!("../../../examples/shop/schema.sql"),
    )
    .unwrap();
    let err = p.fails(&["revision", "--autogenerate", "-m", "nothing"]);
    assert!(err.contains("no changes"), "{err}");
}

#[test]
fn round_trip_test_passes_on_the_shop_and_finds_a_broken_downgrade() {
    let p = Project::shop();
    let out = p.ok(&["test"]);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("ok ")).count(),
        7,
        "{out}"
    );
    assert!(
        !p.db_path("shop.db").exists(),
        "test works on a scratch database"
    );
    p.write(
        "008_broken.sql",
        &common::mig(
            "008_broken",
            "007_device_sessions",
            "CREATE TABLE x (id INTEGER PRIMARY KEY);\nCREATE INDEX x_i ON x (id);",
            Some("DROP INDEX x_i;"),
        ),
    );
    let (code, out, _) = p.run(&["test"]);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("FAILED 008_broken: after downgrade the schema differs: drop table x"),
        "{out}"
    );
    let (code, _, _) = p.run(&["test", "001_initial_schema:007_device_sessions"]);
    assert_eq!(code, 0, "the range leaves 008 out");
}

#[test]
fn autogenerate_from_migrations_needs_no_database() {
    let p = Project::shop();
    let declared = std::fs::read_to_string(p.path().join("schema.sql")).unwrap();
    let declared = add_to_generic_part(
        &declared,
        "\nCREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE);\n",
    );
    std::fs::write(p.path().join("schema.sql"), declared).unwrap();
    let out = p.ok(&[
        "revision",
        "--autogenerate",
        "--from",
        "migrations",
        "-m",
        "add_tags",
    ]);
    assert!(out.contains("008_add_tags.sql"), "{out}");
    assert!(!p.db_path("shop.db").exists());
    let file = std::fs::read_to_string(p.path().join("migrations/008_add_tags.sql")).unwrap();
    assert!(file.contains("CREATE TABLE tags"), "{file}");
    p.ok(&["upgrade", "head"]);
    assert_eq!(p.run(&["check"]).0, 0);
}

/// Adds SQL at the end of the shop schema's generic (SQLite) part, before its PostgreSQL part.
fn add_to_generic_part(schema: &str, sql: &str) -> String {
    let marker = "-- +schema dialect=postgres";
    let at = schema
        .find(marker)
        .expect("the shop schema has a PostgreSQL part");
    format!("{}{sql}\n{}", &schema[..at], &schema[at..])
}

#[test]
fn shop_on_the_servers_checks_round_trips_and_autogenerates() {
    for backend in Backend::all().into_iter().filter(|b| *b != Backend::Sqlite) {
        let p = Project::shop_on(backend);
        let at = backend.name();
        p.ok(&["upgrade", "head"]);
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(
            code, 0,
            "[{at}] no false positives on the shop at head: {out}"
        );
        let out = p.ok(&["test"]);
        assert_eq!(
            out.lines().filter(|l| l.starts_with("ok ")).count(),
            7,
            "[{at}] {out}"
        );
        // The guide's command, with the table added to this dialect's part of schema.sql.
        let declared = std::fs::read_to_string(p.path().join("schema.sql")).unwrap();
        let (marker, table) = match backend {
            Backend::Postgres => (
                "-- +schema dialect=mysql",
                "CREATE TABLE user_preferences (\n    member_id BIGINT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,\n    theme TEXT NOT NULL DEFAULT 'light',\n    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);\n\n",
            ),
            _ => (
                "",
                "\nCREATE TABLE user_preferences (\n    member_id BIGINT NOT NULL PRIMARY KEY,\n    theme VARCHAR(20) NOT NULL DEFAULT 'light',\n    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n    CONSTRAINT user_preferences_member_fkey FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE CASCADE\n) ENGINE=InnoDB;\n",
            ),
        };
        let declared = match declared.find(marker).filter(|_| !marker.is_empty()) {
            Some(i) => format!("{}{table}{}", &declared[..i], &declared[i..]),
            None => format!("{declared}{table}"),
        };
        std::fs::write(p.path().join("schema.sql"), declared).unwrap();
        p.ok(&[
            "revision",
            "--autogenerate",
            "-m",
            "add_user_preferences",
            "--tag=users",
        ]);
        let file =
            std::fs::read_to_string(p.path().join("migrations/008_add_user_preferences.sql"))
                .unwrap();
        assert!(
            file.contains("user_preferences") && file.contains("-- tags: users"),
            "[{at}] {file}"
        );
        p.ok(&["upgrade", "head"]);
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(code, 0, "[{at}] {out}\n{file}");
        p.ok(&["downgrade", "-1"]);
        assert!(!p.has_table("user_preferences"), "[{at}]");
    }
}

/// Every column type a dialect supports (that the model round-trips), for the wide-schema test.
fn column_types(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Sqlite => &[
            "INTEGER",
            "TEXT",
            "REAL",
            "BLOB",
            "NUMERIC",
            "VARCHAR(30)",
            "BOOLEAN",
            "DATE",
            "DATETIME",
            "DECIMAL(10,2)",
        ],
        Backend::Postgres => &[
            "smallint",
            "integer",
            "bigint",
            "numeric(12,2)",
            "real",
            "double precision",
            "text",
            "varchar(40)",
            "char(3)",
            "boolean",
            "date",
            "timestamp",
            "timestamptz",
            "time",
            "interval",
            "uuid",
            "json",
            "jsonb",
            "bytea",
            "inet",
        ],
        Backend::Mysql => &[
            "tinyint",
            "smallint",
            "int",
            "bigint",
            "decimal(12,2)",
            "float",
            "double",
            "varchar(40)",
            "char(3)",
            "text",
            "blob",
            "date",
            "datetime",
            "timestamp NULL",
            "time",
            "year",
            "enum('a','b')",
            "json",
        ],
    }
}

fn wide_schema(backend: Backend, tables: usize) -> String {
    let mut sql = String::new();
    for i in 0..tables {
        let mut cols = vec!["id INTEGER PRIMARY KEY".to_string()];
        for (k, ty) in column_types(backend).iter().enumerate() {
            cols.push(format!("c{k} {ty}"));
        }
        if i > 0 {
            cols.push(format!("prev_id INTEGER REFERENCES w{:03} (id)", i - 1));
        }
        sql.push_str(&format!(
            "CREATE TABLE w{i:03} (\n    {}\n);\n",
            cols.join(",\n    ")
        ));
        sql.push_str(&format!("CREATE INDEX w{i:03}_c0 ON w{i:03} (c0);\n"));
    }
    sql
}

#[test]
fn a_200_table_schema_with_every_type_has_no_differences() {
    for backend in Backend::all() {
        let schema = wide_schema(backend, 200);
        let initial = common::mig(
            "001_wide",
            "",
            &schema,
            Some("-- not reverted in this test"),
        );
        let p = Project::on(backend, &[("001_wide.sql", &initial)]);
        std::fs::write(p.path().join("schema.sql"), &schema).unwrap();
        p.ok(&["-q", "upgrade", "head"]);
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(
            code,
            0,
            "[{}] no false positives on 200 tables: {out}",
            backend.name()
        );
        // One change among 200 tables: exactly one difference, and autogenerate writes it.
        std::fs::write(
            p.path().join("schema.sql"),
            schema.replace(
                "CREATE TABLE w100 (\n",
                "CREATE TABLE w100 (\n    extra INTEGER,\n",
            ),
        )
        .unwrap();
        let started = std::time::Instant::now();
        p.ok(&["revision", "--autogenerate", "-m", "one_change"]);
        println!(
            "[{}] autogenerate on 200 tables: {:.2?}",
            backend.name(),
            started.elapsed()
        );
        p.ok(&["-q", "upgrade", "head"]);
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(code, 0, "[{}] {out}", backend.name());
    }
}

#[test]
fn renames_are_offered_and_applied_keeping_the_data() {
    for backend in Backend::all() {
        let s1 = schema("CREATE TABLE t (id INTEGER PRIMARY KEY, old_col VARCHAR(50));\nCREATE INDEX t_old ON t (old_col);");
        let s2 = schema("CREATE TABLE t (id INTEGER PRIMARY KEY, new_col VARCHAR(50));\nCREATE INDEX t_old ON t (new_col);");
        let initial = common::mig("001_initial", "", &s1, Some("-- not reverted in this test"));
        let p = Project::on(backend, &[("001_initial.sql", &initial)]);
        let at = backend.name();
        p.ok(&["upgrade", "head"]);
        p.query("INSERT INTO t (id, old_col) VALUES (1, 'kept')");
        std::fs::write(p.path().join("schema.sql"), &s2).unwrap();
        // Without --rename: a drop and an add, with the offer.
        let (code, out, err) = p.run(&["revision", "--autogenerate", "-m", "guess"]);
        assert_eq!(code, 0, "[{at}] {err}");
        assert!(err.contains("--rename t.old_col:new_col"), "[{at}] {err}");
        let path = p.path().join(out.trim().trim_start_matches("Generated "));
        assert!(std::fs::read_to_string(&path).unwrap().contains("-- HINT:"));
        std::fs::remove_file(path).unwrap();
        // With it: a real rename.
        let out = p.ok(&[
            "revision",
            "--autogenerate",
            "-m",
            "rename",
            "--rename",
            "t.old_col:new_col",
        ]);
        let file =
            std::fs::read_to_string(p.path().join(out.trim().trim_start_matches("Generated ")))
                .unwrap();
        assert!(
            file.contains("RENAME COLUMN") && !file.contains("DROP COLUMN"),
            "[{at}] {file}"
        );
        p.ok(&["upgrade", "head"]);
        assert_eq!(p.run(&["check"]).0, 0, "[{at}] {file}");
        assert_eq!(
            p.query("SELECT new_col FROM t"),
            vec![vec![stillhead::Value::Text("kept".into())]],
            "[{at}]"
        );
        p.ok(&["downgrade", "-1"]);
        assert_eq!(
            p.query("SELECT old_col FROM t"),
            vec![vec![stillhead::Value::Text("kept".into())]],
            "[{at}]"
        );
    }
    let p = Project::with_files(&[]);
    let (code, _, err) = p.run(&["revision", "--autogenerate", "-m", "x", "--rename", "nodot"]);
    assert_eq!(code, 2, "a malformed --rename is a usage error: {err}");
    assert!(err.contains("expected TABLE.OLD:NEW"), "{err}");
    assert!(
        err.contains("TABLE.OLD:NEW") || err.contains("expected"),
        "{err}"
    );
}

//! Autogenerate on SQLite: for each case, a database at schema S1 and a
//! declared S2 → `revision --autogenerate` → apply → `check` finds no
//! difference from S2 → downgrade → `check` finds none from S1. Rows put in
//! before the change must survive table rebuilds.

mod common;

use common::{admin_execute, pgversions, postgres_port, unique_name, Backend, Project};

#[path = "../../stillhead/tests/cases/autogen.rs"]
mod cases;

use cases::{BASE, CASES, DIALECT_CASES};

fn schema(tables: &str) -> String {
    format!("{BASE}{tables}\n")
}

/// The files a `revision --autogenerate` printed as generated, one path a
/// line, in order (on PostgreSQL a second may follow the first: README,
/// "Online-safe migrations").
fn generated(p: &Project, out: &str) -> Vec<std::path::PathBuf> {
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| p.path().join(l))
        .collect()
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
        for (name, _, s1, s2) in DIALECT_CASES.iter().filter(|c| c.1 == backend.name()) {
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
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{at}: S1 must match itself: {out}{err}");
    let has_rows = s1.contains("CREATE TABLE t (id INTEGER PRIMARY KEY");
    if has_rows {
        p.query("INSERT INTO t (id) VALUES (1), (2)");
    }

    std::fs::write(p.path().join("schema.sql"), schema(s2)).unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{at}: the change must be seen: {out}{err}");
    let out = p.ok(&["revision", "--autogenerate", "-m", name, "--tag", "autogen"]);
    let path = generated(&p, &out)[0].clone();
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

    p.ok(&["downgrade", "001_initial"]);
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
        report["pending"][0],
        serde_json::json!(format!("002_{name}"))
    );
}

/// PostgreSQL, online-safe by default: on a table in use, a new index, a
/// new unique constraint (`USING INDEX` built `CONCURRENTLY`), a new
/// foreign key and check, and a column made `NOT NULL` go into a
/// second migration outside a transaction (`CONCURRENTLY`, `NOT VALID`
/// then `VALIDATE`, `SET NOT NULL` through a validated check); both files
/// pass `lint`, reach the declared schema with the rows kept, pass `test`,
/// and go back. A new table's index stays in the first. With `online =
/// false` it is one migration, which `lint` faults.
#[test]
fn postgres_online_safe_changes_go_in_a_second_migration() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    const S1: &str = "CREATE TABLE m (id bigint PRIMARY KEY, email text, code text);
                      CREATE TABLE o (id bigint PRIMARY KEY, m_id bigint, qty int);";
    const S2: &str = "CREATE TABLE m (id bigint PRIMARY KEY, email text NOT NULL, code text,
                      CONSTRAINT m_email_key UNIQUE (email));
                      CREATE UNIQUE INDEX m_code ON m (code);
                      CREATE TABLE o (id bigint PRIMARY KEY, m_id bigint REFERENCES m (id), qty int CHECK (qty > 0),
                      code text REFERENCES m (code));
                      CREATE INDEX o_m ON o (m_id);
                      CREATE TABLE n (id bigint PRIMARY KEY, o_id bigint REFERENCES o (id));
                      CREATE INDEX n_o ON n (o_id);";
    for online in [true, false] {
        let at = format!("online = {online}");
        let initial = common::mig("001_initial", "", S1, Some("DROP TABLE o; DROP TABLE m;"));
        let p = Project::on(Backend::Postgres, &[("001_initial.sql", &initial)]);
        let config = std::fs::read_to_string(p.path().join("stillhead.toml")).unwrap();
        std::fs::write(
            p.path().join("stillhead.toml"),
            format!("{config}\n[autogenerate]\nonline = {online}\n"),
        )
        .unwrap();
        p.ok(&["upgrade", "head"]);
        p.query("INSERT INTO m VALUES (1, 'a@x', 'A')");
        p.query("INSERT INTO o VALUES (1, 1, 2)");
        std::fs::write(p.path().join("schema.sql"), format!("{S2}\n")).unwrap();
        let out = p.ok(&["revision", "--autogenerate", "-m", "keys"]);
        let files: Vec<String> = generated(&p, &out)
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        let (code, lint, _) = p.run(&["lint"]);
        if online {
            assert_eq!(files.len(), 2, "{at}: {out}");
            let (first, second) = (&files[0], &files[1]);
            assert!(!first.contains("-- transaction: false"), "{at}:\n{first}");
            assert!(second.contains("-- transaction: false"), "{at}:\n{second}");
            for part in [
                "CREATE INDEX CONCURRENTLY o_m ON o",
                "VALIDATE CONSTRAINT o_m_id_fkey",
                "VALIDATE CONSTRAINT o_qty_check",
                "VALIDATE CONSTRAINT m_email_not_null_check",
                "ALTER COLUMN email SET NOT NULL",
                "CREATE UNIQUE INDEX CONCURRENTLY m_email_key ON m (email)",
                "ADD CONSTRAINT m_email_key UNIQUE USING INDEX m_email_key",
            ] {
                assert!(second.contains(part), "{at}: {part}\n{second}");
            }
            let upgrade = first.split("-- +downgrade").next().unwrap();
            assert!(
                upgrade.contains("REFERENCES m (id) NOT VALID"),
                "{at}:\n{first}"
            );
            assert!(upgrade.contains("CREATE INDEX n_o ON n"), "{at}:\n{first}");
            assert!(!upgrade.contains("SET NOT NULL"), "{at}:\n{first}");
            assert_eq!(code, 0, "{at}: lint: {lint}");
        } else {
            assert_eq!(files.len(), 1, "{at}: {out}");
            assert_ne!(code, 0, "{at}: lint faults the plain form: {lint}");
        }
        p.ok(&["upgrade", "head"]);
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(code, 0, "{at}: {out}");
        let rows = p.query("SELECT count(*) FROM o JOIN m ON m.id = o.m_id");
        assert_eq!(rows, [[stillhead::Value::Integer(1)]], "{at}");
        p.ok(&["test"]);
        p.ok(&["downgrade", "001_initial"]);
        std::fs::write(p.path().join("schema.sql"), format!("{S1}\n")).unwrap();
        let (_, out, _) = p.run(&["--json", "check"]);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["differences"], serde_json::json!([]), "{at}: {out}");
    }
}

/// PostgreSQL 18: a column made `NOT NULL` under a name of its own on a
/// table in use gets it in the second migration (`ADD CONSTRAINT name NOT
/// NULL`, through a validated check), a kept `NOT NULL` is renamed in
/// place, and a `VIRTUAL` generated column is added as one; `check` then
/// passes, and the downgrade returns to PostgreSQL's own names.
#[test]
fn postgres_18_not_null_names_and_virtual_columns() {
    if !Backend::all().contains(&Backend::Postgres)
        || pgversions::server_version_num(postgres_port()) < 180000
    {
        return;
    }
    const S1: &str = "CREATE TABLE m (id bigint PRIMARY KEY, email text, code text NOT NULL);";
    const S2: &str =
        "CREATE TABLE m (id bigint PRIMARY KEY, email text CONSTRAINT email_present NOT NULL,
                      code text CONSTRAINT code_present NOT NULL,
                      shout text GENERATED ALWAYS AS (upper(code)) VIRTUAL);";
    let initial = common::mig("001_initial", "", S1, Some("DROP TABLE m;"));
    let p = Project::on(Backend::Postgres, &[("001_initial.sql", &initial)]);
    p.ok(&["upgrade", "head"]);
    p.query("INSERT INTO m VALUES (1, 'a@x', 'A')");
    std::fs::write(p.path().join("schema.sql"), format!("{S2}\n")).unwrap();
    let out = p.ok(&["revision", "--autogenerate", "-m", "names"]);
    let files: Vec<String> = generated(&p, &out)
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert_eq!(files.len(), 2, "{out}");
    let first = files[0].split("-- +downgrade").next().unwrap();
    for part in [
        "ALTER TABLE m RENAME CONSTRAINT m_code_not_null TO code_present;",
        "ADD COLUMN shout text GENERATED ALWAYS AS (upper(code)) VIRTUAL",
    ] {
        assert!(first.contains(part), "{part}:\n{}", files[0]);
    }
    assert!(
        files[1].contains("ALTER TABLE m ADD CONSTRAINT email_present NOT NULL email;"),
        "{}",
        files[1]
    );
    let (code, lint, _) = p.run(&["lint"]);
    assert_eq!(code, 0, "lint: {lint}");
    p.ok(&["upgrade", "head"]);
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
    let names = p.query(
        "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint
          WHERE conrelid = 'm'::regclass AND contype = 'n'",
    );
    assert_eq!(
        names,
        [[stillhead::Value::Text(
            "code_present,email_present,m_id_not_null".into()
        )]]
    );
    p.ok(&["upgrade", "head"]);
    p.ok(&["downgrade", "001_initial"]);
    std::fs::write(p.path().join("schema.sql"), format!("{S1}\n")).unwrap();
    let (_, out, _) = p.run(&["--json", "check"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["differences"], serde_json::json!([]), "{out}");
}

/// PostgreSQL, online-safe autogenerate on a table in use: an index's,
/// a unique key's and the table's storage parameters change in place
/// (`ALTER INDEX / TABLE … SET`, no rebuild, no second migration), a
/// trigger is disabled in place, and an exclusion constraint is added
/// plainly with the comment saying why; `check` then passes, and the
/// downgrade returns.
#[test]
fn postgres_storage_parameters_triggers_and_exclusion_change_in_place() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    const FUNCTION: &str =
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;";
    let s1 = format!(
        "CREATE TABLE t (id bigint PRIMARY KEY, a int, r int4range, CONSTRAINT t_a_key UNIQUE (a) WITH (fillfactor=80));
         CREATE INDEX t_r ON t (r) WITH (fillfactor=70);
         {FUNCTION}
         CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"
    );
    let s2 = format!(
        "CREATE TABLE t (id bigint PRIMARY KEY, a int, r int4range, CONSTRAINT t_a_key UNIQUE (a) WITH (fillfactor=90))
           WITH (fillfactor=60);
         CREATE INDEX t_r ON t (r) WITH (fillfactor=50);
         ALTER TABLE t ADD CONSTRAINT t_r_apart EXCLUDE USING gist (r WITH &&);
         {FUNCTION}
         CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
         ALTER TABLE t DISABLE TRIGGER t_touch;"
    );
    let initial = common::mig(
        "001_initial",
        "",
        &s1,
        Some("DROP TABLE t; DROP FUNCTION touch();"),
    );
    let p = Project::on(Backend::Postgres, &[("001_initial.sql", &initial)]);
    p.ok(&["upgrade", "head"]);
    p.query("INSERT INTO t VALUES (1, 2, '[1,5)')");
    std::fs::write(p.path().join("schema.sql"), format!("{s2}\n")).unwrap();
    let out = p.ok(&["revision", "--autogenerate", "-m", "storage"]);
    let files: Vec<String> = generated(&p, &out)
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "in place, nothing for a second migration: {out}"
    );
    let upgrade = files[0].split("-- +downgrade").next().unwrap();
    for part in [
        "ALTER INDEX t_r SET (fillfactor=50);",
        "ALTER INDEX t_a_key SET (fillfactor=90);",
        "ALTER TABLE t SET (fillfactor=60);",
        "ALTER TABLE t DISABLE TRIGGER t_touch;",
        "-- An exclusion constraint cannot be added NOT VALID",
        "ALTER TABLE t ADD CONSTRAINT t_r_apart EXCLUDE USING gist (r WITH &&);",
    ] {
        assert!(upgrade.contains(part), "{part}:\n{upgrade}");
    }
    assert!(!upgrade.contains("CREATE INDEX"), "{upgrade}");
    p.ok(&["upgrade", "head"]);
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
    p.ok(&["downgrade", "001_initial"]);
    std::fs::write(p.path().join("schema.sql"), format!("{s1}\n")).unwrap();
    let (_, out, _) = p.run(&["--json", "check"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["differences"], serde_json::json!([]), "{out}");
}

/// PostgreSQL: a materialized view in use gains an index built
/// `CONCURRENTLY` in the second migration (as a table's), a view's options
/// change by `ALTER VIEW`, and a new materialized view comes with its index
/// and its rows; `check` then passes, and the downgrade returns.
#[test]
fn postgres_materialized_view_indexes_and_view_options_change_in_place() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    const S1: &str = "CREATE TABLE t (id bigint PRIMARY KEY, n int);
                      CREATE MATERIALIZED VIEW totals AS SELECT sum(n) AS s, count(*) AS c FROM t;
                      CREATE VIEW big WITH (security_barrier) AS SELECT id FROM t WHERE n > 1;";
    const S2: &str = "CREATE TABLE t (id bigint PRIMARY KEY, n int);
                      CREATE MATERIALIZED VIEW totals AS SELECT sum(n) AS s, count(*) AS c FROM t;
                      CREATE INDEX totals_s ON totals (s);
                      CREATE VIEW big AS SELECT id FROM t WHERE n > 1 WITH CASCADED CHECK OPTION;
                      CREATE MATERIALIZED VIEW ns AS SELECT n FROM t;
                      CREATE UNIQUE INDEX ns_n ON ns (n);";
    let initial = common::mig(
        "001_initial",
        "",
        S1,
        Some("DROP VIEW big; DROP MATERIALIZED VIEW totals; DROP TABLE t;"),
    );
    let p = Project::on(Backend::Postgres, &[("001_initial.sql", &initial)]);
    p.ok(&["upgrade", "head"]);
    p.query("INSERT INTO t VALUES (1, 2)");
    std::fs::write(p.path().join("schema.sql"), format!("{S2}\n")).unwrap();
    let out = p.ok(&["revision", "--autogenerate", "-m", "views"]);
    let files: Vec<String> = generated(&p, &out)
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert_eq!(files.len(), 2, "{out}");
    let upgrade = files[0].split("-- +downgrade").next().unwrap();
    for part in [
        "ALTER VIEW big RESET (security_barrier)",
        "ALTER VIEW big SET (check_option=cascaded)",
        "CREATE MATERIALIZED VIEW ns AS",
        "WITH DATA",
        "CREATE UNIQUE INDEX ns_n ON ns",
    ] {
        assert!(upgrade.contains(part), "{part}:\n{}", files[0]);
    }
    assert!(!upgrade.contains("totals_s"), "{}", files[0]);
    assert!(
        files[1].contains("CREATE INDEX CONCURRENTLY totals_s ON totals"),
        "{}",
        files[1]
    );
    p.ok(&["upgrade", "head"]);
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        p.query("SELECT n FROM ns"),
        [[stillhead::Value::Integer(2)]],
        "created WITH DATA"
    );
    p.ok(&["test"]);
    p.ok(&["downgrade", "001_initial"]);
    std::fs::write(p.path().join("schema.sql"), format!("{S1}\n")).unwrap();
    let (_, out, _) = p.run(&["--json", "check"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["differences"], serde_json::json!([]), "{out}");
}

/// PostgreSQL partitions as changes: a partition detached (the table it
/// leaves keeps the columns, key and index PostgreSQL cloned into it), a
/// table attached (its key and index built first, under the names
/// PostgreSQL gives clones, so that `ATTACH PARTITION` attaches them), a
/// list partition's bound changed (detached and attached again), a
/// partition created; `check` then passes with the rows kept, `test`
/// passes, and the downgrade returns.
#[test]
fn postgres_partitions_attach_detach_and_change_bounds() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    const S1: &str = "CREATE TABLE events (id bigint NOT NULL, created date NOT NULL, kind text,
                          PRIMARY KEY (id, created)) PARTITION BY RANGE (created);
                      CREATE INDEX events_kind ON events (kind);
                      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                      CREATE TABLE loose (id bigint NOT NULL, created date NOT NULL, kind text);
                      CREATE TABLE codes (c text PRIMARY KEY) PARTITION BY LIST (c);
                      CREATE TABLE codes_ab PARTITION OF codes FOR VALUES IN ('a', 'b');";
    const S2: &str = "CREATE TABLE events (id bigint NOT NULL, created date NOT NULL, kind text,
                          PRIMARY KEY (id, created)) PARTITION BY RANGE (created);
                      CREATE INDEX events_kind ON events (kind);
                      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                      CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
                      CREATE TABLE events_2025 (id bigint NOT NULL, created date NOT NULL, kind text,
                          PRIMARY KEY (id, created));
                      CREATE INDEX events_2025_kind_idx ON events_2025 (kind);
                      CREATE TABLE loose PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                      CREATE TABLE codes (c text PRIMARY KEY) PARTITION BY LIST (c);
                      CREATE TABLE codes_ab PARTITION OF codes FOR VALUES IN ('a');";
    let down = "DROP TABLE codes; DROP TABLE loose; DROP TABLE events;";
    let initial = common::mig("001_initial", "", S1, Some(down));
    let p = Project::on(Backend::Postgres, &[("001_initial.sql", &initial)]);
    p.ok(&["upgrade", "head"]);
    std::fs::write(p.path().join("schema.sql"), format!("{S1}\n")).unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "S1 matches itself: {out}{err}");
    p.query("INSERT INTO events VALUES (1, '2025-06-01', 'a'), (2, '2026-06-01', 'b')");
    p.query("INSERT INTO loose VALUES (3, '2024-06-01', 'c')");
    p.query("INSERT INTO codes VALUES ('a')");
    std::fs::write(p.path().join("schema.sql"), format!("{S2}\n")).unwrap();
    let out = p.ok(&["revision", "--autogenerate", "-m", "partitions"]);
    let file = std::fs::read_to_string(&generated(&p, &out)[0]).unwrap();
    let upgrade = file.split("-- +downgrade").next().unwrap();
    for part in [
        "ALTER TABLE events DETACH PARTITION events_2025;",
        "ALTER TABLE events ATTACH PARTITION loose FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
        "CREATE INDEX loose_kind_idx ON loose (kind);",
        "ALTER TABLE codes DETACH PARTITION codes_ab;",
        "ALTER TABLE codes ATTACH PARTITION codes_ab FOR VALUES IN ('a');",
        "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');",
    ] {
        assert!(upgrade.contains(part), "{part}:\n{file}");
    }
    assert!(!upgrade.contains("DROP COLUMN"), "{file}");
    p.ok(&["upgrade", "head"]);
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "after upgrade: {out}{err}\n{file}");
    assert_eq!(
        p.query("SELECT count(*) FROM events"),
        [[stillhead::Value::Integer(2)]],
        "2025's row left with its partition, loose's came in\n{file}"
    );
    p.ok(&["test"]);
    p.ok(&["downgrade", "001_initial"]);
    std::fs::write(p.path().join("schema.sql"), format!("{S1}\n")).unwrap();
    let (_, out, _) = p.run(&["--json", "check"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        report["differences"],
        serde_json::json!([]),
        "{out}\n{file}"
    );
}

/// PostgreSQL: a unique index a foreign key references is part of the
/// schema and comes before the key (as a new table's index, and as a new
/// index on a table kept, both ways), and an expression index keeps the
/// parentheses its grammar needs. Each case also runs `stillhead test`.
#[test]
fn postgres_unique_index_under_a_foreign_key_and_expression_indexes() {
    const A: &str = "CREATE TABLE a (id bigint PRIMARY KEY, n bigint NOT NULL);";
    const B: &str = "CREATE TABLE b (id bigint PRIMARY KEY, n bigint REFERENCES a (n));";
    const T: &str = "CREATE TABLE t (id bigint PRIMARY KEY, j jsonb);";
    let a_n = format!("{A}\nCREATE UNIQUE INDEX a_n ON a (n);\n{B}");
    let indexes = format!(
        "{T}\nCREATE UNIQUE INDEX t_j ON t USING btree (((j ->> 'ref'::text)));\n\
         CREATE INDEX t_lower ON t (lower(j ->> 'name'));\n\
         CREATE INDEX t_desc ON t ((j ->> 'at') DESC NULLS LAST);"
    );
    for (name, s1, s2) in [
        ("referenced_unique_index_on_a_new_table", "", a_n.as_str()),
        ("referenced_unique_index_on_a_kept_table", A, &a_n),
        ("expression_indexes", "", &indexes),
        ("expression_indexes_on_a_kept_table", T, &indexes),
    ] {
        run_case(Backend::Postgres, name, s1, s2);
        let p = Project::on(Backend::Postgres, &[]);
        std::fs::write(p.path().join("schema.sql"), schema(s2)).unwrap();
        p.ok(&["revision", "--autogenerate", "-m", name]);
        p.ok(&["upgrade", "head"]);
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(code, 0, "{name}: {out}");
        p.ok(&["test"]);
    }
}

/// Index access methods and `INCLUDE` lists are part of the schema:
/// PostgreSQL GIN, GiST and BRIN indexes and a B-tree with `INCLUDE`,
/// MariaDB FULLTEXT over two TEXT columns (too long for a B-tree) and
/// SPATIAL. Written from nothing they must match and pass `stillhead test`
/// (a point has no B-tree, nor do two TEXT columns fit one); turning them
/// into plain B-trees on the same columns (or dropping an `INCLUDE` column)
/// is a change, made and reverted by `run_case`.
#[test]
fn index_methods_and_include_columns() {
    const PG: &str = "CREATE TABLE t (id INTEGER PRIMARY KEY, doc jsonb, span tsrange, p point, at timestamptz, a int, b int, c int);";
    const MY: &str =
        "CREATE TABLE m (id INTEGER PRIMARY KEY, title TEXT, body TEXT, g GEOMETRY NOT NULL";
    let cases = [
        (
            Backend::Postgres,
            format!(
                "{PG}\nCREATE INDEX t_doc ON t USING gin (doc);\n\
                 CREATE INDEX t_span ON t USING gist (span);\n\
                 CREATE INDEX t_p ON t USING gist (p);\n\
                 CREATE INDEX t_at ON t USING brin (at);\n\
                 CREATE INDEX t_a ON t USING btree (a DESC NULLS LAST) INCLUDE (b, c);"
            ),
            format!(
                "{PG}\nCREATE INDEX t_doc ON t (doc);\n\
                 CREATE INDEX t_span ON t (span);\n\
                 CREATE INDEX t_p ON t USING gist (p);\n\
                 CREATE INDEX t_at ON t (at);\n\
                 CREATE INDEX t_a ON t (a DESC NULLS LAST) INCLUDE (b);"
            ),
        ),
        (
            Backend::Mysql,
            format!("{MY}, FULLTEXT KEY m_ft (title, body), SPATIAL KEY m_g (g));"),
            format!("{MY}, KEY m_ft (title(100), body(100)), SPATIAL KEY m_g (g));"),
        ),
    ];
    for (backend, with_methods, plain) in &cases {
        let at = format!("[{}] index methods", backend.name());
        let p = Project::on(*backend, &[]);
        std::fs::write(p.path().join("schema.sql"), schema(with_methods)).unwrap();
        p.ok(&["revision", "--autogenerate", "-m", "index_methods"]);
        p.ok(&["upgrade", "head"]);
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(code, 0, "{at}: {out}");
        p.ok(&["test"]);
        run_case(*backend, "index_methods_become_btree", with_methods, plain);
    }
}

/// SQLite virtual tables are part of the schema, compared by their text: an
/// FTS5 table over a content table, the trigger that fills it and an
/// R-tree autogenerate from nothing with the virtual tables after their
/// content table and before the trigger (without them the first insert
/// fails: `no such table: main.fts_episodes`); the result matches, passes
/// `stillhead test`, and the index answers a MATCH. A changed definition
/// is seen by `check` and becomes a drop and a create (`run_case`).
#[test]
fn sqlite_virtual_tables_are_created_before_the_triggers_that_fill_them() {
    const FTS: &str = "CREATE TABLE episodes (id INTEGER PRIMARY KEY, content TEXT NOT NULL);\n\
         CREATE VIRTUAL TABLE fts_episodes USING fts5(content, content='episodes', content_rowid='id');\n\
         CREATE TRIGGER episodes_ai AFTER INSERT ON episodes BEGIN\n  \
         INSERT INTO fts_episodes(rowid, content) VALUES (new.id, new.content);\nEND;\n\
         CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx);";
    let p = Project::on(Backend::Sqlite, &[]);
    std::fs::write(p.path().join("schema.sql"), schema(FTS)).unwrap();
    let out = p.ok(&["revision", "--autogenerate", "-m", "fts"]);
    let path = p.path().join(out.trim());
    let file = std::fs::read_to_string(&path).unwrap();
    let upgrade = file.split("-- +downgrade").next().unwrap_or_default();
    let at = |s: &str| upgrade.find(s).unwrap_or_else(|| panic!("{s} in\n{file}"));
    assert!(at("CREATE TABLE episodes") < at("CREATE VIRTUAL TABLE fts_episodes"));
    assert!(at("CREATE VIRTUAL TABLE fts_episodes") < at("CREATE TRIGGER episodes_ai"));
    at("CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx);");
    p.ok(&["upgrade", "head"]);
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}\n{file}");
    p.ok(&["test"]);
    p.query("INSERT INTO episodes (content) VALUES ('hello')");
    assert_eq!(
        p.query("SELECT content FROM fts_episodes WHERE fts_episodes MATCH 'hello'"),
        [[stillhead::Value::Text("hello".into())]]
    );
    run_case(
        Backend::Sqlite,
        "change_virtual_table",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n\
         CREATE VIRTUAL TABLE t_fts USING fts5(v, content='t', content_rowid='id');",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n\
         CREATE VIRTUAL TABLE t_fts USING fts5(v, content='t', content_rowid='id', tokenize='porter');",
    );
}

/// PostgreSQL extensions are part of the schema: a `schema.sql` (as
/// pg_dump writes it) whose table takes its default from `uuid-ossp` and
/// whose index uses a `pg_trgm` operator class autogenerates the
/// `CREATE EXTENSION`s before the table (without them the upgrade fails:
/// `function uuid_generate_v4() does not exist`) and drops them last on the
/// way down; the result matches, passes `stillhead test` (the temporary
/// role creates these trusted extensions) and matches its own pg_dump.
/// Added to a kept table, the extensions come and go with `run_case`.
#[test]
fn postgres_extensions_are_created_first_and_dropped_last() {
    const EXT: &str = "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public;\n\
         CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;\n";
    const INDEX: &str = "CREATE INDEX t_name ON t USING gin (name gin_trgm_ops);";
    let fresh = format!(
        "{EXT}CREATE TABLE t (id uuid DEFAULT public.uuid_generate_v4() NOT NULL PRIMARY KEY, name text);\n{INDEX}"
    );
    let p = Project::on(Backend::Postgres, &[]);
    std::fs::write(p.path().join("schema.sql"), schema(&fresh)).unwrap();
    let out = p.ok(&["revision", "--autogenerate", "-m", "extensions"]);
    let path = p.path().join(out.trim());
    let file = std::fs::read_to_string(&path).unwrap();
    let (upgrade, downgrade) = file.split_once("-- +downgrade").unwrap();
    let at = |text: &str, what: &str| {
        text.find(what)
            .unwrap_or_else(|| panic!("{what} missing:\n{file}"))
    };
    let create = at(
        upgrade,
        "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public CASCADE;",
    );
    assert!(create < at(upgrade, "CREATE TABLE"), "{file}");
    assert!(at(upgrade, "CREATE EXTENSION IF NOT EXISTS pg_trgm") < at(upgrade, "CREATE TABLE"));
    assert!(
        at(downgrade, "DROP TABLE")
            < at(
                downgrade,
                "DROP EXTENSION IF EXISTS pg_trgm, \"uuid-ossp\";"
            )
    );
    p.ok(&["upgrade", "head"]);
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}\n{file}");
    p.ok(&["test"]);
    // The database's own dump, stillhead's tables and all, declares it
    // too; no pg_dump here dumps PostgreSQL 17 and later (README, "In CI").
    if pgversions::pg_dump_for(postgres_port()).is_some() {
        std::fs::write(p.path().join("schema.sql"), p.schema_dump()).unwrap();
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(code, 0, "pg_dump of the migrated database: {out}");
    } else {
        eprintln!("no pg_dump for this PostgreSQL: its dump is not checked");
    }

    run_case(
        Backend::Postgres,
        "add_extensions_to_a_kept_table",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name text);",
        &format!(
            "{EXT}CREATE TABLE t (id INTEGER PRIMARY KEY, name text, u uuid NOT NULL DEFAULT public.uuid_generate_v4());\n{INDEX}"
        ),
    );
}

/// PostgreSQL's `ADD COLUMN` puts a column last: a column order no
/// migration can reach (a column `schema.sql` adds between others, one the
/// downgrade of a dropped column would add back last, columns reordered)
/// makes check and autogenerate exit 3 naming it and its side, until
/// `[autogenerate] ignore` accepts it (before: check exited 3 or 0 without
/// a word on order, and a downgrade left the dump unlike the original).
#[test]
fn postgres_a_column_order_no_migration_can_reach_is_named() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = Project::on(Backend::Postgres, &[]);
    let write = |tables: &str| std::fs::write(p.path().join("schema.sql"), schema(tables)).unwrap();
    write("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);");
    p.ok(&["revision", "--autogenerate", "-m", "t"]);
    p.ok(&["upgrade", "head"]);
    p.ok(&["check"]);
    for (tables, side) in [
        (
            "CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT);",
            "in the database",
        ),
        (
            "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT, a TEXT, b TEXT);",
            "in schema.sql",
        ),
        (
            "CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT, a TEXT);",
            "in schema.sql and in the database",
        ),
    ] {
        write(tables);
        let (code, out, err) = p.run(&["check"]);
        assert_eq!(code, 3, "{tables}: {out}{err}");
        assert!(
            out.contains(&format!("not compared: table t: column order ({side})")),
            "{tables}: {out}"
        );
        let (code, out, err) = p.run(&["revision", "--autogenerate", "-m", "order"]);
        assert_eq!(code, 3, "{tables}: {out}{err}");
        assert!(
            format!("{out}{err}").contains("not compared: table t: column order"),
            "{tables}: {out}{err}"
        );
    }
    // The last column dropped, or one added last: reached both ways.
    write("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);");
    p.ok(&["revision", "--autogenerate", "-m", "drop_b"]);
    p.ok(&["upgrade", "head"]);
    write("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT);");
    let (code, out, _) = p.run(&["check"]);
    assert!(code == 3 && !out.contains("column order"), "{out}");
    // Accepted unchecked.
    p.configure("\n[autogenerate]\nignore = [\"column order\"]\n");
    write("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT, a TEXT);");
    p.ok(&["revision", "--autogenerate", "-m", "x_first"]);
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
    let (code, out, err) = p.run(&[
        "revision",
        "--autogenerate",
        "-m",
        "add_user_preferences",
        "--tag=users",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("migrations/008_add_user_preferences.sql"),
        "{out}"
    );
    // The shop's migrations have MariaDB and PostgreSQL parts: this one is
    // SQLite's SQL alone, and that is said (README "Several databases").
    assert!(
        err.contains("the migrations also have parts for mysql and postgres")
            && err.contains("[migrations] dialects"),
        "{err}"
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

/// Adds SQL at the end of the shop schema, which ends in its portable part.
fn add_to_generic_part(schema: &str, sql: &str) -> String {
    assert!(
        schema.trim_end().ends_with("-- +schema end"),
        "the shop schema ends in its portable part"
    );
    format!("{schema}\n{sql}\n")
}

#[test]
fn shop_on_every_backend_checks_round_trips_and_autogenerates_from_one_schema() {
    let declared =
        std::fs::read_to_string(common::repo_root().join("examples/shop/schema.sql")).unwrap();
    let creates = declared.matches("CREATE TABLE").count();
    assert_eq!(
        creates, 9,
        "the shop's schema.sql holds each of its 9 tables once"
    );
    for backend in Backend::all() {
        let p = Project::shop_on(backend);
        let at = backend.name();
        p.ok(&["upgrade", "head"]);
        let (code, out, err) = p.run(&["check"]);
        assert_eq!(
            code, 0,
            "[{at}] no false positives on the shop at head: {out}{err}"
        );
        assert!(!err.contains("warning"), "[{at}] {err}");
        if backend != Backend::Sqlite {
            let out = p.ok(&["test"]);
            assert_eq!(
                out.lines().filter(|l| l.starts_with("ok ")).count(),
                7,
                "[{at}] {out}"
            );
        }
        // The guide's command, after a portable table is appended at the end of schema.sql.
        let table = "CREATE TABLE user_preferences (\n    member_id BIGINT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,\n    theme TEXT NOT NULL DEFAULT 'light',\n    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP\n);";
        std::fs::write(
            p.path().join("schema.sql"),
            add_to_generic_part(&declared, table),
        )
        .unwrap();
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
            file.contains("CREATE TABLE")
                && file.contains("user_preferences")
                && file.contains("-- tags: users"),
            "[{at}] {file}"
        );
        let upgrade = file.split("-- +downgrade").next().unwrap();
        assert_eq!(
            upgrade.matches("CREATE TABLE").count(),
            1,
            "[{at}] exactly that table: {file}"
        );
        assert!(
            !upgrade.contains("ALTER TABLE"),
            "[{at}] nothing else changes: {file}"
        );
        p.ok(&["upgrade", "head"]);
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(code, 0, "[{at}] {out}\n{file}");
        p.ok(&["downgrade", "-1"]);
        assert!(!p.has_table("user_preferences"), "[{at}]");
    }
}

/// The guide's `add_user_preferences`, autogenerated on SQLite by a team
/// whose production is MariaDB: without `[migrations] dialects` the file
/// holds SQLite's SQL alone, which MariaDB refuses; with it, a part for
/// each database, computed on a database of each kind (MariaDB's on the
/// scratch server `[autogenerate] scratch_urls` names), and both apply,
/// match `schema.sql` and go back.
#[test]
fn several_databases_get_a_part_each_from_one_autogenerate() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let declared =
        std::fs::read_to_string(common::repo_root().join("examples/shop/schema.sql")).unwrap();
    let table = "CREATE TABLE user_preferences (\n    member_id BIGINT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,\n    theme TEXT NOT NULL DEFAULT 'light',\n    tags TEXT,\n    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP\n);\nCREATE INDEX user_preferences_theme_idx ON user_preferences (theme);";
    let declared = add_to_generic_part(&declared, table);
    let sqlite = Project::shop();
    let maria = Project::shop_on(Backend::Mysql);
    for p in [&sqlite, &maria] {
        std::fs::write(p.path().join("schema.sql"), &declared).unwrap();
        p.ok(&["upgrade", "head"]);
    }
    let new_file = "migrations/008_add_user_preferences.sql";

    // SQLite's SQL alone: MariaDB cannot index a TEXT column without a length.
    sqlite.ok(&[
        "revision",
        "--autogenerate",
        "-m",
        "add_user_preferences",
        "--tag=users",
    ]);
    let single = std::fs::read_to_string(sqlite.path().join(new_file)).unwrap();
    assert!(!single.contains("dialect="), "{single}");
    std::fs::copy(sqlite.path().join(new_file), maria.path().join(new_file)).unwrap();
    let (code, _, err) = maria.run(&["upgrade", "head"]);
    assert_ne!(code, 0, "MariaDB refuses SQLite's SQL: {single}");
    assert!(err.contains("add_user_preferences"), "{err}");
    maria.ok(&["resolve", "008_add_user_preferences", "--reverted"]);
    std::fs::remove_file(maria.path().join(new_file)).unwrap();
    maria.query("DROP TABLE IF EXISTS user_preferences");
    std::fs::remove_file(sqlite.path().join(new_file)).unwrap();

    // A part for each.
    let cfg = std::fs::read_to_string(sqlite.path().join("stillhead.toml")).unwrap();
    let cfg = cfg.replacen(
        "[migrations]\n",
        "[migrations]\ndialects = [\"sqlite\", \"mysql\"]\n",
        1,
    );
    std::fs::write(sqlite.path().join("stillhead.toml"), cfg).unwrap();
    let (code, _, err) = sqlite.run(&["revision", "--autogenerate", "-m", "add_user_preferences"]);
    assert_eq!(code, 1, "no MariaDB server to compute its part on: {err}");
    assert!(err.contains("[autogenerate] scratch_urls"), "{err}");
    sqlite.configure(&format!(
        "\n[autogenerate]\nscratch_urls = [\"{}\"]\n",
        maria.db.url
    ));
    sqlite.ok(&[
        "revision",
        "--autogenerate",
        "-m",
        "add_user_preferences",
        "--tag=users",
    ]);
    // The database the scratch server's URL names is read, never written.
    assert!(!maria.has_table("user_preferences"));
    assert!(maria.ok(&["current"]).contains("007_device_sessions"));
    let file = std::fs::read_to_string(sqlite.path().join(new_file)).unwrap();
    for marker in [
        "-- +upgrade dialect=sqlite",
        "-- +downgrade dialect=sqlite",
        "-- +upgrade dialect=mysql",
        "-- +downgrade dialect=mysql",
    ] {
        assert!(file.contains(marker), "{marker}: {file}");
    }
    assert!(!file.contains("-- +upgrade\n"), "no generic part: {file}");
    let mysql_part = file.split("-- +upgrade dialect=mysql").nth(1).unwrap();
    assert!(
        mysql_part.contains("ENGINE=InnoDB"),
        "MariaDB's own SQL: {file}"
    );
    std::fs::copy(sqlite.path().join(new_file), maria.path().join(new_file)).unwrap();
    for p in [&sqlite, &maria] {
        let at = p.backend().name();
        p.ok(&["upgrade", "head"]);
        let (code, out, err) = p.run(&["check"]);
        assert_eq!(code, 0, "[{at}] {out}{err}\n{file}");
        p.ok(&["downgrade", "-1"]);
        assert!(!p.has_table("user_preferences"), "[{at}]");
    }
}

#[test]
fn a_table_in_another_database_part_is_explained_not_silently_skipped() {
    let p = Project::shop();
    p.ok(&["upgrade", "head"]);
    let declared = std::fs::read_to_string(p.path().join("schema.sql")).unwrap();
    // The mistake: the table lands inside the MariaDB part.
    let at = declared.rfind("-- +schema end").unwrap();
    let table = "CREATE TABLE user_preferences (member_id BIGINT PRIMARY KEY, theme TEXT);\n";
    std::fs::write(
        p.path().join("schema.sql"),
        format!("{}{table}{}", &declared[..at], &declared[at..]),
    )
    .unwrap();
    let (code, _, err) = p.run(&["revision", "--autogenerate", "-m", "add_user_preferences"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("no changes"), "{err}");
    assert!(
        err.contains("CREATE TABLE user_preferences is in the `-- +schema dialect=mysql` part")
            && err.contains("portable part"),
        "the warning says why and what to do: {err}"
    );
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
        // The column goes last, where every database's ADD COLUMN puts it
        // (a first column is a column order PostgreSQL cannot reach).
        std::fs::write(
            p.path().join("schema.sql"),
            schema.replace(
                "prev_id INTEGER REFERENCES w099 (id)\n);",
                "prev_id INTEGER REFERENCES w099 (id),\n    extra INTEGER\n);",
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
        let paths = generated(&p, &out);
        assert!(std::fs::read_to_string(&paths[0])
            .unwrap()
            .contains("-- HINT:"));
        for path in paths {
            std::fs::remove_file(path).unwrap();
        }
        // With it: a real rename.
        let out = p.ok(&[
            "revision",
            "--autogenerate",
            "-m",
            "rename",
            "--rename",
            "t.old_col:new_col",
        ]);
        let file = std::fs::read_to_string(&generated(&p, &out)[0]).unwrap();
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
        p.ok(&["downgrade", "001_initial"]);
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

/// Circular foreign keys and views over views, each created in one
/// migration from an empty database (ARCHITECTURE.md "Data flow": the diff
/// orders, a renderer writes): two tables referencing each other, a cycle
/// of three, a table referencing itself, a view reading a view (also one
/// whose column bears its reader's name, which is no dependency). A cycle is
/// declared with `ALTER TABLE` (as the databases' dumps do; PostgreSQL and
/// MariaDB refuse a key to a table not yet created), which SQLite cannot
/// run: there the key is written in its table.
const CYCLES: &[(&str, &str)] = &[
    (
        "two_table_cycle",
        "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER);\n\
         CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));\n\
         ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b(id);",
    ),
    (
        "three_table_cycle",
        "CREATE TABLE x (id INTEGER PRIMARY KEY, y_id INTEGER);\n\
         CREATE TABLE y (id INTEGER PRIMARY KEY, z_id INTEGER);\n\
         CREATE TABLE z (id INTEGER PRIMARY KEY, x_id INTEGER REFERENCES x(id), parent_id INTEGER REFERENCES parent(id));\n\
         ALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y(id);\n\
         ALTER TABLE y ADD FOREIGN KEY (z_id) REFERENCES z(id);",
    ),
    (
        "self_reference",
        "CREATE TABLE node (id INTEGER PRIMARY KEY, up_id INTEGER REFERENCES node(id));",
    ),
    (
        "view_on_view",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\n\
         CREATE VIEW z_mid AS SELECT id, v FROM t;\n\
         CREATE VIEW a_top AS SELECT id FROM z_mid WHERE id > 1;",
    ),
    (
        "view_on_view_with_its_readers_name_as_a_column",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\n\
         CREATE VIEW z_mid AS SELECT id, v AS a_top FROM t;\n\
         CREATE VIEW a_top AS SELECT id, a_top FROM z_mid;",
    ),
];

/// Each of [`CYCLES`] on every backend: autogenerate from an empty
/// database, `upgrade head`, `check` clean, `test` passes, and `downgrade
/// base` leaves none of the user's tables or views.
#[test]
fn circular_foreign_keys_and_views_on_views_are_created_and_dropped() {
    for backend in Backend::all() {
        for (name, sql) in CYCLES {
            let at = format!("{backend:?} {name}");
            let p = Project::on(backend, &[]);
            let before = p.tables();
            let sql = match backend {
                Backend::Sqlite => inline_keys(sql),
                _ => sql.to_string(),
            };
            std::fs::write(p.path().join("schema.sql"), schema(&sql)).unwrap();
            let out = p.ok(&["revision", "--autogenerate", "-m", name]);
            let path = p.path().join(out.trim());
            let file = std::fs::read_to_string(&path).unwrap();
            let (code, out, err) = p.run(&["upgrade", "head"]);
            assert_eq!(code, 0, "{at}: upgrade\n{out}{err}\n{file}");
            let (code, out, _) = p.run(&["check"]);
            assert_eq!(code, 0, "{at}: check\n{out}\n{file}");
            let (code, out, err) = p.run(&["test"]);
            assert_eq!(code, 0, "{at}: test\n{out}{err}\n{file}");
            let (code, out, err) = p.run(&["downgrade", "base"]);
            assert_eq!(code, 0, "{at}: downgrade\n{out}{err}\n{file}");
            let left: Vec<String> = p
                .tables()
                .into_iter()
                .filter(|t| !before.contains(t) && !t.starts_with("stillhead"))
                .collect();
            assert!(
                left.is_empty(),
                "{at}: left after downgrade base: {left:?}\n{file}"
            );
        }
    }
}

/// `sql` with each `ALTER TABLE t ADD FOREIGN KEY (c) REFERENCES …;` line
/// moved into its table as `c INTEGER REFERENCES …` (SQLite's way).
fn inline_keys(sql: &str) -> String {
    let mut lines: Vec<String> = sql.lines().map(str::to_string).collect();
    let alters: Vec<String> = lines
        .iter()
        .filter(|l| l.starts_with("ALTER TABLE"))
        .cloned()
        .collect();
    lines.retain(|l| !l.starts_with("ALTER TABLE"));
    for alter in alters {
        let words: Vec<&str> = alter.split_whitespace().collect();
        let (table, column) = (words[2], words[6].trim_matches(|c| c == '(' || c == ')'));
        let target = alter
            .split("REFERENCES ")
            .nth(1)
            .unwrap()
            .trim_end_matches(';');
        for line in lines
            .iter_mut()
            .filter(|l| l.starts_with(&format!("CREATE TABLE {table} (")))
        {
            *line = line.replace(
                &format!("{column} INTEGER"),
                &format!("{column} INTEGER REFERENCES {target}"),
            );
        }
    }
    lines.join("\n")
}

/// A referenced table replaced by another (dropped and created, as a
/// rename written in `schema.sql` reads): a kept table's foreign key to it
/// is dropped before the old table goes and added after the new one comes,
/// a composite key too, both ways, on every backend.
#[test]
fn a_foreign_key_moves_from_a_dropped_table_to_a_new_one() {
    let table = |name: &str| {
        format!(
            "CREATE TABLE {name} (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b INTEGER NOT NULL, \
             UNIQUE (a, b));"
        )
    };
    let child = |name: &str| {
        format!(
            "CREATE TABLE c (id INTEGER PRIMARY KEY, r INTEGER REFERENCES {name} (id), a INTEGER, \
             b INTEGER, FOREIGN KEY (a, b) REFERENCES {name} (a, b));"
        )
    };
    let s1 = format!("{}\n{}", table("old_t"), child("old_t"));
    let s2 = format!("{}\n{}", table("new_t"), child("new_t"));
    for backend in Backend::all() {
        run_case(backend, "foreign_keys_move_to_a_new_table", &s1, &s2);
    }
}

/// MariaDB refuses to drop the last index a foreign key can use (error
/// 1553). A composite key's index dropped, reversed, or replaced by another
/// under a new name: the key is dropped and added again around the drop
/// (InnoDB then makes its own index), or the new index comes first; every
/// backend reaches the schema both ways.
#[test]
fn an_index_a_composite_foreign_key_stands_on_is_dropped_or_changed() {
    let base = "CREATE TABLE p2 (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));\n\
                CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, x INTEGER, \
                FOREIGN KEY (a, b) REFERENCES p2 (a, b));";
    let s1 = format!("{base}\nCREATE INDEX t_abx ON t (a, b, x);");
    for (name, s2) in [
        ("fk_index_dropped", base.to_string()),
        (
            "fk_index_reversed",
            format!("{base}\nCREATE INDEX t_abx ON t (x, b, a);"),
        ),
        (
            "fk_index_replaced",
            format!("{base}\nCREATE INDEX t_ab ON t (a, b);"),
        ),
    ] {
        for backend in Backend::all() {
            run_case(backend, name, &s1, &s2);
        }
    }
}

/// MariaDB: a `KEY` written with its foreign key's name looks like the
/// index InnoDB makes for the key (the catalog shows both alike); it is
/// told apart where another index serves the key (InnoDB drops its own
/// then). With a composite key: the key renamed, the index renamed, and a
/// second index serving the key, each both ways.
#[test]
fn mysql_a_key_named_as_its_foreign_key_is_kept_apart_from_innodbs_own() {
    let p2 = "CREATE TABLE p2 (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));";
    let t = |keys: &str, fk: &str| {
        format!(
            "{p2}\nCREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, {keys}, \
             CONSTRAINT {fk} FOREIGN KEY (a, b) REFERENCES p2 (a, b));"
        )
    };
    let s1 = t("KEY t_fk (a, b)", "t_fk");
    for (name, s2) in [
        ("foreign_key_renamed", t("KEY t_fk (a, b)", "t_fk2")),
        ("key_renamed", t("KEY t_k (a, b)", "t_fk")),
        (
            "second_index_serves_the_key",
            t("KEY t_fk (a, b), KEY t_abx (a, b, id)", "t_fk"),
        ),
    ] {
        run_case(Backend::Mysql, name, &s1, &s2);
    }
}

/// PostgreSQL privileges, where `[autogenerate] privileges` asks (off by
/// default, as migra's `--with-privileges`): a `schema.sql` granting on a
/// schema, a table, a view, a serial's sequence and a function, and taking
/// a function's `EXECUTE` from `PUBLIC`, autogenerates the `GRANT`s and
/// that `REVOKE` after the objects; `check` then passes, names a grant
/// taken away by hand, and the next migration puts it back, also on a view
/// it recreates. With the setting off, privileges are not compared.
#[test]
fn postgres_privileges_are_compared_where_the_setting_asks() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let role = format!("reader_{}", unique_name());
    admin_execute(Backend::Postgres, &format!("CREATE ROLE {role}"));
    struct DropRole(String);
    impl Drop for DropRole {
        fn drop(&mut self) {
            admin_execute(
                Backend::Postgres,
                &format!("DROP ROLE IF EXISTS {}", self.0),
            );
        }
    }
    let _role = DropRole(role.clone());
    let p = Project::on(Backend::Postgres, &[]);
    p.configure("\n[autogenerate]\nprivileges = true\n");
    let declared = |view: &str| {
        format!(
            "CREATE SCHEMA reports;
GRANT USAGE ON SCHEMA reports TO {role};
CREATE TABLE items (id bigserial PRIMARY KEY, name text);
CREATE VIEW item_names AS SELECT {view} FROM items;
CREATE FUNCTION item_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM items $$;
REVOKE EXECUTE ON FUNCTION item_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION item_count() TO {role};
GRANT SELECT ON items, item_names TO {role};
GRANT INSERT ON items TO {role} WITH GRANT OPTION;
GRANT USAGE ON SEQUENCE items_id_seq TO {role};
"
        )
    };
    std::fs::write(p.path().join("schema.sql"), declared("name")).unwrap();
    let out = p.ok(&["revision", "--autogenerate", "-m", "grants"]);
    let file = std::fs::read_to_string(&generated(&p, &out)[0]).unwrap();
    let upgrade = file.split("-- +downgrade").next().unwrap();
    for line in [
        format!("GRANT USAGE ON SCHEMA reports TO {role};"),
        format!("GRANT SELECT ON TABLE items TO {role};"),
        format!("GRANT INSERT ON TABLE items TO {role} WITH GRANT OPTION;"),
        format!("GRANT USAGE ON SEQUENCE items_id_seq TO {role};"),
        format!("GRANT EXECUTE ON FUNCTION item_count() TO {role};"),
        "REVOKE EXECUTE ON FUNCTION item_count() FROM PUBLIC;".to_string(),
    ] {
        assert!(upgrade.contains(&line), "{line}\n{file}");
    }
    assert!(
        upgrade.find("CREATE VIEW").unwrap() < upgrade.find("GRANT").unwrap(),
        "granted after the objects:\n{file}"
    );
    p.ok(&["upgrade", "head"]);
    p.ok(&["check"]);
    p.ok(&["test"]);

    p.query(&format!("REVOKE SELECT ON items FROM {role}"));
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains(&format!("grant SELECT on table items to {role}")),
        "{out}"
    );
    // A view recreated loses its privileges: granted again after it.
    std::fs::write(p.path().join("schema.sql"), declared("name, id")).unwrap();
    let out = p.ok(&["revision", "--autogenerate", "-m", "view"]);
    let file = std::fs::read_to_string(&generated(&p, &out)[0]).unwrap();
    let upgrade = file.split("-- +downgrade").next().unwrap();
    let view = upgrade.find("CREATE VIEW item_names").expect(&file);
    let again = upgrade
        .find(&format!("GRANT SELECT ON TABLE item_names TO {role};"))
        .expect(&file);
    assert!(view < again, "{file}");
    assert!(
        upgrade.contains(&format!("GRANT SELECT ON TABLE items TO {role};")),
        "{file}"
    );
    p.ok(&["upgrade", "head"]);
    p.ok(&["check"]);

    // Off: a privilege taken away is not a difference.
    let cfg = p.path().join("stillhead.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        text.replace("privileges = true", "privileges = false"),
    )
    .unwrap();
    p.query(&format!("REVOKE SELECT ON items FROM {role}"));
    p.ok(&["check"]);
    // The role goes with what it holds in this database.
    p.query(&format!("DROP OWNED BY {role}"));
}

/// MariaDB definers: not compared by default (an object is defined by the
/// user the migration runs as); with `[autogenerate] definer`, every
/// routine, trigger and event is written `DEFINER=` that user and compared
/// with it, whoever made the live one.
#[test]
fn mysql_definers_are_compared_and_written_where_the_setting_names_one() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let table = "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));";
    let code = "CREATE PROCEDURE touch_t() SQL SECURITY DEFINER UPDATE t SET v = v;\nCREATE TRIGGER t_v BEFORE INSERT ON t FOR EACH ROW SET NEW.v = coalesce(NEW.v, 'new');";
    let initial = common::mig("001_initial", "", table, Some("DROP TABLE t;"));
    let p = Project::on(Backend::Mysql, &[("001_initial.sql", &initial)]);
    std::fs::write(p.path().join("schema.sql"), format!("{table}\n{code}\n")).unwrap();
    p.ok(&["upgrade", "head"]);
    p.configure("\n[autogenerate]\ndefiner = \"stillhead_app@%\"\n");
    p.ok(&["revision", "--autogenerate", "-m", "code"]);
    let file = std::fs::read_to_string(p.path().join("migrations/002_code.sql")).unwrap();
    assert_eq!(
        file.matches("DEFINER=`stillhead_app`@`%`").count(),
        2,
        "each object written with the configured definer: {file}"
    );
    p.ok(&["upgrade", "head"]);
    let (code_at_head, out, err) = p.run(&["check"]);
    assert_eq!(code_at_head, 0, "{out}{err}\n{file}");
    // Made again by someone else (here the test's own user).
    p.query("DROP PROCEDURE touch_t");
    p.query("CREATE PROCEDURE touch_t() SQL SECURITY DEFINER UPDATE t SET v = v");
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "another definer is a difference: {out}{err}");
    assert!(format!("{out}{err}").contains("touch_t"), "{out}{err}");
    // Without the setting, who defined it is not compared.
    let cfg = std::fs::read_to_string(p.path().join("stillhead.toml")).unwrap();
    let cfg = cfg.replace("definer = \"stillhead_app@%\"\n", "");
    std::fs::write(p.path().join("stillhead.toml"), cfg).unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// MariaDB's `AUTO_INCREMENT=N` of a table `schema.sql` declares: written
/// where a migration creates the table, so its numbers start there; never
/// compared with a table that exists, whose value is a counter.
#[test]
fn mysql_an_auto_increment_start_is_written_for_a_new_table_only() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let base = "CREATE TABLE a (id INTEGER PRIMARY KEY AUTO_INCREMENT, v VARCHAR(10));";
    let initial = common::mig("001_initial", "", base, Some("DROP TABLE a;"));
    let p = Project::on(Backend::Mysql, &[("001_initial.sql", &initial)]);
    p.ok(&["upgrade", "head"]);
    p.query("INSERT INTO a (v) VALUES ('x'), ('y')");
    let declared = format!(
        "{}\nCREATE TABLE b (id INTEGER PRIMARY KEY AUTO_INCREMENT, v VARCHAR(10)) AUTO_INCREMENT=1000;\n",
        base.replace(");", ") AUTO_INCREMENT=500;")
    );
    std::fs::write(p.path().join("schema.sql"), declared).unwrap();
    p.ok(&["revision", "--autogenerate", "-m", "b"]);
    let file = std::fs::read_to_string(p.path().join("migrations/002_b.sql")).unwrap();
    assert!(file.contains("AUTO_INCREMENT=1000"), "{file}");
    assert!(
        !file.contains("AUTO_INCREMENT=500"),
        "a's counter is not asked of it: {file}"
    );
    p.ok(&["upgrade", "head"]);
    p.query("INSERT INTO b (v) VALUES ('first')");
    let rows = p.query("SELECT id FROM b");
    assert_eq!(
        format!("{:?}", rows[0][0]),
        format!("{:?}", p.query("SELECT 1000")[0][0])
    );
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "counters are not schema: {out}{err}");
}

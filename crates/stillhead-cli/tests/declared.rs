//! Declared schemas people have: a dump made by the database's own tool
//! used as `schema.sql`, and one portable `schema.sql` for every database.

mod common;

use common::*;
use stillhead::Value;

/// One table more, written as the database's dump tool writes tables.
fn table_in_dump_style(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "\nCREATE TABLE public.user_preferences (\n    member_id bigint NOT NULL,\n    theme text DEFAULT 'light'::text NOT NULL\n);\n\nALTER TABLE public.user_preferences OWNER TO postgres;\n\nALTER TABLE ONLY public.user_preferences\n    ADD CONSTRAINT user_preferences_pkey PRIMARY KEY (member_id);\n\nALTER TABLE ONLY public.user_preferences\n    ADD CONSTRAINT user_preferences_member_id_fkey FOREIGN KEY (member_id) REFERENCES public.members(id) ON DELETE CASCADE;\n",
        // Before `members`, which it references: the dump's own order problem.
        Backend::Mysql => "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n/*!40101 SET character_set_client = utf8mb4 */;\nCREATE TABLE `user_preferences` (\n  `member_id` bigint(20) NOT NULL,\n  `theme` varchar(20) NOT NULL DEFAULT 'light',\n  PRIMARY KEY (`member_id`),\n  CONSTRAINT `user_preferences_member_fkey` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`) ON DELETE CASCADE\n) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n/*!40101 SET character_set_client = @saved_cs_client */;\n\n",
        Backend::Sqlite => "CREATE TABLE user_preferences (member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE, theme TEXT NOT NULL DEFAULT 'light');\n",
    }
}

#[test]
fn a_dump_of_the_database_is_a_schema_sql_that_checks_clean_and_autogenerates_one_table() {
    for backend in Backend::all() {
        let at = backend.name();
        let p = Project::shop_on(backend);
        p.ok(&["upgrade", "head"]);
        let dump = p.schema_dump();
        std::fs::write(p.path().join("schema.sql"), &dump).unwrap();
        let (code, out, err) = p.run(&["check", "-v"]);
        assert_eq!(
            code, 0,
            "[{at}] the dump matches the database it was made of: {out}{err}"
        );
        // What is not schema is listed with -v, by line.
        let expected: &[&str] = match backend {
            Backend::Postgres => &[
                "(psql meta-command)",
                "SET statement_timeout = 0 (session setting)",
                "pg_catalog.set_config('search_path', '', false) (session setting)",
                "OWNER TO postgres (ownership)",
                "CREATE TABLE public.stillhead_version (",
            ],
            Backend::Mysql => &[
                "SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 (session setting)",
                "SET NAMES utf8mb4 (session setting)",
                "CREATE TABLE `stillhead_version` (",
            ],
            Backend::Sqlite => &[
                "CREATE TABLE sqlite_sequence(name,seq) (SQLite internal table)",
                "CREATE TABLE stillhead_version (",
            ],
        };
        for e in expected {
            assert!(err.contains(e), "[{at}] -v lists {e:?}: {err}");
        }
        // One table more in the dump's own style is exactly that table.
        let table = table_in_dump_style(backend);
        let with_table = match backend {
            Backend::Mysql => {
                let first = dump
                    .find("--\n-- Table structure")
                    .expect("mysqldump's layout");
                format!("{}{table}{}", &dump[..first], &dump[first..])
            }
            _ => format!("{dump}{table}"),
        };
        std::fs::write(p.path().join("schema.sql"), &with_table).unwrap();
        let out = p.ok(&[
            "revision",
            "--autogenerate",
            "-m",
            "add_user_preferences",
            "--tag=users",
        ]);
        assert!(out.contains("008_add_user_preferences.sql"), "[{at}] {out}");
        let file =
            std::fs::read_to_string(p.path().join("migrations/008_add_user_preferences.sql"))
                .unwrap();
        let upgrade = file.split("-- +downgrade").next().unwrap();
        assert_eq!(upgrade.matches("CREATE TABLE").count(), 1, "[{at}] {file}");
        assert!(upgrade.contains("user_preferences"), "[{at}] {file}");
        for other in [
            "members",
            "orders",
            "audit_log",
            "stillhead_version",
            "sqlite_sequence",
        ] {
            assert!(
                !upgrade.contains(&format!("TABLE {other}")),
                "[{at}] only the new table: {file}"
            );
        }
        p.ok(&["upgrade", "head"]);
        let (code, out, err) = p.run(&["check"]);
        assert_eq!(code, 0, "[{at}] {out}{err}\n{file}");
    }
}

/// A declared schema in portable SQL: each spelling stillhead translates.
const PORTABLE: &str = "CREATE TABLE customers (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name VARCHAR(100) NOT NULL,
    note TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    born DATE,
    seen_at TIMESTAMP WITHOUT TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    avatar BLOB,
    balance DECIMAL(12,2) NOT NULL DEFAULT 0
);
CREATE INDEX customers_note_idx ON customers (note);

CREATE TABLE \"order\" (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    \"user\" TEXT,
    code TEXT NOT NULL,
    settings JSON,
    UNIQUE (customer_id, code)
);

-- +schema dialect=postgres
CREATE TYPE mood AS ENUM ('calm', 'busy');
ALTER TABLE customers ADD COLUMN mood mood;
-- +schema dialect=sqlite
CREATE TRIGGER customers_touch AFTER UPDATE ON customers BEGIN
    UPDATE customers SET seen_at = CURRENT_TIMESTAMP WHERE id = new.id;
END;
-- +schema end
";

/// How `table.column`'s type reads in the database's catalog, lower case.
fn column_type(p: &Project, table: &str, column: &str) -> String {
    let sql = match p.backend() {
        Backend::Sqlite => format!("SELECT type FROM pragma_table_info('{table}') WHERE name = '{column}'"),
        Backend::Postgres => format!("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '\"{table}\"'::regclass AND attname = '{column}'"),
        Backend::Mysql => format!("SELECT CAST(column_type AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '{table}' AND column_name = '{column}'"),
    };
    match p.query(&sql).first().and_then(|r| r.first()) {
        Some(Value::Text(t)) => t.to_ascii_lowercase(),
        other => panic!("no type for {table}.{column}: {other:?}"),
    }
}

#[test]
fn one_portable_schema_migrates_and_checks_clean_on_every_database() {
    for backend in Backend::all() {
        let at = backend.name();
        let p = Project::on(backend, &[]);
        std::fs::write(p.path().join("schema.sql"), PORTABLE).unwrap();
        p.configure("\n[migrations]\nschema = \"schema.sql\"\n");
        let (code, out, err) = p.run(&["revision", "--autogenerate", "-m", "init"]);
        assert_eq!(code, 0, "[{at}] {out}{err}");
        assert!(
            !err.contains("warning"),
            "[{at}] no warnings for a portable schema: {err}"
        );
        p.ok(&["upgrade", "head"]);
        let (code, out, err) = p.run(&["check"]);
        assert_eq!(
            code, 0,
            "[{at}] the migration it wrote matches it: {out}{err}"
        );
        let (code, out, err) = p.run(&["test"]);
        assert_eq!(code, 0, "[{at}] and reverts: {out}{err}");
        let expect: &[(&str, &str, &str)] = match backend {
            Backend::Sqlite => &[
                ("customers", "id", "integer"),
                ("customers", "active", "boolean"),
                ("customers", "created_at", "timestamp with time zone"),
            ],
            Backend::Postgres => &[
                ("customers", "id", "bigint"),
                ("customers", "avatar", "bytea"),
                ("customers", "seen_at", "timestamp without time zone"),
                ("customers", "created_at", "timestamp with time zone"),
                ("customers", "mood", "mood"),
                ("order", "settings", "json"),
            ],
            Backend::Mysql => &[
                ("customers", "id", "bigint(20)"),
                ("customers", "email", "varchar(255)"),
                ("customers", "note", "varchar(255)"),
                ("customers", "active", "tinyint(1)"),
                ("customers", "seen_at", "datetime"),
                ("customers", "created_at", "timestamp"),
                ("customers", "avatar", "blob"),
                ("order", "user", "text"),
                ("order", "code", "varchar(255)"),
                ("order", "settings", "longtext"),
            ],
        };
        for (table, column, ty) in expect {
            assert_eq!(
                &column_type(&p, table, column),
                ty,
                "[{at}] {table}.{column}"
            );
        }
        // Identity columns number themselves on each database.
        let insert = "INSERT INTO customers (email, name) VALUES ('a@example.com', 'A')";
        p.query(insert);
        let rows = p.query("SELECT id FROM customers");
        assert_eq!(rows.len(), 1, "[{at}]");
        assert!(
            matches!(rows[0][0], Value::Integer(1)) || rows[0][0] == Value::Text("1".into()),
            "[{at}] {rows:?}"
        );
    }
}

/// What is outside the schema model (a MariaDB table's `KEY_BLOCK_SIZE`,
/// PostgreSQL's collations, a domain's NOT VALID check, a comment on a
/// composite type):
/// `check` and autogenerate fail
/// (exit 3) naming each one and the side it is on, even when both sides
/// have it, since stillhead cannot tell whether they match; `[autogenerate]
/// ignore` accepts them unchecked. PostgreSQL's functions are compared: one
/// only `schema.sql` holds is a difference.
#[test]
fn what_the_model_does_not_describe_is_not_compared_and_fails_loudly() {
    for backend in Backend::all() {
        let (function, name) = match backend {
            Backend::Postgres => ("CREATE COLLATION ok_bytes FROM \"C\"", "collation ok_bytes"),
            Backend::Mysql => (
                "CREATE TABLE ok_packed (id INT PRIMARY KEY) KEY_BLOCK_SIZE=8",
                "table ok_packed: KEY_BLOCK_SIZE=8",
            ),
            // SQLite has no functions in SQL; its triggers are modelled.
            Backend::Sqlite => continue,
        };
        let at = backend.name();
        let table = "CREATE TABLE t (id BIGINT PRIMARY KEY);";
        let p = project_on(
            backend,
            &[("001_t.sql", mig("001_t", "", table, Some("DROP TABLE t;")))],
        );
        p.ok(&["upgrade", "head"]);
        let schema = p.path().join("schema.sql");
        std::fs::write(&schema, format!("{table}\n{function};\n")).unwrap();
        let (code, out, err) = p.run(&["check"]);
        assert_eq!(code, 3, "[{at}] {out}{err}");
        assert!(
            out.contains(&format!("not compared: {name} (in schema.sql)")),
            "[{at}] {out}"
        );
        if backend == Backend::Postgres {
            let f = "CREATE FUNCTION ok_tag(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT t <> '' $$";
            std::fs::write(&schema, format!("{table}\n{f};\n")).unwrap();
            let (code, out, _) = p.run(&["check"]);
            assert_eq!(code, 3, "[{at}] {out}");
            assert!(
                out.contains("differs: add function ok_tag(t text)"),
                "[{at}] {out}"
            );
            std::fs::write(
                &schema,
                format!(
                    "{table}
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
ALTER DOMAIN email ADD CONSTRAINT email_short CHECK (length(VALUE) < 99) NOT VALID;
CREATE TYPE pair AS (a int, b int);
COMMENT ON TYPE pair IS 'two of them';
"
                ),
            )
            .unwrap();
            let (code, out, _) = p.run(&["check"]);
            assert_eq!(code, 3, "[{at}] {out}");
            // Domains and composite types are compared; what the model
            // leaves out of them is named.
            assert!(
                out.contains(
                    "not compared: domain email: constraint email_short NOT VALID (in schema.sql)"
                ) && out.contains("not compared: composite type pair: COMMENT (in schema.sql)"),
                "[{at}] {out}"
            );
            std::fs::write(&schema, format!("{table}\n{function};\n")).unwrap();
        }
        // Autogenerate writes nothing it cannot reproduce: no file, exit 3.
        let (code, _, err) = p.run(&["revision", "--autogenerate", "-m", "f"]);
        assert_eq!(code, 3, "[{at}] {err}");
        assert!(
            err.contains("no migration was written") && err.contains(name),
            "[{at}] {err}"
        );
        let files = std::fs::read_dir(p.path().join("migrations"))
            .unwrap()
            .count();
        assert_eq!(files, 1, "[{at}] no file written");
        // Written by hand, both sides have it: still not compared.
        p.write(
            "002_f.sql",
            &mig("002_f", "001_t", &format!("{function};"), None),
        );
        p.ok(&["upgrade", "head"]);
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(code, 3, "[{at}] {out}");
        assert!(
            out.contains(&format!(
                "not compared: {name} (in schema.sql and in the database)"
            )),
            "[{at}] {out}"
        );
        // Accepted unchecked, by kind.
        let kind = name.split(' ').next().unwrap();
        p.configure(&format!("\n[autogenerate]\nignore = [\"{kind}\"]\n"));
        let (code, out, err) = p.run(&["check"]);
        assert_eq!(code, 0, "[{at}] {out}{err}");
        // In the database only, not accepted by name.
        std::fs::write(&schema, format!("{table}\n")).unwrap();
        let cfg = p.path().join("stillhead.toml");
        let text = std::fs::read_to_string(&cfg).unwrap();
        std::fs::write(
            &cfg,
            text.replace(&format!("ignore = [\"{kind}\"]"), "ignore = [\"other\"]"),
        )
        .unwrap();
        let (code, out, _) = p.run(&["check"]);
        assert_eq!(code, 3, "[{at}] {out}");
        assert!(
            out.contains(&format!("not compared: {name} (in the database)")),
            "[{at}] {out}"
        );
    }
}

/// SQLite keeps a table's text, and what of it the model drops (the
/// conflict clause after a table's CHECK, which SQLite reads and ignores)
/// is named as not compared on each side it is on, by
/// `dialect/sqlite/coverage.rs`; `check` and autogenerate fail (exit 3)
/// until `[autogenerate] ignore` accepts it. What the model carries (a
/// constraint's name, a key's conflict clause, `PRIMARY KEY DESC`) is a
/// difference instead.
#[test]
fn sqlite_table_text_the_model_drops_is_not_compared() {
    let plain =
        "CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT UNIQUE, n INTEGER CHECK (n > 0));";
    let strict = "CREATE TABLE t (id INTEGER PRIMARY KEY DESC, email TEXT UNIQUE ON CONFLICT IGNORE, n INTEGER, CONSTRAINT n_pos CHECK (n > 0) ON CONFLICT FAIL);";
    let p = project_on(
        Backend::Sqlite,
        &[("001_t.sql", mig("001_t", "", plain, Some("DROP TABLE t;")))],
    );
    p.ok(&["upgrade", "head"]);
    let schema = p.path().join("schema.sql");
    std::fs::write(&schema, format!("{plain}\n")).unwrap();
    p.ok(&["check"]);
    std::fs::write(&schema, format!("{strict}\n")).unwrap();
    let item = "table t: ON CONFLICT FAIL";
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}{err}");
    // Names, conflict clauses and orders are in the model: differences.
    for difference in [
        "rename check (unnamed) to n_pos",
        "primary key (id) -> (id DESC) PRIMARY KEY DESC on its column",
        "add unique (email) ON CONFLICT IGNORE",
    ] {
        assert!(out.contains(difference), "{difference}: {out}");
    }
    assert_eq!(out.matches("not compared:").count(), 1, "{out}");
    assert!(
        out.contains(&format!("not compared: {item} (in schema.sql)")),
        "{out}"
    );
    let (code, _, err) = p.run(&["revision", "--autogenerate", "-m", "strict"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(item), "{err}");
    // Rebuilt by hand as declared: both sides have it, still not compared.
    let rebuild = format!("DROP TABLE t; {strict}");
    p.write(
        "002_strict.sql",
        &mig("002_strict", "001_t", &rebuild, None),
    );
    p.ok(&["upgrade", "head"]);
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains(&format!(
            "not compared: {item} (in schema.sql and in the database)"
        )),
        "{out}"
    );
    assert!(!out.contains("differs"), "{out}");
    // Against the replayed migrations too, not only the live database.
    std::fs::write(&schema, format!("{plain}\n")).unwrap();
    let (code, _, err) = p.run(&[
        "revision",
        "--autogenerate",
        "--from",
        "migrations",
        "-m",
        "x",
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(&format!("{item} (in the database)")), "{err}");
    std::fs::write(&schema, format!("{strict}\n")).unwrap();
    p.configure("\n[autogenerate]\nignore = [\"ON CONFLICT FAIL\"]\n");
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// Issue 24's PostgreSQL rows: attributes and kinds the model does not
/// describe (a partition's own column default, a materialized view's
/// storage parameters) were
/// written without them and `check` then said the schema matched. Now each
/// is named, and a database-wide object only the live side can hold (an
/// event trigger) is too; a schema of described things alone, with
/// stillhead's own tables beside it, still checks clean.
#[test]
fn postgres_attributes_the_model_does_not_describe_are_named() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let table = "CREATE TABLE t (id BIGINT PRIMARY KEY);";
    let p = project_on(
        Backend::Postgres,
        &[("001_t.sql", mig("001_t", "", table, Some("DROP TABLE t;")))],
    );
    p.ok(&["upgrade", "head"]);
    let schema = p.path().join("schema.sql");
    std::fs::write(&schema, format!("{table}\n")).unwrap();
    p.ok(&["check"]);
    std::fs::write(
        &schema,
        format!(
            "{table}
CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    note text COLLATE \"C\",
    qty integer NOT NULL,
    CONSTRAINT qty_pos CHECK (qty > 0)
) WITH (fillfactor=70, toast.autovacuum_enabled=false);
CREATE TABLE payments (
    id bigint NOT NULL,
    account_id bigint REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE events (id bigint NOT NULL, created date NOT NULL) PARTITION BY RANGE (created);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE events_2026 ALTER COLUMN id SET DEFAULT 0;
CREATE MATERIALIZED VIEW account_totals WITH (fillfactor=60) AS SELECT count(*) AS n FROM accounts;
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id integer);
"
        ),
    )
    .unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}{err}");
    for item in [
        // A table's and a materialized view's storage parameters are
        // described; those of a table's TOAST table are not.
        "table accounts: WITH (toast.autovacuum_enabled=false) (in schema.sql)",
        // Partitions are described; a partition's column default of its
        // own is not (the model keeps a partition's columns as its parent's).
        "column events_2026.id: DEFAULT 0 (its parent's differs) (in schema.sql)",
    ] {
        assert!(
            out.contains(&format!("not compared: {item}")),
            "{item}: {out}"
        );
    }
    // In the database only: an event trigger belongs to the whole database.
    std::fs::write(&schema, format!("{table}\n")).unwrap();
    p.query("CREATE FUNCTION no_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$");
    p.query("CREATE EVENT TRIGGER watch_ddl ON ddl_command_start EXECUTE FUNCTION no_ddl()");
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.contains("not compared: event trigger watch_ddl (in the database)")
            && !out.contains("not compared: function"),
        "{out}"
    );
    p.query("DROP EVENT TRIGGER watch_ddl");
    p.query("DROP FUNCTION no_ddl()");
    p.ok(&["check"]);
    // A schema only the database holds is another application's, not this
    // one's to drop: named once, with nothing of what it holds, and no
    // migration is written.
    p.query("CREATE SCHEMA audit");
    p.query("CREATE TABLE audit.log (id integer, note text COLLATE \"C\")");
    p.query("CREATE FUNCTION audit.f() RETURNS integer LANGUAGE sql AS 'SELECT 1'");
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.contains("not compared: schema audit (in the database)"),
        "{out}"
    );
    assert!(
        !out.contains("audit.f") && !out.contains("differs"),
        "{out}"
    );
    let (code, out, err) = p.run(&["revision", "--autogenerate", "-m", "x"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(err.contains("schema audit"), "{err}");
    p.query("DROP SCHEMA audit CASCADE");
    p.ok(&["check"]);
}

/// A policy's roles belong to the server, which the scratch database
/// shares: one `schema.sql` names that the server lacks makes loading it
/// fail, and the error names the role. A comment on a view and a policy
/// the database alone holds is a difference `check` names.
#[test]
fn a_policy_to_a_missing_role_fails_naming_it_and_comments_are_compared() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let table = "CREATE TABLE t (id BIGINT PRIMARY KEY);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_read ON t FOR SELECT TO pg_monitor USING (id > 0);
CREATE VIEW v AS SELECT id FROM t;";
    let p = project_on(
        Backend::Postgres,
        &[(
            "001_t.sql",
            mig(
                "001_t",
                "",
                table,
                Some("DROP VIEW v;\nDROP POLICY t_read ON t;\nDROP TABLE t;"),
            ),
        )],
    );
    p.ok(&["upgrade", "head"]);
    let schema = p.path().join("schema.sql");
    std::fs::write(&schema, format!("{table}\n")).unwrap();
    p.ok(&["check"]);
    p.query("COMMENT ON VIEW v IS 'live only'");
    p.query("COMMENT ON POLICY t_read ON t IS 'live only'");
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}{err}");
    for item in [
        "comment on view v changes",
        "comment on policy t_read on t changes",
    ] {
        assert!(out.contains(item), "{item}: {out}{err}");
    }
    std::fs::write(
        &schema,
        table.replace("TO pg_monitor", "TO stillhead_no_such_role"),
    )
    .unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        format!("{out}{err}").contains("\"stillhead_no_such_role\" does not exist"),
        "{out}{err}"
    );
}

/// MariaDB's `ON UPDATE CURRENT_TIMESTAMP` (every `updated_at` of a
/// mysqldump) is part of the column: autogenerated, compared, and its
/// removal is a change.
#[test]
fn mariadb_on_update_is_kept_and_compared() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let p = project_on(Backend::Mysql, &[]);
    let schema = p.path().join("schema.sql");
    let with = "CREATE TABLE t (id INT PRIMARY KEY, changed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);\n";
    std::fs::write(&schema, with).unwrap();
    p.ok(&["revision", "--autogenerate", "-m", "t"]);
    p.ok(&["upgrade", "head"]);
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
    let created = p.query("SELECT CAST(extra AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 't' AND column_name = 'changed_at'");
    assert!(
        format!("{created:?}")
            .to_ascii_lowercase()
            .contains("on update current_timestamp"),
        "{created:?}"
    );
    std::fs::write(&schema, with.replace(" ON UPDATE CURRENT_TIMESTAMP", "")).unwrap();
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("ON UPDATE CURRENT_TIMESTAMP -> TIMESTAMP"),
        "{out}"
    );
}

/// `n` tables, each with a primary key and an index: about six locks a
/// table in one transaction.
fn many_tables(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!("CREATE TABLE t{i} (id int PRIMARY KEY, v int);\nCREATE INDEX t{i}_v ON t{i} (v);\n")
        })
        .collect()
}

/// A `schema.sql` of 5,000 tables checks on a server with default settings
/// (`max_locks_per_transaction` 64): loaded in one transaction, it ran out
/// of shared memory for locks at about 2,500 tables. Loaded in batches it
/// checks; forced into one transaction (the hidden batch size), it runs
/// out of locks and is loaded again in batches. Ignored by default: the
/// two checks and psql's loading of the live side take about two minutes.
#[test]
#[ignore]
fn a_schema_of_five_thousand_tables_checks_on_default_settings() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = Project::on(Backend::Postgres, &[]);
    let schema = many_tables(5000);
    p.run_client(&schema);
    std::fs::write(p.path().join("schema.sql"), &schema).unwrap();
    let (code, out, err) = p.run(&["check", "-v"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("loaded schema.sql (10000 statements) into the scratch database in ")
            && err.contains("in 20 transaction(s)"),
        "-v says how long: {err}"
    );
    let out = p
        .cmd()
        .args(["check", "-v"])
        .env("STILLHEAD_SCHEMA_BATCH", "1000000")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("ran out of locks in one transaction")
            && err.contains("in 100 transaction(s)"),
        "{err}"
    );
}

/// A `schema.sql` over the batch size is loaded in committed batches and
/// read back after them: the same differences as in one transaction, the
/// failing statement still named by its line.
#[test]
fn a_large_schema_is_loaded_in_batches() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = Project::on(Backend::Postgres, &[]);
    let schema = many_tables(30);
    p.run_client(&schema);
    let batched = |schema: &str| {
        std::fs::write(p.path().join("schema.sql"), schema).unwrap();
        let out = p
            .cmd()
            .args(["check", "-v"])
            .env("STILLHEAD_SCHEMA_BATCH", "25")
            .output()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).to_string();
        (
            out.status.code().unwrap(),
            text(&out.stdout),
            text(&out.stderr),
        )
    };
    let (code, out, err) = batched(&schema);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("(60 statements)") && err.contains("in 3 transaction(s)"),
        "{err}"
    );
    // One table more, in the last batch: one difference.
    let (code, out, err) = batched(&format!("{schema}CREATE TABLE extra (id int);\n"));
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.contains("differs: add table extra") && !out.contains("t29"),
        "{out}"
    );
    // A failing statement in the last batch is named by its line.
    let (code, _, err) = batched(&format!("{schema}CREATE TABLE t3 (id int);\n"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("schema.sql:61") && err.contains("already exists"),
        "{err}"
    );
}

/// On SQLite a primary key does not imply NOT NULL (only the rowid alias
/// `INTEGER PRIMARY KEY` can never be NULL): `name TEXT PRIMARY KEY NOT NULL`
/// and `name TEXT PRIMARY KEY` are two schemas, and NOT NULL on a column of
/// a composite key is the column's own. Autogenerate writes it, check tells
/// the two apart.
#[test]
fn sqlite_a_key_column_is_not_null_only_as_declared() {
    let p = Project::with_files(&[]);
    let declared = "CREATE TABLE tags (name TEXT PRIMARY KEY NOT NULL);\nCREATE TABLE pairs (a INTEGER, b INTEGER NOT NULL, PRIMARY KEY (a, b));\n";
    std::fs::write(p.path().join("schema.sql"), declared).unwrap();
    p.ok(&["revision", "--autogenerate", "-m", "init"]);
    p.ok(&["upgrade", "head"]);
    let not_null = |table: &str| -> Vec<String> {
        p.query(&format!(
            "SELECT name || ':' || \"notnull\" FROM pragma_table_info('{table}') ORDER BY cid"
        ))
        .iter()
        .map(|r| r[0].to_text())
        .collect()
    };
    assert_eq!(not_null("tags"), ["name:1"]);
    assert_eq!(not_null("pairs"), ["a:0", "b:1"]);
    p.ok(&["check"]);
    std::fs::write(
        p.path().join("schema.sql"),
        declared.replace("TEXT PRIMARY KEY NOT NULL", "TEXT PRIMARY KEY"),
    )
    .unwrap();
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(
        code, 3,
        "dropping NOT NULL from a TEXT key is a change: {out}"
    );
    std::fs::write(
        p.path().join("schema.sql"),
        declared.replace("b INTEGER NOT NULL", "b INTEGER"),
    )
    .unwrap();
    let (code, out, _) = p.run(&["check"]);
    assert_eq!(code, 3, "so is NOT NULL on a composite key's column: {out}");
}

/// What sqlparser refuses of a SQLite table (a foreign key's `MATCH`, `ON
/// CONFLICT` after a table-level key or check, `STRICT, WITHOUT ROWID`
/// together) is not a parse error (exit 1): the model's (all but a
/// check's conflict clause) are read back into it and written by
/// autogenerate, and the check's is named as not compared (exit 3), which
/// `[autogenerate] ignore` accepts by its clause.
#[test]
fn sqlite_clauses_the_parser_refuses_are_not_compared() {
    let p = Project::with_files(&[]);
    p.ok(&["upgrade", "head"]);
    std::fs::write(
        p.path().join("schema.sql"),
        "CREATE TABLE u (id INTEGER PRIMARY KEY);\n\
         CREATE TABLE t (name TEXT NOT NULL, u_id INTEGER REFERENCES u (id) MATCH FULL, \
         PRIMARY KEY (name) ON CONFLICT REPLACE, CHECK (name <> '') ON CONFLICT ROLLBACK) STRICT, WITHOUT ROWID;\n",
    )
    .unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.contains("not compared: table t: ON CONFLICT ROLLBACK (in schema.sql)"),
        "{out}"
    );
    assert_eq!(out.matches("not compared:").count(), 1, "{out}");
    p.configure("\n[autogenerate]\nignore = [\"ON CONFLICT ROLLBACK\"]\n");
    let out = p.ok(&["revision", "--autogenerate", "-m", "tables"]);
    let file = out.lines().next().unwrap();
    let file = std::fs::read_to_string(p.path().join(file)).unwrap();
    for clause in [
        ") STRICT, WITHOUT ROWID;",
        "REFERENCES u (id) MATCH FULL",
        "name TEXT PRIMARY KEY ON CONFLICT REPLACE NOT NULL",
    ] {
        assert!(file.contains(clause), "{clause}: {file}");
    }
    p.ok(&["upgrade", "head"]);
    p.ok(&["check"]);
}

/// On SQLite `INTEGER PRIMARY KEY` is the rowid and `BIGINT PRIMARY KEY`
/// is not (a column of its own, which may even hold NULL): a table's only
/// key column is compared by its exact type, while other columns of one
/// storage class still agree (`schema/align.rs`), so a portable schema's
/// BIGINT checks clean against the INTEGER its migrations wrote.
#[test]
fn sqlite_the_rowid_key_is_compared_by_its_exact_type() {
    let p = Project::with_files(&[]);
    let declared = "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);\n";
    std::fs::write(p.path().join("schema.sql"), declared).unwrap();
    p.ok(&["revision", "--autogenerate", "-m", "init"]);
    p.ok(&["upgrade", "head"]);
    p.ok(&["check"]);
    std::fs::write(
        p.path().join("schema.sql"),
        "CREATE TABLE t (id BIGINT PRIMARY KEY, n BIGINT);\n",
    )
    .unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "BIGINT PRIMARY KEY is not the rowid: {out}{err}");
    assert!(out.contains("id"), "the key column is named: {out}");
    p.ok(&["revision", "--autogenerate", "-m", "bigint_key"]);
    p.ok(&["upgrade", "head"]);
    let types: Vec<String> = p
        .query("SELECT name || ':' || type FROM pragma_table_info('t') ORDER BY cid")
        .iter()
        .map(|r| r[0].to_text())
        .collect();
    assert_eq!(types, ["id:BIGINT", "n:INTEGER"]);
    p.ok(&["check"]);
}

/// MariaDB keeps attributes the model does not describe (a key block
/// size…): each is named with the side it is on, never passed as
/// "matches"; what the model does describe (a table's or a column's
/// collation, an engine, persistent statistics, an invisible column is a
/// difference),
/// stillhead's own tables included (their revision columns are
/// `utf8mb4_bin`), is never named; `ignore` accepts an attribute.
#[test]
fn mariadb_attributes_the_model_does_not_describe_are_named_on_their_side() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let table = "CREATE TABLE t (id INT PRIMARY KEY, code VARCHAR(20) NOT NULL);";
    let p = project_on(
        Backend::Mysql,
        &[(
            "001_t.sql",
            mig(
                "001_t",
                "",
                &format!("{table}\nALTER TABLE t KEY_BLOCK_SIZE=8;"),
                Some("DROP TABLE t;"),
            ),
        )],
    );
    p.ok(&["upgrade", "head"]);
    let schema = p.path().join("schema.sql");
    std::fs::write(&schema, format!("{table}\n")).unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.contains("not compared: table t: KEY_BLOCK_SIZE=8 (in the database)"),
        "{out}"
    );
    assert!(!out.contains("stillhead_version"), "own tables: {out}");
    std::fs::write(
        &schema,
        "CREATE TABLE t (id INT PRIMARY KEY, code VARCHAR(20) CHARACTER SET latin1 NOT NULL, \
         secret INT INVISIBLE) COLLATE=utf8mb4_bin ENGINE=MyISAM KEY_BLOCK_SIZE=8 STATS_PERSISTENT=1;\n",
    )
    .unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}{err}");
    for said in [
        "-> DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ENGINE=MyISAM STATS_PERSISTENT=1)",
        "-> VARCHAR(20) NOT NULL CHARACTER SET latin1 COLLATE latin1_swedish_ci)",
        "add column secret",
        "not compared: table t: KEY_BLOCK_SIZE=8 (in schema.sql and in the database)",
    ] {
        assert!(out.contains(said), "{said}: {out}");
    }
    // Only what the model describes, on both sides: it matches.
    p.write(
        "002_dynamic.sql",
        &mig(
            "002_dynamic",
            "001_t",
            "ALTER TABLE t KEY_BLOCK_SIZE=0;",
            None,
        ),
    );
    p.ok(&["upgrade", "head"]);
    std::fs::write(&schema, format!("{table}\n")).unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
    // Accepted unchecked by its attribute.
    p.write(
        "003_compact.sql",
        &mig(
            "003_compact",
            "002_dynamic",
            "ALTER TABLE t KEY_BLOCK_SIZE=8;",
            None,
        ),
    );
    p.ok(&["upgrade", "head"]);
    p.configure("\n[autogenerate]\nignore = [\"KEY_BLOCK_SIZE=8\"]\n");
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{out}{err}");
}

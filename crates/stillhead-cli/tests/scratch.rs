//! Scratch databases (`test`, `check`, `revision --autogenerate`) are
//! separate databases that stillhead creates and drops: the configured
//! database is never written, statements that reach the whole server fail
//! or are refused, nothing is left behind (on errors and Ctrl-C too), and
//! `test --keep-going` reports every failure.

mod common;

use stillhead::dialect::scratch::ScratchName;

use common::{
    admin_execute, admin_query, mig, project_on, scratch_leftovers, unique_name, Backend, Project,
};

/// A migration file with a `transaction: false` header.
fn mig_outside_transaction(id: &str, revises: &str, up: &str, down: Option<&str>) -> String {
    mig(id, revises, up, down).replacen(
        "\n\n-- +upgrade",
        "\n-- transaction: false\n\n-- +upgrade",
        1,
    )
}

/// Runs SQL as the administrator when dropped (a role or user a test made,
/// dropped even when the test fails).
struct DropAfter(Backend, String);

impl Drop for DropAfter {
    fn drop(&mut self) {
        // Never a panic inside a panic: that would abort the whole run.
        let (backend, sql) = (self.0, self.1.clone());
        let _ = std::panic::catch_unwind(move || admin_execute(backend, &sql));
    }
}

/// Runs `args`, waits, and returns (exit code, stdout, stderr, pid).
fn run_watched(p: &Project, args: &[&str]) -> (i32, String, String, u32) {
    let child = p.spawn(args);
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        pid,
    )
}

/// The chain of issue 10's proof, per backend: a schema-qualified table
/// renamed and dropped, another schema created and dropped (PostgreSQL),
/// an extension created; on MariaDB and SQLite, names qualified with the
/// live database, which must fail in a scratch replay.
fn escaping_chain(p: &Project) -> Vec<(&'static str, String)> {
    let live = p.db_name().to_string();
    match p.backend() {
        Backend::Postgres => vec![
            ("001_base.sql", mig("001_base", "",
                "CREATE SCHEMA utils;\nCREATE TABLE utils.helpers (id INTEGER PRIMARY KEY);\nCREATE TABLE public.customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE EXTENSION IF NOT EXISTS pgcrypto;",
                Some("DROP EXTENSION IF EXISTS pgcrypto;\nDROP TABLE public.customers;\nDROP SCHEMA utils CASCADE;"))),
            ("002_rename.sql", mig("002_rename", "001_base",
                "ALTER TABLE public.customers RENAME TO clients;",
                Some("ALTER TABLE public.clients RENAME TO customers;"))),
            ("003_drop.sql", mig("003_drop", "002_rename",
                "DROP TABLE public.clients;",
                // The key keeps the name it had before the rename, as a
                // round trip must restore it.
                Some("CREATE TABLE public.clients (id INTEGER CONSTRAINT customers_pkey PRIMARY KEY, name TEXT NOT NULL);"))),
            ("004_reports.sql", mig("004_reports", "003_drop",
                "CREATE SCHEMA reports;\nCREATE TABLE reports.daily (id INTEGER PRIMARY KEY);",
                Some("DROP SCHEMA reports CASCADE;"))),
        ],
        Backend::Mysql => vec![
            ("001_base.sql", mig("001_base", "",
                "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);",
                Some("DROP TABLE customers;"))),
            ("002_rename.sql", mig("002_rename", "001_base",
                &format!("RENAME TABLE `{live}`.customers TO `{live}`.clients;"),
                Some(&format!("RENAME TABLE `{live}`.clients TO `{live}`.customers;")))),
            ("003_drop.sql", mig("003_drop", "002_rename",
                &format!("DROP TABLE `{live}`.clients;"),
                Some(&format!("CREATE TABLE `{live}`.clients (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);")))),
        ],
        Backend::Sqlite => {
            let file = p.db_path("test.db").display().to_string();
            vec![
                ("001_base.sql", mig("001_base", "",
                    "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
                    Some("DROP TABLE customers;"))),
                ("002_rename.sql", mig("002_rename", "001_base",
                    "ALTER TABLE main.customers RENAME TO clients;",
                    Some("ALTER TABLE main.clients RENAME TO customers;"))),
                ("003_attach.sql", mig_outside_transaction("003_attach", "002_rename",
                    &format!("ATTACH DATABASE '{file}' AS live;\nDROP TABLE live.customers;"),
                    Some("DETACH DATABASE live;"))),
            ]
        }
    }
}

#[test]
fn scratch_work_leaves_the_live_database_exactly_as_it_was() {
    for backend in Backend::all() {
        let at = backend.name();
        let p = Project::on(backend, &[]);
        for (name, text) in escaping_chain(&p) {
            p.write(name, &text);
        }
        std::fs::write(
            p.path().join("schema.sql"),
            "CREATE TABLE extra (id INTEGER PRIMARY KEY);\n",
        )
        .unwrap();
        if backend == Backend::Postgres {
            // What the chain makes that the model does not describe (a
            // renamed table's key name, other schemas) is accepted: this
            // test is about where scratch work happens.
            p.configure("\n[autogenerate]\nignore = [\"customers_pkey\", \"schema\"]\n");
        }
        p.ok(&["upgrade", "001_base"]);
        p.query("INSERT INTO customers (id, name) VALUES (1, 'kept')");
        let before = p.dump();
        assert!(before.contains("kept"), "[{at}] {before}");

        let (code, out, err, pid) = run_watched(&p, &["test", "--keep-going"]);
        match backend {
            Backend::Postgres => {
                assert_eq!(code, 0, "[{at}] {out}\n{err}");
                assert_eq!(out.matches("ok 00").count(), 4, "[{at}] {out}");
            }
            _ => {
                // The statements naming the live database fail (MariaDB's
                // temporary user is denied them) or are refused (SQLite's ATTACH).
                assert_eq!(code, 3, "[{at}] {out}\n{err}");
                let file = if backend == Backend::Mysql {
                    "002_rename.sql:"
                } else {
                    "003_attach.sql:"
                };
                assert!(out.contains("FAILED") && out.contains(file), "[{at}] {out}");
                let why = if backend == Backend::Mysql {
                    "denied"
                } else {
                    "refused in a scratch database"
                };
                assert!(out.contains(why), "[{at}] {out}");
            }
        }
        assert_eq!(
            scratch_leftovers(backend, pid),
            Vec::<String>::new(),
            "[{at}]"
        );
        let (code, out, err) = p.run(&["check"]);
        assert_eq!(code, 3, "[{at}] not at head: {out}\n{err}");
        let err = p.fails(&["revision", "--autogenerate", "-m", "from_db"]);
        assert!(err.contains("not at head"), "[{at}] {err}");
        let (code, out, err) = p.run(&[
            "revision",
            "--autogenerate",
            "--from",
            "migrations",
            "-m",
            "from_chain",
        ]);
        if backend == Backend::Postgres {
            assert_eq!(code, 0, "[{at}] {out}\n{err}");
            let written = std::fs::read_dir(p.path().join("migrations"))
                .unwrap()
                .filter_map(|e| e.ok())
                .find(|e| e.file_name().to_string_lossy().contains("from_chain"))
                .expect("the autogenerated file");
            let text = std::fs::read_to_string(written.path()).unwrap();
            assert!(
                text.contains("CREATE TABLE") && text.contains("extra"),
                "{text}"
            );
            std::fs::remove_file(written.path()).unwrap();
        } else {
            assert_eq!(
                code, 1,
                "[{at}] the replay fails on the live name: {out}\n{err}"
            );
        }
        assert_eq!(p.dump(), before, "[{at}] the live database changed");
    }
}

#[test]
fn server_wide_statements_fail_in_a_scratch_replay_and_name_their_line() {
    for backend in Backend::all() {
        let at = backend.name();
        let u = unique_name();
        let p = Project::on(backend, &[]);
        let live = p.db_name().to_string();
        let outside = |id: &str, up: &str| {
            (
                format!("{id}.sql"),
                mig_outside_transaction(id, "", up, Some("SELECT 1;")),
            )
        };
        let roots: Vec<(String, String)> = match backend {
            Backend::Postgres => vec![
                outside("r1_role", &format!("SELECT 1;\nCREATE ROLE {u}_role;")),
                outside(
                    "r2_tablespace",
                    &format!("CREATE TABLESPACE {u}_ts LOCATION '/tmp';"),
                ),
                outside("r3_system", "ALTER SYSTEM SET work_mem = '7MB';"),
                outside("r4_database", &format!("CREATE DATABASE {u}_db;")),
            ],
            Backend::Mysql => vec![
                outside(
                    "r1_user",
                    &format!("SELECT 1;\nCREATE USER '{u}_user'@'%';"),
                ),
                outside("r2_database", &format!("CREATE DATABASE {u}_db;")),
                outside("r3_plugin", "INSTALL SONAME 'ha_blackhole';"),
                outside(
                    "r4_live",
                    &format!("CREATE TABLE `{live}`.intruder (id INT);"),
                ),
            ],
            Backend::Sqlite => vec![
                outside(
                    "r1_attach",
                    &format!(
                        "SELECT 1;\nATTACH DATABASE '{}' AS live;",
                        p.db_path("test.db").display()
                    ),
                ),
                outside(
                    "r2_vacuum",
                    &format!("VACUUM INTO '{}';", p.db_path("copy.db").display()),
                ),
            ],
        };
        for (name, text) in &roots {
            p.write(name, text);
        }
        let before = p.dump();
        let (code, out, err, pid) = run_watched(&p, &["--json", "test", "--keep-going"]);
        assert_eq!(code, 3, "[{at}] {out}\n{err}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut failures = report["failures"].as_array().unwrap().clone();
        failures.sort_by_key(|f| f["revision"].as_str().unwrap().to_string());
        assert_eq!(failures.len(), roots.len(), "[{at}] {out}");
        for (f, (name, _)) in failures.iter().zip(&roots) {
            let error = f["error"].as_str().unwrap();
            let line = if name.starts_with("r1") { ":8)" } else { ":7)" };
            assert!(
                error.contains(&format!("{name}{line}")),
                "[{at}] names file and line: {error}"
            );
            assert_eq!(f["step"], "upgrade", "[{at}] {f}");
        }
        assert_eq!(
            report["scratch"]["fencing"],
            if backend == Backend::Sqlite {
                "in-memory"
            } else {
                "temporary-user"
            }
        );
        assert_eq!(
            scratch_leftovers(backend, pid),
            Vec::<String>::new(),
            "[{at}]"
        );
        assert_eq!(p.dump(), before, "[{at}]");
        match backend {
            Backend::Postgres => {
                let roles = admin_query(
                    backend,
                    &format!("SELECT rolname FROM pg_roles WHERE rolname LIKE '{u}%'"),
                );
                assert!(roles.is_empty(), "{roles:?}");
            }
            Backend::Mysql => {
                let found = admin_query(backend, &format!(
                    "SELECT user FROM mysql.user WHERE user LIKE '{u}%' UNION ALL SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '{u}%' UNION ALL SELECT plugin_name FROM information_schema.plugins WHERE plugin_name = 'BLACKHOLE'"));
                assert!(found.is_empty(), "{found:?}");
            }
            Backend::Sqlite => assert!(!p.db_path("copy.db").exists(), "VACUUM INTO wrote a file"),
        }
    }
}

#[test]
fn without_the_privilege_to_create_users_statements_reaching_out_are_refused() {
    for backend in Backend::all().into_iter().filter(|b| *b != Backend::Sqlite) {
        let at = backend.name();
        let user = format!("{}_lim", unique_name());
        let _drop_user = DropAfter(
            backend,
            match backend {
                Backend::Postgres => {
                    format!("DROP ROLE IF EXISTS {user}_x; DROP ROLE IF EXISTS {user}")
                }
                _ => format!("DROP USER IF EXISTS '{user}'@'%'"),
            },
        );
        let p = Project::on(backend, &[]);
        let live = p.db_name().to_string();
        let url = match backend {
            Backend::Postgres => {
                admin_execute(
                    backend,
                    &format!(
                        "CREATE ROLE {user} LOGIN CREATEDB; ALTER DATABASE {live} OWNER TO {user}"
                    ),
                );
                format!(
                    "postgres://{user}@127.0.0.1:{}/{live}",
                    common::postgres_port()
                )
            }
            _ => {
                admin_execute(backend, &format!("CREATE USER '{user}'@'%'; GRANT ALL ON `{live}`.* TO '{user}'@'%'; GRANT ALL ON `stillhead\\_scratch\\_%`.* TO '{user}'@'%'"));
                format!("mysql://{user}@127.0.0.1:3306/{live}")
            }
        };
        p.write(
            "001_t.sql",
            &mig(
                "001_t",
                "",
                "CREATE TABLE t (id INTEGER PRIMARY KEY);",
                Some("DROP TABLE t;"),
            ),
        );
        let escape = match backend {
            Backend::Postgres => format!("CREATE ROLE {user}_x;"),
            _ => format!("INSERT INTO `{live}`.t (id) VALUES (99);"),
        };
        p.write(
            "002_escape.sql",
            &mig("002_escape", "001_t", &escape, Some("SELECT 1;")),
        );
        p.ok(&["--url", &url, "upgrade", "001_t"]);
        let before = p.dump();
        let (code, out, err) = p.run(&["--url", &url, "--json", "test", "--keep-going"]);
        assert_eq!(code, 3, "[{at}] {out}\n{err}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            report["scratch"]["fencing"], "refused-statements",
            "[{at}] {out}"
        );
        assert_eq!(report["checked"][0], "001_t", "[{at}] {out}");
        let error = report["failures"][0]["error"].as_str().unwrap();
        assert!(
            error.contains("002_escape.sql:6")
                && error.contains("refused in a scratch database")
                && error.contains("scratch_url"),
            "[{at}] {error}"
        );
        assert_eq!(p.dump(), before, "[{at}]");
    }
}

/// A MariaDB user granted what stillhead's own error advises (everything on
/// its database and on `stillhead\_scratch\_%`) but not `CREATE USER`: its
/// URL, and the guard that drops it.
fn user_without_create_user(p: &Project) -> (String, DropAfter) {
    let user = format!("{}_nocu", unique_name());
    let guard = DropAfter(Backend::Mysql, format!("DROP USER IF EXISTS '{user}'@'%'"));
    let live = p.db_name();
    admin_execute(Backend::Mysql, &format!("CREATE USER '{user}'@'%'; GRANT ALL ON `{live}`.* TO '{user}'@'%'; GRANT ALL ON `stillhead\\_scratch\\_%`.* TO '{user}'@'%'"));
    (format!("mysql://{user}@127.0.0.1:3306/{live}"), guard)
}

/// Rows of the live database's `victim` table, which scratch work must not reach.
fn victims(p: &Project) -> usize {
    p.query("SELECT id FROM victim").len()
}

#[test]
fn without_create_user_a_name_qualified_by_the_live_database_is_refused_however_written() {
    let p = Project::on(Backend::Mysql, &[]);
    let live = p.db_name().to_string();
    let (url, _drop_user) = user_without_create_user(&p);
    p.query("CREATE TABLE victim (id INT PRIMARY KEY)");
    p.query("INSERT INTO victim (id) VALUES (1), (2), (3)");
    p.write(
        "001_t.sql",
        &mig(
            "001_t",
            "",
            "CREATE TABLE t (id INTEGER PRIMARY KEY);",
            Some("DROP TABLE t;"),
        ),
    );
    for escape in [
        format!("DELETE FROM {live} . victim;"),
        format!("DELETE FROM {live}/**/.victim;"),
        format!("DELETE FROM {live}\n.victim;"),
        format!("DELETE FROM `{live}` . `victim`;"),
        format!("DELETE FROM /*!{live} . */ victim;"),
        format!("DROP TABLE {live} . victim;"),
        format!("RENAME TABLE t TO {live} . t;"),
    ] {
        p.write(
            "002_escape.sql",
            &mig("002_escape", "001_t", &escape, Some("SELECT 1;")),
        );
        let (code, out, err) = p.run(&["--url", &url, "test"]);
        assert_eq!(code, 3, "{escape}: {out}\n{err}");
        assert!(
            out.contains("002_escape.sql:6")
                && out.contains("refused in a scratch database")
                && out.contains(&format!("names the database `{live}`")),
            "{escape}: {out}"
        );
        assert!(
            err.contains("no temporary user") && err.contains("CREATE USER"),
            "{escape}: the warning names the missing privilege: {err}"
        );
        assert_eq!(victims(&p), 3, "{escape}: the live table lost rows");
        let tables = p.query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 't'");
        assert!(
            tables.is_empty(),
            "{escape}: a table moved into the live database"
        );
    }
}

#[test]
fn without_create_user_check_refuses_a_schema_sql_reaching_the_live_database() {
    let p = Project::on(Backend::Mysql, &[]);
    let live = p.db_name().to_string();
    let (url, _drop_user) = user_without_create_user(&p);
    p.write(
        "001_t.sql",
        &mig(
            "001_t",
            "",
            "CREATE TABLE t (id INTEGER PRIMARY KEY);",
            Some("DROP TABLE t;"),
        ),
    );
    p.ok(&["--url", &url, "upgrade", "head"]);
    p.query("CREATE TABLE victim (id INT PRIMARY KEY)");
    p.query("INSERT INTO victim (id) VALUES (1), (2), (3)");
    std::fs::write(
        p.path().join("schema.sql"),
        format!(
            "CREATE TABLE t (id INTEGER PRIMARY KEY);\nDROP TABLE IF EXISTS {live} . victim;\n"
        ),
    )
    .unwrap();
    let err = p.fails(&["--url", &url, "check"]);
    assert!(
        err.contains("schema.sql:2")
            && err.contains("refused in a scratch database")
            && err.contains(&format!("names the database `{live}`")),
        "{err}"
    );
    assert_eq!(victims(&p), 3, "check reached the live table");
}

#[test]
fn without_the_privilege_to_create_databases_the_error_names_scratch_url() {
    for backend in Backend::all() {
        let at = backend.name();
        if backend == Backend::Sqlite {
            let p = project_on(backend, &common::ab_chain());
            let err = p.fails(&["--scratch-url", &common::pg_admin(), "test"]);
            assert!(
                err.contains("scratch_url is a postgres URL but the database is sqlite"),
                "{err}"
            );
            continue;
        }
        let user = format!("{}_nodb", unique_name());
        // Declared first, dropped last: after the database the role owns.
        let _drop_user = DropAfter(
            backend,
            match backend {
                Backend::Postgres => format!("DROP ROLE IF EXISTS {user}"),
                _ => format!("DROP USER IF EXISTS '{user}'@'%'"),
            },
        );
        let p = project_on(backend, &common::ab_chain());
        let live = p.db_name().to_string();
        let (url, admin) = match backend {
            Backend::Postgres => {
                admin_execute(
                    backend,
                    &format!("CREATE ROLE {user} LOGIN; ALTER DATABASE {live} OWNER TO {user}"),
                );
                (
                    format!(
                        "postgres://{user}@127.0.0.1:{}/{live}",
                        common::postgres_port()
                    ),
                    common::pg_url("postgres"),
                )
            }
            _ => {
                admin_execute(
                    backend,
                    &format!("CREATE USER '{user}'@'%'; GRANT ALL ON `{live}`.* TO '{user}'@'%'"),
                );
                (
                    format!("mysql://{user}@127.0.0.1:3306/{live}"),
                    "mysql://root@127.0.0.1:3306/".to_string(),
                )
            }
        };
        p.ok(&["--url", &url, "upgrade", "head"]);
        let err = p.fails(&["--url", &url, "test"]);
        assert!(
            err.contains("may not create databases")
                && err.contains("scratch_url")
                && err.contains("never uses the configured database"),
            "[{at}] {err}"
        );
        // Named in the config file (PostgreSQL) or on the command line (MariaDB).
        let out = if backend == Backend::Postgres {
            p.configure(&format!("\n[autogenerate]\nscratch_url = \"{admin}\"\n"));
            p.ok(&["--url", &url, "test"])
        } else {
            p.ok(&["--url", &url, "--scratch-url", &admin, "test"])
        };
        assert_eq!(out.matches("ok 00").count(), 2, "[{at}] {out}");
    }
}

#[test]
fn a_read_only_standby_is_named_and_scratch_url_makes_check_work() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let pair = common::pgstandby::Standby::start();
    let db = pair.create_database();
    let mut admin = postgres::Client::connect(&pair.primary, postgres::NoTls).unwrap();
    let p = Project::shop_on(Backend::Sqlite);
    let (primary, standby) = (pair.url(true, &db), pair.url(false, &db));
    p.ok(&["--url", &primary, "upgrade", "head"]);
    pair.catch_up();
    let err = p.fails(&["--url", &standby, "check"]);
    assert!(
        err.contains("127.0.0.1:25433")
            && err.contains("read-only standby")
            && err.contains("scratch_url"),
        "{err}"
    );
    let out = p.ok(&["--url", &standby, "--scratch-url", &pair.primary, "check"]);
    assert!(out.contains("is at head and matches"), "{out}");
    let out = p.ok(&["--url", &standby, "--scratch-url", &pair.primary, "test"]);
    assert_eq!(out.matches("ok 00").count(), 7, "{out}");
    let left: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname LIKE 'stillhead\\_scratch\\_%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    pair.drop_database(&db);
}

#[test]
fn a_read_only_mariadb_replica_is_named_and_scratch_url_makes_check_work() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let replica =
        common::mariadb_private::PrivateMariadb::start("readonly", 23306, &["--read-only=ON"]);
    let db = unique_name();
    // root may still write on a read-only server: the database to check.
    replica.execute(&format!("CREATE DATABASE {db}"));
    let p = project_on(Backend::Sqlite, &common::ab_chain());
    std::fs::write(
        p.path().join("schema.sql"),
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY);\n",
    )
    .unwrap();
    let url = replica.db_url(&db);
    for command in ["check", "test"] {
        let err = p.fails(&["--url", &url, command]);
        assert!(
            err.contains("127.0.0.1:23306")
                && err.contains("read-only")
                && err.contains("scratch_url"),
            "{command}: {err}"
        );
    }
    let shared = "mysql://root@127.0.0.1:3306/";
    let (code, out, err) = p.run(&["--url", &url, "--scratch-url", shared, "check"]);
    assert_eq!(code, 3, "not at head, but checked: {out}\n{err}");
    assert!(out.contains("not at head"), "{out}");
    let out = p.ok(&["--url", &url, "--scratch-url", shared, "test"]);
    assert_eq!(out.matches("ok 00").count(), 2, "{out}");
    replica.execute(&format!("DROP DATABASE {db}"));
}

#[test]
fn a_scratch_url_on_another_server_is_used_as_its_user_may() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    // A server of its own, whose user may create scratch databases there
    // but not users: no temporary user, and nothing of the live server to fence.
    let other = common::mariadb_private::PrivateMariadb::start("other", 23307, &[]);
    other.execute(
        "CREATE USER IF NOT EXISTS 'scratcher'@'%'; GRANT ALL ON `stillhead\\_scratch\\_%`.* TO 'scratcher'@'%'",
    );
    let p = project_on(Backend::Mysql, &common::ab_chain());
    let live = p.db_name().to_string();
    p.write(
        "003_live.sql",
        &mig(
            "003_live",
            "002_b",
            &format!("INSERT INTO `{live}`.a (id) VALUES (1);"),
            Some(&format!("DELETE FROM `{live}`.a;")),
        ),
    );
    p.ok(&["upgrade", "002_b"]);
    let before = p.dump();
    let scratch_url = "mysql://scratcher@127.0.0.1:23307/";
    let (code, out, err) = p.run(&[
        "--scratch-url",
        scratch_url,
        "--json",
        "test",
        "--keep-going",
    ]);
    assert_eq!(code, 3, "{out}\n{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["scratch"]["fencing"], "separate-server", "{out}");
    assert_eq!(
        report["checked"],
        serde_json::json!(["001_a", "002_b"]),
        "{out}"
    );
    // The live database's name means nothing on the other server.
    let error = report["failures"][0]["error"].as_str().unwrap();
    assert!(error.contains("003_live.sql:6"), "{error}");
    assert_eq!(p.dump(), before);
}

#[test]
fn a_failed_or_interrupted_command_leaves_no_scratch_database() {
    for backend in Backend::all() {
        let at = backend.name();
        let broken = mig(
            "001_broken",
            "",
            "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE a (id INTEGER PRIMARY KEY);",
            None,
        );
        let p = Project::on(backend, &[("001_broken.sql", &broken)]);
        let (code, out, err, pid) = run_watched(&p, &["test"]);
        assert_eq!(code, 3, "[{at}] {out}\n{err}");
        assert!(out.contains("001_broken.sql:7"), "[{at}] {out}");
        assert_eq!(
            scratch_leftovers(backend, pid),
            Vec::<String>::new(),
            "[{at}] after an error"
        );

        let sleep = match backend {
            Backend::Postgres => "SELECT pg_sleep(30);",
            Backend::Mysql => "DO SLEEP(30);",
            Backend::Sqlite => "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;",
        };
        let p = Project::on(
            backend,
            &[(
                "001_slow.sql",
                &mig("001_slow", "", sleep, Some("SELECT 1;")),
            )],
        );
        let child = p.spawn(&["test"]);
        let pid = child.id();
        let started = std::time::Instant::now();
        if backend != Backend::Sqlite {
            while scratch_leftovers(backend, pid).is_empty() {
                assert!(
                    started.elapsed().as_secs() < 20,
                    "[{at}] no scratch database appeared"
                );
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
        let status = std::process::Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(130),
            "[{at}] {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            started.elapsed().as_secs() < 20,
            "[{at}] Ctrl-C did not stop the run"
        );
        assert_eq!(
            scratch_leftovers(backend, pid),
            Vec::<String>::new(),
            "[{at}] after Ctrl-C"
        );
    }
}

#[test]
fn leftovers_of_dead_or_old_runs_are_dropped_and_live_ones_kept() {
    for backend in Backend::all().into_iter().filter(|b| *b != Backend::Sqlite) {
        let at = backend.name();
        let host = ScratchName::this_host();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let dead = std::process::Command::new("true").spawn().unwrap();
        let dead_pid = dead.id();
        drop(dead.wait_with_output());
        let me = std::process::id();
        let name = |host: &str, pid: u32, started: u64, serial: u32| {
            ScratchName {
                host: host.to_string(),
                pid,
                started,
                serial,
            }
            .to_string()
        };
        let dead_run = name(&host, dead_pid, now - 10, 7);
        let live_run = name(&host, me, now, 7);
        let old = name("elsewhere", 1, now - 7200, 7);
        let old_busy = name("elsewhere", 1, now - 7200, 8);
        for db in [&dead_run, &live_run, &old, &old_busy] {
            admin_execute(
                backend,
                &match backend {
                    Backend::Postgres => format!("CREATE DATABASE \"{db}\""),
                    _ => format!("CREATE DATABASE `{db}`"),
                },
            );
        }
        let busy_url = match backend {
            Backend::Postgres => common::pg_url(&old_busy),
            _ => format!("mysql://root@127.0.0.1:3306/{old_busy}"),
        };
        let opts = stillhead::ConnectOptions {
            create: false,
            ..Default::default()
        };
        let holder =
            stillhead::connect(&stillhead::DatabaseUrl::parse(&busy_url).unwrap(), &opts).unwrap();
        let p = Project::shop_on(backend);
        p.ok(&["upgrade", "head"]);
        let (code, out, err) = p.run(&["check"]);
        assert_eq!(code, 0, "[{at}] {out}\n{err}");
        let exists = |db: &str| {
            !admin_query(
                backend,
                &match backend {
                    Backend::Postgres => {
                        format!("SELECT 1 FROM pg_database WHERE datname = '{db}'")
                    }
                    _ => format!(
                        "SELECT 1 FROM information_schema.schemata WHERE schema_name = '{db}'"
                    ),
                },
            )
            .is_empty()
        };
        assert!(
            !exists(&dead_run),
            "[{at}] a dead process's scratch database is dropped"
        );
        assert!(
            !exists(&old),
            "[{at}] an hour-old scratch database is dropped"
        );
        assert!(
            exists(&live_run),
            "[{at}] a running process's scratch database is kept"
        );
        assert!(
            exists(&old_busy),
            "[{at}] a scratch database in use is kept"
        );
        drop(holder);
        // IF EXISTS: no longer in use, old_busy may be swept by another
        // test's run at any moment now.
        for db in [&live_run, &old_busy] {
            admin_execute(
                backend,
                &match backend {
                    Backend::Postgres => format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"),
                    _ => format!("DROP DATABASE IF EXISTS `{db}`"),
                },
            );
        }
    }
}

#[test]
fn the_configured_postgres_schema_is_the_scratch_databases_too() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = project_on(Backend::Postgres, &common::ab_chain());
    let cfg = std::fs::read_to_string(p.path().join("stillhead.toml")).unwrap();
    std::fs::write(
        p.path().join("stillhead.toml"),
        cfg.replace("[database]\n", "[database]\nschema = \"app\"\n"),
    )
    .unwrap();
    std::fs::write(
        p.path().join("schema.sql"),
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY);\n",
    )
    .unwrap();
    p.ok(&["upgrade", "head"]);
    let out = p.ok(&["check"]);
    assert!(out.contains("is at head and matches"), "{out}");
    let out = p.ok(&["test"]);
    assert_eq!(out.matches("ok 00").count(), 2, "{out}");
    // The live database still has nothing in public: the scratch database
    // took the schema, not the configured one.
    assert!(p.tables().is_empty(), "{:?}", p.tables());
}

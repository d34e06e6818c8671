//! What differs per backend: failures on transactional and non-transactional
//! DDL, lock timeouts naming the holder, PostgreSQL schemas and
//! `transaction: false`, unreachable servers, secrets.

mod common;

use common::{ab_chain, mig, postgres_port, project_on, Backend, Project};

fn failing_third() -> (&'static str, String) {
    (
        "003_c.sql",
        mig(
            "003_c",
            "002_b",
            "CREATE TABLE c (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\nCREATE TABLE d (id INTEGER);",
            Some("DROP TABLE d;\nDROP TABLE c;"),
        ),
    )
}

#[test]
fn failed_statement_on_transactional_backends_keeps_the_last_good_revision() {
    for backend in Backend::all().into_iter().filter(|b| *b != Backend::Mysql) {
        let mut files = ab_chain();
        files.push(failing_third());
        let p = project_on(backend, &files);
        p.ok(&["upgrade", "002_b"]);
        let err = p.fails(&["upgrade", "head"]);
        assert!(
            err.contains("003_c") && err.contains("statement 2") && err.contains("nowhere"),
            "{err}"
        );
        assert!(err.contains("remains at 002_b"), "{err}");
        assert_eq!(p.applied(), ["001_a", "002_b"]);
        assert!(
            !p.has_table("c"),
            "[{}] the failed migration's first statement was rolled back",
            backend.name()
        );
        assert_eq!(p.log().last().unwrap().2, "failed");
    }
}

#[test]
fn mysql_marks_in_progress_refuses_then_resolves() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let mut files = ab_chain();
    files.push(failing_third());
    let p = project_on(Backend::Mysql, &files);
    let err = p.fails(&["upgrade", "head"]);
    assert!(
        err.contains("003_c") && err.contains("statement 2") && err.contains("marked in progress"),
        "{err}"
    );
    // DDL committed: table c exists, 001 and 002 are recorded as applied.
    assert!(p.has_table("c"));
    assert_eq!(p.applied(), ["001_a", "002_b"]);
    // The next run refuses, naming the revision and the failed statement.
    let err = p.fails(&["upgrade", "head"]);
    assert!(
        err.contains("003_c is marked in progress") && err.contains("failed at statement 2"),
        "{err}"
    );
    assert!(err.contains("stillhead resolve 003_c --applied"), "{err}");
    let (code, out, _) = p.run(&["verify"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("in-progress"), "{out}");
    // A person undoes the partial work and records it; the fixed file then applies.
    p.query("DROP TABLE c");
    p.ok(&["resolve", "003_c", "--reverted"]);
    p.write(
        "003_c.sql",
        &mig(
            "003_c",
            "002_b",
            "CREATE TABLE c (id INTEGER PRIMARY KEY);\nCREATE TABLE d (id INTEGER);",
            Some("DROP TABLE d;\nDROP TABLE c;"),
        ),
    );
    p.ok(&["upgrade", "head"]);
    assert_eq!(p.applied(), ["001_a", "002_b", "003_c"]);
    let actions: Vec<String> = p
        .log()
        .into_iter()
        .map(|(r, a, o)| format!("{r} {a} {o}"))
        .collect();
    assert!(
        actions.contains(&"003_c upgrade failed".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"003_c resolve ok".to_string()),
        "{actions:?}"
    );
    // Resolving something that is not in progress is refused.
    let err = p.fails(&["resolve", "003_c", "--applied"]);
    assert!(err.contains("not marked in progress"), "{err}");
}

#[test]
fn lock_timeout_names_the_holder() {
    for backend in Backend::all().into_iter().filter(|b| *b != Backend::Sqlite) {
        let p = project_on(backend, &ab_chain());
        p.configure("[migrations]\nlock_timeout = \"500ms\"\n");
        let err = match backend {
            Backend::Postgres => {
                let key = stillhead::dialect::lock_key("stillhead:public.stillhead_version");
                let mut holder = postgres::Client::connect(&p.db.url, postgres::NoTls).unwrap();
                holder
                    .execute("SELECT pg_advisory_lock($1)", &[&key])
                    .unwrap();
                let err = p.fails(&["upgrade", "head"]);
                holder
                    .execute("SELECT pg_advisory_unlock($1)", &[&key])
                    .unwrap();
                err
            }
            _ => {
                // Another stillhead holds it: GET_LOCK, or the lease on Galera.
                let mut holder = library_connection(&p.db.url);
                holder.lock(std::time::Duration::from_secs(5)).unwrap();
                let err = p.fails(&["upgrade", "head"]);
                let _ = holder.unlock();
                err
            }
        };
        assert!(
            err.contains("timed out after 500")
                && (err.contains("migration lock") || err.contains("migration lease")),
            "{err}"
        );
        assert!(
            err.contains("held by"),
            "[{}] the holder is named: {err}",
            backend.name()
        );
        assert!(p.applied().is_empty());
        p.ok(&["upgrade", "head"]);
    }
}

#[test]
fn postgres_schema_holds_migrations_and_state() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = project_on(Backend::Postgres, &ab_chain());
    let cfg = std::fs::read_to_string(p.path().join("stillhead.toml")).unwrap();
    std::fs::write(
        p.path().join("stillhead.toml"),
        cfg.replace("[database]\n", "[database]\nschema = \"app\"\n"),
    )
    .unwrap();
    p.ok(&["upgrade", "head"]);
    let rows = p.query("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'app' ORDER BY 1");
    let names: Vec<String> = rows.iter().map(|r| format!("{:?}", r[0])).collect();
    assert_eq!(names.len(), 6, "a, b and stillhead's 4: {names:?}");
    assert!(
        names.iter().any(|n| n.contains("stillhead_version_log")),
        "{names:?}"
    );
    assert!(p.tables().is_empty(), "nothing in public: {:?}", p.tables());
    p.ok(&["downgrade", "base"]);
}

#[test]
fn postgres_concurrent_index_runs_outside_a_transaction() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let mut files = ab_chain();
    files.push((
        "003_idx.sql",
        "-- revision: 003_idx\n-- revises: 002_b\n-- transaction: false\n\n-- +upgrade\nCREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n\n-- +downgrade\nDROP INDEX CONCURRENTLY a_id_idx;\n".to_string(),
    ));
    let p = project_on(Backend::Postgres, &files);
    let (code, _, err) = p.run(&["-v", "upgrade", "head"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("003_idx runs outside a transaction (transaction: false)"),
        "{err}"
    );
    assert_eq!(p.applied(), ["001_a", "002_b", "003_idx"]);
    p.ok(&["downgrade", "-1"]);
}

#[test]
fn unreachable_servers_and_secrets() {
    for url in [
        "postgres://app:s3cr3t@127.0.0.1:1/x",
        "mariadb://app:s3cr3t@127.0.0.1:1/x",
    ] {
        let p = Project::with_files(&[]);
        let (code, out, err) = p.run(&["--url", url, "upgrade", "head"]);
        assert_eq!(code, 1);
        assert!(
            err.contains("cannot connect to") && err.contains("app:***@127.0.0.1:1"),
            "{err}"
        );
        assert!(
            err.contains("Connection refused"),
            "the cause is shown: {err}"
        );
        assert!(
            !err.contains("DriverError {") && !err.contains("IoError {"),
            "the driver's words, not its Debug wrapper: {err}"
        );
        assert!(
            !out.contains("s3cr3t") && !err.contains("s3cr3t"),
            "{out}{err}"
        );
        let (_, out, err) = p.run(&["--json", "--url", url, "current"]);
        assert!(
            !out.contains("s3cr3t") && !err.contains("s3cr3t"),
            "{out}{err}"
        );
    }
    let err = Project::with_files(&[]).fails(&["--url", "mysql://root@127.0.0.1:3306", "current"]);
    assert!(err.contains("names no database"), "{err}");
    let err = Project::with_files(&[]).fails(&[
        "--url",
        "postgres://u@127.0.0.1/db?sslmode=require",
        "current",
    ]);
    assert!(err.contains("sslmode=require"), "{err}");
    if Backend::all().contains(&Backend::Postgres) {
        let err = Project::with_files(&[]).fails(&[
            "--url",
            &format!("postgres://no_such_role@127.0.0.1:{}/test", postgres_port()),
            "upgrade",
            "head",
        ]);
        assert!(
            err.contains("role \"no_such_role\" does not exist") && err.contains("28000"),
            "the server's own words, not \"db error\": {err}"
        );
    }
}

#[test]
fn postgres_sslmode_and_socket_urls() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = project_on(Backend::Postgres, &ab_chain());
    let name = p.db.url.rsplit('/').next().unwrap().to_string();
    p.ok(&["upgrade", "head"]);
    for (url, tls) in [
        (format!("{}?sslmode=require", p.db.url), 1),
        (format!("{}?sslmode=disable", p.db.url), 0),
        (
            format!("postgres://postgres@%2Fvar%2Frun%2Fpostgresql/{name}"),
            0,
        ),
        (
            format!("postgresql://postgres@/{name}?host=/var/run/postgresql"),
            0,
        ),
    ] {
        let parsed = stillhead::DatabaseUrl::parse(&url).unwrap();
        let opts = stillhead::ConnectOptions::default();
        let stillhead::Connected::Open(mut conn) = stillhead::connect(&parsed, &opts).unwrap()
        else {
            panic!("{url}: no connection");
        };
        let rows = conn
            .query(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .unwrap();
        assert_eq!(rows, vec![vec![stillhead::Value::Integer(tls)]], "{url}");
        let out = p.ok(&["--url", &url, "current"]);
        assert!(out.starts_with("002_b (head)"), "{url}: {out}");
    }
}

#[test]
fn state_tables_of_an_older_format_are_brought_up_to_date_and_a_newer_one_is_refused() {
    for backend in Backend::all() {
        let at = backend.name();
        let p = project_on(backend, &ab_chain());
        p.ok(&["upgrade", "001_a"]);
        // Format 1, as stillhead wrote it before formats were recorded: the
        // state and log tables alone (their columns have not changed).
        p.query("DROP TABLE stillhead_version_meta");
        p.query("DROP TABLE stillhead_version_lock");
        p.ok(&["upgrade", "head"]);
        assert_eq!(p.applied(), ["001_a", "002_b"], "[{at}]");
        let format = p.query("SELECT value FROM stillhead_version_meta WHERE name = 'format'");
        assert_eq!(format[0][0].to_text(), "3", "[{at}] recorded");
        assert!(p.has_table("stillhead_version_lock"), "[{at}]");
        let upgrades = p.log().iter().filter(|(_, a, _)| a == "upgrade").count();
        assert_eq!(upgrades, 2, "[{at}] 001_a was not run again");

        // A newer stillhead's format is never written by this one.
        p.query("UPDATE stillhead_version_meta SET value = '4' WHERE name = 'format'");
        for args in [
            &["downgrade", "-1"][..],
            &["stamp", "001_a"],
            &["resolve", "002_b", "--reverted"],
        ] {
            let err = p.fails(args);
            assert!(
                err.contains("format 4")
                    && err.contains("up to 3")
                    && err.contains("newer stillhead"),
                "[{at}] {args:?}: {err}"
            );
        }
        assert_eq!(p.applied(), ["001_a", "002_b"], "[{at}] nothing changed");
        // A lapsed lease, which `lock release --force` would remove: not
        // from tables this stillhead cannot read (SQLite writes no lease).
        let lapsed = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some("now() - interval '1 hour'"),
            Backend::Mysql => Some("UTC_TIMESTAMP(6) - INTERVAL 1 HOUR"),
        };
        if let Some(lapsed) = lapsed {
            p.query(&format!("INSERT INTO stillhead_version_lock (name, token, holder, revision, acquired_at, expires_at) VALUES ('migrations', 'old', 'app@elsewhere.invalid pid 7', NULL, '2020-01-01T00:00:00Z', {lapsed})"));
            let err = p.fails(&["lock", "release", "--force", "--yes"]);
            assert!(err.contains("newer stillhead"), "[{at}] {err}");
            let kept = p.query("SELECT count(*) FROM stillhead_version_lock");
            assert_eq!(kept[0][0].to_text(), "1", "[{at}] the lease is kept");
        }
        assert!(
            p.ok(&["current"]).contains("002_b"),
            "[{at}] reads still work"
        );
    }
}

/// The collation of each column holding a revision id, on MariaDB.
fn revision_collations(p: &Project) -> Vec<String> {
    p.query("SELECT CAST(CONCAT(table_name, '.', collation_name) AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name = 'revision' ORDER BY table_name")
        .iter()
        .map(|r| r[0].to_text())
        .collect()
}

/// Revision ids are compared byte for byte by the revision graph, and so by
/// the state tables on every backend: `002_b` and `002_B` are two
/// revisions, each applied and reverted on its own. Format 2 tables (on
/// MariaDB: revisions in the database's default collation, which ignores
/// case, so `002_B` overwrote `002_b`'s row) are brought to format 3 in place.
#[test]
fn revision_ids_differing_in_case_are_two_state_keys_after_format_2_is_upgraded() {
    for backend in Backend::all() {
        let at = backend.name();
        let p = project_on(backend, &ab_chain());
        p.ok(&["upgrade", "001_a"]);
        // Format 2 as it was written: MariaDB's columns were a bare
        // VARCHAR(191) (MODIFY without a collation gives the table's
        // default, as CREATE TABLE did); the others' DDL is unchanged.
        if backend == Backend::Mysql {
            p.query("ALTER TABLE stillhead_version MODIFY revision VARCHAR(191) NOT NULL");
            p.query("ALTER TABLE stillhead_version_log MODIFY revision VARCHAR(191) NOT NULL");
            p.query("ALTER TABLE stillhead_version_lock MODIFY revision VARCHAR(191)");
            assert!(
                revision_collations(&p).iter().all(|c| !c.ends_with("_bin")),
                "[{at}] format 2 had no binary collation: {:?}",
                revision_collations(&p)
            );
        }
        p.query("UPDATE stillhead_version_meta SET value = '2' WHERE name = 'format'");
        p.write(
            "003_upper.sql",
            &mig(
                "002_B",
                "002_b",
                "CREATE TABLE upper_b (id INTEGER PRIMARY KEY);",
                Some("DROP TABLE upper_b;"),
            ),
        );
        p.ok(&["upgrade", "head"]);
        assert_eq!(p.applied(), ["001_a", "002_B", "002_b"], "[{at}]");
        let format = p.query("SELECT value FROM stillhead_version_meta WHERE name = 'format'");
        assert_eq!(format[0][0].to_text(), "3", "[{at}] recorded");
        if backend == Backend::Mysql {
            assert_eq!(
                revision_collations(&p),
                [
                    "stillhead_version.utf8mb4_bin",
                    "stillhead_version_lock.utf8mb4_bin",
                    "stillhead_version_log.utf8mb4_bin"
                ],
                "[{at}]"
            );
        }
        let again = p.ok(&["upgrade", "head"]);
        assert!(!again.contains("edited"), "[{at}] {again}");
        p.ok(&["verify"]);
        p.ok(&["downgrade", "002_b"]);
        assert_eq!(
            p.applied(),
            ["001_a", "002_b"],
            "[{at}] only 002_B reverted"
        );
        assert!(!p.has_table("upper_b") && p.has_table("b"), "[{at}]");
        p.ok(&["upgrade", "head"]);
        p.ok(&["downgrade", "base"]);
        assert!(p.applied().is_empty(), "[{at}]");
        for table in ["a", "b", "upper_b"] {
            assert!(!p.has_table(table), "[{at}] downgrade base left {table}");
        }
    }
}

#[test]
fn lock_status_names_the_holder_and_a_server_lock_is_not_released_from_outside() {
    for backend in Backend::all() {
        let at = backend.name();
        let p = project_on(backend, &ab_chain());
        p.ok(&["upgrade", "001_a"]);
        let free = p.ok(&["lock", "status"]);
        assert!(free.contains("free"), "[{at}] {free}");
        // Someone else holds the lock the way a run of this backend does.
        let (status, release) = match backend {
            Backend::Sqlite => {
                let holder = p.sqlite("test.db");
                holder.execute_batch("BEGIN IMMEDIATE").unwrap();
                let status = p.ok(&["lock", "status"]);
                let release = p.run(&["lock", "release", "--force", "--yes"]);
                holder.execute_batch("ROLLBACK").unwrap();
                (status, release)
            }
            Backend::Postgres => {
                let key = stillhead::dialect::lock_key("stillhead:public.stillhead_version");
                let mut holder = postgres::Client::connect(&p.db.url, postgres::NoTls).unwrap();
                holder
                    .execute("SELECT pg_advisory_lock($1)", &[&key])
                    .unwrap();
                let status = p.ok(&["lock", "status"]);
                let release = p.run(&["lock", "release", "--force", "--yes"]);
                holder
                    .execute("SELECT pg_advisory_unlock($1)", &[&key])
                    .unwrap();
                (status, release)
            }
            Backend::Mysql => {
                // Another stillhead holds it: GET_LOCK, or the lease on Galera.
                let mut holder = library_connection(&p.db.url);
                holder.lock(std::time::Duration::from_secs(5)).unwrap();
                let status = p.ok(&["lock", "status"]);
                let release = p.run(&["lock", "release", "--force", "--yes"]);
                let _ = holder.unlock();
                (status, release)
            }
        };
        assert!(status.contains("held by"), "[{at}] {status}");
        match backend {
            Backend::Mysql if on_galera(&p.db.url) => {
                assert!(status.contains("lease renewed until"), "[{at}] {status}");
                // Renewed: its holder is alive; only a lapsed lease is removed.
                assert_eq!(release.0, 1, "[{at}] {release:?}");
                assert!(release.2.contains("running now"), "[{at}] {release:?}");
                assert!(
                    !p.log().iter().any(|(_, a, _)| a == "release-lock"),
                    "[{at}]"
                );
            }
            Backend::Sqlite => {
                assert!(status.contains("write transaction open"), "[{at}] {status}");
                assert_eq!(release.0, 0, "[{at}] no lease to release: {release:?}");
            }
            _ => {
                let ends = if backend == Backend::Postgres {
                    "pg_terminate_backend("
                } else {
                    "KILL "
                };
                assert!(
                    status.contains(if backend == Backend::Postgres {
                        "backend pid"
                    } else {
                        "connection "
                    }),
                    "[{at}] {status}"
                );
                assert_eq!(release.0, 1, "[{at}] {release:?}");
                assert!(
                    release.2.contains("cannot be released from outside")
                        && release.2.contains(ends),
                    "[{at}] {release:?}"
                );
            }
        }
        assert!(p.ok(&["lock", "status"]).contains("free"), "[{at}]");
        p.ok(&["upgrade", "head"]);
    }
}

/// A connection of the library's own, as another stillhead would hold one.
fn library_connection(url: &str) -> Box<dyn stillhead::Connection> {
    let url = stillhead::DatabaseUrl::parse(url).unwrap();
    match stillhead::connect(&url, &stillhead::ConnectOptions::default()).unwrap() {
        stillhead::Connected::Open(conn) => conn,
        stillhead::Connected::Missing => panic!("the test database exists"),
    }
}

/// Whether the MariaDB server behind `url` is a Galera node (`.ci/run`
/// runs these tests against one too).
fn on_galera(url: &str) -> bool {
    use mysql::prelude::Queryable;
    let mut c = mysql::Conn::new(mysql::Opts::from_url(url).unwrap()).unwrap();
    let row: Option<(String, String)> = c.query_first("SHOW VARIABLES LIKE 'wsrep_on'").unwrap();
    row.is_some_and(|(_, v)| v == "ON")
}

#[test]
fn stamp_verify_stamps_a_hand_made_database_only_when_it_matches() {
    for backend in Backend::all() {
        let at = backend.name();
        // The shop at head, then its schema as the database's own dump tool
        // writes it, without stillhead's tables: what a team made by hand.
        let reference = Project::shop_on(backend);
        reference.ok(&["upgrade", "head"]);
        for t in common::STILLHEAD_TABLES {
            reference.query(&format!("DROP TABLE {t}"));
        }
        let dump: String = reference
            .schema_dump()
            .lines()
            .filter(|l| !l.starts_with("CREATE TABLE sqlite_sequence"))
            .map(|l| format!("{l}\n"))
            .collect();

        let same = Project::shop_on(backend);
        same.run_client(&dump);
        let out = same.ok(&["stamp", "head", "--verify"]);
        assert!(out.contains("Verified"), "[{at}] {out}");
        assert_eq!(same.applied().len(), 7, "[{at}] stamped");

        let renamed = Project::shop_on(backend);
        renamed.run_client(&dump.replace("full_name", "name_full"));
        let (code, out, err) = renamed.run(&["stamp", "head", "--verify"]);
        assert_eq!(code, 3, "[{at}] {out}{err}");
        assert!(
            out.contains("not stamped") && out.contains("members"),
            "[{at}] {out}"
        );
        assert!(renamed.applied().is_empty(), "[{at}] nothing recorded");
    }
}

#[test]
fn baseline_writes_the_live_schema_as_a_first_migration_that_replays_to_the_same_schema() {
    for backend in Backend::all() {
        let at = backend.name();
        // A database made by hand: the shop's schema, with no record of how.
        let hand_made = Project::shop_on(backend);
        hand_made.ok(&["upgrade", "head"]);
        for t in common::STILLHEAD_TABLES {
            hand_made.query(&format!("DROP TABLE {t}"));
        }
        // PostgreSQL: a function and a trigger, which the baseline writes,
        // and a collation, which it cannot and lists as a TODO.
        let collation = "CREATE COLLATION bytes FROM \"C\";\n";
        if backend == Backend::Postgres {
            hand_made.run_client(&format!(
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\nCREATE TRIGGER members_touch BEFORE UPDATE ON members FOR EACH ROW EXECUTE FUNCTION touch();\n{collation}"
            ));
        }
        for file in std::fs::read_dir(hand_made.path().join("migrations")).unwrap() {
            std::fs::remove_file(file.unwrap().path()).unwrap();
        }
        let (code, out, err) = hand_made.run(&["baseline", "-m", "baseline", "--tag", "schema"]);
        assert_eq!(code, 0, "[{at}] {out}{err}");
        assert!(
            out.contains("recorded it as applied") && out.contains("irreversible"),
            "[{at}] {out}"
        );
        let file =
            std::fs::read_to_string(hand_made.path().join("migrations/001_baseline.sql")).unwrap();
        assert!(
            file.contains("-- tags: schema") && !file.contains("-- +downgrade"),
            "[{at}] {file}"
        );
        if backend == Backend::Postgres {
            assert!(err.contains("collation bytes"), "[{at}] {err}");
            assert!(
                file.contains("-- TODO:") && file.contains("--   collation bytes"),
                "[{at}] {file}"
            );
            assert!(
                file.contains("CREATE OR REPLACE FUNCTION public.touch()")
                    && file
                        .contains("CREATE TRIGGER members_touch BEFORE UPDATE ON public.members"),
                "[{at}] {file}"
            );
        }
        assert_eq!(hand_made.applied(), ["001_baseline"], "[{at}] stamped");
        assert!(
            hand_made
                .fails(&["downgrade", "base"])
                .contains("irreversible"),
            "[{at}]"
        );

        // Replayed into an empty database, it makes the same schema.
        let replay = Project::on(backend, &[]);
        std::fs::copy(
            hand_made.path().join("migrations/001_baseline.sql"),
            replay.path().join("migrations/001_baseline.sql"),
        )
        .unwrap();
        replay.ok(&["upgrade", "head"]);
        if backend == Backend::Postgres {
            // What the TODO asks for, as the person would add it.
            replay.run_client(collation);
        }
        // PostgreSQL's `now()` and `CURRENT_TIMESTAMP` are one function, which
        // the schema model spells the standard way: the baseline writes that.
        let same_clock = |schema: Vec<String>| -> Vec<String> {
            schema
                .into_iter()
                .map(|s| s.replace("DEFAULT now()", "DEFAULT CURRENT_TIMESTAMP"))
                .collect()
        };
        assert_eq!(
            same_clock(replay.user_schema(&[])),
            same_clock(hand_made.user_schema(&[])),
            "[{at}]"
        );
    }
}

#[test]
fn postgres_a_schema_url_parameter_picks_the_schema() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let p = project_on(Backend::Postgres, &ab_chain());
    for tenant in ["tenant_a", "tenant_b"] {
        let url = format!("{}?schema={tenant}", p.db.url);
        p.ok(&[
            "--url",
            &url,
            "upgrade",
            if tenant == "tenant_a" {
                "head"
            } else {
                "001_a"
            },
        ]);
    }
    let tables = |schema: &str| -> Vec<String> {
        p.query(&format!(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = '{schema}' ORDER BY 1"
        ))
        .into_iter()
        .map(|r| r[0].to_text())
        .collect()
    };
    assert!(
        tables("tenant_a").contains(&"b".to_string()),
        "{:?}",
        tables("tenant_a")
    );
    assert!(
        tables("tenant_b").contains(&"a".to_string())
            && !tables("tenant_b").contains(&"b".to_string())
    );
    assert!(
        tables("public").is_empty(),
        "nothing in public: {:?}",
        tables("public")
    );
    let b = p.ok(&["--url", &format!("{}?schema=tenant_b", p.db.url), "current"]);
    assert!(b.contains("001_a") && !b.contains("002_b"), "{b}");
}

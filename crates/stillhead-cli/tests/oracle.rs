//! The dump oracle (issue 24, ARCHITECTURE.md "Tests"): for each schema file
//! of `tests/oracle/<backend>/`, the database's own client loads it into R,
//! stillhead builds S from it (`revision --autogenerate`, `upgrade head`),
//! and (a) the two databases' own dumps are equal, (b) `check` passes on S
//! and on R once stamped, (c) `baseline` of R replays on an empty database
//! to the same dump, (d) `test` passes, (e) `check` on S passes against
//! R's own dump (`pg_dump -s`, `mysqldump --no-data`, sqlite3 `.schema`)
//! as schema.sql. A file with `-- oracle:
//! not-compared FRAGMENT` lines must instead make autogenerate and `check`
//! fail with exit 3 naming each fragment. Each file is reported: passed,
//! loud as expected, or FAILED with the first difference.

mod common;

use common::oracle::*;
use common::*;

/// What became of one corpus file.
enum Outcome {
    Passed,
    LoudAsExpected,
    /// The server is older than the file's `since-postgres`.
    NotForThisServer(String),
    Failed(String),
}

/// Runs one file through the oracle.
fn run_case(case: &Case) -> Outcome {
    if let Some(why) = case.not_for_this_server() {
        return Outcome::NotForThisServer(why);
    }
    let r = match reference(case.backend, &case.text) {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(format!("the database's client refused the file: {e}")),
    };
    let result = if case.not_compared.is_empty() {
        round_trip(case, &r)
    } else {
        loud(case, &r)
    };
    match result {
        Ok(outcome) => outcome,
        Err(e) => Outcome::Failed(e),
    }
}

/// Items (a) to (d) for a file stillhead can carry.
fn round_trip(case: &Case, r: &Project) -> Result<Outcome, String> {
    let s = built(case.backend, &case.declared).map_err(|e| format!("building S: {e}"))?;
    let expected = r.oracle_dump();
    if let Some(d) = dump_difference(&expected, &s.oracle_dump()) {
        return Err(format!(
            "(a) R (client) and S (stillhead) dumps differ: {d}"
        ));
    }
    step(&s, &["check"]).map_err(|e| format!("(b) check on S: {e}"))?;
    step(&s, &["test"]).map_err(|e| format!("(d) {e}"))?;
    // (c) before R is stamped with S's migrations: baseline writes R's
    // first migration and stamps it.
    step(r, &["baseline", "-m", "base", "--reversible"]).map_err(|e| format!("(c) {e}"))?;
    let e = Project::on(case.backend, &[]);
    copy_migrations(r, &e);
    step(&e, &["upgrade", "head"]).map_err(|e| format!("(c) replaying the baseline: {e}"))?;
    if let Some(d) = dump_difference(&expected, &e.oracle_dump()) {
        return Err(format!("(c) the baseline replayed differs from R: {d}"));
    }
    // (b) on R: S's migrations, stamped at head, and the same schema.sql.
    std::fs::remove_dir_all(r.path().join("migrations")).unwrap();
    std::fs::create_dir(r.path().join("migrations")).unwrap();
    copy_migrations(&s, r);
    std::fs::write(r.path().join("schema.sql"), &case.declared).unwrap();
    step(r, &["stamp", "head", "--purge"]).map_err(|e| format!("(b) stamping R: {e}"))?;
    step(r, &["check"]).map_err(|e| format!("(b) check on R: {e}"))?;
    // (e) R's own dump as schema.sql: every spelling the database writes
    // back (`= ANY (ARRAY[…])`, casts, qualified names) reads as the same
    // schema, so `check` on S passes. Where a dump tool can dump the
    // server (not PostgreSQL 17 and later here).
    if case.backend != Backend::Postgres || pgversions::pg_dump_for(postgres_port()).is_some() {
        std::fs::write(s.path().join("schema.sql"), r.schema_dump()).unwrap();
        step(&s, &["check"]).map_err(|e| format!("(e) check on S against R's own dump: {e}"))?;
    }
    Ok(Outcome::Passed)
}

/// A file with `not-compared` lines: autogenerate from an empty database
/// and `check` of R itself both exit 3 naming every fragment.
fn loud(case: &Case, r: &Project) -> Result<Outcome, String> {
    let s = Project::on(case.backend, &[]);
    for p in [&s, r] {
        std::fs::write(p.path().join("schema.sql"), &case.declared).unwrap();
    }
    let runs = [
        (
            "autogenerate on an empty database",
            &s,
            vec!["revision", "--autogenerate", "-m", "init"],
        ),
        ("check on R", r, vec!["check"]),
    ];
    for (what, p, args) in runs {
        let (code, out, err) = p.run(&args);
        let said = format!("{out}{err}");
        if code != 3 {
            return Err(format!(
                "{what}: exit {code}, not 3 naming what is not compared:\n{said}"
            ));
        }
        for f in &case.not_compared {
            if !said.to_lowercase().contains(&f.to_lowercase()) {
                return Err(format!("{what}: exit 3 but {f:?} is not named:\n{said}"));
            }
        }
    }
    Ok(Outcome::LoudAsExpected)
}

/// Copies the migration files of `from` into `to`'s folder.
fn copy_migrations(from: &Project, to: &Project) {
    for f in std::fs::read_dir(from.path().join("migrations")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), to.path().join("migrations").join(f.file_name())).unwrap();
    }
}

/// One file's verdict: its label, whether it is a round-trip file, its
/// known failure (if any) and what became of it.
type Verdict = (String, bool, Option<String>, Outcome);

/// Every file of every backend (a thread per backend: each waits on its
/// own server), printed as a table.
fn run_corpus() -> Vec<Verdict> {
    let results: Vec<Verdict> = std::thread::scope(|scope| {
        let handles: Vec<_> = Backend::all()
            .into_iter()
            .map(|b| {
                scope.spawn(move || {
                    corpus(b)
                        .iter()
                        .map(|c| {
                            let outcome = run_case(c);
                            (
                                c.label(),
                                c.not_compared.is_empty(),
                                c.known_failure.clone(),
                                outcome,
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    eprintln!("\ndump oracle, per file:");
    for (label, _, known, outcome) in &results {
        match (outcome, known) {
            (Outcome::Passed, None) => eprintln!("  {label:<40} passed"),
            (Outcome::Passed, Some(_)) => {
                eprintln!("  {label:<40} passed, but listed as a known failure")
            }
            (Outcome::LoudAsExpected, _) => eprintln!("  {label:<40} loud as expected"),
            (Outcome::NotForThisServer(why), _) => eprintln!("  {label:<40} {why}"),
            (Outcome::Failed(why), Some(k)) => {
                eprintln!("  {label:<40} known failure ({k}): {why}")
            }
            (Outcome::Failed(why), None) => eprintln!("  {label:<40} FAILED: {why}"),
        }
    }
    results
}

/// The corpus files stillhead carries round-trip, and the `not-compared`
/// files make check and autogenerate fail (exit 3) naming each of their
/// fragments (README "Never silent"). One run of the corpus for both.
#[test]
fn every_corpus_file_round_trips_or_fails_loudly() {
    let failed: Vec<String> = run_corpus()
        .into_iter()
        .filter_map(
            |(label, round_trip, known, outcome)| match (outcome, known) {
                (Outcome::Failed(why), None) => Some(format!("{label}: {why}")),
                (Outcome::Failed(why), Some(_)) if !round_trip => Some(format!("{label}: {why}")),
                (Outcome::Passed, Some(k)) => Some(format!(
                    "{label} passes now: remove its `-- oracle: known-failure {k}` line"
                )),
                _ => None,
            },
        )
        .collect();
    assert!(failed.is_empty(), "FAILED:\n{}", failed.join("\n\n"));
}

/// The catalog fingerprint that stands in for `pg_dump` on PostgreSQL 17
/// and later (`common/pg_catalog.rs`) is equal for one schema loaded twice
/// and sees each of these one-fact changes, on whichever server the run
/// targets (so the default run checks it on 15 too).
#[test]
fn the_catalog_fingerprint_sees_each_difference() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let base = "CREATE SCHEMA side;
        CREATE TYPE mood AS ENUM ('calm', 'busy');
        CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
        CREATE TABLE t (
            id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name text NOT NULL DEFAULT 'x' COLLATE \"C\",
            feel mood,
            n positive,
            twice integer GENERATED ALWAYS AS (id * 2) STORED,
            CONSTRAINT name_long CHECK (length(name) > 1)
        );
        CREATE TABLE u (id serial PRIMARY KEY, t_id integer REFERENCES t (id) ON DELETE CASCADE);
        CREATE UNIQUE INDEX t_name ON t (name) WHERE id > 0;
        CREATE VIEW v AS SELECT id, name FROM t;
        CREATE SEQUENCE side.s INCREMENT 2;
        COMMENT ON TABLE t IS 'the t';
        CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
        CREATE POLICY p ON t TO pg_monitor USING (id > 0);
        COMMENT ON POLICY p ON t IS 'the p';
        CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
        CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();
        COMMENT ON TRIGGER tg ON t IS 'the tg';";
    let changes = [
        ("'x'", "'y'"),
        ("name text", "name varchar(20)"),
        ("name text NOT NULL", "name text"),
        ("('calm', 'busy')", "('busy', 'calm')"),
        ("VALUE > 0", "VALUE > 1"),
        ("BY DEFAULT", "ALWAYS"),
        (" COLLATE \"C\"", ""),
        ("id * 2", "id * 3"),
        ("length(name) > 1", "length(name) > 2"),
        ("ON DELETE CASCADE", "ON DELETE RESTRICT"),
        ("WHERE id > 0", "WHERE id > 1"),
        ("SELECT id, name FROM t", "SELECT name, id FROM t"),
        ("INCREMENT 2", "INCREMENT 3"),
        ("'the t'", "'a t'"),
        ("'SELECT 1'", "'SELECT 2'"),
        ("TO pg_monitor", "TO pg_signal_backend"),
        ("'the p'", "'a p'"),
        ("'the tg'", "'a tg'"),
        (
            "feel mood,\n            n positive,",
            "n positive,\n            feel mood,",
        ),
        (
            "CREATE SCHEMA side;",
            "CREATE SCHEMA side; CREATE SCHEMA other;",
        ),
    ];
    let print = |sql: &str| -> Vec<String> {
        let p = reference(Backend::Postgres, sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
        common::pg_catalog::fingerprint(&p.db.url)
    };
    let expected = print(base);
    assert_eq!(print(base), expected, "one schema loaded twice");
    for (from, to) in changes {
        assert!(base.contains(from), "{from:?} is not in the base schema");
        let changed = print(&base.replacen(from, to, 1));
        assert!(
            dump_difference(&expected, &changed).is_some(),
            "the fingerprint does not see {from:?} become {to:?}:\n{}",
            expected.join("\n")
        );
    }
}

/// Two real applications' PostgreSQL schemas (Zabbix's and MediaWiki's,
/// taken from Debian's packages at test time: `public_schemas.rs`)
/// round-trip as a corpus file does, (a) to (e). A schema that cannot be
/// had fails the test naming why: it is never skipped unseen.
#[test]
fn public_application_schemas_round_trip() {
    let mut failed = Vec::new();
    let wanted = std::env::var("STILLHEAD_PUBLIC_SCHEMAS").ok();
    for backend in Backend::all() {
        let database = match backend {
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
            Backend::Sqlite => "sqlite",
        };
        if wanted
            .as_deref()
            .is_some_and(|w| !w.split(',').any(|d| d == database))
        {
            continue;
        }
        let schemas = public_schemas::for_database(database)
            .unwrap_or_else(|e| panic!("the public schemas could not be had: {e}"));
        for schema in schemas {
            round_trip_public(backend, schema, &mut failed);
        }
    }
    assert!(failed.is_empty(), "FAILED:\n{}", failed.join("\n\n"));
}

/// One public schema through (a) to (e), its time printed.
fn round_trip_public(
    backend: Backend,
    schema: public_schemas::PublicSchema,
    failed: &mut Vec<String>,
) {
    {
        let case = Case {
            backend,
            file: format!("{} ({})", schema.name, schema.source),
            declared: schema.text.clone(),
            text: schema.text,
            not_compared: schema.not_compared,
            known_failure: None,
            since_postgres: None,
        };
        let started = std::time::Instant::now();
        let label = case.label();
        match run_case(&case) {
            Outcome::Passed => eprintln!("  {label} passed in {:.1?}", started.elapsed()),
            Outcome::Failed(why) => failed.push(format!("{label}: {why}")),
            Outcome::LoudAsExpected if !case.not_compared.is_empty() => {
                eprintln!("  {label} loud as expected in {:.1?}", started.elapsed())
            }
            Outcome::LoudAsExpected | Outcome::NotForThisServer(_) => {
                failed.push(format!("{label}: neither passed nor failed"))
            }
        }
    }
}

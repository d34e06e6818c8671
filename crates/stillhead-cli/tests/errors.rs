//! Bad input: every case gets a one-paragraph message naming the file, line,
//! revision or object, exit code 1, and never a panic.

mod common;

use common::{ab_chain, mig, project_on, Backend, Project};

fn project(files: &[(&str, String)]) -> Project {
    project_on(Backend::Sqlite, files)
}

#[test]
fn malformed_header_names_file_and_line() {
    let p = project(&ab_chain());
    p.write("003_c.sql", "-- revision: 003_c\n-- revises: 002_b\n-- transaction: sometimes\n\n-- +upgrade\nSELECT 1;\n");
    let err = p.fails(&["upgrade", "head"]);
    assert!(err.contains("003_c.sql:3"), "{err}");
    assert!(err.contains("sometimes"), "{err}");
}

#[test]
fn unknown_header_key_names_file_line_and_key() {
    let p = project(&ab_chain());
    p.write(
        "003_c.sql",
        "-- revision: 003_c\n-- revises: 002_b\n-- tag: orders\n\n-- +upgrade\nSELECT 1;\n",
    );
    let err = p.fails(&["history"]);
    assert!(err.contains("003_c.sql:3"), "{err}");
    assert!(err.contains("\"tag\""), "{err}");
    assert!(
        err.contains("tags"),
        "the message lists the known keys: {err}"
    );
}

#[test]
fn missing_revision_key() {
    let p = project(&ab_chain());
    p.write(
        "003_c.sql",
        "-- revises: 002_b\n-- message: no id\n\n-- +upgrade\nSELECT 1;\n",
    );
    let err = p.fails(&["heads"]);
    assert!(err.contains("003_c.sql"), "{err}");
    assert!(err.contains("revision"), "{err}");
}

#[test]
fn duplicate_id_names_both_files() {
    let p = project(&ab_chain());
    p.write(
        "002_copy.sql",
        &mig("002_b", "001_a", "SELECT 1;", Some("")),
    );
    let err = p.fails(&["upgrade", "head"]);
    assert!(
        err.contains("002_b.sql") && err.contains("002_copy.sql"),
        "{err}"
    );
    assert!(err.contains("002_b"), "{err}");
}

#[test]
fn dangling_revises_names_the_missing_parent() {
    let p = project(&ab_chain());
    p.write("003_c.sql", &mig("003_c", "002_x", "SELECT 1;", Some("")));
    let err = p.fails(&["upgrade", "head"]);
    assert!(err.contains("003_c.sql") && err.contains("002_x"), "{err}");
}

#[test]
fn cycle_names_the_revisions() {
    let p = project(&[
        ("001_a.sql", mig("001_a", "", "SELECT 1;", Some(""))),
        ("002_b.sql", mig("002_b", "003_c", "SELECT 1;", Some(""))),
        ("003_c.sql", mig("003_c", "002_b", "SELECT 1;", Some(""))),
    ]);
    let err = p.fails(&["history"]);
    assert!(err.contains("cycle"), "{err}");
    assert!(err.contains("002_b") && err.contains("003_c"), "{err}");
}

#[test]
fn unknown_target() {
    let p = project(&ab_chain());
    let err = p.fails(&["upgrade", "999_nope"]);
    assert!(err.contains("999_nope"), "{err}");
}

#[test]
fn ambiguous_prefix_lists_candidates() {
    let p = project(&ab_chain());
    let err = p.fails(&["upgrade", "00"]);
    assert!(err.contains("001_a") && err.contains("002_b"), "{err}");
}

#[test]
fn multiple_heads_are_explained() {
    for backend in Backend::all() {
        let p = project_on(backend, &ab_chain());
        p.write(
            "002_other.sql",
            &mig(
                "002_other",
                "001_a",
                "CREATE TABLE o (id INTEGER);",
                Some("DROP TABLE o;"),
            ),
        );
        let err = p.fails(&["upgrade", "head"]);
        assert!(err.contains("002_b") && err.contains("002_other"), "{err}");
        assert!(err.contains("merge"), "{err}");
        // The fix the message suggests works.
        let out = p.ok(&["merge", "-m", "merge heads"]);
        assert!(out.trim().ends_with("_merge_heads.sql"), "{out}");
        p.ok(&["upgrade", "head"]);
        assert_eq!(p.applied().len(), 4);
    }
}

#[test]
fn downgrade_past_irreversible_is_refused() {
    for backend in Backend::all() {
        let mut files = ab_chain();
        files.push((
            "003_c.sql",
            mig("003_c", "002_b", "CREATE TABLE c (id INTEGER);", None),
        ));
        let p = project_on(backend, &files);
        p.ok(&["upgrade", "head"]);
        let err = p.fails(&["downgrade", "base"]);
        assert!(
            err.contains("003_c") && err.contains("irreversible"),
            "{err}"
        );
        assert_eq!(p.applied().len(), 3, "nothing was reverted");
    }
}

#[test]
fn failing_statement_shows_revision_statement_and_message() {
    for backend in Backend::all().into_iter().filter(|b| *b != Backend::Mysql) {
        let mut files = ab_chain();
        files.push((
            "003_c.sql",
            mig(
                "003_c",
                "002_b",
                "CREATE TABLE c (id INTEGER);\nALTER TABLE nowhere ADD COLUMN x INTEGER;",
                Some("DROP TABLE c;"),
            ),
        ));
        let p = project_on(backend, &files);
        p.ok(&["upgrade", "002_b"]);
        let err = p.fails(&["upgrade", "head"]);
        assert!(err.contains("003_c"), "{err}");
        assert!(err.contains("statement 2"), "{err}");
        assert!(err.contains("003_c.sql:7"), "{err}");
        assert!(err.contains("nowhere"), "{err}");
        assert!(err.contains("remains at 002_b"), "{err}");
        // Nothing of 003 was kept; the state says 002_b, truthfully.
        assert_eq!(p.applied(), ["001_a", "002_b"]);
        assert!(!p.has_table("c"));
    }
}

#[test]
fn sql_files_not_read_are_named_and_hidden_files_are_not_read() {
    let p = project(&ab_chain());
    // Not read, and said so: another case, and a folder inside.
    p.write(
        "003_c.SQL",
        &mig("003_c", "002_b", "CREATE TABLE c (id INTEGER);", None),
    );
    std::fs::create_dir_all(p.path().join("migrations/old/2024")).unwrap();
    std::fs::write(p.path().join("migrations/old/2024/000_x.sql"), "junk").unwrap();
    // Never read: an editor's lock, macOS metadata, a hidden copy.
    p.write(".#001_a.sql", "junk");
    p.write("._001_a.sql", "\0\u{1}Mac OS X");
    p.write(".001_a.sql", &mig("001_a", "", "SELECT 1;", None));
    let (code, out, err) = p.run(&["upgrade", "head"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("now at 002_b"), "{out}");
    assert!(
        err.contains(
            "003_c.SQL is not read as a migration: only names ending in lower-case `.sql` are"
        ),
        "{err}"
    );
    assert!(
        err.contains("migrations/old holds .sql files (")
            && err.contains("000_x.sql …) that are not read as migrations"),
        "{err}"
    );
    assert!(
        !err.contains(".#001_a") && !err.contains("._001_a"),
        "{err}"
    );
}

#[test]
fn edited_applied_migration_is_refused_and_listed_by_verify() {
    for backend in Backend::all() {
        let p = project_on(backend, &ab_chain());
        p.ok(&["upgrade", "head"]);
        p.write(
            "002_b.sql",
            &mig(
                "002_b",
                "001_a",
                "CREATE TABLE b (id INTEGER PRIMARY KEY, x TEXT);",
                Some("DROP TABLE b;"),
            ),
        );
        p.write(
            "003_c.sql",
            &mig(
                "003_c",
                "002_b",
                "CREATE TABLE c (id INTEGER);",
                Some("DROP TABLE c;"),
            ),
        );
        let err = p.fails(&["upgrade", "head"]);
        assert!(
            err.contains("002_b") && err.contains("002_b.sql") && err.contains("edited"),
            "{err}"
        );
        let (code, out, _) = p.run(&["verify"]);
        assert_eq!(code, 3, "{out}");
        assert!(out.contains("edited") && out.contains("002_b"), "{out}");
        p.ok(&["verify", "--accept", "002_b"]);
        p.ok(&["upgrade", "head"]);
    }
}

#[test]
fn unreadable_config() {
    let p = project(&ab_chain());
    let err = p.fails(&["--config", "nope.toml", "current"]);
    assert!(err.contains("nope.toml"), "{err}");
    std::fs::write(p.path().join("stillhead.toml"), "[database\nurl = 1\n").unwrap();
    let err = p.fails(&["current"]);
    assert!(
        err.contains("stillhead.toml") && err.contains("line 1"),
        "{err}"
    );
    std::fs::write(
        p.path().join("stillhead.toml"),
        "[migrations]\ndirectory = \"m\"\n",
    )
    .unwrap();
    let err = p.fails(&["current"]);
    assert!(err.contains("directory"), "{err}");
}

#[test]
fn unreachable_database() {
    let p = project(&ab_chain());
    let err = p.fails(&["--url", "sqlite:///nonexistent/dir/x.db", "upgrade", "head"]);
    assert!(
        err.contains("cannot connect to sqlite:///nonexistent/dir/x.db"),
        "{err}"
    );
    let err = p.fails(&["--url", "oracle://scott:tiger@db/x", "current"]);
    assert!(err.contains("unknown scheme"), "{err}");
    assert!(!err.contains("tiger"), "password leaked: {err}");
}

#[test]
fn passwords_never_appear() {
    let p = project(&ab_chain());
    let (_, out, err) = p.run(&[
        "--url",
        "postgres://app:s3cr3t-pw@127.0.0.1:1/db",
        "upgrade",
        "head",
    ]);
    assert!(
        !out.contains("s3cr3t-pw") && !err.contains("s3cr3t-pw"),
        "{out}{err}"
    );
    assert!(err.contains("app:***@"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let p = project(&ab_chain());
    let (code, _, err) = p.run(&["upgrade", "--bogus"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = p.run(&["downgrade"]);
    assert_eq!(code, 2);
}

#[test]
fn no_url_configured() {
    let p = project(&ab_chain());
    std::fs::write(p.path().join("stillhead.toml"), "").unwrap();
    let err = p.fails(&["upgrade", "head"]);
    assert!(err.contains("DATABASE_URL"), "{err}");
}

#[test]
fn lock_timeout_is_bounded_and_explained() {
    let p = project(&ab_chain());
    std::fs::write(
        p.path().join("stillhead.toml"),
        "[database]\nurl = \"sqlite://test.db\"\n[migrations]\nlock_timeout = \"300ms\"\n",
    )
    .unwrap();
    // Another connection holds the write lock for the whole attempt.
    let holder = p.sqlite("test.db");
    holder
        .execute_batch("BEGIN IMMEDIATE; CREATE TABLE other (x INTEGER);")
        .unwrap();
    let started = std::time::Instant::now();
    let err = p.fails(&["upgrade", "head"]);
    assert!(
        err.contains("timed out after 300") && err.contains("write lock on sqlite://"),
        "{err}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    holder.execute_batch("ROLLBACK").unwrap();
    p.ok(&["upgrade", "head"]);
}

//! Switching from another tool: `adopt` reads the history table the tool
//! left in the database, records the same applied set in stillhead's state
//! table, refuses failed or dirty records and ambiguous tables, and leaves
//! the other table alone unless asked.

mod common;

use common::*;
use stillhead_testkit::alembic;

/// Three stillhead migrations with Alembic-style ids, as `import alembic`
/// writes them.
fn alembic_like(backend: Backend) -> Project {
    let p = Project::on(
        backend,
        &[
            (
                "a1.sql",
                mig(
                    "a1",
                    "",
                    "CREATE TABLE t1 (id INTEGER PRIMARY KEY);",
                    Some("DROP TABLE t1;"),
                )
                .as_str(),
            ),
            (
                "b2.sql",
                mig(
                    "b2",
                    "a1",
                    "CREATE TABLE t2 (id INTEGER PRIMARY KEY);",
                    Some("DROP TABLE t2;"),
                )
                .as_str(),
            ),
            (
                "c3.sql",
                mig(
                    "c3",
                    "b2",
                    "CREATE TABLE t3 (id INTEGER PRIMARY KEY);",
                    Some("DROP TABLE t3;"),
                )
                .as_str(),
            ),
        ],
    );
    // What Alembic itself did: the first two, and its table.
    for sql in [
        "CREATE TABLE t1 (id INTEGER PRIMARY KEY)",
        "CREATE TABLE t2 (id INTEGER PRIMARY KEY)",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
        "INSERT INTO alembic_version (version_num) VALUES ('b2')",
    ] {
        exec(&p, sql);
    }
    p
}

/// Runs SQL on the project's database, creating a SQLite file if needed
/// (as the other tool did).
fn exec(p: &Project, sql: &str) {
    match p.backend() {
        Backend::Sqlite => p.sqlite("test.db").execute_batch(sql).unwrap(),
        _ => {
            p.query(sql);
        }
    }
}

#[test]
fn alembic_history_is_adopted_and_the_run_continues_where_it_stands() {
    for backend in Backend::all() {
        let at = backend.name();
        let p = alembic_like(backend);
        let out = p.ok(&["adopt"]);
        assert!(
            out.contains("Adopted 2 revisions from alembic_version"),
            "[{at}] {out}"
        );
        assert_eq!(p.applied(), ["a1", "b2"], "[{at}]");
        let log = p.log();
        assert!(
            log.iter().all(|(_, action, _)| action == "adopt"),
            "[{at}] {log:?}"
        );
        assert!(p.has_table("alembic_version"), "[{at}] left as it was");
        // Adopting again changes nothing.
        assert!(
            p.ok(&["adopt", "alembic"]).contains("nothing to do"),
            "[{at}]"
        );
        let up = p.ok(&["upgrade", "head"]);
        assert!(
            up.contains("c3") && !up.contains("a1"),
            "[{at}] only c3 runs: {up}"
        );
        assert_eq!(p.applied(), ["a1", "b2", "c3"], "[{at}]");
    }
}

#[test]
fn adopt_refuses_ambiguous_dirty_and_unknown_history_and_drops_only_when_asked() {
    let p = alembic_like(Backend::Sqlite);
    // A second tool's table too: which one is meant?
    exec(&p, "CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL)");
    exec(&p, "INSERT INTO schema_migrations VALUES (2, 1)");
    let err = p.fails(&["adopt"]);
    assert!(
        err.contains("several tools")
            && err.contains("alembic_version")
            && err.contains("schema_migrations (golang-migrate)"),
        "{err}"
    );
    // Its dirty column makes it golang-migrate's, never dbmate's: read as
    // dbmate's, its one row would leave the versions below unrecorded.
    assert!(!err.contains("(dbmate)"), "{err}");
    let err = p.fails(&["adopt", "dbmate"]);
    assert!(
        err.contains("golang-migrate's table") && err.contains("stillhead adopt golang-migrate"),
        "{err}"
    );
    assert!(p.applied().is_empty());
    // golang-migrate's record is dirty: refused, nothing recorded.
    let err = p.fails(&["adopt", "golang-migrate"]);
    assert!(
        err.contains("dirty at version 2") && err.contains("migrate force"),
        "{err}"
    );
    assert!(p.applied().is_empty());
    // A version no file defines.
    exec(&p, "UPDATE alembic_version SET version_num = 'zz9'");
    let err = p.fails(&["adopt", "alembic"]);
    assert!(
        err.contains("zz9") && err.contains("import the migrations first"),
        "{err}"
    );
    assert!(p.applied().is_empty());
    exec(&p, "UPDATE alembic_version SET version_num = 'b2'");
    p.ok(&["adopt", "alembic", "--drop-source-table"]);
    assert!(!p.has_table("alembic_version"));
    assert_eq!(p.applied(), ["a1", "b2"]);
    // stillhead records something now: adopting another record is refused.
    exec(
        &p,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES ('c3')",
    );
    let err = p.fails(&["adopt", "alembic"]);
    assert!(
        err.contains("already records 2 revision(s)") && err.contains("stamp --purge"),
        "{err}"
    );
    assert_eq!(p.applied(), ["a1", "b2"]);
}

/// The revisions of a small Alembic project with a branch and a merge:
/// `(id, down_revisions, upgrade body, downgrade body)`.
const ALEMBIC_REVISIONS: &[(&str, &str, &str, &str)] = &[
    (
        "a1c0ffee0001",
        "None",
        "op.create_table('users', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(50), nullable=False))",
        "op.drop_table('users')",
    ),
    (
        "b2c0ffee0002",
        "'a1c0ffee0001'",
        "op.create_table('posts', sa.Column('id', sa.Integer, primary_key=True), sa.Column('user_id', sa.Integer, sa.ForeignKey('users.id')), sa.Column('title', sa.String(200)))",
        "op.drop_table('posts')",
    ),
    (
        "c3c0ffee0003",
        "'a1c0ffee0001'",
        "op.add_column('users', sa.Column('email', sa.String(100)))",
        "with op.batch_alter_table('users') as b:\n        b.drop_column('email')",
    ),
    (
        "d4c0ffee0004",
        "('b2c0ffee0002', 'c3c0ffee0003')",
        "op.create_index('ix_posts_title', 'posts', ['title'])",
        "op.drop_index('ix_posts_title', table_name='posts')",
    ),
    (
        "e5c0ffee0005",
        "'d4c0ffee0004'",
        "op.add_column('posts', sa.Column('body', sa.Text))",
        "with op.batch_alter_table('posts') as b:\n        b.drop_column('body')",
    ),
];

/// An Alembic project (made by `alembic init`) in `dir`, migrating `url`.
fn alembic_project(dir: &std::path::Path, url: &str) {
    let python = alembic::python();
    alembic::run(
        std::process::Command::new(&python)
            .args(["-m", "alembic", "init", "alembic"])
            .current_dir(dir),
    );
    let ini = dir.join("alembic.ini");
    let text: String = std::fs::read_to_string(&ini)
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("sqlalchemy.url") {
                format!("sqlalchemy.url = {url}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&ini, text).unwrap();
    for (id, down, up, back) in ALEMBIC_REVISIONS {
        std::fs::write(
            dir.join("alembic/versions").join(format!("{id}_step.py")),
            format!(
                "\"\"\"step {id}\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    {up}\n\n\ndef downgrade():\n    {back}\n"
            ),
        )
        .unwrap();
    }
}

fn alembic(dir: &std::path::Path, args: &[&str]) {
    alembic::run(
        std::process::Command::new(alembic::python())
            .args(["-m", "alembic"])
            .args(args)
            .current_dir(dir),
    );
}

/// The URL Alembic (SQLAlchemy) needs for a test database.
fn sqlalchemy_url(p: &Project) -> String {
    match p.backend() {
        Backend::Sqlite => format!("sqlite:///{}", p.path().join("test.db").display()),
        _ => {
            p.db.url
                .replacen("postgres://", "postgresql+psycopg2://", 1)
        }
    }
}

#[test]
fn an_alembic_project_migrated_halfway_is_imported_adopted_and_finished() {
    for backend in Backend::all().into_iter().filter(|b| *b != Backend::Mysql) {
        let at = backend.name();
        // Alembic alone, all the way: the reference.
        let reference = Project::on(backend, &[]);
        let ref_dir = tempfile::tempdir().unwrap();
        alembic_project(ref_dir.path(), &sqlalchemy_url(&reference));
        alembic(ref_dir.path(), &["upgrade", "heads"]);

        // Alembic halfway (one branch), then stillhead.
        let p = Project::on(backend, &[]);
        let alembic_dir = tempfile::tempdir().unwrap();
        alembic_project(alembic_dir.path(), &sqlalchemy_url(&p));
        alembic(alembic_dir.path(), &["upgrade", "b2c0ffee0002"]);
        let ini = alembic_dir.path().join("alembic.ini");
        let python = alembic::python();
        let imported = p
            .cmd()
            .env("STILLHEAD_PYTHON", &python)
            .args(["import", "alembic", "--config", ini.to_str().unwrap()])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&imported.stdout);
        assert!(
            imported.status.success(),
            "[{at}] {out}{}",
            String::from_utf8_lossy(&imported.stderr)
        );
        assert!(
            out.contains("Imported 5 migrations from alembic"),
            "[{at}] {out}"
        );
        let merge = std::fs::read_to_string(p.path().join("migrations/d4c0ffee0004.sql")).unwrap();
        assert!(
            merge.contains("-- revises: b2c0ffee0002, c3c0ffee0003"),
            "{merge}"
        );
        assert!(
            merge.contains("CREATE INDEX ix_posts_title ON posts (title)"),
            "{merge}"
        );
        assert!(!merge.contains("alembic_version"), "{merge}");

        let adopted = p.ok(&["adopt"]);
        assert!(
            adopted.contains("Adopted 2 revisions from alembic_version"),
            "[{at}] {adopted}"
        );
        let up = p.ok(&["upgrade", "head"]);
        assert!(up.contains("Applied 3 migrations"), "[{at}] {up}");
        if backend == Backend::Sqlite {
            // Alembic's SQLite batch downgrades need a live connection, so
            // the import could not produce them: downgrading past each is
            // refused, naming it, until a person writes the part.
            for (id, table, column) in [
                ("e5c0ffee0005", "posts", "body"),
                ("c3c0ffee0003", "users", "email"),
            ] {
                let err = p.fails(&["downgrade", "base"]);
                assert!(
                    err.contains(&format!("{id}.sql:"))
                        && err.contains("-- stillhead-import: TODO"),
                    "{err}"
                );
                let path = p.path().join(format!("migrations/{id}.sql"));
                let by_hand: String = std::fs::read_to_string(&path)
                    .unwrap()
                    .lines()
                    .map(|l| match l.starts_with("-- stillhead-import: TODO") {
                        true => format!("ALTER TABLE {table} DROP COLUMN {column};\n"),
                        false => format!("{l}\n"),
                    })
                    .collect();
                std::fs::write(&path, by_hand).unwrap();
            }
        }
        // The imported downgrades run, and the upgrades again.
        p.ok(&["downgrade", "base"]);
        assert!(!p.has_table("users") && !p.has_table("posts"), "[{at}]");
        p.ok(&["upgrade", "head"]);
        assert_eq!(
            p.user_schema(&["alembic_version", "__diesel_schema_migrations"]),
            reference.user_schema(&["alembic_version", "__diesel_schema_migrations"]),
            "[{at}] the schema Alembic alone makes"
        );
    }
}

/// A diesel project of 300 migrations (and diesel's own initial setup), in
/// diesel's layout: `VERSION_NAME/up.sql` and `down.sql`.
fn diesel_project(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut ups = Vec::new();
    let setup = dir.join("00000000000000_diesel_initial_setup");
    std::fs::create_dir_all(&setup).unwrap();
    std::fs::write(
        setup.join("up.sql"),
        "-- This file was automatically created by Diesel to setup helper functions\n\
         CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$\n\
         BEGIN\n    EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s\n\
         FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', _tbl);\nEND;\n$$ LANGUAGE plpgsql;\n\n\
         CREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$\n\
         BEGIN\n    IF (NEW IS DISTINCT FROM OLD AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) THEN\n\
         NEW.updated_at := current_timestamp;\n    END IF;\n    RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n",
    )
    .unwrap();
    std::fs::write(
        setup.join("down.sql"),
        "DROP FUNCTION IF EXISTS diesel_manage_updated_at(_tbl regclass);\nDROP FUNCTION IF EXISTS diesel_set_updated_at();\n",
    )
    .unwrap();
    ups.push(setup.join("up.sql"));
    for n in 1..=300u32 {
        // A day each, from 2021-01-02: valid dates that sort as text.
        let (month, day) = (1 + n / 28, 1 + n % 28);
        let base = n - (n - 1) % 5;
        let (name, up, down) = if (n - 1) % 5 == 0 {
            (
                format!("create_t{n}"),
                format!("CREATE TABLE t{n} (\n    id SERIAL PRIMARY KEY,\n    name TEXT NOT NULL,\n    updated_at TIMESTAMP NOT NULL DEFAULT now()\n);\nSELECT diesel_manage_updated_at('t{n}');\n"),
                format!("DROP TABLE t{n};\n"),
            )
        } else if n % 7 == 0 {
            (
                format!("index_t{base}_{n}"),
                format!("ALTER TABLE t{base} ADD COLUMN c{n} INTEGER NOT NULL DEFAULT {n};\nCREATE INDEX t{base}_c{n}_idx ON t{base} (c{n});\n"),
                format!("DROP INDEX t{base}_c{n}_idx;\nALTER TABLE t{base} DROP COLUMN c{n};\n"),
            )
        } else if n % 11 == 0 {
            (
                format!("seed_t{base}_{n}"),
                format!("INSERT INTO t{base} (name) VALUES ('seed {n}');\n"),
                format!("DELETE FROM t{base} WHERE name = 'seed {n}';\n"),
            )
        } else {
            (
                format!("add_c{n}_to_t{base}"),
                format!("ALTER TABLE t{base} ADD COLUMN c{n} VARCHAR(40);\n"),
                format!("ALTER TABLE t{base} DROP COLUMN c{n};\n"),
            )
        };
        let folder = dir.join(format!("2021-{month:02}-{day:02}-120000_{name}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), up).unwrap();
        std::fs::write(folder.join("down.sql"), down).unwrap();
        ups.push(folder.join("up.sql"));
    }
    ups
}

/// Runs these files with psql, in order, in one session (what applying
/// every `up.sql` with psql does).
fn psql_files(url: &str, files: &[std::path::PathBuf]) {
    let script: String = files
        .iter()
        .map(|f| format!("\\i {}\n", f.display()))
        .collect();
    let list = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(list.path(), script).unwrap();
    let out = std::process::Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f"])
        .arg(list.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "psql: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The version diesel records for a migration folder: the name before the
/// first `_`, without its dashes.
fn diesel_version(folder: &std::path::Path) -> String {
    let name = folder.file_name().unwrap().to_str().unwrap();
    name.split('_').next().unwrap().replace('-', "")
}

#[test]
fn a_300_migration_diesel_project_is_imported_adopted_and_finished_as_psql_would() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let fixture = tempfile::tempdir().unwrap();
    let ups = diesel_project(fixture.path());
    // Every up.sql with psql: the reference.
    let reference = Project::on(Backend::Postgres, &[]);
    psql_files(&reference.db.url, &ups);

    // diesel ran the first 150, and recorded them as diesel does.
    let p = Project::on(Backend::Postgres, &[]);
    psql_files(&p.db.url, &ups[..151]);
    exec(&p, "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
    let values: Vec<String> = ups[..151]
        .iter()
        .map(|up| format!("('{}')", diesel_version(up.parent().unwrap())))
        .collect();
    exec(
        &p,
        &format!(
            "INSERT INTO __diesel_schema_migrations (version) VALUES {}",
            values.join(", ")
        ),
    );

    let started = std::time::Instant::now();
    let out = p.ok(&["import", "diesel", fixture.path().to_str().unwrap()]);
    eprintln!(
        "import diesel, 301 migrations: {:?} (the CLI's whole run)",
        started.elapsed()
    );
    assert!(out.contains("Imported 301 migrations from diesel"), "{out}");
    let adopted = p.ok(&["adopt"]);
    assert!(
        adopted.contains("Adopted 151 revisions from __diesel_schema_migrations"),
        "{adopted}"
    );
    let up = p.ok(&["upgrade", "head"]);
    assert!(up.contains("Applied 150 migrations"), "{up}");
    assert_eq!(
        p.user_schema(&["alembic_version", "__diesel_schema_migrations"]),
        reference.user_schema(&["alembic_version", "__diesel_schema_migrations"]),
        "the schema psql makes"
    );
    // The rows diesel's migrations seeded are there once each.
    assert_eq!(
        p.query("SELECT count(*)::text FROM t1 WHERE name LIKE 'seed %'"),
        reference.query("SELECT count(*)::text FROM t1 WHERE name LIKE 'seed %'")
    );
}

/// A golang-migrate migration for MySQL holding a procedure without the
/// client's `DELIMITER` (golang-migrate sends a file as one multi-statement
/// query, which the server reads as `BEGIN … END`) is imported as the
/// server would split it, with no TODO; it applies, the procedure works,
/// and it reverts. Before, it was cut at the first `;` of the body.
#[test]
fn a_golang_migrate_procedure_without_delimiter_is_split_as_the_server_reads_it() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let p = Project::on(Backend::Mysql, &[]);
    let source = p.path().join("gm");
    std::fs::create_dir_all(&source).unwrap();
    std::fs::write(
        source.join("1_init.up.sql"),
        "CREATE TABLE users (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(50));\n\
         CREATE PROCEDURE add_user(IN n VARCHAR(50))\nBEGIN\n  DECLARE c INT;\n  \
         SELECT count(*) INTO c FROM users;\n  IF c < 10 THEN\n    INSERT INTO users (name) VALUES (n);\n  \
         END IF;\nEND;\n",
    )
    .unwrap();
    std::fs::write(
        source.join("1_init.down.sql"),
        "DROP PROCEDURE add_user;\nDROP TABLE users;\n",
    )
    .unwrap();
    p.ok(&["import", "golang-migrate", source.to_str().unwrap()]);
    let file = std::fs::read_to_string(p.path().join("migrations/1.sql")).unwrap();
    assert!(!file.contains("TODO"), "{file}");
    p.ok(&["upgrade", "head"]);
    p.query("CALL add_user('ada')");
    let names = p.query("SELECT name FROM users");
    assert_eq!(names, [[stillhead::Value::Text("ada".into())]]);
    p.ok(&["downgrade", "base"]);
    let left = p.query(
        "SELECT count(*) FROM information_schema.routines WHERE routine_schema = DATABASE()",
    );
    assert_eq!(left, [[stillhead::Value::Integer(0)]]);
}

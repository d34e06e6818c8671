//! Switching from sqlx, Flyway, golang-migrate and dbmate on PostgreSQL, end
//! to end: a folder in each tool's own layout is imported (`stillhead import
//! TOOL PATH`); a database the tool migrated halfway (its SQL run with psql,
//! its history table made exactly as the tool makes it on PostgreSQL, with
//! the rows and checksums the tool writes) is adopted (`stillhead adopt`,
//! the tool told by its table); and `stillhead upgrade head` runs only the
//! rest. The schema is then the one the tool's own migrations make when all
//! of them run (the reference, built with psql), and the imported
//! downgrades run. The checksums here are computed with `sha384sum` and
//! Python's `zlib`, never with stillhead's code.
//!
//! Where each tool's history table comes from (checked against the tools'
//! sources):
//! - sqlx: sqlx-postgres `migrate.rs` `ensure_migrations_table` and
//!   `execute_migration` (`success` TRUE, `execution_time` in nanoseconds);
//! - Flyway: flyway-database-postgresql `PostgreSQLDatabase.getRawCreateScript`
//!   (the table is `"public"."flyway_schema_history"`) and
//!   `JdbcTableSchemaHistory.doAddAppliedMigration`; a repeatable's row has
//!   no version and type `SQL`;
//! - golang-migrate: `database/postgres/postgres.go` `ensureVersionTable` and
//!   `SetVersion` (TRUNCATE, then one row);
//! - dbmate: `pkg/driver/postgres/postgres.go` `CreateMigrationsTable` (since
//!   2.27 `version varchar primary key`, `varchar(128)` before) and
//!   `InsertMigration`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// One step of the schema every fixture builds (a small blog), written in
/// each tool's layout.
struct Step {
    name: &'static str,
    up: &'static str,
    down: &'static str,
    /// Holds `CREATE INDEX CONCURRENTLY`, which PostgreSQL runs only
    /// outside a transaction.
    concurrently: bool,
}

const STEPS: [Step; 10] = [
    Step {
        name: "create_users",
        up: "CREATE TABLE users (\n    id BIGSERIAL PRIMARY KEY,\n    email TEXT NOT NULL UNIQUE,\n    name TEXT NOT NULL\n);",
        down: "DROP TABLE users;",
        concurrently: false,
    },
    Step {
        name: "create_posts",
        up: "CREATE TABLE posts (\n    id BIGSERIAL PRIMARY KEY,\n    user_id BIGINT NOT NULL,\n    title TEXT NOT NULL,\n    body TEXT NOT NULL DEFAULT '',\n    created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);",
        down: "DROP TABLE posts;",
        concurrently: false,
    },
    Step {
        name: "add_posts_author_fk",
        up: "ALTER TABLE posts\n    ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;",
        down: "ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;",
        concurrently: false,
    },
    Step {
        name: "seed_users",
        up: "INSERT INTO users (email, name) VALUES\n    ('ada@example.com', 'Ada'),\n    ('alan@example.com', 'Alan');\nINSERT INTO posts (user_id, title)\n    SELECT id, 'Hello from ' || name FROM users;",
        down: "DELETE FROM posts;\nDELETE FROM users;",
        concurrently: false,
    },
    Step {
        name: "add_users_display_name",
        up: "ALTER TABLE users ADD COLUMN display_name TEXT;",
        down: "ALTER TABLE users DROP COLUMN display_name;",
        concurrently: false,
    },
    Step {
        name: "create_tags",
        up: "CREATE TABLE tags (\n    id SERIAL PRIMARY KEY,\n    name VARCHAR(40) NOT NULL UNIQUE\n);\nCREATE TABLE post_tags (\n    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,\n    tag_id INTEGER NOT NULL REFERENCES tags (id),\n    PRIMARY KEY (post_id, tag_id)\n);",
        down: "DROP TABLE post_tags;\nDROP TABLE tags;",
        concurrently: false,
    },
    Step {
        name: "index_posts_user_id",
        up: "CREATE INDEX CONCURRENTLY posts_user_id_idx ON posts (user_id);",
        down: "DROP INDEX CONCURRENTLY posts_user_id_idx;",
        concurrently: true,
    },
    Step {
        name: "seed_tags",
        up: "INSERT INTO tags (name) VALUES ('rust'), ('sql'), ('migrations');",
        down: "DELETE FROM tags WHERE name IN ('rust', 'sql', 'migrations');",
        concurrently: false,
    },
    Step {
        name: "create_comments",
        up: "CREATE TABLE comments (\n    id BIGSERIAL PRIMARY KEY,\n    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,\n    author_id BIGINT REFERENCES users (id),\n    body TEXT NOT NULL,\n    created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);\nCREATE INDEX comments_post_id_idx ON comments (post_id, created_at);",
        down: "DROP TABLE comments;",
        concurrently: false,
    },
    Step {
        name: "backfill_display_names",
        up: "UPDATE users SET display_name = name WHERE display_name IS NULL;\nALTER TABLE users ALTER COLUMN display_name SET NOT NULL;",
        down: "ALTER TABLE users ALTER COLUMN display_name DROP NOT NULL;",
        concurrently: false,
    },
];

/// How many migrations the tool itself ran before the switch.
const HALF: usize = 5;

/// A tool's migrations folder.
struct Fixture {
    dir: tempfile::TempDir,
    /// The up SQL alone, where the tool's file holds more (dbmate).
    up_dir: tempfile::TempDir,
    /// Every migration, in the tool's order.
    migrations: Vec<Migration>,
}

struct Migration {
    /// The version the tool records, which is the revision id.
    version: String,
    /// The description the tool records (sqlx, Flyway).
    description: String,
    /// The file the tool runs for the upgrade (and checksums).
    file: PathBuf,
    /// The up SQL alone, for psql.
    up: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
            up_dir: tempfile::tempdir().unwrap(),
            migrations: Vec::new(),
        }
    }

    fn path(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    /// Writes a file into the tool's folder.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// A migration whose up SQL is the whole of `file`.
    fn push(&mut self, version: String, step: &Step, file: PathBuf) {
        self.migrations.push(Migration {
            version,
            description: step.name.replace('_', " "),
            up: file.clone(),
            file,
        });
    }

    /// The revision ids of these migrations.
    fn ids(
        &self,
        range: impl std::slice::SliceIndex<[Migration], Output = [Migration]>,
    ) -> Vec<String> {
        self.migrations[range]
            .iter()
            .map(|m| m.version.clone())
            .collect()
    }

    /// The up files of these migrations, in order.
    fn ups(
        &self,
        range: impl std::slice::SliceIndex<[Migration], Output = [Migration]>,
    ) -> Vec<&Path> {
        self.migrations[range]
            .iter()
            .map(|m| m.up.as_path())
            .collect()
    }

    /// The imported file of a revision.
    fn imported(&self, p: &Project, id: &str) -> String {
        std::fs::read_to_string(p.path().join("migrations").join(format!("{id}.sql")))
            .unwrap_or_else(|e| panic!("{id}.sql was not imported: {e}"))
    }
}

/// sqlx (`sqlx migrate add -r`): `<VERSION>_<DESCRIPTION>.up.sql` and
/// `.down.sql`, versions as timestamps; the last one a simple, irreversible
/// `<VERSION>_<DESCRIPTION>.sql` (a data backfill); the concurrent index
/// marked `-- no-transaction` on its first line, as sqlx requires.
fn sqlx_folder() -> Fixture {
    let mut f = Fixture::new();
    for (i, step) in STEPS.iter().enumerate() {
        let version = format!("202401{:02}120000", i + 1);
        let (up_head, down_head) = if step.concurrently {
            ("-- no-transaction\n", "-- no-transaction\n")
        } else {
            (
                "-- Add up migration script here\n",
                "-- Add down migration script here\n",
            )
        };
        let file = if i + 1 < STEPS.len() {
            f.write(
                &format!("{version}_{}.down.sql", step.name),
                &format!("{down_head}{}\n", step.down),
            );
            f.write(
                &format!("{version}_{}.up.sql", step.name),
                &format!("{up_head}{}\n", step.up),
            )
        } else {
            f.write(
                &format!("{version}_{}.sql", step.name),
                &format!("-- Add migration script here\n{}\n", step.up),
            )
        };
        f.push(version, step, file);
    }
    f
}

/// The versions of the Flyway fixture: `V1_1` is version 1.1, and V10 (9 was
/// skipped) sorts after V8 as a number though before V2 as a name.
const FLYWAY_VERSIONS: [&str; 10] = ["1", "1_1", "2", "3", "4", "5", "6", "7", "8", "10"];

/// The Flyway fixture's repeatable migration, which Flyway runs after the
/// versioned ones whenever its checksum changes.
const FLYWAY_VIEWS: &str = "CREATE OR REPLACE VIEW post_authors AS\n    SELECT p.id AS post_id, p.title, u.name AS author\n    FROM posts p\n    JOIN users u ON u.id = p.user_id;\n";

/// Flyway: `V<version>__<description>.sql` with `U<version>__…` undo
/// scripts, and one repeatable `R__views.sql`.
fn flyway_folder() -> (Fixture, PathBuf) {
    let mut f = Fixture::new();
    for (step, v) in STEPS.iter().zip(FLYWAY_VERSIONS) {
        f.write(
            &format!("U{v}__{}.sql", step.name),
            &format!("{}\n", step.down),
        );
        let file = f.write(
            &format!("V{v}__{}.sql", step.name),
            &format!("{}\n", step.up),
        );
        f.push(v.replace('_', "."), step, file);
    }
    let views = f.write("R__views.sql", FLYWAY_VIEWS);
    (f, views)
}

/// golang-migrate (`migrate create -seq`): `000001_<title>.up.sql` and
/// `.down.sql`.
fn golang_migrate_folder() -> Fixture {
    let mut f = Fixture::new();
    for (i, step) in STEPS.iter().enumerate() {
        let n = i + 1;
        f.write(
            &format!("{n:06}_{}.down.sql", step.name),
            &format!("{}\n", step.down),
        );
        let file = f.write(
            &format!("{n:06}_{}.up.sql", step.name),
            &format!("{}\n", step.up),
        );
        f.push(n.to_string(), step, file);
    }
    f
}

/// dbmate (`dbmate new`): `<timestamp>_<name>.sql` with `-- migrate:up` and
/// `-- migrate:down`; the concurrent index with `transaction:false` on both.
fn dbmate_folder() -> Fixture {
    let mut f = Fixture::new();
    for (i, step) in STEPS.iter().enumerate() {
        let version = format!("202402{:02}093000", i + 1);
        let options = if step.concurrently {
            " transaction:false"
        } else {
            ""
        };
        let file = f.write(
            &format!("{version}_{}.sql", step.name),
            &format!(
                "-- migrate:up{options}\n{}\n\n-- migrate:down{options}\n{}\n\n",
                step.up, step.down
            ),
        );
        // What dbmate runs on the way up: the up block's text alone.
        let text = std::fs::read_to_string(&file).unwrap();
        let up: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("-- migrate:up"))
            .skip(1)
            .take_while(|l| !l.starts_with("-- migrate:down"))
            .collect();
        let up_file = f.up_dir.path().join(format!("{version}.up.sql"));
        std::fs::write(&up_file, up.join("\n")).unwrap();
        f.migrations.push(Migration {
            version,
            description: step.name.replace('_', " "),
            file,
            up: up_file,
        });
    }
    f
}

/// Runs these files, in order, in one psql session (each statement on its
/// own, as psql does: nothing is wrapped in a transaction).
fn psql(url: &str, files: &[&Path]) {
    let mut cmd = Command::new("psql");
    cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]);
    for f in files {
        cmd.arg("-f").arg(f);
    }
    let out = cmd.output().expect("psql must be installed");
    assert!(
        out.status.success(),
        "psql {files:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A database where every up migration of `fixture` (then `extra`) ran,
/// in the tool's order: what the tool alone makes.
fn reference(fixture: &Fixture, extra: &[&Path]) -> Project {
    let reference = Project::on(Backend::Postgres, &[]);
    let mut files = fixture.ups(..);
    files.extend_from_slice(extra);
    psql(&reference.db.url, &files);
    reference
}

/// What the tool did on `p`'s database: these up files ran, and `history`
/// (its table and rows) was written.
fn tool_ran(p: &Project, ups: &[&Path], history: &str) {
    let file = p.path().join("history.sql");
    std::fs::write(&file, history).unwrap();
    let mut files = ups.to_vec();
    files.push(&file);
    psql(&p.db.url, &files);
}

/// The SHA-384 of each file, as lowercase hex (`sha384sum`).
fn sha384(files: &[&Path]) -> Vec<String> {
    let out = Command::new("sha384sum")
        .args(files)
        .output()
        .expect("sha384sum (coreutils) must be installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

/// Flyway's checksum of each file, as `ChecksumCalculator` computes it: one
/// CRC32 updated with each line's UTF-8 bytes without its terminator (after
/// a BOM is removed), read as a signed 32-bit int.
fn flyway_crc(files: &[&Path]) -> Vec<i32> {
    const SCRIPT: &str = r#"
import sys, zlib
for path in sys.argv[1:]:
    data = open(path, 'rb').read()
    if data.startswith(b'\xef\xbb\xbf'):
        data = data[3:]
    crc = 0
    for line in data.splitlines():
        crc = zlib.crc32(line, crc)
    print(crc - (1 << 32) if crc >= (1 << 31) else crc)
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .args(files)
        .output()
        .expect("python3 must be installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect()
}

/// Runs `stillhead ARGS`, asserts success; returns (stdout, stderr).
fn run_ok(p: &Project, args: &[&str]) -> (String, String) {
    let (code, out, err) = p.run(args);
    assert_eq!(code, 0, "stillhead {args:?} failed:\n{out}\n{err}");
    (out, err)
}

/// Runs SQL on the project's database.
fn exec(p: &Project, sql: &str) {
    p.query(sql);
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// `stillhead import TOOL FOLDER`: every migration imported; returns what it
/// warned about.
fn import(p: &Project, tool: &str, fixture: &Fixture) -> String {
    let (out, err) = run_ok(p, &["import", tool, fixture.path()]);
    let n = fixture.migrations.len();
    assert!(
        out.contains(&format!("Imported {n} migrations from {tool}")),
        "{out}{err}"
    );
    err
}

/// `stillhead adopt`, the tool detected from `table`: the first half, as
/// the tool recorded it, becomes stillhead's record. Returns stderr.
fn adopt_first_half(p: &Project, tool: &str, table: &str, fixture: &Fixture) -> String {
    let (out, err) = run_ok(p, &["adopt"]);
    assert!(
        out.contains(&format!("Adopted {HALF} revisions from {table} ({tool})")),
        "{out}{err}"
    );
    assert_eq!(p.applied(), sorted(fixture.ids(..HALF)), "{out}");
    let log = p.log();
    assert!(
        log.len() == HALF && log.iter().all(|(_, action, _)| action == "adopt"),
        "{log:?}"
    );
    assert!(p.has_table(table), "{table} is left as it was");
    err
}

/// `stillhead upgrade head`: the second half, in the tool's order, and
/// nothing else.
fn upgrade_the_rest(p: &Project, fixture: &Fixture) {
    let out = p.ok(&["upgrade", "head"]);
    let rest = fixture.migrations.len() - HALF;
    assert!(out.contains(&format!("Applied {rest} migrations")), "{out}");
    let upgraded: Vec<String> = p
        .log()
        .into_iter()
        .filter(|(_, action, _)| action == "upgrade")
        .map(|(revision, _, _)| revision)
        .collect();
    assert_eq!(upgraded, fixture.ids(HALF..), "{out}");
    assert_eq!(p.applied(), sorted(fixture.ids(..)));
}

/// After `adopt`, the tool's history table is its bookkeeping, as
/// stillhead's own tables are: against a `schema.sql` of what the tool's
/// migrations make (the reference's dump, which has no history table),
/// `check` passes saying in `-v` what it left out, and autogenerate has
/// nothing to write (it wrote `DROP TABLE` of the history table before).
fn history_table_is_no_difference(p: &Project, reference: &Project, table: &str) {
    std::fs::write(p.path().join("schema.sql"), reference.schema_dump()).unwrap();
    // The tools' migrations write `serial` ids: compared like the rest
    // (they were named as not compared before serial columns were
    // described), the history table never.
    let (code, out, err) = p.run(&["check", "-v"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains(&format!("{table} left out of the comparison")),
        "{err}"
    );
    let (code, out, err) = p.run(&["revision", "--autogenerate", "-m", "nothing"]);
    assert!(
        code == 1 && err.contains("no changes: the database already matches"),
        "{code} {out}{err}"
    );
}

/// The bookkeeping tables: the tool's and stillhead's.
fn bookkeeping(history: &str) -> [&str; 5] {
    [
        history,
        "stillhead_version",
        "stillhead_version_log",
        "stillhead_version_lock",
        "stillhead_version_meta",
    ]
}

/// The tables that are neither the tool's nor stillhead's.
fn user_tables(p: &Project, history: &str) -> Vec<String> {
    let skip = bookkeeping(history);
    p.tables()
        .into_iter()
        .filter(|t| !skip.contains(&t.as_str()))
        .collect()
}

/// The schema as pg_dump writes it (without its random `\restrict` key),
/// without the bookkeeping tables (which are dropped), statement by
/// statement, sorted.
fn user_schema(p: &Project, history: &str) -> Vec<String> {
    p.user_schema(&[history])
}

/// A table named as a tool's history table that `adopt` never recorded is
/// the user's: `check` still compares it.
#[test]
fn a_users_own_schema_migrations_is_compared() {
    let table = "CREATE TABLE schema_migrations (version varchar PRIMARY KEY);";
    let p = Project::on(
        Backend::Postgres,
        &[(
            "001_sm.sql",
            &mig("001_sm", "", table, Some("DROP TABLE schema_migrations;")),
        )],
    );
    p.ok(&["upgrade", "head"]);
    std::fs::write(p.path().join("schema.sql"), "").unwrap();
    let (code, out, err) = p.run(&["check"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.contains("differs: drop table schema_migrations"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------
// sqlx

const SQLX_TABLE: &str = "CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
);
";

/// `_sqlx_migrations` with a row for each migration, as sqlx writes it:
/// the file's SHA-384 as bytes, the run time in nanoseconds.
fn sqlx_history(ran: &[(&Migration, &str, bool)]) -> String {
    let mut sql = SQLX_TABLE.to_string();
    for (m, sum, success) in ran {
        sql.push_str(&format!(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES ({}, '{}', {success}, decode('{sum}', 'hex'), 3817204);\n",
            m.version, m.description
        ));
    }
    sql
}

#[test]
fn a_sqlx_project_migrated_halfway_by_sqlx_is_adopted_and_finished_by_stillhead() {
    let fixture = sqlx_folder();
    let reference = reference(&fixture, &[]);
    let files: Vec<&Path> = fixture
        .migrations
        .iter()
        .map(|m| m.file.as_path())
        .collect();
    let sums = sha384(&files);
    let p = Project::on(Backend::Postgres, &[]);
    let ran: Vec<(&Migration, &str, bool)> = fixture.migrations[..HALF]
        .iter()
        .zip(&sums)
        .map(|(m, sum)| (m, sum.as_str(), true))
        .collect();
    tool_ran(&p, &fixture.ups(..HALF), &sqlx_history(&ran));

    import(&p, "sqlx", &fixture);
    // Each file records the checksum sqlx computes for it, so that adopt
    // can compare.
    for (m, sum) in fixture.migrations.iter().zip(&sums) {
        let text = fixture.imported(&p, &m.version);
        assert!(
            text.contains(&format!("(source checksum {sum})")),
            "{}: {text}",
            m.version
        );
    }
    let concurrent = fixture.imported(&p, &fixture.migrations[6].version);
    assert!(concurrent.contains("-- transaction: false"), "{concurrent}");
    let last = &fixture.migrations[STEPS.len() - 1].version;
    let backfill = fixture.imported(&p, last);
    assert!(
        !backfill.contains("-- +downgrade"),
        "irreversible: {backfill}"
    );
    assert!(fixture
        .imported(&p, &fixture.migrations[0].version)
        .contains("-- +downgrade"));

    let adopted = adopt_first_half(&p, "sqlx", "_sqlx_migrations", &fixture);
    assert!(
        !adopted.contains("warning"),
        "no checksum differs: {adopted}"
    );
    upgrade_the_rest(&p, &fixture);
    history_table_is_no_difference(&p, &reference, "_sqlx_migrations");

    // The last is irreversible: nothing goes below it, and nothing changes.
    let err = p.fails(&["downgrade", "base"]);
    assert!(
        err.contains(&format!("cannot downgrade past {last}")) && err.contains("irreversible"),
        "{err}"
    );
    assert_eq!(p.applied(), sorted(fixture.ids(..)));
    // Once stamped below it (its backfill stays), the imported downgrades
    // of the reversible ones run down to the first.
    p.ok(&["stamp", &fixture.migrations[STEPS.len() - 2].version]);
    p.ok(&["downgrade", &fixture.migrations[0].version]);
    assert_eq!(user_tables(&p, "_sqlx_migrations"), ["users"]);
    assert!(!p.has_column("users", "display_name"));
    p.ok(&["upgrade", "head"]);
    assert_eq!(
        user_schema(&p, "_sqlx_migrations"),
        user_schema(&reference, "_sqlx_migrations"),
        "the schema sqlx alone makes"
    );
}

#[test]
fn sqlx_history_with_a_failed_row_is_refused_and_with_a_changed_file_warns() {
    let fixture = sqlx_folder();
    let p = Project::on(Backend::Postgres, &[]);
    let ran = &fixture.migrations[..3];
    let files: Vec<&Path> = ran.iter().map(|m| m.file.as_path()).collect();
    let sums = sha384(&files);
    // An older sqlx left the third as failed (success = false).
    let rows: Vec<(&Migration, &str, bool)> = ran
        .iter()
        .zip(&sums)
        .enumerate()
        .map(|(i, (m, sum))| (m, sum.as_str(), i != 2))
        .collect();
    tool_ran(&p, &fixture.ups(..3), &sqlx_history(&rows));
    // The second was edited after sqlx ran it.
    let changed = &ran[1];
    let text = std::fs::read_to_string(&changed.file).unwrap();
    std::fs::write(
        &changed.file,
        format!("{text}-- Every post has an author.\n"),
    )
    .unwrap();
    let now = sha384(&[&changed.file]).remove(0);
    assert_ne!(now, sums[1]);
    import(&p, "sqlx", &fixture);

    let err = p.fails(&["adopt"]);
    assert!(
        err.contains(&format!(
            "_sqlx_migrations records version {} as failed (success = false)",
            ran[2].version
        )),
        "{err}"
    );
    assert!(p.applied().is_empty(), "nothing recorded");
    assert!(!p.has_table("stillhead_version_log"), "nothing recorded");

    exec(&p, "UPDATE _sqlx_migrations SET success = TRUE");
    let (out, err) = run_ok(&p, &["adopt"]);
    assert!(out.contains("Adopted 3 revisions"), "{out}");
    assert!(
        err.contains(&format!(
            "warning: {}: _sqlx_migrations records checksum {} for it, but the imported file was computed as {now}",
            changed.version, sums[1]
        )),
        "{err}"
    );
    assert_eq!(
        err.matches("warning:").count(),
        1,
        "only the changed one: {err}"
    );
    assert_eq!(p.applied(), sorted(fixture.ids(..3)));
}

// ---------------------------------------------------------------------------
// Flyway

const FLYWAY_TABLE: &str = r#"CREATE TABLE "public"."flyway_schema_history" (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
);
ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");
"#;

/// One `flyway_schema_history` row: `(version or NULL, description,
/// script, checksum, success)`, ranked in order.
fn flyway_history(rows: &[(Option<&str>, &str, &str, i32, bool)]) -> String {
    let mut sql = FLYWAY_TABLE.to_string();
    for (rank, (version, description, script, checksum, success)) in rows.iter().enumerate() {
        let version = version.map_or("NULL".to_string(), |v| format!("'{v}'"));
        sql.push_str(&format!(
            "INSERT INTO \"public\".\"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES ({}, {version}, '{description}', 'SQL', '{script}', {checksum}, 'postgres', 14, {success});\n",
            rank + 1
        ));
    }
    sql
}

fn script(m: &Migration) -> &str {
    m.file.file_name().unwrap().to_str().unwrap()
}

#[test]
fn a_flyway_project_migrated_halfway_by_flyway_is_adopted_and_finished_by_stillhead() {
    let (fixture, views) = flyway_folder();
    // Flyway migrates the versioned ones, then the repeatable.
    let reference = reference(&fixture, &[&views]);
    let mut files: Vec<&Path> = fixture
        .migrations
        .iter()
        .map(|m| m.file.as_path())
        .collect();
    files.push(&views);
    let sums = flyway_crc(&files);
    let p = Project::on(Backend::Postgres, &[]);
    // `flyway migrate -target=4`: V1 to V4, then R__views.sql.
    let mut rows: Vec<(Option<&str>, &str, &str, i32, bool)> = fixture.migrations[..HALF]
        .iter()
        .zip(&sums)
        .map(|(m, sum)| {
            (
                Some(m.version.as_str()),
                m.description.as_str(),
                script(m),
                *sum,
                true,
            )
        })
        .collect();
    rows.push((None, "views", "R__views.sql", sums[STEPS.len()], true));
    let mut ups = fixture.ups(..HALF);
    ups.push(&views);
    tool_ran(&p, &ups, &flyway_history(&rows));

    let warned = import(&p, "flyway", &fixture);
    assert!(
        warned.contains("not imported: R__views.sql: a Flyway repeatable migration"),
        "{warned}"
    );
    assert!(!p.path().join("migrations/R__views.sql").exists());
    for (m, sum) in fixture.migrations.iter().zip(&sums) {
        let text = fixture.imported(&p, &m.version);
        assert!(
            text.contains(&format!("(source checksum {sum})")),
            "{}: {text}",
            m.version
        );
        assert!(text.contains("-- +downgrade"), "U script: {text}");
    }
    assert!(fixture.imported(&p, "1.1").contains("-- revises: 1\n"));
    assert!(fixture.imported(&p, "10").contains("-- revises: 8\n"));
    // Flyway runs a script holding CREATE INDEX CONCURRENTLY outside a
    // transaction on PostgreSQL; so does stillhead, after a word.
    let concurrent = &fixture.migrations[6].version;
    assert!(fixture
        .imported(&p, concurrent)
        .contains("-- transaction: false"));
    assert!(
        warned.contains(&format!("{concurrent} needs review")),
        "{warned}"
    );

    let adopted = adopt_first_half(&p, "flyway", "flyway_schema_history", &fixture);
    assert!(
        !adopted.contains("warning"),
        "no checksum differs: {adopted}"
    );
    upgrade_the_rest(&p, &fixture);
    history_table_is_no_difference(&p, &reference, "flyway_schema_history");

    // The repeatable's view is nobody's now: it must go before the tables
    // under it, and be applied by hand afterwards.
    exec(&p, "DROP VIEW post_authors");
    p.ok(&["downgrade", "base"]);
    assert!(
        user_tables(&p, "flyway_schema_history").is_empty(),
        "{:?}",
        p.tables()
    );
    p.ok(&["upgrade", "head"]);
    psql(&p.db.url, &[&views]);
    assert_eq!(
        user_schema(&p, "flyway_schema_history"),
        user_schema(&reference, "flyway_schema_history"),
        "the schema Flyway alone makes"
    );
}

#[test]
fn flyway_history_with_a_failed_row_is_refused_and_with_a_changed_file_warns() {
    let (fixture, _views) = flyway_folder();
    let p = Project::on(Backend::Postgres, &[]);
    // V1 to V5 ran; V6 (CREATE INDEX CONCURRENTLY, which Flyway runs
    // outside a transaction, so nothing rolls its row back) failed; V1_1
    // was edited since.
    let ran = &fixture.migrations[..7];
    let files: Vec<&Path> = ran.iter().map(|m| m.file.as_path()).collect();
    let sums = flyway_crc(&files);
    let rows: Vec<(Option<&str>, &str, &str, i32, bool)> = ran
        .iter()
        .zip(&sums)
        .enumerate()
        .map(|(i, (m, sum))| {
            (
                Some(m.version.as_str()),
                m.description.as_str(),
                script(m),
                *sum,
                i != 6,
            )
        })
        .collect();
    tool_ran(&p, &fixture.ups(..6), &flyway_history(&rows));
    let changed = &ran[1];
    let text = std::fs::read_to_string(&changed.file).unwrap();
    std::fs::write(
        &changed.file,
        format!("-- Posts are written by users.\n{text}"),
    )
    .unwrap();
    let now = flyway_crc(&[&changed.file]).remove(0);
    assert_ne!(now, sums[1]);
    import(&p, "flyway", &fixture);

    let err = p.fails(&["adopt"]);
    assert!(
        err.contains(&format!(
            "flyway_schema_history records SQL {} as failed",
            ran[6].version
        )) && err.contains("flyway repair"),
        "{err}"
    );
    assert!(p.applied().is_empty(), "nothing recorded");
    assert!(!p.has_table("stillhead_version_log"), "nothing recorded");

    // What `flyway repair` does: the failed row goes.
    exec(&p, "DELETE FROM flyway_schema_history WHERE NOT success");
    let (out, err) = run_ok(&p, &["adopt"]);
    assert!(out.contains("Adopted 6 revisions"), "{out}");
    assert!(
        err.contains(&format!(
            "warning: 1.1: flyway_schema_history records checksum {} for it, but the imported file was computed as {now}",
            sums[1]
        )),
        "{err}"
    );
    assert_eq!(
        err.matches("warning:").count(),
        1,
        "only the changed one: {err}"
    );
    assert_eq!(p.applied(), sorted(fixture.ids(..6)));
}

// ---------------------------------------------------------------------------
// golang-migrate

const GOLANG_MIGRATE_TABLE: &str = r#"CREATE TABLE IF NOT EXISTS "public"."schema_migrations" (version bigint not null primary key, dirty boolean not null);
"#;

#[test]
fn a_golang_migrate_project_migrated_halfway_is_adopted_once_clean_and_finished_by_stillhead() {
    let fixture = golang_migrate_folder();
    let reference = reference(&fixture, &[]);
    let p = Project::on(Backend::Postgres, &[]);
    // golang-migrate keeps one row, the last version; it is dirty while
    // that migration runs, and stays so if it fails.
    let history = format!(
        "{GOLANG_MIGRATE_TABLE}TRUNCATE \"public\".\"schema_migrations\";\nINSERT INTO \"public\".\"schema_migrations\" (version, dirty) VALUES ({HALF}, true);\n"
    );
    tool_ran(&p, &fixture.ups(..HALF), &history);

    let warned = import(&p, "golang-migrate", &fixture);
    let concurrent = &fixture.migrations[6].version;
    assert!(fixture
        .imported(&p, concurrent)
        .contains("-- transaction: false"));
    assert!(
        warned.contains(&format!("{concurrent} needs review")),
        "{warned}"
    );
    for m in &fixture.migrations {
        assert!(fixture.imported(&p, &m.version).contains("-- +downgrade"));
    }

    let err = p.fails(&["adopt"]);
    assert!(
        err.contains(&format!("schema_migrations is dirty at version {HALF}"))
            && err.contains("migrate force"),
        "{err}"
    );
    assert!(p.applied().is_empty(), "nothing recorded");
    // `migrate force 5` once the database is fixed.
    exec(&p, "TRUNCATE schema_migrations");
    exec(
        &p,
        &format!("INSERT INTO schema_migrations (version, dirty) VALUES ({HALF}, false)"),
    );

    let adopted = adopt_first_half(&p, "golang-migrate", "schema_migrations", &fixture);
    assert!(!adopted.contains("warning"), "{adopted}");
    upgrade_the_rest(&p, &fixture);
    history_table_is_no_difference(&p, &reference, "schema_migrations");

    p.ok(&["downgrade", "base"]);
    assert!(
        user_tables(&p, "schema_migrations").is_empty(),
        "{:?}",
        p.tables()
    );
    p.ok(&["upgrade", "head"]);
    assert_eq!(
        user_schema(&p, "schema_migrations"),
        user_schema(&reference, "schema_migrations"),
        "the schema golang-migrate alone makes"
    );
}

// ---------------------------------------------------------------------------
// dbmate

const DBMATE_TABLE: &str =
    "create table if not exists public.schema_migrations (version varchar primary key);\n";

#[test]
fn a_dbmate_project_migrated_halfway_by_dbmate_is_adopted_and_finished_by_stillhead() {
    let fixture = dbmate_folder();
    let reference = reference(&fixture, &[]);
    let p = Project::on(Backend::Postgres, &[]);
    let mut history = DBMATE_TABLE.to_string();
    for m in &fixture.migrations[..HALF] {
        history.push_str(&format!(
            "insert into public.schema_migrations (version) values ('{}');\n",
            m.version
        ));
    }
    tool_ran(&p, &fixture.ups(..HALF), &history);

    let warned = import(&p, "dbmate", &fixture);
    assert!(!warned.contains("warning"), "nothing to review: {warned}");
    let concurrent = fixture.imported(&p, &fixture.migrations[6].version);
    assert!(concurrent.contains("-- transaction: false"), "{concurrent}");
    assert!(!concurrent.contains("migrate:"), "{concurrent}");
    for m in &fixture.migrations {
        assert!(fixture.imported(&p, &m.version).contains("-- +downgrade"));
    }

    let adopted = adopt_first_half(&p, "dbmate", "schema_migrations", &fixture);
    assert!(!adopted.contains("warning"), "{adopted}");
    upgrade_the_rest(&p, &fixture);
    history_table_is_no_difference(&p, &reference, "schema_migrations");

    p.ok(&["downgrade", "base"]);
    assert!(
        user_tables(&p, "schema_migrations").is_empty(),
        "{:?}",
        p.tables()
    );
    p.ok(&["upgrade", "head"]);
    assert_eq!(
        user_schema(&p, "schema_migrations"),
        user_schema(&reference, "schema_migrations"),
        "the schema dbmate alone makes"
    );
}

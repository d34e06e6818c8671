//! `import alembic` end to end: a real Alembic project, made by Alembic
//! itself (`alembic init`, the standard env.py) in a virtualenv under the
//! target dir, read with `stillhead::import::alembic::read`, written with
//! `write_all` and loaded back as a valid graph, and its SQL checked against
//! what the `alembic` command prints.
#![cfg(feature = "tools")] // the importers are tooling (ARCHITECTURE.md, "Cargo features")

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use stillhead::import::alembic::{python_runs, read, AlembicOptions};
use stillhead::import::{write_all, Imported};
use stillhead::{Config, Dialect, MigrationSet, Migrator};

/// `read` calls are counted process-wide: tests that count hold this.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A Python with Alembic (the testkit's venv under the target dir).
fn python() -> PathBuf {
    stillhead_testkit::alembic::python()
}

use stillhead_testkit::alembic::run;

const ROOT: &str = "ae1027a6acf";
const POSTS: &str = "1f2b3c4d5e6f";
const ACCOUNTS: &str = "2a3b4c5d6e7f";
const MERGE: &str = "3c4d5e6f7a8b";
const EMAIL: &str = "4d5e6f7a8b9c";
const SETTINGS: &str = "5e6f7a8b9c0d";
const USER_SETTINGS: &str = "6f7a8b9c0d1e";
const BACKFILL: &str = "7a8b9c0d1e2f";

/// The revision scripts: `(file, text)`.
const VERSIONS: &[(&str, &str)] = &[
    (
        "ae1027a6acf_create_users.py",
        r#""""create users

Revision ID: ae1027a6acf
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "ae1027a6acf"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )


def downgrade():
    op.drop_table("users")
"#,
    ),
    (
        "1f2b3c4d5e6f_add_posts.py",
        r#""""add posts

Revision ID: 1f2b3c4d5e6f
Revises: ae1027a6acf
"""
from alembic import op
import sqlalchemy as sa

revision = "1f2b3c4d5e6f"
down_revision = "ae1027a6acf"
branch_labels = ("posts",)
depends_on = None
tags = ["blog", "feature"]


def upgrade():
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200)),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
    )


def downgrade():
    op.drop_table("posts")
"#,
    ),
    (
        "2a3b4c5d6e7f_add_accounts.py",
        r#""""add accounts

Tags: billing, core

Revision ID: 2a3b4c5d6e7f
Revises: ae1027a6acf
"""
from alembic import op
import sqlalchemy as sa

revision = "2a3b4c5d6e7f"
down_revision = "ae1027a6acf"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("accounts", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("accounts")
"#,
    ),
    (
        "3c4d5e6f7a8b_merge.py",
        r#""""merge posts and accounts

Revision ID: 3c4d5e6f7a8b
Revises: 1f2b3c4d5e6f, 2a3b4c5d6e7f
"""
from alembic import op

revision = "3c4d5e6f7a8b"
down_revision = ("1f2b3c4d5e6f", "2a3b4c5d6e7f")
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_posts_title", "posts", ["title"])


def downgrade():
    op.drop_index("ix_posts_title", table_name="posts")
"#,
    ),
    (
        "4d5e6f7a8b9c_add_email.py",
        r#""""add email to users

Revision ID: 4d5e6f7a8b9c
Revises: 3c4d5e6f7a8b
"""
from alembic import op
import sqlalchemy as sa

revision = "4d5e6f7a8b9c"
down_revision = "3c4d5e6f7a8b"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("email", sa.String(100)))


def downgrade():
    # Batch mode: on SQLite, offline, Alembic cannot reflect the table.
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
"#,
    ),
    (
        "5e6f7a8b9c0d_settings.py",
        r#""""settings root

Revision ID: 5e6f7a8b9c0d
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "5e6f7a8b9c0d"
down_revision = None
branch_labels = ("settings",)
depends_on = None


def upgrade():
    op.create_table("settings", sa.Column("key", sa.String(50), primary_key=True))


def downgrade():
    op.drop_table("settings")
"#,
    ),
    (
        "6f7a8b9c0d1e_user_settings.py",
        r#""""user settings

Revision ID: 6f7a8b9c0d1e
Revises: 4d5e6f7a8b9c
"""
from alembic import op
import sqlalchemy as sa

revision = "6f7a8b9c0d1e"
down_revision = "4d5e6f7a8b9c"
branch_labels = None
# By label: Alembic resolves it to the settings root.
depends_on = "settings"


def upgrade():
    op.create_table(
        "user_settings",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("key", sa.String(50), sa.ForeignKey("settings.key")),
    )


def downgrade():
    op.drop_table("user_settings")
"#,
    ),
    (
        "7a8b9c0d1e2f_backfill.py",
        r#""""backfill emails

Revision ID: 7a8b9c0d1e2f
Revises: 6f7a8b9c0d1e
"""
from alembic import op
import sqlalchemy as sa

revision = "7a8b9c0d1e2f"
down_revision = "6f7a8b9c0d1e"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    for (uid,) in conn.execute(sa.text("SELECT id FROM users")):
        conn.execute(
            sa.text("UPDATE users SET email = 'u' || id WHERE id = :id"), {"id": uid}
        )


def downgrade():
    pass
"#,
    ),
];

/// An Alembic project made by `alembic init`, with the revisions above
/// and `extra` trivial ones chained after the last.
fn project(extra: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    run(Command::new(python())
        .args(["-m", "alembic", "init", "alembic"])
        .current_dir(dir.path()));
    let ini = dir.path().join("alembic.ini");
    let text = std::fs::read_to_string(&ini).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("sqlalchemy.url") {
                "sqlalchemy.url = sqlite:///app.db\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert!(text.contains("sqlalchemy.url = sqlite:///app.db"));
    std::fs::write(&ini, text).unwrap();
    let versions = dir.path().join("alembic").join("versions");
    for (file, text) in VERSIONS {
        std::fs::write(versions.join(file), text).unwrap();
    }
    let mut parent = BACKFILL.to_string();
    for i in 0..extra {
        let id = format!("e{i:011x}");
        std::fs::write(
            versions.join(format!("{id}_extra.py")),
            format!(
                "\"\"\"extra {i}\"\"\"\nfrom alembic import op\n\nrevision = \"{id}\"\n\
                 down_revision = \"{parent}\"\nbranch_labels = None\ndepends_on = None\n\n\n\
                 def upgrade():\n    op.execute(\"CREATE TABLE extra_{i} (id INTEGER)\")\n\n\n\
                 def downgrade():\n    op.execute(\"DROP TABLE extra_{i}\")\n"
            ),
        )
        .unwrap();
        parent = id;
    }
    std::fs::write(versions.join("NOTES.txt"), "not a revision\n").unwrap();
    dir
}

/// `read`, timed and with its Python processes counted.
fn timed_read(
    opts: &AlembicOptions,
    what: &str,
) -> (Vec<Imported>, Vec<stillhead::import::Skipped>) {
    let runs = python_runs();
    let start = Instant::now();
    let result = read(opts).unwrap_or_else(|e| panic!("read failed: {e}"));
    let elapsed = start.elapsed();
    let spawned = python_runs() - runs;
    eprintln!(
        "alembic::read of {what}: {} revisions in {:.0} ms, {spawned} Python process(es)",
        result.0.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    assert_eq!(spawned, 1, "read must start Python once, not per revision");
    result
}

fn by_id<'a>(ms: &'a [Imported], id: &str) -> &'a Imported {
    ms.iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("{id} not imported"))
}

/// The only section of a direction (one dialect: no marker).
fn only(sections: &[(Option<Dialect>, String)]) -> &str {
    assert_eq!(sections.len(), 1, "{sections:?}");
    assert_eq!(sections[0].0, None);
    &sections[0].1
}

/// What the `alembic` command prints for a range, less its bookkeeping:
/// Alembic separates statements with a blank line.
fn alembic_sql(project: &Path, args: &[&str]) -> String {
    let out = run(Command::new(python())
        .args(["-m", "alembic"])
        .args(args)
        .arg("--sql")
        .current_dir(project)
        .env("PYTHONDONTWRITEBYTECODE", "1"));
    out.split("\n\n")
        .map(str::trim)
        .filter(|block| {
            !block.is_empty()
                && !block.starts_with("-- Running ")
                && !block.contains("alembic_version")
                && !matches!(*block, "BEGIN;" | "COMMIT;")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn an_alembic_project_imports_revision_by_revision() {
    let _serial = serial();
    let dir = project(0);
    let opts = AlembicOptions {
        config: dir.path().join("alembic.ini"),
        dialects: vec![],
        python: Some(python()),
    };
    let (ms, skipped) = timed_read(&opts, "the fixture");
    assert_eq!(ms.len(), VERSIONS.len());

    // The graph, as Alembic has it.
    let parents = |id: &str| by_id(&ms, id).revises.clone();
    assert_eq!(parents(ROOT), Vec::<String>::new());
    assert_eq!(parents(POSTS), [ROOT]);
    assert_eq!(parents(ACCOUNTS), [ROOT]);
    assert_eq!(parents(MERGE), [POSTS, ACCOUNTS]);
    assert_eq!(parents(EMAIL), [MERGE]);
    assert_eq!(parents(SETTINGS), Vec::<String>::new());
    assert_eq!(parents(USER_SETTINGS), [EMAIL]);
    assert_eq!(parents(BACKFILL), [USER_SETTINGS]);
    assert_eq!(by_id(&ms, USER_SETTINGS).depends_on, [SETTINGS]);
    assert_eq!(by_id(&ms, POSTS).branch_labels, ["posts"]);
    assert_eq!(by_id(&ms, SETTINGS).branch_labels, ["settings"]);
    // Alembic hands labels down to descendants; the files keep their own.
    assert!(by_id(&ms, MERGE).branch_labels.is_empty());
    assert_eq!(by_id(&ms, ROOT).message, "create users");
    assert_eq!(by_id(&ms, MERGE).message, "merge posts and accounts");
    assert_eq!(by_id(&ms, POSTS).tags, ["blog", "feature"]);
    assert_eq!(by_id(&ms, ACCOUNTS).tags, ["billing", "core"]);
    assert!(by_id(&ms, ROOT).tags.is_empty());
    assert_eq!(
        by_id(&ms, EMAIL).source,
        "alembic/versions/4d5e6f7a8b9c_add_email.py"
    );
    assert!(ms.iter().all(|m| m.transaction));

    // The SQL of each revision on its own: the merge has its index and
    // nothing of its parents.
    let merge = by_id(&ms, MERGE);
    assert_eq!(
        only(&merge.upgrade),
        "CREATE INDEX ix_posts_title ON posts (title);"
    );
    assert_eq!(
        only(merge.downgrade.as_ref().unwrap()),
        "DROP INDEX ix_posts_title;"
    );
    assert!(only(&by_id(&ms, USER_SETTINGS).upgrade).starts_with("CREATE TABLE user_settings"));
    assert!(!only(&by_id(&ms, USER_SETTINGS).upgrade).contains("CREATE TABLE settings"));
    for m in &ms {
        for (_, sql) in m.upgrade.iter().chain(m.downgrade.iter().flatten()) {
            assert!(!sql.contains("alembic_version"), "{}: {sql}", m.id);
            assert!(!sql.contains("-- Running"), "{}: {sql}", m.id);
            assert!(!sql.lines().any(|l| l == "BEGIN;" || l == "COMMIT;"));
        }
    }
    // Exactly what the alembic command prints, bookkeeping aside.
    let p = dir.path();
    assert_eq!(
        only(&by_id(&ms, ROOT).upgrade),
        alembic_sql(p, &["upgrade", &format!("base:{ROOT}")])
    );
    assert_eq!(
        only(&by_id(&ms, EMAIL).upgrade),
        alembic_sql(p, &["upgrade", &format!("{MERGE}:{EMAIL}")])
    );
    assert_eq!(
        only(by_id(&ms, POSTS).downgrade.as_ref().unwrap()),
        alembic_sql(p, &["downgrade", &format!("{POSTS}:{ROOT}")])
    );

    // What offline mode cannot do comes back with a TODO, never dropped.
    let backfill = by_id(&ms, BACKFILL);
    let todo = backfill
        .todo
        .as_deref()
        .expect("get_bind revision has a todo");
    assert!(todo.contains("op.get_bind()"), "{todo}");
    assert!(todo.starts_with("upgrade: "), "{todo}");
    // The part says so itself, and the runner refuses it until it is written.
    assert!(only(&backfill.upgrade).contains("-- stillhead-import: TODO it calls op.get_bind()"));
    // `pass`: reversible, nothing to run.
    assert_eq!(only(backfill.downgrade.as_ref().unwrap()), "");
    let email = by_id(&ms, EMAIL);
    let todo = email
        .todo
        .as_deref()
        .expect("SQLite batch downgrade has a todo");
    assert!(
        todo.starts_with("downgrade: CommandError: This operation cannot proceed in --sql mode"),
        "{todo}"
    );
    assert!(only(email.downgrade.as_ref().unwrap())
        .starts_with("-- stillhead-import: TODO not produced offline: "));
    let with_todo: Vec<&str> = ms
        .iter()
        .filter(|m| m.todo.is_some())
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(with_todo.len(), 2, "{with_todo:?}");
    assert_eq!(
        skipped,
        [stillhead::import::Skipped {
            file: "alembic/versions/NOTES.txt".into(),
            reason: "not a Python script: Alembic ignores it".into(),
        }]
    );
    // Reading left nothing in the project.
    assert!(!p.join("alembic/versions/__pycache__").exists());

    // The files load as a valid graph, and run.
    let out = tempfile::tempdir().unwrap();
    let migrations = out.path().join("migrations");
    let written = write_all(&migrations, &ms, false).unwrap();
    assert_eq!(written.len(), ms.len());
    let text = std::fs::read_to_string(migrations.join(format!("{BACKFILL}.sql"))).unwrap();
    assert!(text.contains("-- TODO: upgrade: "), "{text}");
    let set = MigrationSet::from_dir(&migrations).unwrap();
    assert_eq!(set.len(), ms.len());
    assert!(set.graph().is_merge(MERGE));
    // As `alembic heads` has it: the settings root, which only a
    // `depends_on` follows, is an (effective) head too.
    let mut heads = set.graph().heads();
    heads.sort_unstable();
    assert_eq!(heads, [SETTINGS, BACKFILL]);
    let config =
        Config::for_url(&format!("sqlite://{}", out.path().join("app.db").display())).unwrap();
    let mut conn = stillhead::open(&config).unwrap();
    // The backfill's part was not produced: refused before anything runs,
    // instead of running as an empty migration.
    let err = Migrator::new(&set, &config)
        .upgrade(conn.as_mut(), "heads")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("{BACKFILL}.sql:")) && err.contains("-- stillhead-import: TODO"),
        "{err}"
    );
    // Once a person has written the part (here: deleted the importer's
    // lines), everything runs.
    let by_hand: String = text
        .lines()
        .filter(|l| !l.starts_with("-- stillhead-import: TODO"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(migrations.join(format!("{BACKFILL}.sql")), by_hand).unwrap();
    let set = MigrationSet::from_dir(&migrations).unwrap();
    let report = Migrator::new(&set, &config)
        .upgrade(conn.as_mut(), "heads")
        .unwrap();
    assert_eq!(report.steps.len(), ms.len());
}

#[test]
fn every_dialect_gets_its_own_sections() {
    let _serial = serial();
    let dir = project(0);
    let opts = AlembicOptions {
        config: dir.path().join("alembic.ini"),
        dialects: vec![Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql],
        python: Some(python()),
    };
    let (ms, _) = timed_read(&opts, "the fixture, three dialects");
    let sections = &by_id(&ms, USER_SETTINGS).upgrade;
    let dialects: Vec<_> = sections.iter().map(|(d, _)| *d).collect();
    assert_eq!(
        dialects,
        [
            Some(Dialect::Sqlite),
            Some(Dialect::Postgres),
            Some(Dialect::Mysql)
        ]
    );
    // Each in its own dialect's SQL: `key` is quoted as each quotes it.
    assert!(
        sections[0].1.contains("\"key\" VARCHAR(50)"),
        "{}",
        sections[0].1
    );
    assert!(
        sections[1].1.contains("    key VARCHAR(50)"),
        "{}",
        sections[1].1
    );
    assert!(
        sections[2].1.contains("`key` VARCHAR(50)"),
        "{}",
        sections[2].1
    );
    // The batch downgrade fails on SQLite only.
    let email = by_id(&ms, EMAIL);
    let todo = email.todo.as_deref().unwrap();
    assert!(
        todo.starts_with("downgrade (sqlite): CommandError"),
        "{todo}"
    );
    let down = email.downgrade.as_ref().unwrap();
    assert_eq!(
        down[1],
        (
            Some(Dialect::Postgres),
            "ALTER TABLE users DROP COLUMN email;".into()
        )
    );
    let out = tempfile::tempdir().unwrap();
    write_all(out.path(), &ms, false).unwrap();
    MigrationSet::from_dir(out.path()).unwrap();
}

#[test]
fn python_runs_once_however_many_revisions() {
    let _serial = serial();
    let small = project(0);
    let large = project(10);
    let opts = |dir: &tempfile::TempDir| AlembicOptions {
        config: dir.path().join("alembic.ini"),
        dialects: vec![],
        python: Some(python()),
    };
    let (few, _) = timed_read(&opts(&small), "the fixture");
    let (many, _) = timed_read(&opts(&large), "the fixture + 10 revisions");
    assert_eq!(many.len(), few.len() + 10);
    let last = by_id(&many, "e00000000009");
    assert_eq!(last.revises, ["e00000000008"]);
    assert_eq!(only(&last.upgrade), "CREATE TABLE extra_9 (id INTEGER);");
}

#[cfg(unix)]
#[test]
fn without_alembic_the_error_says_how_to_install_it() {
    use std::os::unix::fs::PermissionsExt;
    let _serial = serial();
    let dir = project(0);
    // The same interpreter without its site-packages: no alembic there.
    let shim = dir.path().join("python-without-site");
    std::fs::write(
        &shim,
        format!("#!/bin/sh\nexec '{}' -S \"$@\"\n", python().display()),
    )
    .unwrap();
    std::fs::set_permissions(&shim, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = read(&AlembicOptions {
        config: dir.path().join("alembic.ini"),
        dialects: vec![],
        python: Some(shim),
    })
    .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, stillhead::Error::Import { .. }), "{message}");
    assert!(message.contains("No module named 'alembic'"), "{message}");
    assert!(message.contains("pip install alembic"), "{message}");
    assert!(message.contains("STILLHEAD_PYTHON"), "{message}");
}

#[test]
fn a_missing_config_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = read(&AlembicOptions {
        config: dir.path().join("alembic.ini"),
        dialects: vec![],
        python: None,
    })
    .unwrap_err();
    assert!(matches!(err, stillhead::Error::Io { .. }), "{err}");
}

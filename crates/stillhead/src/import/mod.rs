//! Switching from another migration tool: its migration files become
//! stillhead's (`stillhead import TOOL`), and the history table it left in a
//! live database becomes stillhead's record (`stillhead adopt`), so that the
//! database continues where it stands (ARCHITECTURE.md, "Importing").
//!
//! Each tool's reader turns its layout into [`Imported`] migrations;
//! [`write_all`] renders them as stillhead files, checks that they load as a
//! valid graph, and only then writes them. Readers never write.

pub mod adopt;
pub mod alembic;
pub mod layouts;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::script::{Dialect, Script};

/// The tools stillhead imports from and adopts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Alembic (Python): `alembic_version`.
    Alembic,
    /// diesel (Rust): `NAME/up.sql` + `down.sql`; `__diesel_schema_migrations`.
    Diesel,
    /// sqlx (Rust): `V_name.sql` or `.up.sql`/`.down.sql`; `_sqlx_migrations`.
    Sqlx,
    /// Flyway (Java): `V1__x.sql`, `U1__x.sql`; `flyway_schema_history`.
    Flyway,
    /// golang-migrate: `N_x.up.sql`/`.down.sql`; `schema_migrations` with `dirty`.
    GolangMigrate,
    /// dbmate: `-- migrate:up`/`-- migrate:down`; `schema_migrations`.
    Dbmate,
}

impl Tool {
    /// Every tool, in the order the docs list them.
    pub const ALL: [Tool; 6] = [
        Tool::Alembic,
        Tool::Diesel,
        Tool::Sqlx,
        Tool::Flyway,
        Tool::GolangMigrate,
        Tool::Dbmate,
    ];

    /// The name the CLI takes (`golang-migrate`, not `golangmigrate`).
    pub fn name(self) -> &'static str {
        match self {
            Tool::Alembic => "alembic",
            Tool::Diesel => "diesel",
            Tool::Sqlx => "sqlx",
            Tool::Flyway => "flyway",
            Tool::GolangMigrate => "golang-migrate",
            Tool::Dbmate => "dbmate",
        }
    }

    /// The tool a name stands for.
    pub fn parse(name: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl std::fmt::Display for Tool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One migration read from another tool's files, ready to be written as a
/// stillhead file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    /// The revision id: the tool's own version (or Alembic's revision id),
    /// so that `adopt` can match the tool's history table to it.
    pub id: String,
    /// Parents; empty for the first.
    pub revises: Vec<String>,
    /// The message (from the file name or the script's docstring).
    pub message: String,
    /// Tags, where the tool has them.
    pub tags: Vec<String>,
    /// Alembic `depends_on`.
    pub depends_on: Vec<String>,
    /// Alembic branch labels.
    pub branch_labels: Vec<String>,
    /// `false` for a migration the tool runs outside a transaction.
    pub transaction: bool,
    /// The upgrade SQL, for every dialect (`None`) or one.
    pub upgrade: Vec<(Option<Dialect>, String)>,
    /// The downgrade SQL; `None` when the tool has none (irreversible).
    pub downgrade: Option<Vec<(Option<Dialect>, String)>>,
    /// Why this migration needs a person's review before it runs (its SQL
    /// could not be carried over in full); written into the file as a
    /// `TODO` comment and listed by `import`.
    pub todo: Option<String>,
    /// Where it came from, for the file's header comment and messages.
    pub source: String,
    /// The checksum the tool itself records for this migration's file
    /// (sqlx: SHA-384, hex; Flyway: CRC32, decimal), written into the file
    /// so that `adopt` can compare it with the history table's.
    pub source_checksum: Option<String>,
}

/// A file of the other tool's that is not carried over, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The file.
    pub file: String,
    /// Why.
    pub reason: String,
}

/// What `import` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    /// The tool imported from.
    pub tool: String,
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// Migrations written with a `TODO` for review: `(revision, reason)`.
    pub todo: Vec<(String, String)>,
    /// Files not carried over.
    pub skipped: Vec<Skipped>,
    /// How long it took, in milliseconds.
    pub duration_ms: f64,
}

/// Where `import` reads the other tool's project from.
#[derive(Debug, Clone)]
pub enum Source {
    /// An Alembic project (its `alembic.ini`, the dialects, the Python).
    Alembic(alembic::AlembicOptions),
    /// One of the folder layouts, at this path.
    Folder(Tool, PathBuf),
}

/// Imports another tool's migrations into `dir` (see [`write_all`]):
/// reads them, writes them, and says what needs review and what was left
/// out.
pub fn import(source: &Source, dir: &Path, force: bool) -> Result<ImportReport> {
    let started = std::time::Instant::now();
    let (tool, (migrations, skipped)) = match source {
        Source::Alembic(opts) => (Tool::Alembic, alembic::read(opts)?),
        Source::Folder(tool, path) => (*tool, layouts::read(*tool, path)?),
    };
    let written = write_all(dir, &migrations, force)?;
    Ok(ImportReport {
        tool: tool.name().into(),
        written,
        todo: migrations
            .iter()
            .filter_map(|m| m.todo.clone().map(|t| (m.id.clone(), t)))
            .collect(),
        skipped,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// Renders one imported migration as a stillhead file.
pub fn render(m: &Imported) -> String {
    let mut out = String::new();
    out.push_str(&format!("-- revision: {}\n", m.id));
    out.push_str(&format!("-- revises: {}\n", m.revises.join(", ")));
    out.push_str(&format!("-- message: {}\n", one_line(&m.message)));
    if !m.tags.is_empty() {
        out.push_str(&format!("-- tags: {}\n", m.tags.join(", ")));
    }
    if !m.depends_on.is_empty() {
        out.push_str(&format!("-- depends-on: {}\n", m.depends_on.join(", ")));
    }
    if !m.branch_labels.is_empty() {
        out.push_str(&format!("-- branch: {}\n", m.branch_labels.join(", ")));
    }
    if !m.transaction {
        out.push_str("-- transaction: false\n");
    }
    match &m.source_checksum {
        Some(sum) => out.push_str(&format!(
            "\n-- Imported from {} (source checksum {sum}).\n",
            m.source
        )),
        None => out.push_str(&format!("\n-- Imported from {}.\n", m.source)),
    }
    if let Some(todo) = &m.todo {
        for line in todo.lines() {
            out.push_str(&format!("-- TODO: {line}\n"));
        }
    }
    for (dialect, sql) in &m.upgrade {
        out.push_str(&section("upgrade", *dialect, sql));
    }
    for (dialect, sql) in m.downgrade.iter().flatten() {
        out.push_str(&section("downgrade", *dialect, sql));
    }
    out
}

fn section(kind: &str, dialect: Option<Dialect>, sql: &str) -> String {
    let marker = match dialect {
        Some(d) => format!("-- +{kind} dialect={d}"),
        None => format!("-- +{kind}"),
    };
    // MySQL scripts (Flyway's, golang-migrate's) may wrap routines in the
    // client's DELIMITER blocks, which a server refuses: a migration file
    // says the same with statement groups.
    let grouped = crate::script::delimiter::as_statement_groups(sql);
    let body = grouped.as_deref().unwrap_or(sql).trim();
    // An empty part still needs a statement-free body the parser accepts.
    let body = if body.is_empty() {
        "-- (nothing)"
    } else {
        body
    };
    format!("\n{marker}\n{body}\n")
}

/// The source checksum an imported file records (see [`render`]), if any.
pub fn source_checksum(text: &str) -> Option<String> {
    let line = text
        .lines()
        .find(|l| l.starts_with("-- Imported from ") && l.contains("(source checksum "))?;
    let start = line.rfind("(source checksum ")? + "(source checksum ".len();
    let rest = &line[start..];
    Some(rest[..rest.find(')')?].to_string())
}

/// A message on one header line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes every migration into `dir` as `{id}.sql` (after checking that the
/// whole set parses and forms a valid graph), refusing a folder that
/// already holds migrations unless `force`. Nothing is written on error.
pub fn write_all(dir: &Path, migrations: &[Imported], force: bool) -> Result<Vec<PathBuf>> {
    if !force && holds_migrations(dir)? {
        return Err(Error::ImportTargetNotEmpty {
            dir: dir.display().to_string(),
        });
    }
    let mut files = Vec::with_capacity(migrations.len());
    let mut scripts = Vec::with_capacity(migrations.len());
    for m in migrations {
        let text = render(m);
        let path = dir.join(format!("{}.sql", m.id));
        let script = Script::parse(&text, &path.display().to_string())?;
        scripts.push(script);
        files.push((path, text));
    }
    crate::runtime::MigrationSet::new(scripts)?;
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut written = Vec::with_capacity(files.len());
    for (path, text) in files {
        std::fs::write(&path, text).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Whether `dir` exists and holds a migration (a `.sql` file other than
/// the revision template, `template.sql`).
fn holds_migrations(dir: &Path) -> Result<bool> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(false);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "sql")
            && path.file_name().is_some_and(|n| n != "template.sql")
        {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> Vec<Imported> {
        vec![
            Imported {
                id: "1".into(),
                message: "create users".into(),
                transaction: true,
                upgrade: vec![(None, "CREATE TABLE users (id INTEGER PRIMARY KEY);".into())],
                downgrade: Some(vec![(None, "DROP TABLE users;".into())]),
                source: "V1__create_users.sql".into(),
                ..Imported::default()
            },
            Imported {
                id: "2".into(),
                revises: vec!["1".into()],
                message: "index,\n concurrently".into(),
                transaction: false,
                upgrade: vec![(None, "CREATE INDEX i ON users (id);".into())],
                downgrade: None,
                todo: Some("check this".into()),
                source: "V2__index.sql".into(),
                ..Imported::default()
            },
        ]
    }

    #[test]
    fn imported_migrations_render_as_files_that_parse_back() {
        for m in two() {
            let text = render(&m);
            let s = Script::parse(&text, "x").unwrap();
            assert_eq!(s.id, m.id);
            assert_eq!(s.revises, m.revises);
            assert_eq!(s.transaction, m.transaction);
            assert_eq!(s.is_reversible(), m.downgrade.is_some());
            assert!(!s.message.contains('\n'));
        }
        assert!(render(&two()[1]).contains("-- TODO: check this"));
        let mut summed = two()[0].clone();
        summed.source_checksum = Some("-12345".into());
        assert_eq!(source_checksum(&render(&summed)).as_deref(), Some("-12345"));
        assert_eq!(source_checksum(&render(&two()[0])), None);
    }

    fn imported_strategy() -> impl proptest::strategy::Strategy<Value = Imported> {
        use proptest::prelude::*;
        (
            "[a-z][a-z0-9_]{0,12}",
            proptest::collection::vec("[a-z][a-z0-9_]{0,8}", 0..3),
            "[A-Za-z0-9 ,.()'-]{0,40}",
            proptest::collection::vec("[a-z][a-z_]{0,8}", 0..3),
            any::<bool>(),
            "[A-Z ]{1,10}",
            proptest::option::of("[A-Z ]{1,10}"),
        )
            .prop_map(
                |(id, revises, message, tags, transaction, up, down)| Imported {
                    id,
                    revises,
                    message: message.trim().to_string(),
                    tags,
                    transaction,
                    upgrade: vec![(None, format!("SELECT '{}';", up.trim()))],
                    downgrade: down.map(|d| vec![(None, format!("SELECT '{}';", d.trim()))]),
                    source: "a file".into(),
                    ..Imported::default()
                },
            )
    }

    proptest::proptest! {
        /// Parse → write → parse of a migration file is the identity: what
        /// the file says survives being read and written back.
        #[test]
        fn render_parse_render_is_the_identity(m in imported_strategy()) {
            let text = render(&m);
            let s = Script::parse(&text, "x").unwrap();
            proptest::prop_assert_eq!(&s.id, &m.id);
            proptest::prop_assert_eq!(&s.revises, &m.revises);
            // A header is one line: its whitespace runs are written as one space.
            proptest::prop_assert_eq!(&s.message, &one_line(&m.message));
            proptest::prop_assert_eq!(&s.tags, &m.tags);
            proptest::prop_assert_eq!(s.transaction, m.transaction);
            proptest::prop_assert_eq!(s.is_reversible(), m.downgrade.is_some());
            let back = Imported {
                id: s.id.clone(),
                revises: s.revises.clone(),
                message: s.message.clone(),
                tags: s.tags.clone(),
                transaction: s.transaction,
                upgrade: s.upgrade.iter().map(|x| (x.dialect, x.text.clone())).collect(),
                downgrade: s
                    .downgrade
                    .as_ref()
                    .map(|d| d.iter().map(|x| (x.dialect, x.text.clone())).collect()),
                source: m.source.clone(),
                ..Imported::default()
            };
            proptest::prop_assert_eq!(render(&back), text);
        }
    }

    #[test]
    fn delimiter_blocks_become_statement_groups() {
        let m = Imported {
            id: "1".into(),
            message: "proc".into(),
            transaction: true,
            upgrade: vec![(
                None,
                "CREATE TABLE t (id INT);\nDELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  INSERT INTO t VALUES (1);\nEND$$\nDELIMITER ;\nCALL p();\n".into(),
            )],
            source: "V1__proc.sql".into(),
            ..Imported::default()
        };
        let s = Script::parse(&render(&m), "x").unwrap();
        let statements: Vec<String> = crate::script::split_statements(&s.upgrade[0].text, 1)
            .into_iter()
            .map(|x| x.sql)
            .collect();
        assert_eq!(
            statements,
            [
                "CREATE TABLE t (id INT)",
                "CREATE PROCEDURE p()\nBEGIN\n  INSERT INTO t VALUES (1);\nEND",
                "CALL p()"
            ]
        );
    }

    #[test]
    fn a_folder_with_migrations_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_all(dir.path(), &two(), false).unwrap();
        assert_eq!(written.len(), 2);
        assert!(matches!(
            write_all(dir.path(), &two(), false),
            Err(Error::ImportTargetNotEmpty { .. })
        ));
        assert_eq!(write_all(dir.path(), &two(), true).unwrap().len(), 2);
        // A set that is not a valid graph (2 revises a 1 it does not hold)
        // writes nothing.
        let other = tempfile::tempdir().unwrap();
        write_all(other.path(), &two()[1..], false).unwrap_err();
        assert_eq!(std::fs::read_dir(other.path()).unwrap().count(), 0);
    }
}

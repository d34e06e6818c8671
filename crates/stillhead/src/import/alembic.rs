//! Alembic projects: revision ids, parents, `depends_on`, branch labels and
//! messages from the scripts, SQL from Alembic's own offline mode.
//!
//! Alembic revisions are Python: only Alembic can say what SQL they run.
//! [`read`] starts the user's Python once, with an embedded helper
//! (`alembic_dump.py`) that loads the project as the `alembic` command does
//! and, for each dialect and direction, runs Alembic's offline mode once over
//! the whole graph, exactly as `alembic upgrade base:heads --sql` would.
//! Around each revision's own `upgrade()`/`downgrade()` call the helper swaps
//! in an output buffer of that revision's: its SQL is what its operations
//! printed, and nothing of its parents, of the `alembic_version`
//! bookkeeping, of the `-- Running upgrade` headers or of BEGIN/COMMIT. A
//! merge or a revision with `depends_on` is one step like any other, so it
//! needs no range Alembic cannot express (`upgrade a,b:m`).
//!
//! Assumption, true of the `env.py` that `alembic init` writes: its offline
//! branch passes `config.get_main_option("sqlalchemy.url")` to
//! `context.configure()`; the helper sets that option per dialect (the URL
//! of alembic.ini for its own dialect, `sqlite://`, `postgresql://` or
//! `mysql://` otherwise). An `env.py` that takes its URL elsewhere is
//! detected (the dialect it configured is not the one asked for) and
//! reported as an error, not imported as the wrong dialect's SQL.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

use super::{Imported, Skipped};
use crate::error::{Error, Result};
use crate::script::{Dialect, IMPORT_TODO};

/// The helper run by the user's Python interpreter.
const HELPER: &str = include_str!("alembic_dump.py");

/// The interpreter's environment variable.
const PYTHON_VAR: &str = "STILLHEAD_PYTHON";

/// How to get Alembic where stillhead can use it.
const INSTALL_HINT: &str = "stillhead reads Alembic projects with Alembic itself: install it \
     (`pip install alembic`, in the project's virtualenv) and point stillhead at that \
     interpreter with STILLHEAD_PYTHON=/path/to/venv/bin/python";

/// Python processes started by [`read`], ever: one per call, however many
/// revisions (tests check that it stays so).
static PYTHON_RUNS: AtomicUsize = AtomicUsize::new(0);

/// How many Python processes [`read`] has started in this process.
#[doc(hidden)]
pub fn python_runs() -> usize {
    PYTHON_RUNS.load(Ordering::SeqCst)
}

/// What `stillhead import alembic` is given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlembicOptions {
    /// alembic.ini (Alembic's `-c`).
    pub config: PathBuf,
    /// The dialects to produce SQL for; empty = the one of the URL in
    /// alembic.ini (`sqlalchemy.url`), or all three if none.
    pub dialects: Vec<Dialect>,
    /// The Python interpreter that has alembic installed (default:
    /// `python3`, or the `STILLHEAD_PYTHON` env var).
    pub python: Option<PathBuf>,
}

/// Reads the Alembic project: every revision with its id, parents (merges
/// included), depends_on, branch labels, message and tags, and the SQL of
/// each revision on its own, in both directions, as Alembic's offline mode
/// prints it. Revisions whose SQL cannot be produced offline come back with
/// `todo` set (and their SQL as far as it could be produced, or none), never
/// dropped.
pub fn read(opts: &AlembicOptions) -> Result<(Vec<Imported>, Vec<Skipped>)> {
    // Alembic reads a missing ini as an empty one and then complains about
    // `script_location`; say what is really wrong.
    let config = std::fs::canonicalize(&opts.config).map_err(|source| Error::Io {
        path: opts.config.display().to_string(),
        source,
    })?;
    let project = config.parent().unwrap_or(Path::new(".")).to_path_buf();
    let python = interpreter(opts.python.as_deref(), std::env::var_os(PYTHON_VAR));
    let mut dialects: Vec<String> = Vec::new();
    for d in &opts.dialects {
        let name = d.to_string();
        if !dialects.contains(&name) {
            dialects.push(name);
        }
    }
    let request = serde_json::json!({
        "config": config.to_string_lossy(),
        "dialects": dialects,
    });
    let output = Command::new(&python)
        .arg("-c")
        .arg(HELPER)
        .arg(request.to_string())
        // As `alembic` is run: from the project, whose relative
        // `script_location` and `prepend_sys_path` are read from there.
        .current_dir(&project)
        // Reading must not leave __pycache__ folders in the project.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            import_error(format!(
                "cannot run the Python interpreter {}: {e}. {INSTALL_HINT}",
                python.display()
            ))
        })?;
    PYTHON_RUNS.fetch_add(1, Ordering::SeqCst);

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let dump = parse_answer(&stdout).map_err(|e| {
        import_error(match e {
            BadAnswer::Absent => format!(
                "the Python helper run by {} failed ({}) without an answer: {}",
                python.display(),
                output.status,
                tail(&stderr, 12)
            ),
            BadAnswer::NoAlembic(message) => format!(
                "Alembic cannot be imported by {}: {message}. {INSTALL_HINT}",
                python.display()
            ),
            BadAnswer::Failed(message) => format!("{}: {message}", config.display()),
        })
    })?;
    convert(dump)
}

/// Why the helper's output holds no usable answer.
enum BadAnswer {
    /// No line of JSON of the expected shape.
    Absent,
    /// The interpreter cannot import Alembic.
    NoAlembic(String),
    /// Alembic failed to load the project.
    Failed(String),
}

/// The helper's answer in its standard output: one line of JSON, last;
/// anything a C extension wrote straight to the descriptor comes before it.
fn parse_answer(stdout: &str) -> std::result::Result<Dump, BadAnswer> {
    let dump: Dump = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or(BadAnswer::Absent)?;
    match (dump.ok, dump.kind.as_str()) {
        (true, _) => Ok(dump),
        (false, "no_alembic") => Err(BadAnswer::NoAlembic(dump.message)),
        (false, _) => Err(BadAnswer::Failed(dump.message)),
    }
}

/// Reads the helper's standard output into migrations, as [`read`] does
/// after running it. Public for the fuzz target (`fuzz/`): this is where
/// bytes from another program become migrations.
#[doc(hidden)]
pub fn read_answer(stdout: &str) -> Result<(Vec<Imported>, Vec<Skipped>)> {
    let dump = parse_answer(stdout).map_err(|e| {
        import_error(match e {
            BadAnswer::Absent => "the Python helper printed no answer".into(),
            BadAnswer::NoAlembic(m) | BadAnswer::Failed(m) => m,
        })
    })?;
    convert(dump)
}

/// The interpreter to run: the option, else `STILLHEAD_PYTHON`, else `python3`.
fn interpreter(given: Option<&Path>, var: Option<OsString>) -> PathBuf {
    given
        .map(Path::to_path_buf)
        .or_else(|| var.filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("python3"))
}

fn import_error(message: String) -> Error {
    Error::Import {
        tool: "alembic".into(),
        message,
    }
}

/// The last `n` lines of a process's error output, for a message.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return "(no output)".into();
    }
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// The helper's answer (see `alembic_dump.py`).
#[derive(Debug, Deserialize)]
struct Dump {
    ok: bool,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    dialects: Vec<String>,
    #[serde(default)]
    revisions: Vec<DumpRevision>,
    #[serde(default)]
    skipped: Vec<DumpSkipped>,
}

/// One revision script as Alembic loaded it.
#[derive(Debug, Deserialize)]
struct DumpRevision {
    id: String,
    /// `down_revision`, as a list.
    down: Vec<String>,
    /// `depends_on`, resolved to revision ids (Alembic allows branch labels).
    depends_on: Vec<String>,
    /// The script's own labels, not those Alembic hands down to descendants.
    branch_labels: Vec<String>,
    /// `Script.doc`: the docstring's first paragraph.
    message: String,
    tags: Vec<String>,
    /// Relative to the folder of alembic.ini.
    path: String,
    /// False when the script defines no `downgrade()`.
    has_downgrade: bool,
    /// By dialect name.
    upgrade: BTreeMap<String, Part>,
    downgrade: BTreeMap<String, Part>,
}

/// One direction of one revision for one dialect.
#[derive(Debug, Deserialize)]
struct Part {
    /// What the revision's own operations printed.
    sql: String,
    /// Why the function stopped, if it raised.
    error: Option<String>,
    /// What it did that SQL cannot show (`get_bind`, `offline_check`), or
    /// that changes how it runs (`autocommit`).
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct DumpSkipped {
    file: String,
    reason: String,
}

/// The helper's answer as imported migrations.
fn convert(dump: Dump) -> Result<(Vec<Imported>, Vec<Skipped>)> {
    let mut dialects = Vec::with_capacity(dump.dialects.len());
    for name in &dump.dialects {
        let d: Dialect = name
            .parse()
            .map_err(|e| import_error(format!("the Python helper answered {e}")))?;
        dialects.push((name.as_str(), d));
    }
    // One dialect needs no marker: the file runs wherever it is taken.
    let single = dialects.len() == 1;
    let mut migrations = Vec::with_capacity(dump.revisions.len());
    for rev in dump.revisions {
        let mut todo: Vec<String> = Vec::new();
        let mut transaction = true;
        let mut parts = |direction: &str, by_dialect: &BTreeMap<String, Part>| {
            let mut sections = Vec::with_capacity(dialects.len());
            // Reasons in the order first met, with the dialects they hold for.
            let mut reasons: Vec<(String, Vec<&str>)> = Vec::new();
            let mut add = |reason: String, dialect: &'static str| match reasons
                .iter_mut()
                .find(|(r, _)| *r == reason)
            {
                Some((_, ds)) => ds.push(dialect),
                None => reasons.push((reason, vec![dialect])),
            };
            for &(name, d) in &dialects {
                let label: &'static str = match d {
                    Dialect::Sqlite => "sqlite",
                    Dialect::Postgres => "postgres",
                    Dialect::Mysql => "mysql",
                };
                // Each reason is also a line in the part itself, which the
                // runner refuses until a person writes the part
                // (`script::IMPORT_TODO`): run as it is, it would do less
                // than the revision does.
                let Some(part) = by_dialect.get(name) else {
                    let reason = "Alembic did not run it in offline mode".to_string();
                    sections.push((dialect_of(single, d), format!("{IMPORT_TODO} {reason}")));
                    add(reason, label);
                    continue;
                };
                let mut marks = Vec::new();
                if let Some(error) = &part.error {
                    let error = one_line(error);
                    marks.push(match part.sql.trim().is_empty() {
                        true => format!("not produced offline: {error}"),
                        false => format!("Alembic stopped here offline: {error}"),
                    });
                    add(error, label);
                }
                for note in &part.notes {
                    let reason = match note.as_str() {
                        "autocommit" => {
                            transaction = false;
                            continue;
                        }
                        "get_bind" => {
                            "it calls op.get_bind(), which has no database connection \
                             offline: what it reads or does through it is not in the SQL"
                        }
                        "offline_check" => {
                            "it asks context.is_offline_mode(): the SQL written offline \
                             may differ from what it runs online"
                        }
                        _ => continue,
                    };
                    marks.push(reason.to_string());
                    add(reason.into(), label);
                }
                let sql = part.sql.trim_end();
                let marks: Vec<String> =
                    marks.iter().map(|m| format!("{IMPORT_TODO} {m}")).collect();
                let text = match (sql.is_empty(), marks.is_empty()) {
                    (_, true) => sql.to_string(),
                    (true, false) => marks.join("\n"),
                    (false, false) => format!("{sql}\n\n{}", marks.join("\n")),
                };
                sections.push((dialect_of(single, d), text));
            }
            for (reason, ds) in reasons {
                if ds.len() == dialects.len() {
                    todo.push(format!("{direction}: {reason}"));
                } else {
                    todo.push(format!("{direction} ({}): {reason}", ds.join(", ")));
                }
            }
            sections
        };
        let upgrade = parts("upgrade", &rev.upgrade);
        // A script without downgrade(), or whose downgrade() says it cannot
        // go back (`raise NotImplementedError`, the usual way), is
        // irreversible: no section, so that stillhead refuses the
        // downgrade, as Alembic would fail it.
        let refuses = !rev.downgrade.is_empty()
            && rev.downgrade.values().all(|p| {
                p.sql.trim().is_empty()
                    && p.error
                        .as_deref()
                        .is_some_and(|e| e.starts_with("NotImplementedError"))
            });
        let downgrade = (rev.has_downgrade && !refuses).then(|| parts("downgrade", &rev.downgrade));
        migrations.push(Imported {
            id: rev.id,
            revises: rev.down,
            message: rev.message,
            tags: rev.tags,
            depends_on: rev.depends_on,
            branch_labels: rev.branch_labels,
            transaction,
            upgrade,
            downgrade,
            todo: (!todo.is_empty()).then(|| todo.join("\n")),
            source: rev.path,
            source_checksum: None,
        });
    }
    let skipped = dump
        .skipped
        .into_iter()
        .map(|s| Skipped {
            file: s.file,
            reason: s.reason,
        })
        .collect();
    Ok((migrations, skipped))
}

fn dialect_of(single: bool, d: Dialect) -> Option<Dialect> {
    (!single).then_some(d)
}

/// A reason on one comment line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(sql: &str, error: Option<&str>, notes: &[&str]) -> Part {
        Part {
            sql: sql.into(),
            error: error.map(Into::into),
            notes: notes.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn dump(dialects: &[&str], upgrade: Vec<Part>, downgrade: Option<Vec<Part>>) -> Dump {
        let by = |parts: Vec<Part>| {
            dialects
                .iter()
                .map(|d| d.to_string())
                .zip(parts)
                .collect::<BTreeMap<_, _>>()
        };
        Dump {
            ok: true,
            kind: String::new(),
            message: String::new(),
            dialects: dialects.iter().map(|d| d.to_string()).collect(),
            revisions: vec![DumpRevision {
                id: "abc".into(),
                down: vec!["p1".into(), "p2".into()],
                depends_on: vec![],
                branch_labels: vec![],
                message: "m".into(),
                tags: vec![],
                path: "alembic/versions/abc_m.py".into(),
                has_downgrade: downgrade.is_some(),
                upgrade: by(upgrade),
                downgrade: downgrade.map(by).unwrap_or_default(),
            }],
            skipped: vec![DumpSkipped {
                file: "alembic/versions/README".into(),
                reason: "not a Python script".into(),
            }],
        }
    }

    #[test]
    fn one_dialect_gives_generic_sections() {
        let (ms, skipped) = convert(dump(
            &["sqlite"],
            vec![part("CREATE INDEX i ON t (c);\n\n", None, &[])],
            Some(vec![part("", None, &[])]),
        ))
        .unwrap();
        let m = &ms[0];
        assert_eq!(m.upgrade, vec![(None, "CREATE INDEX i ON t (c);".into())]);
        // `pass`: reversible, with nothing to run.
        assert_eq!(m.downgrade, Some(vec![(None, String::new())]));
        assert_eq!(m.revises, ["p1", "p2"]);
        assert!(m.transaction);
        assert_eq!(m.todo, None);
        assert_eq!(skipped.len(), 1);
    }

    #[test]
    fn failures_are_kept_with_a_todo_per_direction_and_dialect() {
        let (ms, _) = convert(dump(
            &["sqlite", "postgres"],
            vec![
                part(
                    "SELECT 1;\n\n",
                    Some("TypeError: x (line 3)"),
                    &["get_bind"],
                ),
                part(
                    "SELECT 1;\n\n",
                    Some("TypeError: x (line 3)"),
                    &["get_bind"],
                ),
            ],
            Some(vec![
                part("", Some("CommandError: batch\nmode"), &[]),
                part("ALTER TABLE t DROP COLUMN c;", None, &["autocommit"]),
            ]),
        ))
        .unwrap();
        let m = &ms[0];
        assert_eq!(m.upgrade[0].0, Some(Dialect::Sqlite));
        // Each reason is a line of the part too, which the runner refuses.
        assert_eq!(
            m.upgrade[0].1,
            "SELECT 1;\n\n-- stillhead-import: TODO Alembic stopped here offline: TypeError: x (line 3)\n\
             -- stillhead-import: TODO it calls op.get_bind(), which has no database connection offline: \
             what it reads or does through it is not in the SQL"
        );
        let down = m.downgrade.as_ref().unwrap();
        assert_eq!(
            down[0].1,
            "-- stillhead-import: TODO not produced offline: CommandError: batch mode"
        );
        assert_eq!(
            down[1],
            (
                Some(Dialect::Postgres),
                "ALTER TABLE t DROP COLUMN c;".into()
            )
        );
        assert!(!m.transaction);
        let todo = m.todo.as_deref().unwrap();
        assert!(todo.contains("upgrade: TypeError: x (line 3)"), "{todo}");
        assert!(todo.contains("upgrade: it calls op.get_bind()"), "{todo}");
        assert!(
            todo.contains("downgrade (sqlite): CommandError: batch mode"),
            "{todo}"
        );
        // Rendered, it is a file stillhead reads.
        crate::script::Script::parse(&super::super::render(m), "x").unwrap();
    }

    #[test]
    fn no_downgrade_function_is_irreversible() {
        let (ms, _) = convert(dump(&["mysql"], vec![part("SELECT 1;", None, &[])], None)).unwrap();
        assert_eq!(ms[0].downgrade, None);
    }

    #[test]
    fn a_downgrade_that_raises_not_implemented_is_irreversible() {
        let (ms, _) = convert(dump(
            &["sqlite"],
            vec![part("SELECT 1;", None, &[])],
            Some(vec![part(
                "",
                Some("NotImplementedError: data migration (line 20)"),
                &[],
            )]),
        ))
        .unwrap();
        assert_eq!(ms[0].downgrade, None);
        // Another failure keeps the section, with its reason.
        let (ms, _) = convert(dump(
            &["sqlite"],
            vec![part("SELECT 1;", None, &[])],
            Some(vec![part("", Some("TypeError: x"), &[])]),
        ))
        .unwrap();
        assert!(ms[0].downgrade.is_some());
    }

    #[test]
    fn the_interpreter_is_the_option_then_the_variable_then_python3() {
        let p = |given: Option<&str>, var: Option<&str>| {
            interpreter(given.map(Path::new), var.map(OsString::from))
        };
        assert_eq!(
            p(Some("/v/bin/python"), Some("/w/python")),
            PathBuf::from("/v/bin/python")
        );
        assert_eq!(p(None, Some("/w/python")), PathBuf::from("/w/python"));
        assert_eq!(p(None, Some("")), PathBuf::from("python3"));
        assert_eq!(p(None, None), PathBuf::from("python3"));
    }

    #[test]
    fn a_missing_interpreter_says_how_to_install_alembic() {
        let dir = tempfile::tempdir().unwrap();
        let ini = dir.path().join("alembic.ini");
        std::fs::write(&ini, "[alembic]\nscript_location = alembic\n").unwrap();
        let err = read(&AlembicOptions {
            config: ini,
            dialects: vec![],
            python: Some(dir.path().join("no-such-python")),
        })
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("alembic: "), "{err}");
        assert!(err.contains("pip install alembic"), "{err}");
        assert!(err.contains("STILLHEAD_PYTHON"), "{err}");
    }
}

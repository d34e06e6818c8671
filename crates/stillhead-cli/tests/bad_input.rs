//! The bad-input corpus (`tests/bad_input/`, its README): every case is a
//! project, a command line and what must come of it: the exit code, a
//! fragment of the message, no panic, no password shown, and the database
//! as it was unless the case says it may change. One test runs them all and
//! reports every case that went wrong, not just the first.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::*;
use serde::Deserialize;
use stillhead_testkit::mariadb_private::PrivateMariadb;

/// A case, as `NAME.toml` or `NAME/case.toml` says it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case is about, one line.
    about: String,
    /// The command line after `stillhead`; `{url}` is the case database's
    /// URL, `{dir}` the project folder.
    args: Vec<String>,
    /// The exit code it must end with.
    exit: i32,
    /// A fragment of what it prints (stderr, or stdout for exit code 0).
    message: String,
    /// `sqlite` (default), `postgres` or `mysql`.
    #[serde(default)]
    backend: Option<String>,
    /// The project it starts from: `ab` (default: `001_a`, `002_b`),
    /// `empty` (no migrations) or `shop` (the example).
    #[serde(default)]
    start: Option<String>,
    /// `upgrade` to this target before the case (so there is a state).
    #[serde(default)]
    applied: Option<String>,
    /// SQL run on the case database after `applied` (a hand edit).
    #[serde(default)]
    sql: Vec<String>,
    /// A preparation the runner makes (see [`prepare`] and [`hold`]).
    #[serde(default)]
    setup: Option<String>,
    /// Whether the database may change.
    #[serde(default)]
    changes: bool,
    /// The revisions applied afterwards, when the case checks them.
    #[serde(default)]
    applied_after: Option<Vec<String>>,
    /// Lines appended to `stillhead.toml` (`{url}` replaced).
    #[serde(default)]
    config_append: Option<String>,
    /// Environment variables for the command.
    #[serde(default)]
    env: BTreeMap<String, String>,
    /// Files written into the project, by path relative to it.
    #[serde(default)]
    files: BTreeMap<String, String>,
    /// Project files removed before the case (`migrations/002_b.sql`).
    #[serde(default)]
    remove: Vec<String>,
    /// Files written after `applied` (an edit of an applied migration, a
    /// new one the command is to run).
    #[serde(default)]
    later_files: BTreeMap<String, String>,
    /// Files removed after `applied`.
    #[serde(default)]
    later_remove: Vec<String>,
}

/// The private server of the `server-down` case.
const SERVER_PORT: u16 = 23331;

/// Every password in the corpus contains this; no output may.
const PASSWORD_MARK: &str = "s3cret";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input")
}

/// The cases, by name, with the folder whose files a folder case brings.
fn cases() -> Vec<(String, Case, Option<PathBuf>)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (file, folder) = if path.is_dir() {
            (path.join("case.toml"), Some(path.clone()))
        } else if name.ends_with(".toml") {
            (path.clone(), None)
        } else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let case: Case =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        out.push((name.trim_end_matches(".toml").to_string(), case, folder));
    }
    out
}

fn backend_of(case: &Case) -> Backend {
    match case.backend.as_deref().unwrap_or("sqlite") {
        "sqlite" => Backend::Sqlite,
        "postgres" => Backend::Postgres,
        "mysql" => Backend::Mysql,
        other => panic!("unknown backend {other}"),
    }
}

/// Copies a folder case's files (all but `case.toml`) byte for byte.
fn copy_case_files(from: &Path, to: &Path, rel: &Path) {
    for entry in std::fs::read_dir(from.join(rel)).unwrap() {
        let entry = entry.unwrap();
        let rel = rel.join(entry.file_name());
        if rel == Path::new("case.toml") {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(to.join(&rel)).unwrap();
            copy_case_files(from, to, &rel);
        } else {
            std::fs::copy(entry.path(), to.join(&rel)).unwrap();
        }
    }
}

/// What a case holds while its command runs: undone on drop.
enum Held {
    Nothing,
    /// A SQLite connection in an exclusive transaction.
    Sqlite(#[allow(dead_code)] rusqlite::Connection),
    /// A file or folder made immutable (`chattr +i`).
    Immutable(PathBuf),
    /// A small file system mounted for the database.
    Mount(PathBuf),
    /// A private server, stopped mid-run by a thread.
    Server(
        // Kept, not read: dropping it shuts the server down.
        #[allow(dead_code)] Box<PrivateMariadb>,
        Option<std::thread::JoinHandle<()>>,
    ),
}

impl Drop for Held {
    fn drop(&mut self) {
        match self {
            Held::Immutable(path) => {
                let _ = Command::new("chattr")
                    .arg("-i")
                    .arg(path.as_os_str())
                    .status();
            }
            Held::Mount(path) => {
                let _ = Command::new("umount").arg(path.as_os_str()).status();
            }
            Held::Server(_, thread) => {
                if let Some(t) = thread.take() {
                    let _ = t.join();
                }
            }
            Held::Nothing | Held::Sqlite(_) => {}
        }
    }
}

/// Why a case cannot run on this machine (it is reported, not failed).
type Skip = String;

/// Preparations made before `applied`: the files or the database a case needs.
fn prepare(setup: &str, p: &Project) -> Result<Option<Held>, Skip> {
    match setup {
        "disk-full" => {
            let dir = p.path().join("full");
            std::fs::create_dir(&dir).unwrap();
            let mounted = Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=96k", "tmpfs"])
                .arg(&dir)
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false);
            if !mounted {
                return Err("cannot mount a small tmpfs here (needs root)".into());
            }
            Ok(Some(Held::Mount(dir)))
        }
        "server-down" => {
            let server = PrivateMariadb::start("bad-input", SERVER_PORT, &[]);
            server.execute("DROP DATABASE IF EXISTS bad_input");
            server.execute("CREATE DATABASE bad_input");
            let cfg = format!("[database]\nurl = \"{}\"\n", server.db_url("bad_input"));
            std::fs::write(p.path().join("stillhead.toml"), cfg).unwrap();
            Ok(Some(Held::Server(Box::new(server), None)))
        }
        _ => Ok(None),
    }
}

/// Preparations made after `applied`, `sql` and the snapshot; what they
/// hold is held while the command runs.
fn hold(setup: &str, p: &Project, held: Option<Held>) -> Result<Held, Skip> {
    match (setup, held) {
        ("big-migration", None) => {
            // 10 MB of inserts, then a statement the database refuses: the
            // whole migration is undone, and the message names its line.
            let mut text = String::from(
                "-- revision: 003_big\n-- revises: 002_b\n-- message: big\n\n-- +upgrade\nCREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT);\n",
            );
            let row = "x".repeat(200);
            let mut n = 0;
            while text.len() < 10 * 1024 * 1024 {
                n += 1;
                text.push_str(&format!(
                    "INSERT INTO big (id, payload) VALUES ({n}, '{row}');\n"
                ));
            }
            text.push_str("INSERT INTO no_such_table VALUES (1);\n");
            p.write("003_big.sql", &text);
            Ok(Held::Nothing)
        }
        ("symlink-loop", None) => {
            let m = p.path().join("migrations");
            std::os::unix::fs::symlink("loop.sql", m.join("loop.sql")).unwrap();
            std::os::unix::fs::symlink(".", m.join("again")).unwrap();
            Ok(Held::Nothing)
        }
        ("locked-db", None) => {
            let conn = rusqlite::Connection::open(p.db_path("test.db")).unwrap();
            conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
            Ok(Held::Sqlite(conn))
        }
        ("readonly-db", None) => immutable(p.db_path("test.db")),
        // The file stays writable; its folder takes no new file (such as
        // the journal SQLite creates beside the file for a write).
        ("readonly-folder", None) => immutable(p.path().to_path_buf()),
        ("server-down", Some(mut held)) => {
            if let Held::Server(_, thread) = &mut held {
                // The command's second migration sleeps; the server goes
                // away while it does.
                *thread = Some(std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(1500));
                    let _ = Command::new("mariadb-admin")
                        .args(["--protocol=tcp", "-h", "127.0.0.1", "-P"])
                        .arg(SERVER_PORT.to_string())
                        .args(["-u", "root", "shutdown"])
                        .output();
                }));
            }
            Ok(held)
        }
        (_, Some(held)) => Ok(held),
        (_, None) => Ok(Held::Nothing),
    }
}

/// `path` made immutable (`chattr +i`: root ignores file modes) until the
/// case ends.
fn immutable(path: PathBuf) -> Result<Held, Skip> {
    let ok = Command::new("chattr")
        .arg("+i")
        .arg(&path)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        return Err("chattr +i is refused here".into());
    }
    Ok(Held::Immutable(path))
}

/// The database as the case can observe it: its dump, or that it is absent.
///
/// The log table is left out: it records every attempt, a failed one too,
/// so a command that fails writes a line there and nothing else.
fn snapshot(p: &Project, case: &Case) -> String {
    if case.setup.as_deref() == Some("server-down") {
        return String::new();
    }
    if p.backend() == Backend::Sqlite {
        let db = p.db_path("test.db");
        if !db.exists() {
            return "(no database file)".into();
        }
        if std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) == 0 {
            return "(an empty file)".into();
        }
    }
    without_log(&p.dump())
}

/// A dump without the log table's rows and the counter its ids advance
/// (its sequence's `setval`, its `sqlite_sequence` row, the
/// `AUTO_INCREMENT=` of its `CREATE TABLE`); every other table's counters
/// stay in the comparison.
fn without_log(dump: &str) -> String {
    const LOG: &str = "stillhead_version_log";
    let mut out = Vec::new();
    let mut in_copy = false;
    let mut in_log_table = false;
    for line in dump.lines() {
        if in_copy {
            in_copy = line != "\\.";
            continue;
        }
        if line.starts_with("COPY ") && line.contains(LOG) {
            in_copy = true;
            continue;
        }
        let log_counter = line.contains(LOG)
            && (line.starts_with("INSERT")
                || line.contains("setval(")
                || line.contains("sqlite_sequence"));
        if log_counter {
            continue;
        }
        if line.starts_with("CREATE TABLE") && line.contains(LOG) {
            in_log_table = true;
        }
        if in_log_table && line.ends_with(';') {
            in_log_table = false;
            // MariaDB: `) ENGINE=InnoDB AUTO_INCREMENT=3 …;` closes it.
            let kept: Vec<&str> = line
                .split(' ')
                .filter(|w| !w.starts_with("AUTO_INCREMENT="))
                .collect();
            out.push(kept.join(" "));
            continue;
        }
        out.push(line.to_string());
    }
    out.join("\n")
}

/// Removes, then writes, files of the project.
fn edit(
    dir: &Path,
    remove: &[String],
    files: &BTreeMap<String, String>,
    fill: &dyn Fn(&str) -> String,
) {
    for rel in remove {
        let path = dir.join(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, fill(text)).unwrap();
    }
}

/// Runs one case; `Err` says what went wrong.
fn run_case(name: &str, case: &Case, folder: Option<&Path>) -> Result<Option<Skip>, String> {
    let backend = backend_of(case);
    let start = case.start.as_deref().unwrap_or("ab");
    let p = match start {
        "ab" => project_on(backend, &ab_chain()),
        "empty" => Project::on(backend, &[]),
        "shop" => Project::shop_on(backend),
        other => return Err(format!("{name}: unknown start {other}")),
    };
    let url = p.db.url.clone();
    let dir = p.path().display().to_string();
    let fill = |s: &str| s.replace("{url}", &url).replace("{dir}", &dir);
    if let Some(extra) = &case.config_append {
        let extra = fill(extra);
        p.configure(&format!("\n{extra}\n"));
    }
    edit(p.path(), &case.remove, &case.files, &fill);
    let setup = case.setup.as_deref().unwrap_or("");
    let prepared = match prepare(setup, &p) {
        Ok(h) => h,
        Err(skip) => return Ok(Some(skip)),
    };
    if let Some(target) = &case.applied {
        let (code, out, err) = p.run(&["upgrade", target]);
        if code != 0 {
            return Err(format!(
                "{name}: the preparing `upgrade {target}` failed ({code}): {out}{err}"
            ));
        }
    }
    edit(p.path(), &case.later_remove, &case.later_files, &fill);
    if let Some(folder) = folder {
        copy_case_files(folder, p.path(), Path::new(""));
    }
    for sql in &case.sql {
        p.query(&fill(sql));
    }
    let before = snapshot(&p, case);
    let held = match hold(setup, &p, prepared) {
        Ok(h) => h,
        Err(skip) => return Ok(Some(skip)),
    };

    let args: Vec<String> = case.args.iter().map(|a| fill(a)).collect();
    let mut cmd = p.cmd();
    cmd.args(&args).timeout(Duration::from_secs(120));
    for (k, v) in &case.env {
        cmd.env(k, fill(v));
    }
    let output = cmd
        .output()
        .map_err(|e| format!("{name}: cannot run: {e}"))?;
    let code = output.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    drop(held);

    let mut wrong = Vec::new();
    if code != case.exit {
        wrong.push(format!("exit code {code}, expected {}", case.exit));
    }
    let said = if case.exit == 0 { &stdout } else { &stderr };
    if !said.contains(&case.message) {
        wrong.push(format!("no {:?} in what it said", case.message));
    }
    for text in [&stdout, &stderr] {
        if text.contains("panicked") || text.contains("RUST_BACKTRACE") {
            wrong.push("it panicked".into());
        }
        if text.contains(PASSWORD_MARK) {
            wrong.push("a password is shown".into());
        }
    }
    if case.setup.as_deref() == Some("server-down") {
        // The server again, to see what the state table says.
        let server = PrivateMariadb::start("bad-input", SERVER_PORT, &[]);
        let applied = server_applied(&server);
        if Some(&applied) != case.applied_after.as_ref() {
            wrong.push(format!(
                "applied afterwards: {applied:?}, expected {:?}",
                case.applied_after
            ));
        }
        server.execute("DROP DATABASE IF EXISTS bad_input");
    } else {
        if !case.changes {
            let after = snapshot(&p, case);
            if after != before {
                wrong.push("the database changed".into());
            }
        }
        if let Some(expected) = &case.applied_after {
            let applied = p.applied();
            if &applied != expected {
                wrong.push(format!(
                    "applied afterwards: {applied:?}, expected {expected:?}"
                ));
            }
        }
    }
    if std::env::var_os("STILLHEAD_BAD_INPUT_SHOW").is_some() {
        // For reading every message at once when reviewing the corpus.
        eprintln!("== {name} (exit {code})\n{}{}", stdout, stderr);
    }
    if wrong.is_empty() {
        Ok(None)
    } else {
        Err(format!(
            "{name} ({}): {}\n  stillhead {}\n  --- stdout\n{}\n  --- stderr\n{}",
            case.about,
            wrong.join("; "),
            args.join(" "),
            stdout.trim_end(),
            stderr.trim_end()
        ))
    }
}

/// The revisions the private server's state table records, a migration
/// that did not finish as `ID (in progress)`.
fn server_applied(server: &PrivateMariadb) -> Vec<String> {
    use mysql::prelude::Queryable;
    let mut c =
        mysql::Conn::new(mysql::Opts::from_url(&server.db_url("bad_input")).unwrap()).unwrap();
    let rows: Vec<(String, i64)> = c
        .query("SELECT revision, in_progress FROM stillhead_version ORDER BY revision")
        .unwrap_or_default();
    rows.into_iter()
        .map(|(id, busy)| {
            if busy == 0 {
                id
            } else {
                format!("{id} (in progress)")
            }
        })
        .collect()
}

#[test]
fn every_bad_input_case() {
    let cases = cases();
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    let enabled: Vec<Backend> = Backend::all();
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    let mut ran = 0;
    for (name, case, folder) in &cases {
        let backend = backend_of(case);
        let server_case = case.setup.as_deref() == Some("server-down");
        if !enabled.contains(&backend) || (server_case && !enabled.contains(&Backend::Mysql)) {
            skipped.push(format!("{name}: {} is not under test", backend.name()));
            continue;
        }
        match run_case(name, case, folder.as_deref()) {
            Ok(None) => ran += 1,
            Ok(Some(why)) => skipped.push(format!("{name}: {why}")),
            Err(e) => failures.push(e),
        }
    }
    eprintln!(
        "bad input: {ran} cases ran, {} skipped, {} failed",
        skipped.len(),
        failures.len()
    );
    for s in &skipped {
        eprintln!("  skipped {s}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases went wrong:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

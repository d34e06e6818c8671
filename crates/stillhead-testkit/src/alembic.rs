//! A Python with Alembic (and SQLAlchemy and psycopg2, so that Alembic can
//! migrate PostgreSQL online too), for the tests that import Alembic
//! projects: a virtualenv under `target/tmp/alembic-venv`, made once with
//! pip (which needs network access the first time) and reused after.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// The venv's interpreter, after making sure Alembic imports in it.
pub fn python() -> PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    // One process makes the venv at a time: two pips into one folder break it.
    static SETUP: Mutex<()> = Mutex::new(());
    PYTHON
        .get_or_init(|| {
            let _one = SETUP.lock().unwrap_or_else(|p| p.into_inner());
            let venv = crate::target_tmp().join("alembic-venv");
            let python = venv.join("bin").join("python");
            let ready = || {
                Command::new(&python)
                    .args(["-c", "import alembic, sqlalchemy, psycopg2"])
                    .output()
                    .is_ok_and(|o| o.status.success())
            };
            if !ready() {
                run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
                run(Command::new(&python).args([
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "alembic",
                    "sqlalchemy",
                    "psycopg2-binary",
                ]));
                assert!(
                    ready(),
                    "alembic is not importable in {} after pip install",
                    venv.display()
                );
            }
            python
        })
        .clone()
}

/// Runs a command, panicking with its output if it fails; returns stdout.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

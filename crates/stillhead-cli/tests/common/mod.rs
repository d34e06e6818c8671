//! Helpers shared by the CLI tests: a throw-away copy of a project in a
//! temporary folder, the `stillhead` binary pointed at it, and queries on its
//! SQLite database.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A project in a temporary directory, deleted on drop.
pub struct Project {
    pub dir: tempfile::TempDir,
}

/// The repository's root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl Project {
    /// A copy of `examples/shop` (config, migrations, schema) with its own database.
    pub fn shop() -> Project {
        let dir = tempfile::tempdir().unwrap();
        let shop = repo_root().join("examples/shop");
        copy_dir(&shop.join("migrations"), &dir.path().join("migrations"));
        for f in ["stillhead.toml", "schema.sql"] {
            std::fs::copy(shop.join(f), dir.path().join(f)).unwrap();
        }
        Project { dir }
    }

    /// An empty project with `stillhead.toml` pointing at `test.db` and the given migration files.
    pub fn with_files(files: &[(&str, &str)]) -> Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("migrations")).unwrap();
        std::fs::write(
            dir.path().join("stillhead.toml"),
            "[database]\nurl = \"sqlite://test.db\"\n",
        )
        .unwrap();
        let p = Project { dir };
        for (name, text) in files {
            p.write(name, text);
        }
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into `migrations/`.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path().join("migrations").join(name), text).unwrap();
    }

    /// The `stillhead` binary, run in the project folder with a clean environment.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("stillhead").unwrap();
        c.current_dir(self.path())
            .env_remove("DATABASE_URL")
            .env_remove("RUST_LOG")
            .env("NO_COLOR", "1");
        c
    }

    /// Runs `stillhead ARGS` and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "stillhead {args:?} failed:\n{out}\n{err}");
        out
    }

    /// Runs and asserts exit code 1; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(
            code, 1,
            "stillhead {args:?} should fail with 1:\n{out}\n{err}"
        );
        assert!(!err.contains("panicked"), "panic reached the user: {err}");
        err
    }

    /// The database file the shop/with_files configs use.
    pub fn db_path(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    pub fn db(&self, name: &str) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db_path(name)).unwrap()
    }

    /// Tables of a database, sorted, without SQLite's own.
    pub fn tables(&self, name: &str) -> Vec<String> {
        let c = self.db(name);
        let mut s = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// Column names of a table, in order.
    pub fn columns(&self, name: &str, table: &str) -> Vec<String> {
        let c = self.db(name);
        let mut s = c
            .prepare(&format!("PRAGMA table_info(\"{table}\")"))
            .unwrap();
        s.query_map([], |r| r.get(1))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// Applied revisions recorded in the state table, sorted.
    pub fn applied(&self, name: &str) -> Vec<String> {
        let c = self.db(name);
        let mut s = c
            .prepare(
                "SELECT revision FROM stillhead_version WHERE in_progress = 0 ORDER BY revision",
            )
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
}

/// A minimal migration file.
pub fn mig(id: &str, revises: &str, up: &str, down: Option<&str>) -> String {
    let mut s = format!(
        "-- revision: {id}\n-- revises: {revises}\n-- message: {id}\n\n-- +upgrade\n{up}\n"
    );
    if let Some(d) = down {
        s.push_str(&format!("\n-- +downgrade\n{d}\n"));
    }
    s
}

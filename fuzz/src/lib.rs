//! What the fuzz targets share: a plain-text form of a folder of files, so
//! that a seed is readable and the fuzzer's mutations stay meaningful.
//!
//! ```text
//! === V1__create_users.sql
//! CREATE TABLE users (id INT);
//! === sub/V2__more.sql
//! ...
//! ```
//!
//! Text before the first `=== ` line is the input's preamble (a target uses
//! it for a tool name or a dialect). A path whose parts are not plain names
//! is dropped: the folder is always inside its temporary directory.

use std::path::{Path, PathBuf};

/// The input's preamble and its files, in order.
pub fn split_files(text: &str) -> (&str, Vec<(&str, &str)>) {
    let mut parts = text.split("\n=== ");
    let first = parts.next().unwrap_or_default();
    let (preamble, mut files) = match first.strip_prefix("=== ") {
        Some(file) => ("", vec![file]),
        None => (first, Vec::new()),
    };
    files.extend(parts);
    let files = files
        .into_iter()
        .map(|f| f.split_once('\n').unwrap_or((f, "")))
        .collect();
    (preamble, files)
}

/// A relative path of at most three plain parts (letters, digits, `.`, `_`, `-`; not `.` or `..`).
pub fn plain_path(path: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = path.trim().split('/').collect();
    let plain = |p: &&str| {
        !p.is_empty()
            && *p != "."
            && *p != ".."
            && p.len() <= 64
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    };
    (parts.len() <= 3 && parts.iter().all(plain)).then(|| parts.iter().collect())
}

/// A temporary folder in memory (`/dev/shm` when there is one) holding the files.
pub struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    /// Writes `files` (later ones win; unplain paths are skipped).
    pub fn new(files: &[(&str, &str)]) -> Folder {
        let shm = Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .expect("a temporary folder");
        for (path, text) in files {
            let Some(rel) = plain_path(path) else {
                continue;
            };
            let full = dir.path().join(rel);
            if let Some(parent) = full.parent() {
                // A part that is already a file: the input's own conflict.
                if std::fs::create_dir_all(parent).is_err() {
                    continue;
                }
            }
            let _ = std::fs::write(&full, text);
        }
        Folder { dir }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_preamble() {
        let (pre, files) = split_files("flyway\n=== V1__a.sql\nSELECT 1;\n=== b/c.sql\n");
        assert_eq!(pre, "flyway");
        assert_eq!(files, [("V1__a.sql", "SELECT 1;"), ("b/c.sql", "")]);
        assert_eq!(split_files("=== x\ny").1, [("x", "y")]);
    }

    #[test]
    fn only_plain_paths() {
        assert!(plain_path("a/b.sql").is_some());
        for bad in ["../x", "/etc/passwd", "a//b", "a/./b", "a/b/c/d", "a b"] {
            assert_eq!(plain_path(bad), None, "{bad}");
        }
    }
}

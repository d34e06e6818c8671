//! `embed_migrations!` over a folder whose files would fail to load makes
//! the build fail, naming the file and line: checked by building a small
//! crate with cargo, as an application's build would see it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds (`cargo check`) a throwaway crate embedding `files`; returns
/// whether it built and what cargo said.
fn build_with(files: &[(&str, &str)]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let macros = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = macros.ancestors().nth(2).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"embeds\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nstillhead-macros = {{ path = {:?} }}\n\n[workspace]\n",
            macros.display().to_string()
        ),
    )
    .unwrap();
    // The workspace's versions, so nothing is resolved anew.
    std::fs::copy(workspace.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(
        root.join("src/main.rs"),
        "fn main() {\n    let _migrations = stillhead_macros::embed_migrations!(\"migrations\");\n}\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("migrations")).unwrap();
    for (name, text) in files {
        std::fs::write(root.join("migrations").join(name), text).unwrap();
    }
    // One folder kept between runs: the macro's dependencies build once.
    let target: PathBuf = workspace.join("target").join("embed-check");
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), said)
}

#[test]
fn a_file_that_would_not_load_fails_the_build_naming_file_and_line() {
    let (built, said) = build_with(&[
        (
            "001_a.sql",
            "-- revision: 001_a\n-- revises:\n-- message: a\n\n-- +upgrade\nCREATE TABLE a (id INTEGER);\n",
        ),
        (
            "002_b.sql",
            "-- revision: 002_b\n-- revises: 001_a\n-- message: b\n\n-- +upgrade\nINSERT INTO a VALUES ('never closed);\n",
        ),
    ]);
    assert!(!built, "the build should fail:\n{said}");
    assert!(said.contains("migrations/002_b.sql:6"), "{said}");
    assert!(said.contains("not closed"), "{said}");
    // The compiler points at the macro call in the application.
    assert!(said.contains("src/main.rs:2"), "{said}");
}

#[test]
fn a_broken_graph_fails_the_build() {
    let (built, said) = build_with(&[(
        "001_a.sql",
        "-- revision: 001_a\n-- revises: 000_gone\n-- message: a\n\n-- +upgrade\nSELECT 1;\n",
    )]);
    assert!(!built, "the build should fail:\n{said}");
    assert!(said.contains("migrations/001_a.sql"), "{said}");
    assert!(said.contains("000_gone"), "{said}");
}

//! `embed_migrations!("migrations")`: compiles a crate's migration files into
//! its binary as a `stillhead::EmbeddedMigrations`.
//!
//! The files are loaded here, at compile time, with the code the runner
//! loads them with (`stillhead-core`): a file that would fail at start-up
//! (no `-- revision:`, an unknown header key, a duplicate id, a parent no
//! file defines, a cycle, an id too long for stillhead's tables, a quote or
//! comment left open) fails the build instead, naming the file and line.
//!
//! The path is relative to the crate's `Cargo.toml`. Each file is pulled in
//! with `include_str!`, so cargo rebuilds when a migration changes. Stable
//! proc macros cannot watch a folder for new files: add a `build.rs` with
//! `println!("cargo:rerun-if-changed=migrations");` so that adding a file
//! rebuilds the crate (as sqlx and refinery also ask).

use proc_macro::{TokenStream, TokenTree};
use std::path::PathBuf;

/// Embeds every `*.sql` file (except `template.sql`) of a folder, sorted by name.
#[proc_macro]
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    match expand(input) {
        Ok(ts) => ts,
        Err(msg) => format!("::core::compile_error!({msg:?})").parse().unwrap(),
    }
}

fn expand(input: TokenStream) -> Result<TokenStream, String> {
    let tokens: Vec<TokenTree> = input.into_iter().collect();
    let literal =
        match tokens.as_slice() {
            [TokenTree::Literal(lit)] => lit.to_string(),
            [] => "\"migrations\"".to_string(),
            _ => return Err(
                "embed_migrations! takes one string literal: the folder, relative to Cargo.toml"
                    .into(),
            ),
        };
    let rel = literal
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or("embed_migrations! takes a plain string literal such as \"migrations\"")?;
    let root = std::env::var("CARGO_MANIFEST_DIR").map_err(|_| "CARGO_MANIFEST_DIR is not set")?;
    let dir = PathBuf::from(root).join(rel);
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| format!("embed_migrations!: cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("embed_migrations!: {e}"))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        // As the CLI reads a folder (`script::load_dir_as`): hidden files
        // (editor locks, macOS metadata) are not migrations.
        let hidden = name.starts_with('.');
        if path.is_file() && !hidden && name.ends_with(".sql") && name != "template.sql" {
            files.push((name, path));
        }
    }
    files.sort();
    let mut sources = Vec::with_capacity(files.len());
    for (name, path) in &files {
        let source = std::fs::read_to_string(path)
            .map_err(|e| format!("embed_migrations!: cannot read {}: {e}", path.display()))?;
        sources.push((format!("{rel}/{name}"), source));
    }
    check(&sources)?;
    let mut items = String::new();
    for (name, path) in &files {
        let display = format!("{rel}/{name}");
        items.push_str(&format!(
            "::stillhead::EmbeddedFile {{ name: {display:?}, source: ::core::include_str!({:?}) }},",
            path.display().to_string()
        ));
    }
    let code = format!("::stillhead::EmbeddedMigrations::new(&[{items}])");
    code.parse()
        .map_err(|e| format!("embed_migrations!: {e:?}"))
}

/// Loads the files as the runner will (`EmbeddedMigrations::load`, then the
/// section checks it makes before running one) and says what would fail,
/// naming the file and line: `(name, text)` pairs, `name` as embedded.
fn check(files: &[(String, String)]) -> Result<(), String> {
    use stillhead_core::revision::{Node, RevisionMap};
    use stillhead_core::script::Script;

    let fail = |e: &dyn std::fmt::Display| format!("embed_migrations!: {e}");
    let mut nodes = Vec::with_capacity(files.len());
    for (name, source) in files {
        let script = Script::parse(source, name).map_err(|e| fail(&e))?;
        let length = script.id.chars().count();
        if length > stillhead_core::MAX_REVISION_LEN {
            return Err(fail(&format!(
                "{name}: revision id is {length} characters long; stillhead's state tables hold at most {} (MariaDB's key column), on every database: shorten it",
                stillhead_core::MAX_REVISION_LEN
            )));
        }
        // The runner checks the section it is about to run; every one of
        // them runs on some database, so every one is checked here.
        let sections = script
            .upgrade
            .iter()
            .chain(script.downgrade.iter().flatten());
        for section in sections {
            section.check_closed(name).map_err(|e| fail(&e))?;
        }
        nodes.push(Node {
            id: script.id,
            revises: script.revises,
            depends_on: script.depends_on,
            branch_labels: script.branch_labels,
            origin: script.origin,
        });
    }
    RevisionMap::new(nodes).map_err(|e| fail(&e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    fn file(name: &str, text: &str) -> (String, String) {
        (format!("migrations/{name}"), text.to_string())
    }

    fn migration(id: &str, revises: &str, up: &str) -> String {
        format!("-- revision: {id}\n-- revises: {revises}\n-- message: m\n\n-- +upgrade\n{up}\n\n-- +downgrade\nSELECT 1;\n")
    }

    #[test]
    fn a_good_chain_passes() {
        let files = [
            file(
                "001_a.sql",
                &migration("001_a", "", "CREATE TABLE a (id INTEGER);"),
            ),
            file(
                "002_b.sql",
                &migration("002_b", "001_a", "CREATE TABLE b (id INTEGER);"),
            ),
        ];
        assert_eq!(check(&files), Ok(()));
    }

    #[test]
    fn each_load_failure_names_the_file_and_what_is_wrong() {
        let a = || file("001_a.sql", &migration("001_a", "", "SELECT 1;"));
        // Each case: the files, and words its error must hold.
        type Case = (Vec<(String, String)>, &'static [&'static str]);
        let cases: Vec<Case> = vec![
            (
                vec![file(
                    "001_a.sql",
                    "-- message: no id\n\n-- +upgrade\nSELECT 1;\n",
                )],
                &["migrations/001_a.sql", "revision"],
            ),
            (
                vec![a(), file("002_a.sql", &migration("001_a", "", "SELECT 2;"))],
                &["duplicate revision id 001_a", "migrations/002_a.sql"],
            ),
            (
                vec![
                    a(),
                    file("002_b.sql", &migration("002_b", "001_x", "SELECT 2;")),
                ],
                &["migrations/002_b.sql", "001_x"],
            ),
            (
                vec![
                    a(),
                    file(
                        "002_b.sql",
                        &migration("002_b", "001_a", "INSERT INTO t VALUES ('open;"),
                    ),
                ],
                &["migrations/002_b.sql:6", "not closed"],
            ),
            (
                vec![file(
                    "001_a.sql",
                    "-- revision: 001_a\n-- colour: blue\n\n-- +upgrade\nSELECT 1;\n",
                )],
                &["migrations/001_a.sql:2", "colour"],
            ),
            (
                vec![file(
                    "001_a.sql",
                    &migration(&"a".repeat(200), "", "SELECT 1;"),
                )],
                &["migrations/001_a.sql", "200 characters"],
            ),
        ];
        for (files, words) in cases {
            let error = check(&files).expect_err("must fail");
            for word in words {
                assert!(error.contains(word), "{word:?} not in: {error}");
            }
        }
    }
}

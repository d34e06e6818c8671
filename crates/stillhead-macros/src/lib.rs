//! `embed_migrations!("migrations")`: compiles a crate's migration files into
//! its binary as a `stillhead::EmbeddedMigrations`.
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

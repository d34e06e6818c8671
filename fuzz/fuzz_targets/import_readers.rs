//! The importers' readers: another tool's migrations folder (diesel, sqlx,
//! Flyway, golang-migrate, dbmate) made from the input, or, for `alembic`,
//! the output of the Python helper, which is parsed in Rust.
//!
//! The input's preamble names the tool; its files (`fuzz/src/lib.rs`'s
//! form) are the folder, or for Alembic the first file is the helper's
//! standard output. A folder's migrations must come out as files stillhead
//! reads back: the importer writes only what parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stillhead::import::{alembic, layouts, render, Tool};
use stillhead::script::Script;
use stillhead_fuzz::{split_files, Folder};

fuzz_target!(|text: &str| {
    let (preamble, files) = split_files(text);
    let Some(tool) = Tool::parse(preamble.trim()) else {
        return;
    };
    if tool == Tool::Alembic {
        if let Some((_, stdout)) = files.first() {
            let _ = alembic::read_answer(stdout);
        }
        return;
    }
    let folder = Folder::new(&files);
    let Ok((migrations, _skipped)) = layouts::read(tool, folder.path()) else {
        return;
    };
    for m in &migrations {
        let file = render(m);
        if let Err(e) = Script::parse(&file, "imported.sql") {
            panic!(
                "{tool} migration {} renders as a file that does not parse: {e}\n{file}",
                m.id
            );
        }
    }
});

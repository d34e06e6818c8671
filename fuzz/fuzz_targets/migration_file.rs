//! The migration-file parser: headers, markers, sections, as `load_dir` reads a file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stillhead::script::Script;

fuzz_target!(|data: &[u8]| {
    // The loader refuses a file that is not UTF-8 before parsing it.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(script) = Script::parse(text, "fuzz.sql") else {
        return;
    };
    assert!(!script.id.is_empty(), "a parsed file has an id");
    assert!(
        !script.upgrade.is_empty(),
        "a parsed file has an upgrade part"
    );
    let lines = text.lines().count().max(1);
    let sections = script
        .upgrade
        .iter()
        .chain(script.downgrade.iter().flatten());
    for section in sections {
        for stmt in section.statements() {
            assert!(
                stmt.line >= section.first_line && stmt.line <= lines + 1,
                "statement line {} outside its section (from {}) or the file ({lines} lines)",
                stmt.line,
                section.first_line
            );
        }
    }
    // Parsing is a function of the text.
    assert_eq!(Script::parse(text, "fuzz.sql").ok(), Some(script));
});

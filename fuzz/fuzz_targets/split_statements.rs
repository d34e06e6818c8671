//! The SQL statement splitter, on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stillhead::script::split_statements;

fuzz_target!(|text: &str| {
    let lines = text.split('\n').count();
    let mut last_line = 0;
    let mut searched_from = 0;
    for stmt in split_statements(text, 1) {
        assert!(!stmt.sql.is_empty(), "an empty statement");
        assert_eq!(stmt.sql.trim(), stmt.sql, "an untrimmed statement");
        assert!(
            stmt.line >= last_line && stmt.line <= lines,
            "line {} out of order",
            stmt.line
        );
        last_line = stmt.line;
        // Each statement is a piece of the input, after the one before.
        let at = text[searched_from..].find(&stmt.sql).unwrap_or_else(|| {
            panic!(
                "{:?} is not in the input after byte {searched_from}",
                stmt.sql
            )
        });
        searched_from += at + stmt.sql.len();
    }
});

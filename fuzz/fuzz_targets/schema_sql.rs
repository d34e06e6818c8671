//! The `schema.sql` loader for each dialect: sections, dump unwrapping, the
//! portable translation, and the parse into the schema model.
//!
//! The first byte picks the dialect; the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stillhead::schema::declared::prepare;
use stillhead::schema::parse::parse_schema;
use stillhead::script::Dialect;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let dialect = match first % 3 {
        0 => Dialect::Sqlite,
        1 => Dialect::Postgres,
        _ => Dialect::Mysql,
    };
    if let Ok(declared) = prepare(text, "schema.sql", dialect, &["stillhead_version"], true) {
        let _ =
            stillhead::schema::parse::parse_statements(declared.statements, dialect, "schema.sql");
    }
    let _ = parse_schema(text, dialect, "schema.sql");
});

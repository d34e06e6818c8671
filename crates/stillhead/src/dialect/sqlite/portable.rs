//! SQLite's translation of a portable declared schema. SQLite reads any type
//! name (it keeps an affinity), so types stay as written and are compared by
//! storage class (`same_type`); only what it cannot read changes: identity
//! clauses (an `INTEGER PRIMARY KEY` numbers itself), `now()`, MySQL's
//! attributes and PostgreSQL's casts.

use crate::dialect::translation::{Identity, Translation};

/// SQLite's facts.
pub static TRANSLATION: Translation = Translation {
    identity: Identity::RowidAlias,
    ident_quote: None,
    types: &[("BYTEA", "BLOB")],
    code_verbatim: false,
    mysql_attributes: false,
    unsigned: true,
    postgres_syntax: false,
    sqlite_table_options: true,
    keyed_text: None,
    bare_varchar: None,
    now: Some("CURRENT_TIMESTAMP"),
    explicit_null_timestamps: false,
    backslash_escapes: false,
    load_preamble: &[],
};

/// SQLite's storage class for a declared type, as its affinity rules give
/// it (the first of INT, CHAR/CLOB/TEXT, BLOB or none, REAL/FLOA/DOUB),
/// with two conventions every SQLite driver follows: booleans are stored as
/// integers and dates and times as ISO-8601 text. Two columns whose types
/// have one class store every value alike.
pub fn storage_class(ty: &str) -> &'static str {
    let t = ty.to_ascii_uppercase();
    let base = t.split('(').next().unwrap_or("").trim();
    if base.contains("INT") || base.starts_with("BOOL") {
        "INTEGER"
    } else if base.contains("CHAR")
        || base.contains("CLOB")
        || base.contains("TEXT")
        || base.starts_with("DATE")
        || base.starts_with("TIME")
        || base == "JSON"
        || base == "UUID"
    {
        "TEXT"
    } else if base.is_empty() || base.contains("BLOB") || base == "BYTEA" {
        "BLOB"
    } else if base.contains("REAL") || base.contains("FLOA") || base.contains("DOUB") {
        "REAL"
    } else {
        "NUMERIC"
    }
}

#[cfg(test)]
mod tests {
    use super::storage_class;

    #[test]
    fn classes_follow_affinity_and_the_driver_conventions() {
        for (a, b) in [
            ("INTEGER", "BIGINT"),
            ("BOOLEAN", "INTEGER"),
            ("TEXT", "VARCHAR(255)"),
            ("TIMESTAMP WITH TIME ZONE", "TEXT"),
            ("DATETIME", "TEXT"),
            ("BLOB", "BYTEA"),
            ("DOUBLE PRECISION", "REAL"),
        ] {
            assert_eq!(storage_class(a), storage_class(b), "{a} / {b}");
        }
        for (a, b) in [
            ("INTEGER", "TEXT"),
            ("NUMERIC(10,2)", "REAL"),
            ("BLOB", "TEXT"),
        ] {
            assert_ne!(storage_class(a), storage_class(b), "{a} / {b}");
        }
    }
}

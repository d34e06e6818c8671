//! MariaDB/MySQL's translation of a portable declared schema: identity
//! columns as `AUTO_INCREMENT`, `TIMESTAMP` as `DATETIME` (MariaDB's
//! `TIMESTAMP` is the one that converts time zones, as `TIMESTAMP WITH TIME
//! ZONE` does), lengths where keys need them, backticks for quoted names.

use crate::dialect::translation::{Identity, Translation};

/// MariaDB's facts.
pub static TRANSLATION: Translation = Translation {
    identity: Identity::AutoIncrement,
    ident_quote: Some('`'),
    types: &[
        ("BYTEA", "LONGBLOB"),
        ("BINARY LARGE OBJECT", "LONGBLOB"),
        ("TIMESTAMP", "DATETIME"),
        ("TIMESTAMP WITHOUT TIME ZONE", "DATETIME"),
        ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP"),
        ("TIMESTAMPTZ", "TIMESTAMP"),
        ("TIME WITHOUT TIME ZONE", "TIME"),
        ("JSONB", "JSON"),
        ("CLOB", "LONGTEXT"),
    ],
    mysql_attributes: true,
    postgres_syntax: false,
    sqlite_table_options: false,
    keyed_text: Some("VARCHAR(255)"),
    bare_varchar: Some("VARCHAR(255)"),
    now: None,
    explicit_null_timestamps: true,
    backslash_escapes: true,
    load_preamble: &["SET FOREIGN_KEY_CHECKS = 0"],
};

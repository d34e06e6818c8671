//! MariaDB/MySQL's translation of a portable declared schema: identity
//! columns as `AUTO_INCREMENT`, `TIMESTAMP WITH TIME ZONE` as `TIMESTAMP`
//! (MariaDB's `TIMESTAMP` is the one that converts time zones) and
//! `TIMESTAMP WITHOUT TIME ZONE` as `DATETIME`, lengths where keys need
//! them, backticks for quoted names. Only what MariaDB does not read is
//! changed: a plain `TIMESTAMP` stays one, so a schema written for MariaDB
//! keeps its meaning.

use crate::dialect::translation::{Identity, Translation};

/// MariaDB's facts.
pub static TRANSLATION: Translation = Translation {
    identity: Identity::AutoIncrement,
    ident_quote: Some('`'),
    types: &[
        ("BYTEA", "LONGBLOB"),
        ("BINARY LARGE OBJECT", "LONGBLOB"),
        ("TIMESTAMP WITHOUT TIME ZONE", "DATETIME"),
        ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP"),
        ("TIMESTAMPTZ", "TIMESTAMP"),
        ("TIME WITHOUT TIME ZONE", "TIME"),
        ("JSONB", "JSON"),
        ("CLOB", "LONGTEXT"),
    ],
    code_verbatim: true,
    mysql_attributes: true,
    unsigned: true,
    postgres_syntax: false,
    sqlite_table_options: false,
    keyed_text: Some("VARCHAR(255)"),
    bare_varchar: Some("VARCHAR(255)"),
    now: None,
    explicit_null_timestamps: true,
    backslash_escapes: true,
    load_preamble: &["SET FOREIGN_KEY_CHECKS = 0"],
};

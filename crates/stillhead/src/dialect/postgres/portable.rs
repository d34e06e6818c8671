//! PostgreSQL's translation of a portable declared schema: MySQL's and
//! SQLite's type names to PostgreSQL's, their attributes and table options
//! dropped, identity columns kept standard.

use crate::dialect::translation::{Identity, Translation};

/// PostgreSQL's facts.
pub static TRANSLATION: Translation = Translation {
    identity: Identity::Standard,
    ident_quote: Some('"'),
    types: &[
        ("BLOB", "BYTEA"),
        ("TINYBLOB", "BYTEA"),
        ("MEDIUMBLOB", "BYTEA"),
        ("LONGBLOB", "BYTEA"),
        ("BINARY LARGE OBJECT", "BYTEA"),
        ("VARBINARY", "BYTEA"),
        ("DATETIME", "TIMESTAMP"),
        ("TINYTEXT", "TEXT"),
        ("MEDIUMTEXT", "TEXT"),
        ("LONGTEXT", "TEXT"),
        ("CLOB", "TEXT"),
        ("TINYINT", "SMALLINT"),
        ("MEDIUMINT", "INTEGER"),
        ("DOUBLE", "DOUBLE PRECISION"),
    ],
    code_verbatim: false,
    mysql_attributes: false,
    unsigned: false,
    postgres_syntax: true,
    sqlite_table_options: false,
    keyed_text: None,
    bare_varchar: None,
    now: None,
    explicit_null_timestamps: false,
    backslash_escapes: false,
    load_preamble: &["SET check_function_bodies = false"],
};

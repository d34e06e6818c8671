//! Lint rules for PostgreSQL's locks: statements that hold an ACCESS
//! EXCLUSIVE lock (or block writes) for as long as they scan or rewrite a
//! table, with the form that does not.

use crate::lint::{Rule, Statement};

/// The table a `CREATE [UNIQUE] INDEX … ON table` is on (upper-cased).
fn indexed_table(s: &Statement) -> String {
    s.upper
        .split(" ON ")
        .nth(1)
        .and_then(|r| r.split([' ', '(']).next())
        .unwrap_or("")
        .to_string()
}

/// The table an `ALTER TABLE [ONLY] [IF EXISTS] table …` changes
/// (upper-cased).
fn altered_table(s: &Statement) -> String {
    s.upper
        .strip_prefix("ALTER TABLE ")
        .map(|r| {
            r.trim_start_matches("IF EXISTS ")
                .trim_start_matches("ONLY ")
        })
        .and_then(|r| r.split([' ', '(']).next())
        .unwrap_or("")
        .to_string()
}

/// PostgreSQL's own rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "SH004",
        message: "CREATE INDEX without CONCURRENTLY blocks writes to the table while it builds (use CONCURRENTLY with `-- transaction: false`)",
        // An index on a table created in the same migration locks nothing anyone uses.
        breaks: |s| {
            (s.upper.starts_with("CREATE INDEX") || s.upper.starts_with("CREATE UNIQUE INDEX"))
                && !s.upper.contains(" CONCURRENTLY ")
                && !s.created.contains(&indexed_table(s))
        },
    },
    Rule {
        id: "SH005",
        message: "ALTER COLUMN … TYPE rewrites the table under an ACCESS EXCLUSIVE lock",
        breaks: |s| s.alters_with(" ALTER COLUMN ") && s.upper.contains(" TYPE "),
    },
    Rule {
        id: "SH006",
        message: "adding a FOREIGN KEY without NOT VALID scans the table under lock (add it NOT VALID, then VALIDATE CONSTRAINT)",
        breaks: |s| s.alters_with("FOREIGN KEY") && !s.upper.contains("NOT VALID"),
    },
    Rule {
        id: "SH007",
        message: "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
        breaks: |s| s.alters_with(" SET NOT NULL"),
    },
    Rule {
        id: "SH009",
        message: "adding a UNIQUE or PRIMARY KEY constraint builds its index under an ACCESS EXCLUSIVE lock (CREATE UNIQUE INDEX CONCURRENTLY with `-- transaction: false`, then ADD CONSTRAINT … USING INDEX)",
        breaks: |s| {
            s.alters_with(" ADD ")
                && (s.upper.contains(" UNIQUE") || s.upper.contains(" PRIMARY KEY"))
                && !s.upper.contains(" USING INDEX ")
                && !s.created.contains(&altered_table(s))
        },
    },
];

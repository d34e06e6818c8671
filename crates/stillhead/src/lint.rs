//! `stillhead lint`: flags statements in migration files that destroy data or
//! take heavy locks, each finding with a rule id. A finding is silenced by a
//! comment line `-- stillhead allow RULE[, RULE…]` right before the
//! statement (or anywhere in the statement).
//!
//! Owns the rules. Reads parsed scripts; touches no database.

use serde::Serialize;

use crate::script::{Dialect, Script};

/// One rule.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    /// Stable id, used to silence it.
    pub id: &'static str,
    /// What it flags and why.
    pub message: &'static str,
    /// The dialects it applies to (empty = all).
    pub dialects: &'static [Dialect],
}

/// Every rule.
pub const RULES: &[Rule] = &[
    Rule { id: "SH001", message: "DROP TABLE destroys the table and its rows", dialects: &[] },
    Rule { id: "SH002", message: "DROP COLUMN destroys the column's data", dialects: &[] },
    Rule { id: "SH003", message: "ADD COLUMN … NOT NULL without DEFAULT fails on a table that has rows", dialects: &[] },
    Rule { id: "SH004", message: "CREATE INDEX without CONCURRENTLY blocks writes to the table while it builds (use CONCURRENTLY with `-- transaction: false`)", dialects: &[Dialect::Postgres] },
    Rule { id: "SH005", message: "ALTER COLUMN … TYPE rewrites the table under an ACCESS EXCLUSIVE lock", dialects: &[Dialect::Postgres] },
    Rule { id: "SH006", message: "adding a FOREIGN KEY without NOT VALID scans the table under lock (add it NOT VALID, then VALIDATE CONSTRAINT)", dialects: &[Dialect::Postgres] },
    Rule { id: "SH007", message: "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock", dialects: &[Dialect::Postgres] },
    Rule { id: "SH008", message: "RENAME breaks code that still uses the old name (deploy the code first, or add a view)", dialects: &[] },
];

/// One problem found.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The rule.
    pub rule: &'static str,
    /// The migration.
    pub revision: String,
    /// The file.
    pub file: String,
    /// Line where the statement starts.
    pub line: usize,
    /// The rule's message.
    pub message: &'static str,
}

fn words(sql: &str) -> String {
    sql.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
}

/// Which rules a statement breaks (before silencing).
fn rules_broken(upper: &str, created_in_same_file: &[String]) -> Vec<&'static str> {
    let mut hit = Vec::new();
    if upper.starts_with("DROP TABLE") {
        hit.push("SH001");
    }
    if upper.starts_with("ALTER TABLE") && upper.contains(" DROP COLUMN ") {
        hit.push("SH002");
    }
    if upper.starts_with("ALTER TABLE")
        && upper.contains(" ADD COLUMN ")
        && upper.contains(" NOT NULL")
        && !upper.contains(" DEFAULT ")
    {
        hit.push("SH003");
    }
    if (upper.starts_with("CREATE INDEX") || upper.starts_with("CREATE UNIQUE INDEX"))
        && !upper.contains(" CONCURRENTLY ")
    {
        // An index on a table created in the same migration locks nothing anyone uses.
        let table = upper
            .split(" ON ")
            .nth(1)
            .and_then(|r| r.split([' ', '(']).next())
            .unwrap_or("");
        if !created_in_same_file.iter().any(|t| t == table) {
            hit.push("SH004");
        }
    }
    if upper.starts_with("ALTER TABLE")
        && upper.contains(" ALTER COLUMN ")
        && upper.contains(" TYPE ")
    {
        hit.push("SH005");
    }
    if upper.starts_with("ALTER TABLE")
        && upper.contains("FOREIGN KEY")
        && !upper.contains("NOT VALID")
    {
        hit.push("SH006");
    }
    if upper.starts_with("ALTER TABLE") && upper.contains(" SET NOT NULL") {
        hit.push("SH007");
    }
    if upper.starts_with("ALTER TABLE") && upper.contains(" RENAME ") {
        hit.push("SH008");
    }
    hit
}

/// Lints the upgrade part of each script for a dialect.
pub fn lint(
    scripts: &[&Script],
    dialect: Dialect,
    sources: &dyn Fn(&Script) -> Option<String>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for script in scripts {
        let Some(section) = script.upgrade_for(dialect) else {
            continue;
        };
        let lines: Vec<String> = sources(script)
            .map(|text| text.lines().map(String::from).collect())
            .unwrap_or_default();
        let statements = section.statements();
        let created: Vec<String> = statements
            .iter()
            .map(|s| words(&s.sql))
            .filter_map(|u| {
                u.strip_prefix("CREATE TABLE ").map(|r| {
                    r.trim_start_matches("IF NOT EXISTS ")
                        .split([' ', '('])
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
            })
            .collect();
        for stmt in statements {
            let upper = words(&stmt.sql);
            let allowed = allowed_rules(&stmt.sql, &lines, stmt.line);
            for id in rules_broken(&upper, &created) {
                let rule = RULES.iter().find(|r| r.id == id).expect("known rule");
                if !rule.dialects.is_empty() && !rule.dialects.contains(&dialect) {
                    continue;
                }
                if allowed.iter().any(|a| a == id) {
                    continue;
                }
                findings.push(Finding {
                    rule: id,
                    revision: script.id.clone(),
                    file: script.origin.clone(),
                    line: stmt.line,
                    message: rule.message,
                });
            }
        }
    }
    findings
}

/// Rule ids silenced by `-- stillhead allow …` in the statement or in the
/// comment lines just before it.
fn allowed_rules(sql: &str, file_lines: &[String], line: usize) -> Vec<String> {
    let mut texts: Vec<&str> = sql.lines().collect();
    let mut i = line.saturating_sub(1);
    while i > 0 {
        let l = file_lines.get(i - 1).map(|s| s.trim()).unwrap_or("");
        if !l.starts_with("--") {
            break;
        }
        texts.push(l);
        i -= 1;
    }
    texts
        .iter()
        .filter_map(|t| {
            t.trim()
                .strip_prefix("--")
                .map(str::trim)
                .and_then(|r| r.strip_prefix("stillhead allow"))
        })
        .flat_map(|rest| {
            rest.split(',')
                .map(|r| r.trim().to_ascii_uppercase())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(body: &str, dialect: Dialect) -> Vec<&'static str> {
        let text = format!("-- revision: a\n\n-- +upgrade\n{body}\n");
        let script = Script::parse(&text, "a.sql").unwrap();
        lint(&[&script], dialect, &|_| Some(text.clone()))
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn rules_fire_and_can_be_silenced() {
        assert_eq!(findings("DROP TABLE t;", Dialect::Sqlite), ["SH001"]);
        assert_eq!(
            findings("ALTER TABLE t ADD COLUMN x INT NOT NULL;", Dialect::Sqlite),
            ["SH003"]
        );
        assert!(findings(
            "ALTER TABLE t ADD COLUMN x INT NOT NULL DEFAULT 0;",
            Dialect::Sqlite
        )
        .is_empty());
        assert_eq!(
            findings("CREATE INDEX i ON t (x);", Dialect::Postgres),
            ["SH004"]
        );
        assert!(
            findings("CREATE INDEX i ON t (x);", Dialect::Sqlite).is_empty(),
            "a PostgreSQL rule"
        );
        assert!(
            findings(
                "CREATE TABLE t (x INT);\nCREATE INDEX i ON t (x);",
                Dialect::Postgres
            )
            .is_empty(),
            "new table"
        );
        assert!(findings("CREATE INDEX CONCURRENTLY i ON t (x);", Dialect::Postgres).is_empty());
        assert_eq!(
            findings(
                "ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p (id);",
                Dialect::Postgres
            ),
            ["SH006"]
        );
        assert!(findings("-- stillhead allow SH001\nDROP TABLE t;", Dialect::Sqlite).is_empty());
        assert_eq!(
            findings("-- stillhead allow SH002\nDROP TABLE t;", Dialect::Sqlite),
            ["SH001"]
        );
    }
}

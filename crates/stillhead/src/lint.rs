//! `stillhead lint`: flags statements in migration files that destroy data or
//! take heavy locks, each finding with a rule id. A finding is silenced by a
//! comment line `-- stillhead allow RULE[, RULE…]` right before the
//! statement (or anywhere in the statement).
//!
//! Owns the rules. Reads parsed scripts; touches no database.

use crate::dialect::DialectBackend;
use serde::Serialize;

use crate::script::{Dialect, Script};

/// One rule.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    /// Stable id, used to silence it.
    pub id: &'static str,
    /// What it flags and why.
    pub message: &'static str,
    /// Whether a statement breaks it.
    #[serde(skip)]
    pub breaks: fn(&Statement) -> bool,
}

/// A statement as the rules read it.
pub struct Statement<'a> {
    /// Its words, upper-cased, single-spaced.
    pub upper: &'a str,
    /// Tables created earlier in the same migration (upper-cased): changing
    /// them locks nothing anyone uses yet.
    pub created: &'a [String],
}

impl Statement<'_> {
    /// `ALTER TABLE …` containing `what`.
    pub fn alters_with(&self, what: &str) -> bool {
        self.upper.starts_with("ALTER TABLE") && self.upper.contains(what)
    }
}

/// The rules of every database; each backend adds its own
/// (`Tooling::lint_rules`).
pub const RULES: &[Rule] = &[
    Rule {
        id: "SH001",
        message: "DROP TABLE destroys the table and its rows",
        breaks: |s| s.upper.starts_with("DROP TABLE"),
    },
    Rule {
        id: "SH002",
        message: "DROP COLUMN destroys the column's data",
        breaks: |s| s.alters_with(" DROP COLUMN "),
    },
    Rule {
        id: "SH003",
        message: "ADD COLUMN … NOT NULL without DEFAULT fails on a table that has rows",
        breaks: |s| {
            s.alters_with(" ADD COLUMN ")
                && s.upper.contains(" NOT NULL")
                && !s.upper.contains(" DEFAULT ")
        },
    },
    Rule {
        id: "SH008",
        message:
            "RENAME breaks code that still uses the old name (deploy the code first, or add a view)",
        breaks: |s| s.alters_with(" RENAME "),
    },
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

/// Lints the upgrade part of each script for a dialect.
pub fn lint(
    scripts: &[&Script],
    dialect: Dialect,
    sources: &dyn Fn(&Script) -> Option<String>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    // In id order, so a statement's findings read the same on every database.
    let mut rules: Vec<&Rule> = RULES.iter().chain(dialect.tooling().lint_rules()).collect();
    rules.sort_by_key(|r| r.id);
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
            let read = Statement {
                upper: &upper,
                created: &created,
            };
            for rule in &rules {
                if !(rule.breaks)(&read) || allowed.iter().any(|a| a == rule.id) {
                    continue;
                }
                findings.push(Finding {
                    rule: rule.id,
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
        assert_eq!(
            findings(
                "ALTER TABLE t ADD CONSTRAINT t_x_key UNIQUE (x);",
                Dialect::Postgres
            ),
            ["SH009"]
        );
        assert_eq!(
            findings("ALTER TABLE ONLY t ADD PRIMARY KEY (x);", Dialect::Postgres),
            ["SH009"]
        );
        assert!(findings(
            "ALTER TABLE t ADD CONSTRAINT t_x_key UNIQUE USING INDEX t_x_key;",
            Dialect::Postgres
        )
        .is_empty());
        assert!(
            findings(
                "CREATE TABLE t (x INT);\nALTER TABLE t ADD UNIQUE (x);",
                Dialect::Postgres
            )
            .is_empty(),
            "new table"
        );
        assert!(findings("-- stillhead allow SH001\nDROP TABLE t;", Dialect::Sqlite).is_empty());
        assert_eq!(
            findings("-- stillhead allow SH002\nDROP TABLE t;", Dialect::Sqlite),
            ["SH001"]
        );
    }
}

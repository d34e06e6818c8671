//! The MySQL client's `DELIMITER` command, as mysqldump and hand-written
//! MySQL scripts use it around routines and triggers: between
//! `DELIMITER ;;` (any word) and `DELIMITER ;`, a statement ends at the
//! line that ends with the new delimiter, so the `;` inside its body does
//! not end it. stillhead's own files say the same with
//! `-- +statement-begin` / `-- +statement-end`.

use super::{split_statements, Statement};

/// A stretch of client text: plain SQL, split at `;` as usual, or one
/// statement a `DELIMITER` block ended with its own delimiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// SQL outside any `DELIMITER` block, and the line it starts on.
    Plain(String, usize),
    /// One whole statement of a block, without its delimiter.
    Whole(Statement),
}

/// Whether `line` is a `DELIMITER X` command; `Some(None)` for `;`, the
/// ordinary delimiter again.
fn delimiter_command(line: &str) -> Option<Option<&str>> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [cmd, d] if cmd.eq_ignore_ascii_case("DELIMITER") => Some((*d != ";").then_some(*d)),
        _ => None,
    }
}

/// Whether `text` has a `DELIMITER` command other than `DELIMITER ;`.
pub fn has_delimiter_blocks(text: &str) -> bool {
    text.lines()
        .any(|l| matches!(delimiter_command(l), Some(Some(_))))
}

/// `text` in pieces, its first line numbered `first_line`; the
/// `DELIMITER` lines themselves are left out.
pub fn pieces(text: &str, first_line: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chunk = String::new();
    let mut chunk_line = first_line;
    let mut delimiter: Option<String> = None;
    let mut custom = String::new();
    let mut custom_line = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = first_line + i;
        if let Some(d) = delimiter_command(line) {
            if !chunk.trim().is_empty() {
                out.push(Piece::Plain(std::mem::take(&mut chunk), chunk_line));
            }
            chunk.clear();
            delimiter = d.map(str::to_string);
            chunk_line = n + 1;
            continue;
        }
        match &delimiter {
            None => chunk.push_str(line),
            Some(d) => {
                if custom.trim().is_empty() {
                    custom_line = n;
                    custom.clear();
                }
                let trimmed = line.trim_end();
                if let Some(body) = trimmed.strip_suffix(d.as_str()) {
                    custom.push_str(body);
                    let sql = custom.trim();
                    if !sql.is_empty() {
                        let skipped = custom.len() - custom.trim_start().len();
                        let line = custom_line + custom[..skipped].matches('\n').count();
                        out.push(Piece::Whole(Statement {
                            sql: sql.to_string(),
                            line,
                        }));
                    }
                    custom.clear();
                } else {
                    custom.push_str(line);
                }
                chunk_line = n + 1;
            }
        }
    }
    if !chunk.trim().is_empty() {
        out.push(Piece::Plain(chunk, chunk_line));
    }
    out
}

/// The statements of `text`, each `DELIMITER` block's as one statement each.
pub fn statements(text: &str, first_line: usize) -> Vec<Statement> {
    pieces(text, first_line)
        .into_iter()
        .flat_map(|p| match p {
            Piece::Plain(sql, line) => split_statements(&sql, line),
            Piece::Whole(s) => vec![s],
        })
        .collect()
}

/// `text` with each statement of a `DELIMITER` block between
/// `-- +statement-begin` and `-- +statement-end`, as a migration file says
/// it, and the `DELIMITER` lines gone; `None` when it has no such block.
pub fn as_statement_groups(text: &str) -> Option<String> {
    if !has_delimiter_blocks(text) {
        return None;
    }
    let mut out = String::new();
    for piece in pieces(text, 1) {
        match piece {
            Piece::Plain(sql, _) => out.push_str(&sql),
            Piece::Whole(s) => {
                out.push_str("-- +statement-begin\n");
                out.push_str(&s.sql);
                out.push_str("\n-- +statement-end\n");
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROC: &str = "CREATE TABLE t (id INT PRIMARY KEY);\nDELIMITER $$\nCREATE PROCEDURE add_row(IN n INT)\nBEGIN\n    INSERT INTO t VALUES (n);\nEND$$\nDELIMITER ;\nCALL add_row(1);\n";

    #[test]
    fn delimiter_blocks_are_one_statement_each() {
        let text = "CREATE TABLE t (id INT);\nDELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.id = 1;\nEND ;;\nDELIMITER ;\nCREATE INDEX i ON t (id);\n";
        let stmts = statements(text, 1);
        let lines: Vec<usize> = stmts.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 3, 7], "{stmts:?}");
        assert!(stmts[1].sql.contains("SET NEW.id = 1;"));
    }

    #[test]
    fn blocks_become_statement_groups_that_split_the_same() {
        let groups = as_statement_groups(PROC).unwrap();
        assert_eq!(
            groups,
            "CREATE TABLE t (id INT PRIMARY KEY);\n-- +statement-begin\nCREATE PROCEDURE add_row(IN n INT)\nBEGIN\n    INSERT INTO t VALUES (n);\nEND\n-- +statement-end\nCALL add_row(1);\n"
        );
        let sql = |s: Vec<Statement>| s.into_iter().map(|s| s.sql).collect::<Vec<_>>();
        assert_eq!(sql(split_statements(&groups, 1)), sql(statements(PROC, 1)));
        assert_eq!(as_statement_groups("SELECT 1;\nDELIMITER ;\n"), None);
    }
}

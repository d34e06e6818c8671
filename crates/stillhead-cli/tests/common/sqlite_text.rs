//! What a SQLite table's text says that no pragma does, as the oracle's
//! facts (`table_text_facts`, beside the pragmas' in `oracle.rs`). What
//! sqlparser (0.59) does not read, a conflict clause after a table's
//! `PRIMARY KEY (…)`, `UNIQUE (…)` or `CHECK (…)` and a foreign key's
//! `MATCH`, is taken out before parsing (`unread_clauses`); each clause is
//! stated as a fact that does not depend on where it was written (on its
//! column or on the table): SQLite reads both alike. Written apart from
//! stillhead's own reading (`dialect/sqlite/type_names.rs`), so that the
//! two are not wrong together.

use sqlparser::ast::{ColumnOption, Statement, TableConstraint};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::oracle::spaced;

/// What a SQLite table's text says that no pragma does: each column's
/// collation, CHECK and generated expression, the names of its
/// constraints, conflict clauses, each constraint's CHECK (with its name)
/// and deferrability, and foreign keys' `MATCH`.
pub fn table_text_facts(table: &str, sql: &str) -> Vec<String> {
    // The table options after the column list (`STRICT, WITHOUT ROWID`,
    // which sqlparser does not read together) are pragma_table_list's.
    let sql = match sql.rfind(')') {
        Some(end) if !sql[end + 1..].trim().is_empty() => &sql[..=end],
        _ => sql,
    };
    // What sqlparser does not read, as facts of their own.
    let (sql, mut out) = unread_clauses(table, sql);
    let parsed = sqlparser::parser::Parser::parse_sql(&sqlparser::dialect::SQLiteDialect {}, &sql);
    let Ok(parsed) = parsed else {
        return vec![format!("{table} unread text {}", spaced(&sql))];
    };
    let Some(Statement::CreateTable(t)) = parsed.first() else {
        return vec![format!("{table} unread text {}", spaced(&sql))];
    };
    for col in &t.columns {
        // The constraint a conflict clause belongs to.
        let mut last: Option<&ColumnOption> = None;
        for o in &col.options {
            let named = o
                .name
                .as_ref()
                .map(|n| format!(" named {}", n.value))
                .unwrap_or_default();
            if !matches!(
                o.option,
                ColumnOption::OnConflict(_) | ColumnOption::DialectSpecific(_)
            ) {
                last = Some(&o.option);
            }
            // The name of a column's constraint other than a key, foreign
            // key or check (which say theirs below).
            let clause = match &o.option {
                ColumnOption::NotNull => Some("not null"),
                ColumnOption::Null => Some("null"),
                ColumnOption::Default(_) => Some("default"),
                ColumnOption::Collation(_) => Some("collate"),
                ColumnOption::Generated { .. } => Some("generated"),
                _ => None,
            };
            if let (Some(clause), false) = (clause, named.is_empty()) {
                out.push(format!("{table} column {} {clause}{named}", col.name.value));
            }
            let fact = match &o.option {
                // BINARY is the collation a column has when none is
                // written: SQLite compares both alike.
                ColumnOption::Collation(c) => {
                    let name = spaced(&c.to_string()).to_ascii_uppercase();
                    if name == "BINARY" {
                        continue;
                    }
                    format!("collate {name}")
                }
                // A column's CHECK is a table's CHECK written in another
                // place: SQLite reads both alike.
                ColumnOption::Check(e) => {
                    out.push(format!("{table} check{named} {}", spaced(&e.to_string())));
                    continue;
                }
                ColumnOption::Generated { .. } => {
                    format!("generated {}", spaced(&o.option.to_string()))
                }
                // A named primary key reads as the table's `CONSTRAINT
                // name PRIMARY KEY (…)` below.
                ColumnOption::Unique {
                    is_primary: true,
                    characteristics: None,
                } if o.name.is_some() => {
                    out.push(format!(
                        "{table} constraint{} primary key",
                        named.replacen(" named", "", 1)
                    ));
                    continue;
                }
                ColumnOption::ForeignKey {
                    characteristics, ..
                }
                | ColumnOption::Unique {
                    characteristics, ..
                } if characteristics.is_some() || o.name.is_some() => {
                    // A key written on its column is the table's key
                    // written in another place: SQLite reads both alike.
                    out.push(format!(
                        "{table} constraint {} {}",
                        o.name.as_ref().map(|n| n.value.as_str()).unwrap_or(""),
                        characteristics
                            .as_ref()
                            .map(|c| c.to_string())
                            .unwrap_or_default()
                    ));
                    continue;
                }
                // A key's conflict clause reads as the table's key's
                // (`sqlite_text.rs`); a NOT NULL's is the column's.
                ColumnOption::OnConflict(k) => match last {
                    Some(ColumnOption::Unique { is_primary, .. }) => {
                        let key = if *is_primary { "primary key" } else { "unique" };
                        out.push(format!(
                            "{table} {key} ({}) on conflict {k:?}",
                            col.name.value
                        ));
                        continue;
                    }
                    Some(ColumnOption::NotNull) => format!("not null on conflict {k:?}"),
                    Some(ColumnOption::Null) => format!("null on conflict {k:?}"),
                    _ => format!("on conflict {k:?}"),
                },
                _ => continue,
            };
            out.push(format!("{table} column {} {fact}", col.name.value));
        }
    }
    for c in &t.constraints {
        let fact = match c {
            TableConstraint::Check { name, expr, .. } => format!(
                "check{} {}",
                name.as_ref()
                    .map(|n| format!(" named {}", n.value))
                    .unwrap_or_default(),
                spaced(&expr.to_string())
            ),
            TableConstraint::ForeignKey {
                name,
                characteristics,
                ..
            }
            | TableConstraint::Unique {
                name,
                characteristics,
                ..
            } if characteristics.is_some() || name.is_some() => {
                format!(
                    "constraint {} {}",
                    name.as_ref().map(|n| n.value.as_str()).unwrap_or(""),
                    characteristics
                        .as_ref()
                        .map(|c| c.to_string())
                        .unwrap_or_default()
                )
            }
            TableConstraint::PrimaryKey { name: Some(n), .. } => {
                format!("constraint {} primary key", n.value)
            }
            _ => continue,
        };
        out.push(format!("{table} {fact}"));
    }
    out
}

/// `sql` (one `CREATE TABLE`'s text up to its column list's end) without
/// those clauses, and a fact for each: `t primary key (a, b) on conflict
/// REPLACE`, `t foreign key (a) match FULL`.
pub fn unread_clauses(table: &str, sql: &str) -> (String, Vec<String>) {
    let unchanged = || (sql.to_string(), Vec::new());
    let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, sql).tokenize() else {
        return unchanged();
    };
    let Some(open) = tokens.iter().position(|t| *t == Token::LParen) else {
        return unchanged();
    };
    let mut keep = vec![true; tokens.len()];
    let mut facts = Vec::new();
    for (from, to) in elements(&tokens, open) {
        element_clauses(table, &tokens, from..to, &mut keep, &mut facts);
    }
    let text = tokens
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(t, _)| t.to_string())
        .collect();
    (text, facts)
}

/// The column list's elements (columns and table constraints) as token
/// ranges, the list opening at `open`.
fn elements(tokens: &[Token], open: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    for (i, t) in tokens.iter().enumerate().skip(open + 1) {
        match t {
            Token::LParen => depth += 1,
            Token::RParen if depth == 0 => {
                out.push((start, i));
                break;
            }
            Token::RParen => depth -= 1,
            Token::Comma if depth == 0 => {
                out.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// Whether `t` is the keyword `k`, unquoted.
fn is(t: &Token, k: Keyword) -> bool {
    matches!(t, Token::Word(w) if w.quote_style.is_none() && w.keyword == k)
}

/// The facts of one element's clauses, which are marked not to keep.
fn element_clauses(
    table: &str,
    tokens: &[Token],
    range: std::ops::Range<usize>,
    keep: &mut [bool],
    facts: &mut Vec<String>,
) {
    let words: Vec<usize> = range
        .filter(|&i| !matches!(tokens[i], Token::Whitespace(_)))
        .collect();
    // `CONSTRAINT name` first: its name is another fact's.
    let skip = if words
        .first()
        .is_some_and(|&i| is(&tokens[i], Keyword::CONSTRAINT))
    {
        2
    } else {
        0
    };
    let Some(&head) = words.get(skip) else {
        return;
    };
    let kind = match &tokens[head] {
        t if is(t, Keyword::PRIMARY) => "primary key",
        t if is(t, Keyword::UNIQUE) => "unique",
        t if is(t, Keyword::CHECK) => "check",
        t if is(t, Keyword::FOREIGN) => "foreign key",
        _ => "column",
    };
    let columns = match kind {
        "column" => unquoted(&tokens[head]),
        _ => group_columns(tokens, &words[skip..]),
    };
    let mut depth = 0usize;
    for (n, &i) in words.iter().enumerate() {
        match &tokens[i] {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            t if depth == 0 && is(t, Keyword::MATCH) => {
                if let Some(&name) = words.get(n + 1) {
                    let name = tokens[name].to_string().to_ascii_uppercase();
                    facts.push(format!("{table} foreign key ({columns}) match {name}"));
                    keep[i] = false;
                    keep[words[n + 1]] = false;
                }
            }
            t if depth == 0
                && is(t, Keyword::ON)
                && n > 0
                && tokens[words[n - 1]] == Token::RParen
                && words
                    .get(n + 1)
                    .is_some_and(|&j| is(&tokens[j], Keyword::CONFLICT)) =>
            {
                if let Some(&action) = words.get(n + 2) {
                    let action = tokens[action].to_string().to_ascii_uppercase();
                    facts.push(format!("{table} {kind} ({columns}) on conflict {action}"));
                    for &j in &words[n..=n + 2] {
                        keep[j] = false;
                    }
                }
            }
            _ => {}
        }
    }
}

/// A name as SQLite reads it, without its quotes.
fn unquoted(t: &Token) -> String {
    match t {
        Token::Word(w) => w.value.clone(),
        other => other.to_string(),
    }
}

/// The columns of a table constraint's first group (`(a COLLATE NOCASE,
/// b DESC)` is `a, b`; a check's expression is its words).
fn group_columns(tokens: &[Token], words: &[usize]) -> String {
    let Some(open) = words.iter().position(|&i| tokens[i] == Token::LParen) else {
        return String::new();
    };
    let mut parts: Vec<Vec<String>> = vec![Vec::new()];
    let mut depth = 0usize;
    for &i in &words[open + 1..] {
        match &tokens[i] {
            Token::RParen if depth == 0 => break,
            Token::Comma if depth == 0 => parts.push(Vec::new()),
            t => {
                match t {
                    Token::LParen => depth += 1,
                    Token::RParen => depth -= 1,
                    _ => {}
                }
                if let Some(part) = parts.last_mut() {
                    part.push(unquoted(t));
                }
            }
        }
    }
    parts
        .iter()
        .map(|p| p.first().cloned().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(", ")
}

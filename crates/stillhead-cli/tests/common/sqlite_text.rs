//! What a SQLite table's text holds that sqlparser (0.59) does not read
//! and no pragma tells: a conflict clause after a table's `PRIMARY KEY
//! (…)`, `UNIQUE (…)` or `CHECK (…)`, and a foreign key's `MATCH`. The
//! oracle's facts (`oracle.rs`, `table_text_facts`) take them out before
//! parsing and state each as a fact that does not depend on where it was
//! written (on its column or on the table): SQLite reads both alike.
//! Written apart from stillhead's own reading
//! (`dialect/sqlite/type_names.rs`), so that the two are not wrong together.

use sqlparser::dialect::SQLiteDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer};

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

//! SQLite's free-form column types, made readable to sqlparser.
//!
//! SQLite takes any run of names as a column's type (`UNSIGNED BIG INT`,
//! `NATIVE CHARACTER(70)`, even `TEXT AFTER a`, which a MySQL-style
//! `ADD COLUMN … AFTER` leaves in `sqlite_master`) and keeps it as written;
//! only its affinity matters. sqlparser knows a fixed list of type names.
//! Nor does it take arguments on every name (Rails writes `text(1073741823)`).
//! When a `CREATE TABLE` does not parse, [`bracket_type_names`] rewrites
//! each type of more than one name, or with arguments, as one `[…]`-quoted
//! name (SQLite's own quoting), which sqlparser reads as a custom type, and the schema reader
//! writes it back without the brackets (`schema::parse`, `column_type`).
//!
//! Three clauses SQLite keeps are refused by sqlparser (0.59) outright: a
//! foreign key's `MATCH …`, `ON CONFLICT …` after a table-level `PRIMARY
//! KEY (…)`, `UNIQUE (…)` or `CHECK (…)`, and the two table options
//! together (`STRICT, WITHOUT ROWID`). [`strip_unread_clauses`] takes them
//! out for the parser and says where each was, so that `clauses.rs` gives
//! the model's back to their table, key or foreign key and the probe
//! (`coverage.rs`) names the rest as not compared (ARCHITECTURE.md, "Never
//! silent"), instead of the whole schema failing to parse.

use sqlparser::dialect::SQLiteDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer};

/// The words that end a column's type: where its constraints begin.
const CONSTRAINT_START: [Keyword; 11] = [
    Keyword::CONSTRAINT,
    Keyword::PRIMARY,
    Keyword::NOT,
    Keyword::NULL,
    Keyword::UNIQUE,
    Keyword::CHECK,
    Keyword::DEFAULT,
    Keyword::COLLATE,
    Keyword::REFERENCES,
    Keyword::GENERATED,
    Keyword::AS,
];

/// The words that start a table constraint instead of a column.
const TABLE_CONSTRAINT: [Keyword; 5] = [
    Keyword::CONSTRAINT,
    Keyword::PRIMARY,
    Keyword::UNIQUE,
    Keyword::CHECK,
    Keyword::FOREIGN,
];

/// `sql` (one `CREATE TABLE`) with every column type of two names or more,
/// or with arguments, written as one bracketed name with its arguments
/// after it (`[UNSIGNED BIG INT]`, `[text](10)`, which sqlparser reads as a
/// custom type); `None` when it is not a `CREATE TABLE` with a column list,
/// or no type needs it.
pub(crate) fn bracket_type_names(sql: &str) -> Option<String> {
    let tokens = Tokenizer::new(&SQLiteDialect {}, sql).tokenize().ok()?;
    let is_space = |t: &Token| matches!(t, Token::Whitespace(_));
    let keywords: Vec<Keyword> = tokens
        .iter()
        .filter(|t| !is_space(t))
        .take(3)
        .map(|t| match t {
            Token::Word(w) => w.keyword,
            _ => Keyword::NoKeyword,
        })
        .collect();
    match keywords.as_slice() {
        [Keyword::CREATE, Keyword::TABLE, ..]
        | [Keyword::CREATE, Keyword::TEMP | Keyword::TEMPORARY, Keyword::TABLE] => {}
        _ => return None,
    }
    let open = tokens.iter().position(|t| *t == Token::LParen)?;
    let mut out: Vec<String> = tokens[..=open].iter().map(Token::to_string).collect();
    let mut changed = false;
    let mut i = open + 1;
    // One element of the column list at a time, from its start to the
    // comma or closing parenthesis at depth 1.
    while i < tokens.len() {
        let next_word = |from: usize| (from..tokens.len()).find(|&j| !is_space(&tokens[j]));
        let Some(name_at) = next_word(i) else { break };
        let is_column = match &tokens[name_at] {
            Token::Word(w) => w.quote_style.is_some() || !TABLE_CONSTRAINT.contains(&w.keyword),
            _ => false,
        };
        if is_column {
            out.extend(tokens[i..=name_at].iter().map(Token::to_string));
            i = name_at + 1;
            // The type: names up to a constraint word, then its arguments.
            let mut names = Vec::new();
            let mut end = i;
            while let Some(j) = next_word(end) {
                match &tokens[j] {
                    Token::Word(w)
                        if w.quote_style.is_none() && !CONSTRAINT_START.contains(&w.keyword) =>
                    {
                        names.push(w.value.clone());
                        end = j + 1;
                    }
                    _ => break,
                }
            }
            let has_args = next_word(end).is_some_and(|j| tokens[j] == Token::LParen);
            if names.len() > 1 || (has_args && !names.is_empty()) {
                out.push(format!(" [{}]", names.join(" ")));
                changed = true;
                i = end;
            }
        }
        // The rest of the element, nested parentheses included.
        let mut depth = 0usize;
        while i < tokens.len() {
            let t = &tokens[i];
            out.push(t.to_string());
            i += 1;
            match t {
                Token::LParen => depth += 1,
                Token::RParen if depth == 0 => {
                    out.extend(tokens[i..].iter().map(Token::to_string));
                    return changed.then(|| out.concat());
                }
                Token::RParen => depth -= 1,
                Token::Comma if depth == 0 => break,
                _ => {}
            }
        }
    }
    None
}

/// A clause [`strip_unread_clauses`] took out of a `CREATE TABLE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unread {
    /// Its words as the probe names it (`MATCH FULL`, `PRIMARY KEY ON
    /// CONFLICT IGNORE`, `WITHOUT ROWID`: what `[autogenerate] ignore`
    /// takes).
    pub(crate) words: String,
    /// The element of the column list it was in, counted from 0 (columns
    /// first, then table constraints, as SQLite requires): which column
    /// or constraint it belongs to. `None` for a table option.
    pub(crate) element: Option<usize>,
}

impl Unread {
    /// Whether the model keeps it (`schema/parse.rs` gives it back to its
    /// table, key or foreign key): all but a conflict clause after a
    /// table's `CHECK (…)`, which SQLite reads and ignores, and which
    /// the probe names.
    pub(crate) fn in_model(&self) -> bool {
        let words = self.words.as_str();
        words == "WITHOUT ROWID"
            || words.starts_with("MATCH ")
            || words.starts_with("PRIMARY KEY ON CONFLICT ")
            || words.starts_with("UNIQUE ON CONFLICT ")
    }
}

/// `sql` (one `CREATE TABLE`) without the clauses sqlparser refuses, and
/// each of them (`schema/parse.rs` puts them back into the model, the
/// probe names the rest); `None` when it is not a `CREATE TABLE` or has
/// none of them. Of `STRICT, WITHOUT ROWID` only `STRICT` is left, which
/// the parser reads alone.
pub(crate) fn strip_unread_clauses(sql: &str) -> Option<(String, Vec<Unread>)> {
    let tokens = Tokenizer::new(&SQLiteDialect {}, sql).tokenize().ok()?;
    let is_space = |t: &Token| matches!(t, Token::Whitespace(_));
    let is = |t: &Token, k: Keyword| matches!(t, Token::Word(w) if w.quote_style.is_none() && w.keyword == k);
    let next = |from: usize| (from..tokens.len()).find(|&j| !is_space(&tokens[j]));
    let prev = |before: usize| (0..before).rev().find(|&j| !is_space(&tokens[j]));
    let heads: Vec<Keyword> = tokens
        .iter()
        .filter(|t| !is_space(t))
        .take(3)
        .map(|t| match t {
            Token::Word(w) => w.keyword,
            _ => Keyword::NoKeyword,
        })
        .collect();
    match heads.as_slice() {
        [Keyword::CREATE, Keyword::TABLE, ..]
        | [Keyword::CREATE, Keyword::TEMP | Keyword::TEMPORARY, Keyword::TABLE] => {}
        _ => return None,
    }
    let mut keep = vec![true; tokens.len()];
    let mut clauses = Vec::new();
    // Where each open parenthesis is, and where the column list ended.
    let mut opens: Vec<usize> = Vec::new();
    let mut last_group = None;
    let mut list_end = None;
    // The element of the column list being read.
    let mut element = 0;
    let mut i = 0;
    while i < tokens.len() && list_end.is_none() {
        let t = &tokens[i];
        match t {
            Token::LParen => opens.push(i),
            Token::Comma if opens.len() == 1 => element += 1,
            Token::RParen => {
                let open = opens.pop()?;
                if opens.is_empty() {
                    list_end = Some(i);
                }
                last_group = Some(open);
            }
            _ if opens.len() == 1 && is(t, Keyword::MATCH) => {
                // `MATCH name` of a foreign key (an expression's `x MATCH 'y'`
                // takes a string, not a name).
                if let Some(j) = next(i + 1).filter(|&j| matches!(tokens[j], Token::Word(_))) {
                    clauses.push(Unread {
                        words: format!("MATCH {}", tokens[j]),
                        element: Some(element),
                    });
                    keep[i..=j].iter_mut().for_each(|k| *k = false);
                    i = j;
                }
            }
            _ if opens.len() == 1
                && is(t, Keyword::ON)
                && prev(i).is_some_and(|p| tokens[p] == Token::RParen) =>
            {
                let conflict = next(i + 1).filter(|&j| is(&tokens[j], Keyword::CONFLICT));
                let action = conflict
                    .and_then(|j| next(j + 1))
                    .filter(|&j| matches!(tokens[j], Token::Word(_)));
                if let Some(j) = action {
                    let kind = last_group
                        .and_then(prev)
                        .map(|p| match &tokens[p] {
                            t if is(t, Keyword::KEY) => "PRIMARY KEY ",
                            t if is(t, Keyword::UNIQUE) => "UNIQUE ",
                            _ => "",
                        })
                        .unwrap_or("");
                    clauses.push(Unread {
                        words: format!("{kind}ON CONFLICT {}", tokens[j]),
                        element: Some(element),
                    });
                    keep[i..=j].iter_mut().for_each(|k| *k = false);
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    // The table options: a list only SQLite reads whole.
    let end = list_end?;
    if tokens[end + 1..].contains(&Token::Comma) {
        let tail: String = tokens[end + 1..].iter().map(Token::to_string).collect();
        let mut kept = Vec::new();
        for option in tail.split(',').map(str::trim).filter(|o| !o.is_empty()) {
            if option.eq_ignore_ascii_case("STRICT") {
                kept.push(option.to_string());
            } else {
                clauses.push(Unread {
                    words: option
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_ascii_uppercase(),
                    element: None,
                });
            }
        }
        keep[end + 1..].iter_mut().for_each(|k| *k = false);
        let head: String = tokens[..=end]
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(t, _)| t.to_string())
            .collect();
        return Some((
            format!("{head} {}", kept.join(", ")).trim_end().to_string(),
            clauses,
        ));
    }
    if clauses.is_empty() {
        return None;
    }
    let out = tokens
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(t, _)| t.to_string())
        .collect();
    Some((out, clauses))
}

/// A type name as SQLite keeps it: one that [`bracket_type_names`] quoted
/// loses its brackets again.
pub(crate) fn unbracket(ty: &str) -> std::borrow::Cow<'_, str> {
    match ty.strip_prefix('[').and_then(|t| t.split_once(']')) {
        Some((name, args)) => format!("{name}{args}").into(),
        None => ty.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{bracket_type_names, strip_unread_clauses, unbracket, Unread};

    #[test]
    fn clauses_the_parser_refuses_are_taken_out_and_named() {
        let stripped = |sql: &str| {
            let (sql, clauses) = strip_unread_clauses(sql).unwrap();
            let words = clauses.iter().map(|c| c.words.clone()).collect::<Vec<_>>();
            (sql, words)
        };
        assert_eq!(
            stripped("CREATE TABLE t (a INTEGER REFERENCES u (id) MATCH FULL ON DELETE CASCADE, b REFERENCES u MATCH SIMPLE)"),
            (
                "CREATE TABLE t (a INTEGER REFERENCES u (id)  ON DELETE CASCADE, b REFERENCES u )".to_string(),
                vec!["MATCH FULL".to_string(), "MATCH SIMPLE".to_string()]
            )
        );
        assert_eq!(
            stripped("CREATE TABLE t (a, b, PRIMARY KEY (a) ON CONFLICT REPLACE, UNIQUE (b, a) ON CONFLICT IGNORE, CHECK (a > 0))"),
            (
                "CREATE TABLE t (a, b, PRIMARY KEY (a) , UNIQUE (b, a) , CHECK (a > 0))".to_string(),
                vec!["PRIMARY KEY ON CONFLICT REPLACE".to_string(), "UNIQUE ON CONFLICT IGNORE".to_string()]
            )
        );
        assert_eq!(
            stripped("CREATE TABLE t (a TEXT PRIMARY KEY) STRICT, WITHOUT ROWID"),
            (
                "CREATE TABLE t (a TEXT PRIMARY KEY) STRICT".to_string(),
                vec!["WITHOUT ROWID".to_string()]
            )
        );
        assert_eq!(
            stripped("CREATE TABLE t (a TEXT PRIMARY KEY) without  rowid,strict"),
            (
                "CREATE TABLE t (a TEXT PRIMARY KEY) strict".to_string(),
                vec!["WITHOUT ROWID".to_string()]
            )
        );
        // Each says which column or constraint it was in.
        let (_, clauses) = strip_unread_clauses(
            "CREATE TABLE t (a REFERENCES u MATCH FULL, b TEXT CHECK (b IN ('x', 'y')), UNIQUE (b) ON CONFLICT FAIL) STRICT, WITHOUT ROWID",
        )
        .unwrap();
        let at = |words: &str, element| Unread {
            words: words.into(),
            element,
        };
        assert_eq!(
            clauses,
            [
                at("MATCH FULL", Some(0)),
                at("UNIQUE ON CONFLICT FAIL", Some(2)),
                at("WITHOUT ROWID", None)
            ]
        );
        // What the parser reads is left alone: a column's conflict clause,
        // an expression's MATCH, one table option.
        for sql in [
            "CREATE TABLE t (a TEXT NOT NULL ON CONFLICT IGNORE UNIQUE ON CONFLICT REPLACE)",
            "CREATE TABLE t (a TEXT CHECK (a MATCH 'x'), b REFERENCES u ON DELETE CASCADE)",
            "CREATE TABLE t (a TEXT PRIMARY KEY) WITHOUT ROWID",
            "CREATE INDEX i ON t (a)",
        ] {
            assert_eq!(strip_unread_clauses(sql), None, "{sql}");
        }
    }

    #[test]
    fn types_of_several_names_are_bracketed_and_nothing_else() {
        assert_eq!(
            bracket_type_names(
                "CREATE TABLE t (a UNSIGNED BIG INT NOT NULL, b NATIVE CHARACTER(70) DEFAULT 'x,y', \"c\" TEXT AFTER a, d INTEGER, f text(10), CONSTRAINT k PRIMARY KEY (a, d), e)"
            )
            .as_deref(),
            Some("CREATE TABLE t (a [UNSIGNED BIG INT] NOT NULL, b [NATIVE CHARACTER](70) DEFAULT 'x,y', \"c\" [TEXT AFTER a], d INTEGER, f [text](10), CONSTRAINT k PRIMARY KEY (a, d), e)")
        );
        // Nothing to do, or not a table.
        assert_eq!(
            bracket_type_names("CREATE TABLE t (a INTEGER, b TEXT)"),
            None
        );
        assert_eq!(bracket_type_names("CREATE INDEX i ON t (a)"), None);
        assert_eq!(bracket_type_names("SELECT 1"), None);
        assert_eq!(bracket_type_names("CREATE TABLE t (a"), None);
    }

    #[test]
    fn brackets_come_off_again() {
        assert_eq!(unbracket("[UNSIGNED BIG INT]"), "UNSIGNED BIG INT");
        assert_eq!(unbracket("[NATIVE CHARACTER](70)"), "NATIVE CHARACTER(70)");
        assert_eq!(unbracket("VARCHAR(5)"), "VARCHAR(5)");
    }
}

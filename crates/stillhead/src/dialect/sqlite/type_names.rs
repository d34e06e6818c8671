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
    use super::{bracket_type_names, unbracket};

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

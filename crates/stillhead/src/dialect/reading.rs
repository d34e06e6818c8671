//! A statement read as its server reads it, for the fallback fence of a
//! scratch database (`fence.rs`; ARCHITECTURE.md, "Scratch databases"):
//! sqlparser's tokens with whitespace and comments dropped, so that
//! `live . t`, `live/**/.t`, `` `live`.`t` `` and `"live".t` are all one
//! qualified name; MySQL executable comments (`/*! … */`, `/*M! … */`)
//! opened, since the server runs what they hold; and the text of each string
//! literal read again, since `PREPARE`, `EXECUTE` and function bodies run
//! strings as SQL.
//!
//! Where quoting depends on a session setting (`ANSI_QUOTES`,
//! `NO_BACKSLASH_ESCAPES`, PostgreSQL's `standard_conforming_strings`), the
//! statement is read every way a session may read it, and a rule refuses it
//! if any reading breaks it. The first reading is the server's default: a
//! statement that it cannot read is refused, naming why. Another reading
//! that fails leaves a quote open, which the server refuses too.
//!
//! Built with either server's driver; a build with one of the two keeps
//! the other's readings and rules unused.
#![cfg_attr(not(all(feature = "postgres", feature = "mysql")), allow(dead_code))]

use std::any::TypeId;

use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect};
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

/// How a server reads quotes and comments in one session mode: sqlparser's
/// dialect with what the mode changes.
#[derive(Debug)]
pub(crate) struct Reading {
    base: &'static dyn Dialect,
    /// `\'` escapes a quote in a string (MySQL without `NO_BACKSLASH_ESCAPES`,
    /// PostgreSQL with `standard_conforming_strings` off).
    backslash_escapes: bool,
    /// `"…"` is an identifier (MySQL's `ANSI_QUOTES`).
    ansi_quotes: bool,
    /// `/*! … */` runs its content (MySQL, MariaDB).
    executable_comments: bool,
}

const MYSQL_BASE: &MySqlDialect = &MySqlDialect {};
const POSTGRES_BASE: &PostgreSqlDialect = &PostgreSqlDialect {};

const fn mysql(backslash_escapes: bool, ansi_quotes: bool) -> Reading {
    Reading {
        base: MYSQL_BASE,
        backslash_escapes,
        ansi_quotes,
        executable_comments: true,
    }
}

/// MariaDB/MySQL: the default `sql_mode` first, then `ANSI_QUOTES` and
/// `NO_BACKSLASH_ESCAPES` in each combination (a migration may set them).
pub(crate) const MYSQL: &[Reading] = &[
    mysql(true, false),
    mysql(true, true),
    mysql(false, false),
    mysql(false, true),
];

/// PostgreSQL: `standard_conforming_strings` on (the default), then off.
pub(crate) const POSTGRES: &[Reading] = &[
    Reading {
        base: POSTGRES_BASE,
        backslash_escapes: false,
        ansi_quotes: false,
        executable_comments: false,
    },
    Reading {
        base: POSTGRES_BASE,
        backslash_escapes: true,
        ansi_quotes: false,
        executable_comments: false,
    },
];

/// Every question sqlparser's tokenizer asks is answered by the base
/// dialect, except the ones a session mode changes. `dialect()` is the
/// base's, so the tokenizer's own per-dialect rules (MySQL's `#` comments,
/// PostgreSQL's `\r` ending a line comment) apply.
impl Dialect for Reading {
    fn dialect(&self) -> TypeId {
        self.base.dialect()
    }
    fn is_identifier_start(&self, ch: char) -> bool {
        self.base.is_identifier_start(ch)
    }
    fn is_identifier_part(&self, ch: char) -> bool {
        self.base.is_identifier_part(ch)
    }
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        self.base.is_delimited_identifier_start(ch) || (self.ansi_quotes && ch == '"')
    }
    fn supports_string_literal_backslash_escape(&self) -> bool {
        self.backslash_escapes
    }
    fn ignores_wildcard_escapes(&self) -> bool {
        self.base.ignores_wildcard_escapes()
    }
    fn is_custom_operator_part(&self, ch: char) -> bool {
        self.base.is_custom_operator_part(ch)
    }
    fn requires_single_line_comment_whitespace(&self) -> bool {
        self.base.requires_single_line_comment_whitespace()
    }
    fn supports_dollar_placeholder(&self) -> bool {
        self.base.supports_dollar_placeholder()
    }
    fn supports_geometric_types(&self) -> bool {
        self.base.supports_geometric_types()
    }
    fn supports_nested_comments(&self) -> bool {
        self.base.supports_nested_comments()
    }
    fn supports_numeric_literal_underscores(&self) -> bool {
        self.base.supports_numeric_literal_underscores()
    }
    fn supports_numeric_prefix(&self) -> bool {
        self.base.supports_numeric_prefix()
    }
    fn supports_pipe_operator(&self) -> bool {
        self.base.supports_pipe_operator()
    }
    fn supports_string_escape_constant(&self) -> bool {
        self.base.supports_string_escape_constant()
    }
    fn supports_triple_quoted_string(&self) -> bool {
        self.base.supports_triple_quoted_string()
    }
    fn supports_unicode_string_literal(&self) -> bool {
        self.base.supports_unicode_string_literal()
    }
}

/// How deep strings holding SQL holding strings are read; SQL deeper than
/// this is refused rather than left unread.
const MAX_DEPTH: usize = 4;

/// Why `sql` may not run, by `rule` applied to its tokens in each of
/// `readings` and to the SQL in its string literals; `None` if it may.
pub(crate) fn refusal(
    sql: &str,
    readings: &[Reading],
    rule: &dyn Fn(&[Token]) -> Option<String>,
) -> Option<String> {
    check(sql, readings, rule, 0)
}

fn check(
    sql: &str,
    readings: &[Reading],
    rule: &dyn Fn(&[Token]) -> Option<String>,
    depth: usize,
) -> Option<String> {
    let mut strings: Vec<String> = Vec::new();
    for (i, reading) in readings.iter().enumerate() {
        let toks = match tokens(sql, reading) {
            Ok(toks) => toks,
            // A string that is not SQL is data: the server cannot run it.
            Err(why) if i == 0 && depth == 0 => {
                return Some(format!(
                    "it cannot be read as the server reads it ({why}), so what it reaches cannot be told"
                ))
            }
            Err(_) => continue,
        };
        if let Some(why) = rule(&toks) {
            return Some(why);
        }
        for s in literal_texts(&toks) {
            if !strings.contains(&s) {
                strings.push(s);
            }
        }
    }
    for s in &strings {
        if depth == MAX_DEPTH {
            return Some(format!(
                "it holds strings nested more than {MAX_DEPTH} deep, which are not read"
            ));
        }
        if let Some(why) = check(s, readings, rule, depth + 1) {
            return Some(format!("{why}, in a string it holds"));
        }
    }
    None
}

/// The significant tokens of `sql` in one reading (whitespace and comments
/// dropped, executable comments opened), or why it cannot be read.
pub(crate) fn tokens(sql: &str, reading: &Reading) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    for t in raw(sql, reading)? {
        match t {
            Token::Whitespace(Whitespace::MultiLineComment(c)) if reading.executable_comments => {
                if let Some(code) = executable(&c) {
                    out.extend(opened(code, reading)?);
                }
            }
            Token::Whitespace(_) => {}
            t => out.push(t),
        }
    }
    Ok(out)
}

/// All of sqlparser's tokens, whitespace included.
fn raw(sql: &str, reading: &Reading) -> Result<Vec<Token>, String> {
    let text = if reading.executable_comments {
        mysql_dashes(sql)
    } else {
        sql.to_string()
    };
    Tokenizer::new(reading, &text)
        .tokenize()
        .map_err(|e| e.message)
}

/// MySQL starts a `--` comment at any whitespace or control character after
/// the dashes; sqlparser only at a space. A tab or other control character
/// there becomes a space, so both read the same comment (`--` before a line
/// break reads as two minus signs to sqlparser, an empty comment to the
/// server: the same text either way).
fn mysql_dashes(sql: &str) -> String {
    let mut bytes = sql.as_bytes().to_vec();
    for i in 2..bytes.len() {
        let c = bytes[i];
        if bytes[i - 2] == b'-'
            && bytes[i - 1] == b'-'
            && c != b'\n'
            && (c.is_ascii_whitespace() || c.is_ascii_control())
        {
            bytes[i] = b' ';
        }
    }
    // Only ASCII bytes changed, to ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| sql.to_string())
}

/// The code of an executable comment's text (`!50001 …`, `M!100101 …`),
/// or `None` for an ordinary comment.
fn executable(comment: &str) -> Option<&str> {
    let rest = comment
        .strip_prefix('!')
        .or_else(|| comment.strip_prefix("M!"))
        .or_else(|| comment.strip_prefix("m!"))?;
    Some(rest.trim_start_matches(|c: char| c.is_ascii_digit()))
}

/// The tokens of an executable comment's code. sqlparser ended the comment
/// at the first `*/`; the server reads its content as code and ends it at
/// the first `*/` outside a string or comment. Where the two could differ
/// (a quote or comment left open, a line comment or `/` at its end), the
/// statement cannot be read.
fn opened(code: &str, reading: &Reading) -> Result<Vec<Token>, String> {
    let unreadable = || format!("the executable comment /*!{code}*/");
    if code.trim_end().ends_with('/') {
        return Err(unreadable());
    }
    let raw = raw(code, reading).map_err(|e| format!("{}: {e}", unreadable()))?;
    if matches!(
        raw.last(),
        Some(Token::Whitespace(Whitespace::SingleLineComment { .. }))
    ) {
        return Err(unreadable());
    }
    tokens(code, reading)
}

/// The text of every string literal, which the server may run as SQL
/// (`PREPARE … FROM '…'`, `EXECUTE '…'`, a function's body); hexadecimal
/// literals too, as their text.
fn literal_texts(toks: &[Token]) -> Vec<String> {
    toks.iter()
        .filter_map(|t| match t {
            Token::SingleQuotedString(s)
            | Token::DoubleQuotedString(s)
            | Token::EscapedStringLiteral(s)
            | Token::UnicodeStringLiteral(s)
            | Token::NationalStringLiteral(s)
            | Token::TripleSingleQuotedString(s)
            | Token::TripleDoubleQuotedString(s) => Some(s.clone()),
            Token::DollarQuotedString(d) => Some(d.value.clone()),
            Token::HexStringLiteral(h) => hex_text(h),
            _ => None,
        })
        .collect()
}

/// A hexadecimal literal's bytes as text, when they are UTF-8.
fn hex_text(hex: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// The upper-cased word of an unquoted word token: a keyword as the
/// server reads it.
pub(crate) fn keyword(t: &Token) -> Option<String> {
    match t {
        Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
        _ => None,
    }
}

/// Whether the keywords of `seq` occur one after another.
pub(crate) fn has_sequence(toks: &[Token], seq: &[&str]) -> bool {
    toks.windows(seq.len()).any(|w| {
        w.iter()
            .zip(seq)
            .all(|(t, s)| keyword(t).as_deref() == Some(*s))
    })
}

/// The names written before a `.` (`live.t`, `live . t`, `` `live`.t ``,
/// `"live".t`), as written inside their quotes: what qualifies a name.
pub(crate) fn qualifiers(toks: &[Token]) -> impl Iterator<Item = &str> {
    toks.windows(2).filter_map(|w| {
        // `live .1t` is a word or number starting with the dot to sqlparser.
        let dotted = match &w[1] {
            Token::Period => true,
            Token::Word(x) => x.quote_style.is_none() && x.value.starts_with('.'),
            Token::Number(n, _) => n.starts_with('.'),
            _ => false,
        };
        match &w[0] {
            Token::Word(x) if dotted => Some(x.value.as_str()),
            Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) if dotted => {
                Some(s.as_str())
            }
            _ => None,
        }
    })
}

/// The positions where a statement starts: the first token and those after
/// `;` or a keyword that opens a body (`BEGIN`, `THEN`, `DO`, …), so that
/// rules about a statement's first word see those in bodies too.
pub(crate) fn statement_starts(toks: &[Token]) -> impl Iterator<Item = usize> + '_ {
    (0..toks.len()).filter(|&i| {
        i == 0
            || toks[i - 1] == Token::SemiColon
            || keyword(&toks[i - 1]).is_some_and(|k| {
                matches!(
                    k.as_str(),
                    "BEGIN" | "THEN" | "ELSE" | "DO" | "LOOP" | "REPEAT"
                )
            })
    })
}

/// The tokens from `from` to the end of its statement (the next `;`).
pub(crate) fn rest_of_statement(toks: &[Token], from: usize) -> &[Token] {
    let rest = &toks[from..];
    let end = rest
        .iter()
        .position(|t| *t == Token::SemiColon)
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Whether `t` is a string literal of any quoting.
pub(crate) fn is_string(t: &Token) -> bool {
    matches!(
        t,
        Token::SingleQuotedString(_)
            | Token::DoubleQuotedString(_)
            | Token::EscapedStringLiteral(_)
            | Token::UnicodeStringLiteral(_)
            | Token::NationalStringLiteral(_)
            | Token::DollarQuotedString(_)
            | Token::TripleSingleQuotedString(_)
            | Token::TripleDoubleQuotedString(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sql: &str, reading: &Reading) -> Vec<String> {
        let toks = tokens(sql, reading).unwrap();
        qualifiers(&toks).map(str::to_string).collect()
    }

    #[test]
    fn qualified_names_are_read_through_spacing_comments_and_quotes() {
        let my = &MYSQL[0];
        for sql in [
            "DELETE FROM live.victim",
            "DELETE FROM live . victim",
            "DELETE FROM live/**/.victim",
            "DELETE FROM live\n.\nvictim",
            "DELETE FROM `live`.`victim`",
            "DELETE FROM `live` . `victim`",
            "DELETE FROM live -- note\n . victim",
            "DELETE FROM live # note\n . victim",
            "DELETE FROM live /*!.victim*/",
            "DELETE FROM live /*!50001 . victim */",
            "DELETE FROM live /*M!100101 .victim */",
            "DELETE FROM live .1victim",
            "DELETE FROM \"live\".victim",
        ] {
            assert_eq!(names(sql, my), ["live"], "{sql}");
        }
        assert_eq!(names("DELETE FROM \"live\" . victim", &MYSQL[1]), ["live"]);
        // Not a qualifier: one identifier holding a dot, a comment.
        assert!(names("DELETE FROM `live . victim`", my).is_empty());
        assert!(names("DELETE FROM victim /* live.victim */", my).is_empty());
        assert!(names("DELETE FROM victim -- live.victim", my).is_empty());
    }

    #[test]
    fn mysql_dash_comments_need_whitespace_or_a_control_character() {
        let my = &MYSQL[0];
        // `--\t` is a comment to MariaDB: a quote in it opens no string.
        assert_eq!(
            names("UPDATE t --\t'\n, live.victim SET a = 1 -- '", my),
            ["live"]
        );
        // `--x` is two minus signs: what follows is code.
        assert_eq!(names("SELECT 1--x\n, live.victim", my), ["live"]);
    }

    #[test]
    fn executable_comments_that_may_end_elsewhere_are_unreadable() {
        let my = &MYSQL[0];
        for sql in [
            "SELECT /*! 'a*/ 1 -- ' */",
            "SELECT /*! 1 -- */ , live.victim.a",
            "SELECT /*! 1 /*/ , live.victim.a",
            "SELECT /*! 1 # */ , live.victim.a",
        ] {
            assert!(tokens(sql, my).is_err(), "{sql}");
        }
    }

    #[test]
    fn strings_are_read_as_sql_and_every_quoting_mode_counts() {
        let rule = |toks: &[Token]| {
            qualifiers(toks)
                .find(|q| q.eq_ignore_ascii_case("live"))
                .map(|q| format!("names {q}"))
        };
        let hex: String = "DELETE FROM live . victim"
            .bytes()
            .map(|b| format!("{b:02X}"))
            .collect();
        for sql in [
            "PREPARE s FROM 'DELETE FROM live . victim'".to_string(),
            format!("PREPARE s FROM 0x{hex}"),
            format!("SET @s = X'{hex}'"),
        ] {
            assert!(refusal(&sql, MYSQL, &rule).is_some(), "{sql}");
        }
        // NO_BACKSLASH_ESCAPES: the string ends at `\'` (or `\"`), and the
        // rest is code, which the default reading alone takes for a string.
        for sql in [
            "SELECT 'a\\' , live.victim.x, ' -- \\'",
            "SELECT \"a\\\" , live.victim.x, \" -- \\\"",
        ] {
            assert!(refusal(sql, &MYSQL[..1], &rule).is_none(), "{sql}");
            assert!(refusal(sql, MYSQL, &rule).is_some(), "{sql}");
        }
        assert!(refusal("SELECT 'it\\'s', \"x\"", MYSQL, &rule).is_none());
        assert!(refusal("SELECT 'unclosed", MYSQL, &rule)
            .unwrap()
            .contains("cannot be read"));
    }
}

//! The SQL-aware statement splitter.
//!
//! Splits on `;` at the top level only: not inside quoted strings or
//! identifiers, comments, PostgreSQL dollar quotes, or the `BEGIN … END` body
//! of a `CREATE TRIGGER`. Lines `-- +statement-begin` / `-- +statement-end`
//! group anything else (e.g. a MySQL procedure) into one statement. One pass,
//! linear in the input.

/// One statement of a migration, with the file line where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement text, trimmed, without its final `;`. Comments that
    /// precede it are dropped; comments inside are kept.
    pub sql: String,
    /// 1-based line in the file where the statement's first token is.
    pub line: usize,
}

/// Splits `sql`, whose first line is line `first_line` of its file.
pub fn split_statements(sql: &str, first_line: usize) -> Vec<Statement> {
    Splitter::new(sql, first_line).run().0
}

/// A string, quoted identifier, comment, dollar-quoted body or
/// `-- +statement-begin` group still open where its section ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed {
    /// The file line where it opens.
    pub line: usize,
    /// What it is, for a message ("a /* comment").
    pub what: &'static str,
}

/// [`split_statements`], and the first construct left open at the end.
///
/// A database reads such a tail its own way (SQLite ends a `/*` comment
/// at the end of the input, so the statements after it vanish without an
/// error); the runner refuses it instead, naming the line.
pub fn split_checked(sql: &str, first_line: usize) -> (Vec<Statement>, Option<Unclosed>) {
    Splitter::new(sql, first_line).run()
}

struct Splitter<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    out: Vec<Statement>,
    /// Byte offset and line of the current statement's first token.
    start: Option<(usize, usize)>,
    /// Words of the current statement seen so far at top level (only the first few matter).
    words: Vec<String>,
    /// Depth of BEGIN/CASE … END inside a trigger's or a routine's body.
    block_depth: usize,
    /// Inside an explicit `-- +statement-begin` group.
    grouped: bool,
    /// The line of the open group's `-- +statement-begin`.
    group_line: usize,
    /// The first construct the input ended inside.
    unclosed: Option<Unclosed>,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a str, first_line: usize) -> Splitter<'a> {
        Splitter {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            line: first_line,
            out: Vec::new(),
            start: None,
            words: Vec::new(),
            block_depth: 0,
            grouped: false,
            group_line: 0,
            unclosed: None,
        }
    }

    /// Notes that the input ended inside `what`, opened on `line`.
    fn ended_inside(&mut self, line: usize, what: &'static str) {
        self.unclosed.get_or_insert(Unclosed { line, what });
    }

    fn run(mut self) -> (Vec<Statement>, Option<Unclosed>) {
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            match b {
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                b if b.is_ascii_whitespace() => self.pos += 1,
                b'-' if self.peek(1) == Some(b'-') => self.line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(),
                b'\'' => {
                    self.mark();
                    let escapes = self.is_escape_string();
                    self.quoted(b'\'', escapes);
                }
                b'"' | b'`' => {
                    self.mark();
                    self.quoted(b, false);
                }
                b'$' if self.dollar_tag().is_some() => {
                    self.mark();
                    self.dollar_quoted();
                }
                b';' => {
                    if self.grouped || self.block_depth > 0 {
                        self.pos += 1;
                    } else {
                        self.finish(self.pos);
                        self.pos += 1;
                    }
                }
                b if b.is_ascii_alphabetic() || b == b'_' => self.word(),
                _ => {
                    self.mark();
                    self.pos += 1;
                }
            }
        }
        self.finish(self.bytes.len());
        if self.grouped {
            self.ended_inside(
                self.group_line,
                "a -- +statement-begin group (no -- +statement-end)",
            );
        }
        (self.out, self.unclosed)
    }

    fn peek(&self, k: usize) -> Option<u8> {
        self.bytes.get(self.pos + k).copied()
    }

    /// Notes the start of a statement at the current position, if none yet.
    fn mark(&mut self) {
        if self.start.is_none() {
            self.start = Some((self.pos, self.line));
        }
    }

    fn finish(&mut self, end: usize) {
        if let Some((start, line)) = self.start.take() {
            let sql = self.src[start..end].trim();
            if !sql.is_empty() {
                self.out.push(Statement {
                    sql: sql.to_string(),
                    line,
                });
            }
        }
        self.words.clear();
        self.block_depth = 0;
    }

    fn line_comment(&mut self) {
        let end = self.src[self.pos..]
            .find('\n')
            .map_or(self.bytes.len(), |i| self.pos + i);
        let text = self.src[self.pos + 2..end].trim();
        if text.eq_ignore_ascii_case("+statement-begin") {
            self.finish(self.pos);
            self.grouped = true;
            self.group_line = self.line;
        } else if text.eq_ignore_ascii_case("+statement-end") {
            self.finish(self.pos);
            self.grouped = false;
        }
        self.pos = end;
    }

    fn block_comment(&mut self) {
        // PostgreSQL nests block comments; other dialects never write nested
        // ones in practice, so nesting support costs nothing.
        let mut depth = 0usize;
        let opened = self.line;
        while self.pos < self.bytes.len() {
            match (self.bytes[self.pos], self.peek(1)) {
                (b'/', Some(b'*')) => {
                    depth += 1;
                    self.pos += 2;
                }
                (b'*', Some(b'/')) => {
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        return;
                    }
                }
                (b'\n', _) => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        self.ended_inside(opened, "a /* comment");
    }

    /// `E'…'` / `e'…'` strings (PostgreSQL) honour backslash escapes.
    fn is_escape_string(&self) -> bool {
        self.pos > 0
            && matches!(self.bytes[self.pos - 1], b'E' | b'e')
            && (self.pos < 2 || !is_word_byte(self.bytes[self.pos - 2]))
    }

    fn quoted(&mut self, quote: u8, backslash_escapes: bool) {
        let opened = self.line;
        self.pos += 1;
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            if b == b'\n' {
                self.line += 1;
            }
            if backslash_escapes && b == b'\\' {
                if self.peek(1) == Some(b'\n') {
                    self.line += 1;
                }
                self.pos += 2;
                continue;
            }
            self.pos += 1;
            if b == quote {
                // A doubled quote is an escaped quote, not the end.
                if self.bytes.get(self.pos) == Some(&quote) {
                    self.pos += 1;
                    continue;
                }
                return;
            }
        }
        let what = match quote {
            b'\'' => "a '…' string",
            b'"' => "a \"…\" quoted identifier",
            _ => "a `…` quoted identifier",
        };
        self.ended_inside(opened, what);
    }

    /// At a `$`: the dollar-quote tag (`$$` or `$name$`) if this is one.
    fn dollar_tag(&self) -> Option<&'a str> {
        if self.pos > 0 && is_word_byte(self.bytes[self.pos - 1]) {
            return None; // part of an identifier such as a$b
        }
        let rest = &self.src[self.pos + 1..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
        if rest.as_bytes()[end] != b'$' {
            return None;
        }
        let tag = &rest[..end];
        if tag.starts_with(|c: char| c.is_ascii_digit()) {
            return None; // $1 is a parameter
        }
        Some(&self.src[self.pos..self.pos + end + 2])
    }

    fn dollar_quoted(&mut self) {
        let tag = self.dollar_tag().expect("checked by caller");
        let body_start = self.pos + tag.len();
        let close = self.src[body_start..].find(tag);
        if close.is_none() {
            self.ended_inside(self.line, "a dollar-quoted body");
        }
        let end = close.map_or(self.bytes.len(), |i| body_start + i + tag.len());
        self.line += self.src[self.pos..end].matches('\n').count();
        self.pos = end;
    }

    fn word(&mut self) {
        self.mark();
        let start = self.pos;
        while self.pos < self.bytes.len() && is_word_byte(self.bytes[self.pos]) {
            self.pos += 1;
        }
        let word = self.src[start..self.pos].to_ascii_uppercase();
        if self.in_compound_body() {
            match word.as_str() {
                "BEGIN" | "CASE" => self.block_depth += 1,
                // MySQL closes IF/LOOP/WHILE/REPEAT with END IF etc.; those
                // openers are not counted, so neither are their ENDs.
                "END" if !self.next_word_closes_uncounted_block() => {
                    self.block_depth = self.block_depth.saturating_sub(1)
                }
                _ => {}
            }
        }
        if self.words.len() < 6 {
            self.words.push(word);
        }
    }

    fn next_word_closes_uncounted_block(&self) -> bool {
        let rest = self.src[self.pos..].trim_start();
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_uppercase();
        matches!(word.as_str(), "IF" | "LOOP" | "WHILE" | "REPEAT")
    }

    /// True once the statement is known to be one whose body may be a
    /// `BEGIN … END` block holding statements of its own: `CREATE [TEMP]
    /// TRIGGER`, and MySQL's `CREATE [OR REPLACE] [DEFINER=…] PROCEDURE |
    /// FUNCTION | TRIGGER | EVENT` (PostgreSQL's `BEGIN ATOMIC … END` too),
    /// by one of those words among the first six. A server reads such a
    /// statement whole, also without the client's `DELIMITER` (as
    /// golang-migrate sends a file: one multi-statement query).
    fn in_compound_body(&self) -> bool {
        self.words.first().is_some_and(|w| w == "CREATE")
            && self
                .words
                .iter()
                .any(|w| matches!(w.as_str(), "TRIGGER" | "PROCEDURE" | "FUNCTION" | "EVENT"))
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn what_is_left_open_is_named_with_its_line() {
        let open = |sql: &str| split_checked(sql, 10).1.map(|u| (u.line, u.what));
        assert_eq!(
            open("SELECT 1;\n/* never closed\nSELECT 2;"),
            Some((11, "a /* comment"))
        );
        assert_eq!(open("SELECT 'a;\nb"), Some((10, "a '…' string")));
        assert_eq!(open("SELECT \"a"), Some((10, "a \"…\" quoted identifier")));
        assert_eq!(
            open("SELECT 1;\n\nDO $x$ BEGIN"),
            Some((12, "a dollar-quoted body"))
        );
        assert_eq!(
            open("-- +statement-begin\nCREATE PROCEDURE p() BEGIN END"),
            Some((10, "a -- +statement-begin group (no -- +statement-end)"))
        );
        for closed in [
            "SELECT 1; /* c */",
            "SELECT 'a''b';",
            "DO $$ x $$;",
            "-- +statement-begin\nX;\n-- +statement-end",
            "-- 'a",
        ] {
            assert_eq!(open(closed), None, "{closed}");
        }
    }

    fn sqls(input: &str) -> Vec<String> {
        split_statements(input, 1)
            .into_iter()
            .map(|s| s.sql)
            .collect()
    }

    #[test]
    fn simple_and_trailing() {
        assert_eq!(sqls("SELECT 1;\nSELECT 2"), ["SELECT 1", "SELECT 2"]);
        assert_eq!(sqls(";;  ;\n"), Vec::<String>::new());
        assert_eq!(
            sqls("-- only a comment\n/* and another */"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn strings_and_identifiers() {
        assert_eq!(
            sqls("INSERT INTO t VALUES ('a;b', 'it''s; fine');\nSELECT \"we;ird\" FROM `x;y`;"),
            [
                "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
                "SELECT \"we;ird\" FROM `x;y`"
            ]
        );
        assert_eq!(
            sqls("SELECT E'a\\'; b';SELECT 2;"),
            ["SELECT E'a\\'; b'", "SELECT 2"]
        );
        // A plain string ending in a backslash is not an escape.
        assert_eq!(
            sqls("SELECT 'C:\\';SELECT 2;"),
            ["SELECT 'C:\\'", "SELECT 2"]
        );
    }

    #[test]
    fn comments() {
        assert_eq!(
            sqls("-- a; b\nSELECT 1; -- trailing; comment\n/* x; /* nested; */ y; */ SELECT 2;"),
            ["SELECT 1", "SELECT 2"]
        );
        assert_eq!(
            sqls("SELECT 1 -- ; inside\n, 2;"),
            ["SELECT 1 -- ; inside\n, 2"]
        );
    }

    #[test]
    fn dollar_quotes_and_parameters() {
        let f = "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\nSELECT $1, a$b;\nDO $body$ BEGIN PERFORM 1; END $body$;";
        assert_eq!(
            sqls(f),
            [
                "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql",
                "SELECT $1, a$b",
                "DO $body$ BEGIN PERFORM 1; END $body$"
            ]
        );
    }

    #[test]
    fn sqlite_trigger_with_case() {
        let t = "CREATE TRIGGER trg AFTER UPDATE ON t\nBEGIN\n  UPDATE t SET x = CASE WHEN new.y > 0 THEN 1 ELSE 0 END;\n  INSERT INTO log VALUES (1);\nEND;\nSELECT 1;";
        let out = sqls(t);
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].ends_with("END"));
        assert_eq!(out[1], "SELECT 1");
        let temp = "CREATE TEMP TRIGGER IF NOT EXISTS t2 BEFORE DELETE ON t BEGIN SELECT 1; SELECT 2; END; SELECT 3;";
        assert_eq!(sqls(temp).len(), 2);
    }

    #[test]
    fn mysql_routines_and_events_without_delimiter_are_read_whole() {
        let p = "CREATE PROCEDURE add_user(IN n VARCHAR(50))\nBEGIN\n  DECLARE c INT;\n  SELECT count(*) INTO c FROM users;\n  IF c < 10 THEN\n    INSERT INTO users (name) VALUES (n);\n  END IF;\nEND;\nCALL add_user('a');";
        let s = split_statements(p, 1);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].sql.ends_with("END IF;\nEND"), "{}", s[0].sql);
        let f = "CREATE DEFINER=`root`@`%` FUNCTION twice(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  DECLARE y INT;\n  SET y = CASE WHEN x > 0 THEN x * 2 ELSE 0 END;\n  RETURN y;\nEND;\nSELECT 1;";
        assert_eq!(split_statements(f, 1).len(), 2);
        let e = "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; DELETE FROM u; END;\nSELECT 1;";
        assert_eq!(split_statements(e, 1).len(), 2);
        let r =
            "CREATE OR REPLACE DEFINER=CURRENT_USER PROCEDURE p() BEGIN SELECT 1; END;\nSELECT 2;";
        assert_eq!(split_statements(r, 1).len(), 2);
        // A routine without a block ends at its first `;`.
        let one = "CREATE FUNCTION one() RETURNS INT RETURN 1;\nSELECT 1;";
        assert_eq!(split_statements(one, 1).len(), 2);
        // PostgreSQL's SQL-standard body.
        let atomic = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nSELECT 3;";
        assert_eq!(split_statements(atomic, 1).len(), 2);
    }

    #[test]
    fn mysql_trigger_and_markers() {
        let t = "CREATE DEFINER=`root`@`%` TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END;\nSELECT 1;";
        assert_eq!(sqls(t).len(), 2);
        let t = "CREATE TRIGGER t2 BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW.a < 0 THEN SET NEW.a = 0; END IF; END;\nSELECT 1;";
        assert_eq!(sqls(t).len(), 2, "{:?}", sqls(t));
        let p = "-- +statement-begin\nCREATE PROCEDURE p() BEGIN SELECT 1; IF x THEN SELECT 2; END IF; END\n-- +statement-end\nSELECT 3;";
        let out = sqls(p);
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].starts_with("CREATE PROCEDURE") && out[0].ends_with("END"));
    }

    #[test]
    fn line_numbers() {
        let out = split_statements("\n-- c\nSELECT 1;\n\n  SELECT\n 'a\nb';\nSELECT 3;", 10);
        assert_eq!(out.iter().map(|s| s.line).collect::<Vec<_>>(), [12, 14, 17]);
    }

    proptest! {
        #[test]
        fn join_then_split_round_trips(parts in proptest::collection::vec(
            prop_oneof![
                "[a-z]{1,8}".prop_map(|w| format!("SELECT {w}")),
                "[a-z;]{0,8}".prop_map(|w| format!("INSERT INTO t VALUES ('{w}')")),
                "[a-z;]{0,8}".prop_map(|w| format!("SELECT \"{w}\" FROM x")),
                "[a-z;]{0,8}".prop_map(|w| format!("SELECT 1 /* {w} */ + 2")),
            ], 1..12)) {
            let joined = parts.join(";\n");
            prop_assert_eq!(sqls(&joined), parts);
        }

        /// No split inside a string, a quoted identifier, a comment (line or
        /// block) or a dollar-quoted body, whatever `;` they hold.
        #[test]
        fn never_splits_inside_quotes_comments_or_dollar_bodies(parts in proptest::collection::vec(
            prop_oneof![
                "[a-z; ]{0,10}".prop_map(|w| format!("SELECT '{w}'")),
                "[a-z; ]{0,10}".prop_map(|w| format!("SELECT 1 AS \"{w}\"")),
                "[a-z; ]{0,10}".prop_map(|w| format!("SELECT 2 -- {w}\n + 1")),
                "[a-z; ]{0,10}".prop_map(|w| format!("SELECT 3 /* {w} */")),
                "[a-z; ]{0,10}".prop_map(|w| format!("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; {w} $$ LANGUAGE sql")),
                "[a-z; ]{0,10}".prop_map(|w| format!("DO $body$ BEGIN PERFORM 1; {w} END $body$")),
            ], 1..10)) {
            let joined = parts.join(";\n");
            prop_assert_eq!(sqls(&joined), parts);
        }
    }
}

//! A statement as sqlparser's tokens, each with its byte range in the
//! statement's text, and the edits made to that text. Translation splices
//! replacements into the original text, so whatever it does not touch
//! (spacing, comments, string escapes, line breaks) stays byte for byte.

use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

/// The tokens of one statement.
pub struct Tokens<'s> {
    src: &'s str,
    /// Each token with its byte range.
    toks: Vec<(Token, usize, usize)>,
    /// Indices into `toks` of the tokens that are not whitespace or comments.
    sig: Vec<usize>,
}

impl<'s> Tokens<'s> {
    /// Tokenizes `src`; `None` when it does not tokenize (it is then left
    /// to the database, which names the line).
    pub fn new(src: &'s str, dialect: &dyn sqlparser::dialect::Dialect) -> Option<Tokens<'s>> {
        let spanned = Tokenizer::new(dialect, src).tokenize_with_location().ok()?;
        let mut toks = Vec::with_capacity(spanned.len());
        // Spans are (line, column in chars), end exclusive; walk the text once.
        let (mut byte, mut line, mut col) = (0usize, 1u64, 1u64);
        let mut chars = src.char_indices().peekable();
        for t in spanned {
            let start = byte;
            while (line, col) < (t.span.end.line, t.span.end.column) {
                let Some((_, c)) = chars.next() else { break };
                byte += c.len_utf8();
                if c == '\n' {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
            }
            toks.push((t.token, start, byte));
        }
        let sig = toks
            .iter()
            .enumerate()
            .filter(|(_, (t, _, _))| !matches!(t, Token::Whitespace(_)))
            .map(|(i, _)| i)
            .collect();
        Some(Tokens { src, toks, sig })
    }

    /// How many significant tokens there are.
    pub fn len(&self) -> usize {
        self.sig.len()
    }

    /// The `p`th significant token.
    pub fn tok(&self, p: usize) -> Option<&Token> {
        self.sig.get(p).map(|&i| &self.toks[i].0)
    }

    /// The `p`th significant token, upper-cased, when it is an unquoted word.
    pub fn word(&self, p: usize) -> Option<String> {
        match self.tok(p)? {
            Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
            _ => None,
        }
    }

    /// True when the `p`th token is the unquoted word `kw` (upper case).
    pub fn is_word(&self, p: usize, kw: &str) -> bool {
        self.word(p).as_deref() == Some(kw)
    }

    /// The `p`th token's identifier (quoted or not), as written inside its quotes.
    pub fn ident(&self, p: usize) -> Option<&str> {
        match self.tok(p)? {
            Token::Word(w) => Some(&w.value),
            Token::SingleQuotedString(s) => Some(s),
            _ => None,
        }
    }

    /// True when the `p`th token is `t`.
    pub fn is(&self, p: usize, t: &Token) -> bool {
        self.tok(p) == Some(t)
    }

    /// The position of the `)` closing the `(` at `p` (or the last token).
    pub fn close(&self, p: usize) -> usize {
        let mut depth = 0usize;
        for q in p..self.len() {
            match self.tok(q) {
                Some(Token::LParen) => depth += 1,
                Some(Token::RParen) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return q;
                    }
                }
                _ => {}
            }
        }
        self.len().saturating_sub(1)
    }

    /// The significant positions in `from..to` that start a comma-separated
    /// element at the depth of `from`, each with its end (exclusive).
    pub fn elements(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = from;
        let mut q = from;
        while q < to {
            match self.tok(q) {
                Some(Token::LParen) => q = self.close(q),
                Some(Token::Comma) => {
                    out.push((start, q));
                    start = q + 1;
                }
                _ => {}
            }
            q += 1;
        }
        if start < to {
            out.push((start, to));
        }
        out
    }

    /// Byte where the `p`th significant token starts.
    pub fn start(&self, p: usize) -> usize {
        self.sig.get(p).map_or(self.src.len(), |&i| self.toks[i].1)
    }

    /// Byte where the `p`th significant token ends.
    pub fn end(&self, p: usize) -> usize {
        self.sig.get(p).map_or(self.src.len(), |&i| self.toks[i].2)
    }

    /// The source text of significant tokens `a..=b`.
    pub fn text(&self, a: usize, b: usize) -> &'s str {
        &self.src[self.start(a)..self.end(b)]
    }

    /// Byte range of tokens `a..=b` with the whitespace before them, for a
    /// removal that leaves no double space.
    pub fn removal(&self, a: usize, b: usize) -> (usize, usize) {
        let mut start = self.start(a);
        if let Some(&i) = self.sig.get(a) {
            let mut j = i;
            while j > 0 && matches!(self.toks[j - 1].0, Token::Whitespace(Whitespace::Space)) {
                j -= 1;
                start = self.toks[j].1;
            }
        }
        (start, self.end(b))
    }
}

/// Replacements of byte ranges of one text, and what they leave out that
/// the target cannot hold (worded for a warning).
#[derive(Default)]
pub struct Edits(Vec<(usize, usize, String)>, Vec<String>);

impl Edits {
    /// Notes that an edit leaves out `what` (`` `STRICT` of table t ``).
    pub fn left_out(&mut self, what: String) {
        self.1.push(what);
    }

    /// What the edits leave out, in the order noted.
    pub fn take_left_out(&mut self) -> Vec<String> {
        std::mem::take(&mut self.1)
    }

    /// Replaces bytes `start..end`; an edit overlapping an earlier one is dropped.
    pub fn replace(&mut self, start: usize, end: usize, with: impl Into<String>) {
        if self.0.iter().any(|(s, e, _)| start < *e && *s < end) {
            return;
        }
        self.0.push((start, end, with.into()));
    }

    /// Inserts text at a byte.
    pub fn insert(&mut self, at: usize, text: impl Into<String>) {
        self.0.push((at, at, text.into()));
    }

    /// True when nothing is edited.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `src` with the edits made.
    pub fn apply(mut self, src: &str) -> String {
        self.0.sort_by_key(|(s, e, _)| (*s, *e));
        let mut out = String::with_capacity(src.len() + 32);
        let mut at = 0;
        for (s, e, with) in self.0 {
            if s < at {
                continue;
            }
            out.push_str(&src[at..s]);
            out.push_str(&with);
            at = e;
        }
        out.push_str(&src[at..]);
        out
    }
}

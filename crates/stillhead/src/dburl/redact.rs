//! Connection strings shown without their passwords (ARCHITECTURE.md, "The
//! library, module by module": `dburl` owns redaction).
//!
//! One rule for every form a user may write, whether or not a driver would
//! accept it, since the form that fails is the one an error message shows:
//!
//! - a URL, `scheme://user:password@host/…`, also without `//`
//!   (`postgres:user:pw@host`) or without a scheme (`user:pw@host/db`): the
//!   password is what sits between the user-info's first `:` and the **last**
//!   `@` before the query. Drivers read an unencoded `@`, `#`, `/` or `?` in
//!   a password differently (tokio-postgres takes the first `@`, URL parsers
//!   end the authority at `/`, `?` or `#`), so the widest reading is masked;
//! - the value of `password` and `sslpassword` (libpq reads both), in a URL's
//!   query or in a libpq key/value string (`host=h password='a b'`);
//! - any of these of four characters or more again wherever else it appears
//!   after the scheme, as written and percent-decoded.

use std::ops::Range;

/// The schemes `dburl` knows; one of them before a `:` without `//` is a
/// scheme, not a user name.
pub(super) const SCHEMES: [&str; 6] = [
    "sqlite",
    "sqlite3",
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
];

/// Where a connection string keeps its secrets.
struct Reading {
    /// The string as read: a URL without the tabs and line breaks URL parsers
    /// drop anywhere (`pass\rword=` is `password=` to them).
    text: String,
    /// Bytes never masked: the scheme and its `:` or `://`.
    keep: usize,
    /// The secrets' places in `text`, in order, not overlapping.
    spans: Vec<Range<usize>>,
}

impl Reading {
    fn of(raw: &str) -> Reading {
        if is_key_value(raw) {
            let spans = key_value_spans(raw);
            return Reading {
                text: raw.to_string(),
                keep: 0,
                spans,
            };
        }
        let text: String = raw
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        let (keep, spans) = url_spans(&text);
        Reading { text, keep, spans }
    }

    /// The secrets as written, then as a URL parser reads them (its own
    /// reading of the user-info, percent-decoded), then unquoted.
    fn secrets(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |s: &str| {
            if !s.is_empty() && !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        };
        let parsed = url::Url::parse(&self.text).ok();
        let whatwg = parsed.as_ref().and_then(|u| u.password());
        let written = self.spans.iter().map(|r| &self.text[r.clone()]);
        for secret in written.chain(whatwg) {
            add(secret);
            add(&urldecode(secret));
            let unquoted = secret
                .strip_prefix('\'')
                .map(|s| s.strip_suffix('\'').unwrap_or(s));
            if let Some(unquoted) = unquoted {
                add(&unquoted.replace("\\'", "'").replace("\\\\", "\\"));
            }
        }
        out
    }
}

/// Replaces the passwords of a connection string with `***` (the rule is
/// this module's): a URL's, its `password=` / `sslpassword=` query
/// parameters, a libpq key/value string's, and a password of four characters
/// or more wherever else it appears after the scheme.
///
/// Works on any string, parseable or not, so that even a malformed URL in an
/// error message keeps its secret.
pub fn redact(raw: &str) -> String {
    let reading = Reading::of(raw);
    let text = &reading.text;
    // Every place to mask, its own and the secrets' repeats, merged: a
    // repeat may overlap the user-info (a decoded `p@ss` across its `@`).
    let mut places = reading.spans.clone();
    for secret in reading.secrets() {
        if secret.chars().count() < 4 || secret == "***" {
            continue;
        }
        let from = reading.keep.min(text.len());
        let found = text[from..].match_indices(secret.as_str());
        places.extend(found.map(|(at, s)| from + at..from + at + s.len()));
    }
    places.sort_by_key(|r| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for place in places {
        if place.start >= at {
            out.push_str(&text[at..place.start]);
            out.push_str("***");
        }
        at = at.max(place.end);
    }
    out.push_str(&text[at..]);
    out
}

/// Every password a connection string holds, by each reading of it, as
/// written, percent-decoded and unquoted: what a driver's message may echo.
pub fn secrets(raw: &str) -> Vec<String> {
    Reading::of(raw).secrets()
}

/// Free text (a parser's message) with every connection string in it
/// redacted: each word holding a `:`, `@` or `=`, and a `password = value`
/// written with spaces.
pub fn redact_text(text: &str) -> String {
    let text = mask_spaced_passwords(text);
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '"' | '\'' | '`') {
            out.push_str(&redact_word(&word));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&redact_word(&word));
    out
}

fn redact_word(word: &str) -> String {
    if word.contains([':', '@', '=']) {
        redact(word)
    } else {
        word.to_string()
    }
}

/// `password = value` (spaces around `=`, as libpq allows) with the value
/// masked; [`redact_text`] sees the words one by one.
fn mask_spaced_passwords(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = lower[at..].find("password") {
        let key_end = at + found + "password".len();
        let after = &text[key_end..];
        let gap = after.len() - after.trim_start().len();
        let Some(value) = after.trim_start().strip_prefix('=') else {
            out.push_str(&text[at..key_end]);
            at = key_end;
            continue;
        };
        let pad = value.len() - value.trim_start().len();
        let value_start = key_end + gap + 1 + pad;
        let value_end = value_start + value_len(&text[value_start..]);
        out.push_str(&text[at..value_start]);
        if value_end > value_start {
            out.push_str("***");
        }
        at = value_end;
    }
    out.push_str(&text[at..]);
    out
}

/// The length of a libpq value at the start of `s`: a single-quoted string
/// (backslash escapes, to the end if never closed) or a run without spaces.
fn value_len(s: &str) -> usize {
    let b = s.as_bytes();
    let quoted = b.first() == Some(&b'\'');
    let mut i = usize::from(quoted);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'\'' if quoted => return i + 1,
            c if !quoted && c.is_ascii_whitespace() => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// A libpq key/value string (`host=h dbname=d`), not a URL: it starts with
/// a key and `=`, with no `:` before.
pub(super) fn is_key_value(raw: &str) -> bool {
    let t = raw.trim_start();
    let key_len = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(t.len());
    key_len > 0
        && t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && t[key_len..].trim_start().starts_with('=')
}

/// The values of a key/value string's password keys, and the secrets of any
/// URL given as another key's value.
fn key_value_spans(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    let skip_space = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    loop {
        i = skip_space(i);
        let key_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' {
            i += 1;
        }
        let key = &s[key_start..i];
        i = skip_space(i);
        if i >= b.len() || b[i] != b'=' {
            return spans;
        }
        i = skip_space(i + 1);
        let value = i..i + value_len(&s[i..]);
        i = value.end;
        if is_password_key(key) {
            spans.push(value);
        } else {
            let (_, inner) = url_spans(&s[value.clone()]);
            spans.extend(
                inner
                    .into_iter()
                    .map(|r| r.start + value.start..r.end + value.start),
            );
        }
    }
}

fn is_password_key(key: &str) -> bool {
    key.eq_ignore_ascii_case("password") || key.eq_ignore_ascii_case("sslpassword")
}

/// A URL's secrets (the user-info's password, query passwords) and how many
/// bytes of scheme come before them.
fn url_spans(s: &str) -> (usize, Vec<Range<usize>>) {
    let colon = s.find(':');
    let scheme = colon.map(|c| &s[..c]).filter(|sc| is_scheme(sc));
    // With `//`, the user-info follows it. Without, a known scheme is kept
    // and the rest read as `user:password@host` from the start, so that
    // `postgres:pw@host` (a user called postgres) and `u:pw@host` (no
    // scheme at all) both lose their password; a SQLite path has no
    // user-info and may hold an `@`.
    let (keep, base) = match (colon, scheme) {
        (Some(c), Some(_)) if s[c..].starts_with("://") => (c + 3, Some(c + 3)),
        (Some(c), Some(sc)) if SCHEMES.contains(&sc.to_ascii_lowercase().as_str()) => {
            let sqlite = sc.to_ascii_lowercase().starts_with("sqlite");
            (c + 1, (!sqlite).then_some(0))
        }
        _ => (0, Some(0)),
    };
    let mut spans = Vec::new();
    let mut query_from = keep;
    if let Some(base) = base {
        let tail = &s[base..];
        let end = query_start(tail);
        if let Some(at) = tail[..end].rfind('@') {
            if let Some(c) = tail[..at].find(':') {
                spans.push(base + c + 1..base + at);
            }
            query_from = query_from.max(base + at + 1);
        }
    }
    if let Some(q) = s[query_from..].find('?') {
        let start = query_from + q + 1;
        let end = s[start..].find('#').map_or(s.len(), |f| start + f);
        let mut pos = start;
        for pair in s[start..end].split('&') {
            if let Some((key, _)) = pair.split_once('=') {
                if is_password_key(key) {
                    spans.push(pos + key.len() + 1..pos + pair.len());
                }
            }
            pos += pair.len() + 1;
        }
    }
    (keep, spans)
}

/// Where a query begins: the first `?` followed by `key=`, so that a `?`
/// inside a password does not end the user-info.
pub(super) fn query_start(tail: &str) -> usize {
    let mut from = 0;
    while let Some(q) = tail[from..].find('?') {
        let at = from + q;
        let after = &tail[at + 1..];
        let key_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '%')))
            .unwrap_or(after.len());
        if key_len > 0 && after[key_len..].starts_with('=') {
            return at;
        }
        from = at + 1;
    }
    tail.len()
}

/// `[A-Za-z][A-Za-z0-9+.-]*`, a scheme as URL parsers read one.
pub(super) fn is_scheme(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// `%XX` escapes decoded, lossily: a masked form never needs to be exact.
fn urldecode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_at_ends_the_password_whatever_it_holds() {
        // An unencoded `#`, `/` or `?` in the password: URL parsers end the
        // authority there, tokio-postgres reads on to the `@`.
        for pw in ["s3cret#PW", "s3cret/PW", "s3cret?PW", "s3c@ret?x/y#z"] {
            let url = format!("postgres://u:{pw}@127.0.0.1:5432/db?sslmode=disable");
            assert_eq!(
                redact(&url),
                "postgres://u:***@127.0.0.1:5432/db?sslmode=disable"
            );
        }
        // A `?` that starts a query is not part of the user-info.
        assert_eq!(
            redact("postgres://u:pw@h/db?application_name=me@x"),
            "postgres://u:***@h/db?application_name=me@x"
        );
    }

    #[test]
    fn without_a_scheme_or_without_slashes() {
        assert_eq!(redact("u:s3cret@host/db"), "u:***@host/db");
        assert_eq!(redact("postgres:s3cret@host/db"), "postgres:***@host/db");
        assert_eq!(redact("mysql:u:s3cret@host/db"), "mysql:***@host/db");
        // A SQLite file may hold an `@`.
        assert_eq!(redact("sqlite:data@2.db"), "sqlite:data@2.db");
        assert_eq!(redact("shop.db"), "shop.db");
    }

    #[test]
    fn key_value_strings() {
        assert_eq!(
            redact("host=127.0.0.1 password=s3cret dbname=test"),
            "host=127.0.0.1 password=*** dbname=test"
        );
        assert_eq!(
            redact("host=h  password = 's3 cr\\'et' sslpassword=k3y0"),
            "host=h  password = *** sslpassword=***"
        );
        // Never closed: masked to the end.
        assert_eq!(redact("password='s3cret user=x"), "password=***");
        // A URL as another key's value (a .env line, say).
        assert_eq!(
            redact("DATABASE_URL=postgres://u:s3cret@h/db"),
            "DATABASE_URL=postgres://u:***@h/db"
        );
        assert!(secrets("password='s3 cr\\'et'").contains(&"s3 cr'et".to_string()));
    }

    #[test]
    fn free_text() {
        let said = "invalid type: string \"postgres://u:s3cret@h/db\", expected u32; \
                    tried host=h password = s3cret2 and u:s3cret3@h";
        let shown = redact_text(said);
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("expected u32"), "{shown}");
        assert_eq!(redact_text("line 3, column 7: 5m"), "line 3, column 7: 5m");
    }
}

//! Portable SQL to one database's SQL, by a [`Translation`]: identity
//! columns, type names, quoting, current-time defaults, MySQL attributes
//! and table options, PostgreSQL casts and `public.` names. Works on
//! tokens and splices replacements into the text, so a statement the
//! database already reads comes out unchanged.

use std::collections::BTreeSet;

use sqlparser::tokenizer::Token;

use super::tokens::{Edits, Tokens};
use crate::dialect::translation::{Identity, Translation};

/// Columns that are part of a key or an index anywhere in the schema, as
/// (table, column), lower case: MariaDB needs a length for those.
pub type Keyed = BTreeSet<(String, String)>;

/// Words that end a column's type and start its constraints.
const COLUMN_STOP: &[&str] = &[
    "NOT",
    "NULL",
    "DEFAULT",
    "PRIMARY",
    "UNIQUE",
    "REFERENCES",
    "CHECK",
    "CONSTRAINT",
    "GENERATED",
    "AUTO_INCREMENT",
    "AUTOINCREMENT",
    "COLLATE",
    "COMMENT",
    "ON",
    "AS",
    "IDENTITY",
    "KEY",
    "CHARSET",
    "UNSIGNED",
    "SIGNED",
    "ZEROFILL",
    "INVISIBLE",
];

/// Words that start a table constraint rather than a column.
const CONSTRAINT_START: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "FOREIGN",
    "CHECK",
    "KEY",
    "INDEX",
    "FULLTEXT",
    "SPATIAL",
    "EXCLUDE",
    "LIKE",
    "PERIOD",
];

/// MySQL's table options (`ENGINE=InnoDB` and the like).
const MYSQL_TABLE_OPTIONS: &[&str] = &[
    "ENGINE",
    "CHARSET",
    "CHARACTER",
    "COLLATE",
    "AUTO_INCREMENT",
    "COMMENT",
    "ROW_FORMAT",
    "KEY_BLOCK_SIZE",
    "STATS_PERSISTENT",
    "STATS_AUTO_RECALC",
    "STATS_SAMPLE_PAGES",
    "PACK_KEYS",
    "CHECKSUM",
    "DELAY_KEY_WRITE",
    "MAX_ROWS",
    "MIN_ROWS",
    "AVG_ROW_LENGTH",
    "PAGE_CHECKSUM",
    "TRANSACTIONAL",
];

/// The columns in keys and indexes of `statements`.
pub fn keyed_columns<'a>(
    statements: impl IntoIterator<Item = &'a str>,
    tokenizer: &dyn sqlparser::dialect::Dialect,
) -> Keyed {
    let mut keyed = Keyed::new();
    for sql in statements {
        let Some(t) = Tokens::new(sql, tokenizer) else {
            continue;
        };
        if let Some((table, open)) = create_table(&t) {
            for (a, b) in t.elements(open + 1, t.close(open)) {
                element_keys(&t, a, b, &table, &mut keyed);
            }
        } else if let Some((table, open)) = create_index(&t) {
            if t.is_word(1, "FULLTEXT") || t.is_word(1, "SPATIAL") {
                continue;
            }
            for (a, _) in t.elements(open + 1, t.close(open)) {
                if let Some(c) = t.ident(a).filter(|_| !t.is(a + 1, &Token::LParen)) {
                    keyed.insert((table.clone(), c.to_ascii_lowercase()));
                }
            }
        } else if let Some((table, from)) = alter_table(&t) {
            for (a, b) in t.elements(from, t.len()) {
                if t.is_word(a, "ADD") {
                    element_keys(&t, a + 1, b, &table, &mut keyed);
                }
            }
        }
    }
    keyed
}

/// The keyed columns one element of a table (a column or a constraint) names.
fn element_keys(t: &Tokens, a: usize, b: usize, table: &str, keyed: &mut Keyed) {
    let mut add = |table: &str, col: &str| {
        keyed.insert((table.to_ascii_lowercase(), col.to_ascii_lowercase()));
    };
    let first = t.word(a).unwrap_or_default();
    if CONSTRAINT_START.contains(&first.as_str()) {
        // Every parenthesised list in a key constraint names columns; a
        // REFERENCES list names the referenced table's.
        let keyish = (a..b).any(|p| {
            ["PRIMARY", "UNIQUE", "FOREIGN", "KEY", "INDEX"]
                .contains(&t.word(p).unwrap_or_default().as_str())
        });
        // A FULLTEXT or SPATIAL key takes TEXT as it is.
        if !keyish || ["FULLTEXT", "SPATIAL"].contains(&first.as_str()) {
            return;
        }
        let mut owner = table.to_string();
        let mut p = a;
        while p < b {
            if t.is_word(p, "REFERENCES") {
                owner = last_ident(t, p + 1).unwrap_or_default();
            }
            if t.is(p, &Token::LParen) {
                let close = t.close(p);
                for (x, _) in t.elements(p + 1, close) {
                    // `c(191)`: a prefix length already makes TEXT keyable.
                    if let Some(c) = t.ident(x).filter(|_| !t.is(x + 1, &Token::LParen)) {
                        add(&owner, c);
                    }
                }
                p = close;
            }
            p += 1;
        }
        return;
    }
    let Some(column) = t.ident(a) else { return };
    let mut p = a + 1;
    while p < b {
        match t.word(p).as_deref() {
            Some("PRIMARY") | Some("UNIQUE") | Some("KEY") => add(table, column),
            Some("REFERENCES") => {
                add(table, column);
                let owner = last_ident(t, p + 1).unwrap_or_default();
                if let Some(open) = (p + 1..b).find(|&q| t.is(q, &Token::LParen)) {
                    if let Some(c) = t.ident(open + 1) {
                        add(&owner, c);
                    }
                }
            }
            _ => {}
        }
        if t.is(p, &Token::LParen) {
            p = t.close(p);
        }
        p += 1;
    }
}

/// The last part of the (possibly qualified) name starting at `p`, lower case.
fn last_ident(t: &Tokens, mut p: usize) -> Option<String> {
    let mut name = t.ident(p)?.to_string();
    while t.is(p + 1, &Token::Period) {
        p += 2;
        name = t.ident(p)?.to_string();
    }
    Some(name.to_ascii_lowercase())
}

/// Position after a (possibly qualified) name starting at `p`.
fn after_name(t: &Tokens, mut p: usize) -> usize {
    p += 1;
    while t.is(p, &Token::Period) {
        p += 2;
    }
    p
}

/// `CREATE [TEMP] TABLE [IF NOT EXISTS] name (`: the table and the `(`'s position.
fn create_table(t: &Tokens) -> Option<(String, usize)> {
    if !t.is_word(0, "CREATE") {
        return None;
    }
    let mut p = 1;
    while matches!(
        t.word(p).as_deref(),
        Some("TEMP" | "TEMPORARY" | "UNLOGGED" | "GLOBAL" | "LOCAL" | "OR" | "REPLACE")
    ) {
        p += 1;
    }
    if !t.is_word(p, "TABLE") {
        return None;
    }
    p += 1;
    if t.is_word(p, "IF") {
        p += 3;
    }
    let name = last_ident(t, p)?;
    let open = after_name(t, p);
    t.is(open, &Token::LParen).then_some((name, open))
}

/// `CREATE [UNIQUE] INDEX … ON table [USING m] (`: the table and the `(`'s position.
fn create_index(t: &Tokens) -> Option<(String, usize)> {
    if !t.is_word(0, "CREATE") {
        return None;
    }
    let index = (1..4).find(|&p| t.is_word(p, "INDEX"))?;
    let on = (index + 1..t.len()).find(|&p| t.is_word(p, "ON"))?;
    let mut p = on + 1;
    if t.is_word(p, "ONLY") {
        p += 1;
    }
    let name = last_ident(t, p)?;
    let open = (after_name(t, p)..t.len()).find(|&q| t.is(q, &Token::LParen))?;
    Some((name, open))
}

/// `ALTER TABLE [ONLY] [IF EXISTS] name …`: the table and where its actions start.
fn alter_table(t: &Tokens) -> Option<(String, usize)> {
    if !(t.is_word(0, "ALTER") && t.is_word(1, "TABLE")) {
        return None;
    }
    let mut p = 2;
    if t.is_word(p, "ONLY") {
        p += 1;
    }
    if t.is_word(p, "IF") {
        p += 2;
    }
    let name = last_ident(t, p)?;
    Some((name, after_name(t, p)))
}

/// One statement in the target's SQL; what the target cannot hold and is
/// left out (a MariaDB collation on SQLite, `STRICT` on MariaDB) is pushed
/// to `dropped`, worded for a warning.
pub fn translate(
    sql: &str,
    tr: &Translation,
    keyed: &Keyed,
    tokenizer: &dyn sqlparser::dialect::Dialect,
    dropped: &mut Vec<String>,
) -> String {
    if !may_change(sql, tr) || (tr.code_verbatim && creates_code(sql)) {
        return sql.to_string();
    }
    let Some(t) = Tokens::new(sql, tokenizer) else {
        return sql.to_string();
    };
    let mut edits = Edits::default();
    if let Some((table, open)) = create_table(&t) {
        let close = t.close(open);
        for (a, b) in t.elements(open + 1, close) {
            let first = t.word(a).unwrap_or_default();
            if !CONSTRAINT_START.contains(&first.as_str()) {
                column(&t, a, b, &table, tr, keyed, &mut edits);
            }
        }
        table_options(&t, close + 1, &table, tr, &mut edits);
    } else if let Some((table, from)) = alter_table(&t) {
        for (a, b) in t.elements(from, t.len()) {
            if t.is_word(a, "ADD") {
                let mut c = a + 1;
                if t.is_word(c, "COLUMN") {
                    c += 1;
                }
                if t.is_word(c, "IF") {
                    c += 3;
                }
                let first = t.word(c).unwrap_or_default();
                if !CONSTRAINT_START.contains(&first.as_str()) {
                    column(&t, c, b, &table, tr, keyed, &mut edits);
                }
            }
        }
    } else if tr.identity == Identity::Standard
        && t.is_word(0, "CREATE")
        && t.is_word(1, "SCHEMA")
        && !t.is_word(2, "IF")
    {
        // pg_dump creates the schema it dumps, which a scratch database
        // already has when it is the configured `[database] schema`.
        edits.insert(t.start(2), "IF NOT EXISTS ");
    }
    everywhere(&t, tr, &mut edits);
    dropped.extend(edits.take_left_out());
    if edits.is_empty() {
        sql.to_string()
    } else {
        edits.apply(sql)
    }
}

/// Whether `sql` creates a routine, trigger or event: `CREATE [OR REPLACE]
/// [DEFINER = …] [AGGREGATE] FUNCTION | PROCEDURE | TRIGGER | EVENT`.
fn creates_code(sql: &str) -> bool {
    let words: Vec<String> = sql
        .split_whitespace()
        .take(6)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    words.first().is_some_and(|w| w == "CREATE")
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "FUNCTION" | "PROCEDURE" | "TRIGGER" | "EVENT"))
}

/// Whether any rule of `tr` can apply to `sql`: a text search that spares
/// tokenizing the statements a database reads as they are (most of a
/// schema). Each rule's trigger word is here; a rule added below adds its
/// word.
fn may_change(sql: &str, tr: &Translation) -> bool {
    let upper = sql.to_ascii_uppercase();
    let has = |w: &str| upper.contains(w);
    let quote = match tr.ident_quote {
        Some('"') => has("`"),
        Some(_) => has("\""),
        None => false,
    };
    quote
        || ["IDENTITY", "AUTO_INCREMENT", "AUTOINCREMENT", "SERIAL"]
            .iter()
            .any(|w| has(w))
        || tr
            .types
            .iter()
            .any(|(from, _)| has(from.split(' ').next().unwrap_or(from)))
        || (tr.now.is_some() && has("NOW"))
        || (!tr.mysql_attributes
            && ["CURRENT_TIMESTAMP", "UPDATE"]
                .iter()
                .chain(MYSQL_TABLE_OPTIONS)
                .any(|w| has(w)))
        || (!tr.unsigned && ["SIGNED", "ZEROFILL"].iter().any(|w| has(w)))
        || (!tr.postgres_syntax && (has("::") || has("PUBLIC")))
        || (!tr.sqlite_table_options && (has("WITHOUT") || has("STRICT")))
        || (tr.keyed_text.is_some() && (has("TEXT") || has("CLOB")))
        || (tr.bare_varchar.is_some() && (has("VARCHAR") || has("VARYING")))
        || (tr.explicit_null_timestamps && has("TIMESTAMP"))
        || (tr.backslash_escapes && has("\\"))
        || (tr.identity == Identity::Standard && has("SCHEMA"))
}

/// What a column definition at `a..b` needs: its type, identity clause and attributes.
fn column(
    t: &Tokens,
    a: usize,
    b: usize,
    table: &str,
    tr: &Translation,
    keyed: &Keyed,
    edits: &mut Edits,
) {
    let Some(name) = t.ident(a) else { return };
    let drop = |edits: &mut Edits, what: &str| {
        edits.left_out(format!("`{what}` of column {table}.{name}"))
    };
    // The type: words (with a parenthesised argument list) up to the first constraint word.
    let mut p = a + 1;
    let mut words = Vec::new();
    let mut args: Option<(usize, usize)> = None;
    while p < b {
        match t.tok(p) {
            Some(Token::Word(w)) => {
                let upper = w.value.to_ascii_uppercase();
                let charset = upper == "CHARACTER" && t.is_word(p + 1, "SET");
                if w.quote_style.is_none() && (COLUMN_STOP.contains(&upper.as_str()) || charset) {
                    break;
                }
                if w.quote_style.is_some() && !words.is_empty() {
                    break;
                }
                words.push(upper);
            }
            Some(Token::LParen) if !words.is_empty() && args.is_none() => {
                let close = t.close(p);
                args = Some((p, close));
                p = close;
            }
            Some(Token::Period | Token::LBracket | Token::RBracket) if !words.is_empty() => {}
            _ => break,
        }
        p += 1;
    }
    let type_end = p; // exclusive
    if words.is_empty() {
        return;
    }
    let base = words.join(" ");
    let mut not_null = false;
    let mut explicit_null = false;
    let mut inline_key = false;
    // Generated (`AS (expr)`, MariaDB's `AS ROW START`): takes no `NULL`.
    let mut generated = false;
    let mut identity: Option<(usize, usize, &str)> = None; // span and spelling
    while p < b {
        let w = t.word(p).unwrap_or_default();
        match w.as_str() {
            "NOT" if t.is_word(p + 1, "NULL") => {
                not_null = true;
                p += 1;
            }
            "NULL" => explicit_null = true,
            "PRIMARY" | "UNIQUE" | "REFERENCES" => inline_key = true,
            "GENERATED" => {
                if let Some(id) = (p + 1..(p + 5).min(b)).find(|&q| t.is_word(q, "IDENTITY")) {
                    let end = if t.is(id + 1, &Token::LParen) {
                        t.close(id + 1)
                    } else {
                        id
                    };
                    identity = Some((p, end, "GENERATED"));
                    p = end;
                } else {
                    generated = true;
                }
            }
            "AUTO_INCREMENT" => identity = Some((p, p, "AUTO_INCREMENT")),
            "AUTOINCREMENT" => identity = Some((p, p, "AUTOINCREMENT")),
            "UNSIGNED" | "SIGNED" | "ZEROFILL" if !tr.unsigned => {
                drop(edits, t.text(p, p));
                let (s, e) = t.removal(p, p);
                edits.replace(s, e, "");
            }
            // `CHARACTER SET x`, not the `::character varying` of a cast.
            "CHARACTER" | "CHARSET" | "COLLATE"
                if !tr.mysql_attributes && (w != "CHARACTER" || t.is_word(p + 1, "SET")) =>
            {
                let value = if w == "CHARACTER" { p + 2 } else { p + 1 };
                let mysql_collation =
                    w != "COLLATE" || t.word(value).is_some_and(|v| mysql_charset(&v));
                if mysql_collation {
                    drop(edits, t.text(p, value));
                    let (s, e) = t.removal(p, value);
                    edits.replace(s, e, "");
                    p = value;
                }
            }
            "ON" if !tr.mysql_attributes
                && t.is_word(p + 1, "UPDATE")
                && current_time_at(t, p + 2) =>
            {
                let end = if t.is(p + 3, &Token::LParen) {
                    t.close(p + 3)
                } else {
                    p + 2
                };
                drop(edits, t.text(p, end));
                let (s, e) = t.removal(p, end);
                edits.replace(s, e, "");
                p = end;
            }
            "COMMENT" if !tr.mysql_attributes => {
                let (s, e) = t.removal(p, p + 1);
                edits.replace(s, e, "");
                p += 1;
            }
            _ => {}
        }
        if t.is(p, &Token::LParen) {
            p = t.close(p);
        }
        p += 1;
    }
    let serial = match base.as_str() {
        "SERIAL" | "SERIAL4" => Some("INTEGER"),
        "BIGSERIAL" | "SERIAL8" => Some("BIGINT"),
        "SMALLSERIAL" | "SERIAL2" => Some("SMALLINT"),
        _ => None,
    };
    let serial = serial.filter(|_| tr.identity != Identity::Standard);
    let is_identity = identity.is_some() || serial.is_some();
    let is_keyed =
        inline_key || keyed.contains(&(table.to_ascii_lowercase(), name.to_ascii_lowercase()));
    let mut new_type: Option<String> = serial.map(str::to_string);
    if new_type.is_none() {
        new_type = tr
            .types
            .iter()
            .find(|(from, _)| *from == base)
            .map(|(_, to)| to.to_string());
    }
    let unbounded_text = matches!(base.as_str(), "TEXT" | "CLOB")
        || (matches!(base.as_str(), "VARCHAR" | "CHARACTER VARYING") && args.is_none());
    if unbounded_text && is_keyed {
        if let Some(k) = tr.keyed_text {
            new_type = Some(k.to_string());
        }
    } else if matches!(base.as_str(), "VARCHAR" | "CHARACTER VARYING") && args.is_none() {
        if let Some(v) = tr.bare_varchar {
            new_type = Some(v.to_string());
        }
    }
    if tr.identity == Identity::RowidAlias && is_identity && base.contains("INT") {
        new_type = Some("INTEGER".to_string());
    }
    let final_base = new_type.clone().unwrap_or_else(|| base.clone());
    if let Some(ty) = new_type {
        let with_args = match args {
            Some((s, e)) if !ty.contains('(') && !ty.contains("INTEGER") => {
                let text = t.text(s, e);
                // Arguments follow the first word: TIMESTAMP(3) WITH TIME ZONE → TIMESTAMP(3).
                match ty.split_once(' ') {
                    Some((head, tail)) => format!("{head}{text} {tail}"),
                    None => format!("{ty}{text}"),
                }
            }
            _ => ty,
        };
        edits.replace(t.start(a + 1), t.end(type_end - 1), with_args);
    }
    let type_end_byte = t.end(type_end - 1);
    match (tr.identity, identity) {
        (Identity::Standard, Some((s, e, "AUTO_INCREMENT" | "AUTOINCREMENT"))) => {
            edits.replace(t.start(s), t.end(e), "GENERATED BY DEFAULT AS IDENTITY")
        }
        (Identity::AutoIncrement, Some((s, e, "GENERATED" | "AUTOINCREMENT"))) => {
            edits.replace(t.start(s), t.end(e), "AUTO_INCREMENT")
        }
        (Identity::RowidAlias, Some((s, e, "GENERATED" | "AUTO_INCREMENT"))) => {
            let (s, e) = t.removal(s, e);
            edits.replace(s, e, "");
        }
        _ => {}
    }
    if serial.is_some() && tr.identity == Identity::AutoIncrement {
        let not_null = if not_null { "" } else { " NOT NULL" };
        edits.insert(type_end_byte, format!("{not_null} AUTO_INCREMENT"));
    }
    let timestamp = final_base == "TIMESTAMP" || final_base.starts_with("TIMESTAMP(");
    if tr.explicit_null_timestamps
        && timestamp
        && !not_null
        && !explicit_null
        && !inline_key
        && !generated
    {
        edits.insert(type_end_byte, " NULL");
    }
}

/// A MySQL collation's name (`utf8mb4_general_ci`, `latin1_swedish_ci`):
/// it starts with a MySQL character set. Other collations (PostgreSQL's
/// `"C"`, SQLite's `NOCASE`) are the target's own.
fn mysql_charset(collation: &str) -> bool {
    const CHARSETS: &[&str] = &[
        "UTF8", "LATIN", "ASCII", "UCS2", "UTF16", "UTF32", "CP", "BIG5", "GBK", "GB2312", "SJIS",
        "EUC", "KOI8", "GREEK", "HEBREW", "ARMSCII", "TIS620", "UJIS", "BINARY",
    ];
    collation.contains('_') && CHARSETS.iter().any(|c| collation.starts_with(c))
}

/// `CURRENT_TIMESTAMP`, `now()` or `LOCALTIMESTAMP` at `p`.
fn current_time_at(t: &Tokens, p: usize) -> bool {
    matches!(
        t.word(p).as_deref(),
        Some("CURRENT_TIMESTAMP" | "NOW" | "LOCALTIMESTAMP")
    )
}

/// Table options after a `CREATE TABLE`'s `)`, from `p` on.
fn table_options(t: &Tokens, p: usize, table: &str, tr: &Translation, edits: &mut Edits) {
    let mut q = p;
    let mut last_option = None;
    let drop = |edits: &mut Edits, a: usize, b: usize| {
        let text = t
            .text(a, b)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // InnoDB is what every other database's table is like: nothing is lost.
        if !text.replace(' ', "").eq_ignore_ascii_case("ENGINE=InnoDB") {
            edits.left_out(format!("`{text}` of table {table}"));
        }
    };
    while q < t.len() {
        let w = t.word(q).unwrap_or_default();
        if !tr.mysql_attributes && (MYSQL_TABLE_OPTIONS.contains(&w.as_str()) || w == "DEFAULT") {
            let mut v = q;
            if w == "DEFAULT" {
                v += 1;
            }
            if t.is_word(v, "CHARACTER") {
                v += 1;
            }
            v += 1; // the option's name
            if t.is(v, &Token::Eq) {
                v += 1;
            }
            drop(edits, q, v);
            last_option = Some(v);
            q = v + 1;
            if t.is(q, &Token::Comma) {
                q += 1;
            }
            continue;
        }
        if !tr.sqlite_table_options && (w == "WITHOUT" || w == "STRICT") {
            let end = if w == "WITHOUT" { q + 1 } else { q };
            drop(edits, q, end);
            last_option = Some(end);
            q = end + 1;
            if t.is(q, &Token::Comma) {
                q += 1;
            }
            continue;
        }
        break;
    }
    if let Some(end) = last_option {
        let (s, e) = t.removal(p, end.min(t.len() - 1));
        edits.replace(s, e, "");
    }
}

/// Token rules that hold anywhere in a statement: identifier quotes,
/// `now()`, `current_timestamp()`, casts, `public.`, string escapes.
fn everywhere(t: &Tokens, tr: &Translation, edits: &mut Edits) {
    for p in 0..t.len() {
        match t.tok(p) {
            Some(Token::Word(w)) => {
                if let (Some(q), Some(style)) = (tr.ident_quote, w.quote_style) {
                    if style != q && matches!(style, '"' | '`') {
                        let inner = w.value.replace(q, &format!("{q}{q}"));
                        edits.replace(t.start(p), t.end(p), format!("{q}{inner}{q}"));
                    }
                }
                let upper = w.value.to_ascii_uppercase();
                let empty_call = t.is(p + 1, &Token::LParen) && t.is(p + 2, &Token::RParen);
                if w.quote_style.is_none() && upper == "NOW" && empty_call {
                    if let Some(now) = tr.now {
                        edits.replace(t.start(p), t.end(p + 2), now);
                    }
                }
                if w.quote_style.is_none()
                    && upper == "CURRENT_TIMESTAMP"
                    && empty_call
                    && !tr.mysql_attributes
                {
                    edits.replace(t.start(p), t.end(p + 2), "CURRENT_TIMESTAMP");
                }
                if !tr.postgres_syntax
                    && w.value.eq_ignore_ascii_case("public")
                    && t.is(p + 1, &Token::Period)
                    && !t.is(p.wrapping_sub(1), &Token::Period)
                {
                    edits.replace(t.start(p), t.end(p + 1), "");
                }
            }
            Some(Token::DoubleColon) if !tr.postgres_syntax => {
                // `::type`, `::character varying(20)`, `::text[]`, `::regclass`
                let mut q = p + 1;
                while let Some(tok) = t.tok(q) {
                    let more = matches!(
                        t.word(q).as_deref(),
                        Some("VARYING" | "PRECISION" | "WITH" | "WITHOUT" | "TIME" | "ZONE")
                    );
                    match tok {
                        Token::Word(_) if q == p + 1 || more || t.is(q - 1, &Token::Period) => {}
                        Token::Period | Token::LBracket | Token::RBracket if q > p + 1 => {}
                        Token::LParen if q > p + 1 => q = t.close(q),
                        _ => break,
                    }
                    q += 1;
                }
                if q > p + 1 {
                    edits.replace(t.start(p), t.end(q - 1), "");
                }
            }
            Some(Token::SingleQuotedString(s)) if tr.backslash_escapes && s.contains('\\') => {
                let escaped = s.replace('\\', "\\\\").replace('\'', "''");
                edits.replace(t.start(p), t.end(p), format!("'{escaped}'"));
            }
            _ => {}
        }
    }
}

//! Changes rendered as PostgreSQL SQL: transactional DDL that alters tables
//! in place (no rebuilds), constraints dropped by their catalog names.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::attrs::Storage;
use super::{attrs, names, objects, privileges, types, SQL};
use crate::autogen::{sql as fragments, Change, ModifyTable};
use crate::dialect::sql::{text, SqlText};
use crate::schema::attrs::{Attrs, ConstraintAttr};
use crate::schema::{
    signature, split_qualified, type_sql, Check, Column, EnumType, ForeignKey, Index, Name,
    Routine, Sequence, Table, Trigger, Unique, View,
};

/// A string literal, or `NULL`.
fn lit(value: Option<&str>) -> String {
    text(&SQL, value)
}

pub(super) fn q(name: &str) -> String {
    SQL.ident(name)
}

/// An object's key quoted: `"billing"."invoices"` for one in another
/// schema than the current one (`Schema::namespaces`).
pub(super) fn qn(key: &str) -> String {
    match split_qualified(key) {
        (Some(namespace), name) => format!("{}.{}", q(namespace), q(name)),
        (None, name) => q(name),
    }
}

/// `name` (an index, or a type renamed away) in the schema of `key`, quoted.
pub(super) fn qn_beside(key: &str, name: &str) -> String {
    match split_qualified(key).0 {
        Some(namespace) => format!("{}.{}", q(namespace), q(name)),
        None => q(name),
    }
}

fn cols(list: &[String]) -> String {
    fragments::cols(list, q)
}

/// A column's type with its collation, as `CREATE TABLE` and `ALTER
/// COLUMN … TYPE` write it: a type change without `COLLATE` would reset
/// the collation to the type's default.
fn type_with_collation(c: &Column) -> String {
    match attrs::collation(c) {
        Some(collation) => format!("{} COLLATE {collation}", type_sql(&c.ty)),
        None => type_sql(&c.ty),
    }
}

/// `BY DEFAULT` or `ALWAYS`, for an identity column.
fn identity_kind(c: &Column) -> &'static str {
    if attrs::identity_always(c) {
        "ALWAYS"
    } else {
        "BY DEFAULT"
    }
}

/// ` (SEQUENCE NAME key START WITH …)` for an identity column whose
/// sequence is named otherwise than PostgreSQL would, or has options other
/// than the defaults; nothing otherwise.
fn identity_options(c: &Column) -> String {
    let name = attrs::identity_sequence(c).map(|key| format!("SEQUENCE NAME {}", qn(key)));
    let options = attrs::identity_options(c).map(|o| o.to_string());
    let parts: Vec<String> = name.into_iter().chain(options).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(" "))
    }
}

/// The key of an identity column's sequence: its own name where it has
/// one, else the one PostgreSQL gives (`table_column_seq`, in the table's
/// schema).
fn identity_sequence_key(t: &Table, c: &Column) -> String {
    attrs::identity_sequence(c).map_or_else(
        || {
            let (namespace, bare) = split_qualified(&t.name);
            let name = names::make_object_name(bare, Some(&c.name), "seq");
            namespace.map_or(name.clone(), |n| format!("{n}.{name}"))
        },
        String::from,
    )
}

fn column_def(c: &Column) -> String {
    let mut s = format!("{} {}", q(&c.name), type_with_collation(c));
    if let Some(g) = &c.generated {
        // VIRTUAL (computed when read) is PostgreSQL 18's.
        let kind = if g.stored { "STORED" } else { "VIRTUAL" };
        s.push_str(&format!(" GENERATED ALWAYS AS ({}) {kind}", g.expr));
        s.push_str(&not_null(c));
        return s;
    }
    let serial = attrs::serial(c);
    if c.autoincrement && serial.is_none() {
        s.push_str(&format!(" GENERATED {} AS IDENTITY", identity_kind(c)));
        s.push_str(&identity_options(c));
    }
    s.push_str(&not_null(c));
    if let Some((sequence, _)) = serial {
        s.push_str(&format!(" DEFAULT {}", next_value(sequence)));
    }
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    s
}

/// ` NOT NULL` of a column that is, with its constraint's name where it is
/// not the one PostgreSQL gives; nothing for a nullable column.
fn not_null(c: &Column) -> String {
    match (c.nullable, attrs::not_null_name(c)) {
        (true, _) => String::new(),
        (false, Some(name)) => format!(" CONSTRAINT {} NOT NULL", q(name)),
        (false, None) => " NOT NULL".to_string(),
    }
}

/// The name of a `NOT NULL` column's constraint: its own, else the one
/// PostgreSQL 18 gives.
fn not_null_constraint(t: &Table, c: &Column) -> String {
    attrs::not_null_name(c).map_or_else(|| default_not_null_name(t, c), String::from)
}

/// The name PostgreSQL 18 gives a column's `NOT NULL`:
/// `table_column_not_null`, cut to fit.
fn default_not_null_name(t: &Table, c: &Column) -> String {
    names::default_name(
        split_qualified(&t.name).1,
        "n",
        std::slice::from_ref(&c.name),
        "",
    )
}

/// `nextval('seq'::regclass)`, as PostgreSQL keeps a serial's default.
fn next_value(sequence: &str) -> String {
    format!("nextval({}::regclass)", lit(Some(&qn(sequence))))
}

/// A serial column's sequence, created before the column that takes its
/// next value (as pg_dump writes one: the `serial` keyword would name and
/// type the sequence itself, where the schema says what they are).
fn create_serial_sequence(out: &mut String, c: &Column) {
    if let Some((sequence, data_type)) = attrs::serial(c) {
        let _ = writeln!(out, "CREATE SEQUENCE {} AS {data_type};", qn(sequence));
    }
}

/// The sequence made the column's own: it goes when the column goes.
fn own_serial_sequence(out: &mut String, t: &Table, c: &Column) {
    if let Some((sequence, _)) = attrs::serial(c) {
        let _ = writeln!(
            out,
            "ALTER SEQUENCE {} OWNED BY {}.{};",
            qn(sequence),
            qn(&t.name),
            q(&c.name)
        );
    }
}

/// Sequences that change hands between a serial column and the schema's
/// free-standing ones in one migration: the diff creates a free-standing
/// sequence before the tables change and drops one after, while the
/// sequence itself stays.
#[derive(Default)]
struct Handover {
    /// A serial column's sequence the schema keeps free-standing.
    released: BTreeSet<String>,
    /// A free-standing sequence a serial column takes as its own.
    adopted: BTreeSet<String>,
}

impl Handover {
    fn of(changes: &[Change]) -> Handover {
        let (mut created, mut dropped) = (BTreeSet::new(), BTreeSet::new());
        let mut handover = Handover::default();
        for change in changes {
            match change {
                Change::CreateSequence { seq } => {
                    created.insert(seq.name.as_str());
                }
                Change::DropSequence { seq } => {
                    dropped.insert(seq.name.as_str());
                }
                _ => {}
            }
        }
        for change in changes {
            let Change::ModifyTable(m) = change else {
                continue;
            };
            for (old, new) in m.new_or_modified_columns() {
                let old = old.and_then(attrs::serial).map(|(s, _)| s);
                let new = attrs::serial(new).map(|(s, _)| s);
                if old == new {
                    continue;
                }
                if let Some(s) = old.filter(|s| created.contains(s)) {
                    handover.released.insert(s.to_string());
                }
                if let Some(s) = new.filter(|s| dropped.contains(s)) {
                    handover.adopted.insert(s.to_string());
                }
            }
        }
        handover
    }
}

/// A column's change between plain, identity and serial (the identity's
/// kind, a serial's sequence and its type included).
fn change_numbering(out: &mut String, t: &Table, old: &Column, new: &Column, handover: &Handover) {
    let (tq, c) = (qn(&t.name), q(&new.name));
    let (old_serial, new_serial) = (attrs::serial(old), attrs::serial(new));
    let old_identity = old.autoincrement && old_serial.is_none();
    let new_identity = new.autoincrement && new_serial.is_none();
    match (old_serial, new_serial) {
        (Some((a, a_type)), Some((b, b_type))) => {
            if a != b {
                let to = split_qualified(b).1;
                let _ = writeln!(out, "ALTER SEQUENCE {} RENAME TO {};", qn(a), q(to));
            }
            if a_type != b_type {
                let _ = writeln!(out, "ALTER SEQUENCE {} AS {b_type};", qn(b));
            }
            return;
        }
        (Some((a, _)), None) => {
            let _ = writeln!(out, "ALTER TABLE {tq} ALTER COLUMN {c} DROP DEFAULT;");
            if handover.released.contains(a) {
                let _ = writeln!(out, "ALTER SEQUENCE {} OWNED BY NONE;", qn(a));
            } else {
                let _ = writeln!(out, "DROP SEQUENCE {};", qn(a));
            }
        }
        _ => {}
    }
    if old_identity && !new_identity {
        let _ = writeln!(out, "ALTER TABLE {tq} ALTER COLUMN {c} DROP IDENTITY;");
    } else if new_identity && !old_identity {
        let (kind, options) = (identity_kind(new), identity_options(new));
        let _ = writeln!(
            out,
            "ALTER TABLE {tq} ALTER COLUMN {c} ADD GENERATED {kind} AS IDENTITY{options};"
        );
        // Its new sequence starts at 1: rows already there would collide.
        let _ = writeln!(
            out,
            "SELECT setval(pg_get_serial_sequence({}, {}), coalesce(max({c}), 0) + 1, false) FROM {tq};",
            lit(Some(&tq)),
            lit(Some(&new.name))
        );
    } else if new_identity {
        if attrs::identity_always(old) != attrs::identity_always(new) {
            let kind = identity_kind(new);
            let _ = writeln!(
                out,
                "ALTER TABLE {tq} ALTER COLUMN {c} SET GENERATED {kind};"
            );
        }
        // The sequence keeps its namespace (the table's): renamed in it.
        let (from, to) = (identity_sequence_key(t, old), identity_sequence_key(t, new));
        if from != to {
            let _ = writeln!(
                out,
                "ALTER SEQUENCE {} RENAME TO {};",
                qn(&from),
                q(split_qualified(&to).1)
            );
        }
        let options = attrs::identity_options(new);
        if attrs::identity_options(old) != options || old.ty != new.ty {
            let _ = writeln!(
                out,
                "ALTER SEQUENCE {} {};",
                qn(&to),
                attrs::IdentityOptions::all(options, &type_sql(&new.ty))
            );
        }
    }
    if let (None, Some((b, b_type))) = (old_serial, new_serial) {
        let adopted = handover.adopted.contains(b);
        if adopted {
            let _ = writeln!(out, "ALTER SEQUENCE {} AS {b_type};", qn(b));
        } else {
            create_serial_sequence(out, new);
        }
        let _ = writeln!(
            out,
            "ALTER TABLE {tq} ALTER COLUMN {c} SET DEFAULT {};",
            next_value(b)
        );
        own_serial_sequence(out, t, new);
        if adopted {
            // It has counted already: it goes on from where it is.
            return;
        }
        // Rows already there keep their values: count on from the largest.
        let _ = writeln!(
            out,
            "SELECT setval({}, coalesce(max({c}), 0) + 1, false) FROM {tq};",
            lit(Some(&qn(b)))
        );
    }
}

/// `CONSTRAINT name ` where the constraint's name is written.
pub(super) fn named(name: &Name) -> String {
    fragments::named(name, q)
}

/// `REFERENCES …` with the key's match type, its actions and whether it
/// is deferrable.
fn references(fk: &ForeignKey) -> String {
    fragments::references(fk, q, qn, attrs::match_full(&fk.attrs)) + &attrs::deferrable(&fk.attrs)
}

/// `CREATE TABLE`; for a partition, `CREATE TABLE p PARTITION OF parent
/// (…) FOR VALUES …`, the list holding its own constraints alone (its
/// columns and the rest are cloned from the parent); `PARTITION BY …`
/// after either where the table is partitioned.
fn create_table(t: &Table) -> String {
    let by = attrs::partition_by(t)
        .map(|key| format!(" PARTITION BY {key}"))
        .unwrap_or_default();
    let unlogged = if attrs::unlogged(&t.attrs) {
        "UNLOGGED "
    } else {
        ""
    };
    let with = attrs::with_clause(attrs::table_storage(&t.attrs).into_iter());
    let mut lines: Vec<String> = t.columns.iter().map(column_def).collect();
    lines.extend(constraint_lines(t));
    if let Some((parent, bound)) = attrs::partition_of(t) {
        let own = if lines.is_empty() {
            String::new()
        } else {
            format!(" (\n    {}\n)", lines.join(",\n    "))
        };
        return format!(
            "CREATE {unlogged}TABLE {} PARTITION OF {}{own} {bound}{by}{with}",
            qn(&t.name),
            qn(parent)
        );
    }
    format!(
        "CREATE {unlogged}TABLE {} (\n    {}\n){by}{with}",
        qn(&t.name),
        lines.join(",\n    ")
    )
}

/// The keys, foreign keys and checks `CREATE TABLE` writes in its list.
fn constraint_lines(t: &Table) -> Vec<String> {
    let mut lines = Vec::new();
    if !t.primary_key.is_empty() {
        lines.push(format!(
            "{}PRIMARY KEY ({}){}{}",
            named(&t.primary_key_name),
            cols(&t.primary_key),
            index_parameters(&t.primary_key_attrs),
            attrs::deferrable(&t.primary_key_attrs)
        ));
    }
    for u in &t.uniques {
        lines.push(format!(
            "{}UNIQUE{} ({}){}{}",
            named(&u.name),
            attrs::nulls_not_distinct(&u.attrs),
            cols(&u.columns),
            index_parameters(&u.attrs),
            attrs::deferrable(&u.attrs)
        ));
    }
    // A NOT VALID constraint is added after the table (`added_later`):
    // CREATE TABLE would make it valid.
    for fk in t
        .foreign_keys
        .iter()
        .filter(|k| !attrs::not_valid(&k.attrs))
    {
        lines.push(format!(
            "{}FOREIGN KEY ({}) {}",
            named(&fk.name),
            cols(&fk.columns),
            references(fk)
        ));
    }
    for c in t.checks.iter().filter(|c| !attrs::not_valid(&c.attrs)) {
        lines.push(format!("{}CHECK ({})", named(&c.name), c.expr));
    }
    for x in attrs::exclusions(&t.attrs) {
        lines.push(format!("{}{}", x.named(&q), x.def));
    }
    lines
}

/// `ALTER TABLE parent DETACH PARTITION t` where `from` is a partition and
/// `to` is not one, or one of another parent or bound (detached, then
/// attached again by [`attach`]).
fn detach(out: &mut String, from: &Table, to: &Table) {
    if let Some((parent, _)) = attrs::partition_of(from) {
        if attrs::partition_of(to) != attrs::partition_of(from) {
            let _ = writeln!(
                out,
                "ALTER TABLE {} DETACH PARTITION {};",
                qn(parent),
                qn(&from.name)
            );
            not_null_names_of_its_own(out, &from.name);
        }
    }
}

/// The other way from [`not_null_names_of_its_own`], before `ATTACH
/// PARTITION` (PostgreSQL refuses to rename an inherited constraint):
/// a table's `NOT NULL` constraints renamed as its parent's on the same
/// columns, the names a partition created `PARTITION OF` it gets (and
/// keeps when attached). A no-op before PostgreSQL 18.
fn not_null_names_of_parent(out: &mut String, table: &str, parent: &str) {
    let (rel, parent) = (lit(Some(&qn(table))), lit(Some(&qn(parent))));
    let _ = writeln!(
        out,
        "DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT con.conname, pc.conname AS parent
               FROM pg_constraint con
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
               JOIN pg_attribute pa ON pa.attrelid = {parent}::regclass AND pa.attname = a.attname
               JOIN pg_constraint pc ON pc.conrelid = pa.attrelid AND pc.contype = 'n' AND pc.conkey[1] = pa.attnum
              WHERE con.conrelid = {rel}::regclass AND con.contype = 'n' AND con.conname <> pc.conname
    LOOP
        EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', {rel}::regclass, c.conname, c.parent);
    END LOOP;
END $$;"
    );
}

/// PostgreSQL 18 keeps a `NOT NULL` as a constraint by name, and a
/// partition keeps its parent's names (`events_id_not_null`), also once
/// detached; the model keeps PostgreSQL's own names for a table (coverage
/// names any other), so a detached table's are renamed as a new table's
/// would be (`events_2025_id_not_null`), where that fits in 63 bytes.
/// Older servers keep none: the loop finds nothing.
fn not_null_names_of_its_own(out: &mut String, table: &str) {
    let bare = crate::schema::split_qualified(table).1;
    let (rel, bare) = (lit(Some(&qn(table))), lit(Some(bare)));
    let _ = writeln!(
        out,
        "DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT con.conname, {bare} || '_' || a.attname || '_not_null' AS own
               FROM pg_constraint con
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
              WHERE con.conrelid = {rel}::regclass AND con.contype = 'n'
    LOOP
        IF c.conname <> c.own AND octet_length(c.own) <= 63 THEN
            EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', {rel}::regclass, c.conname, c.own);
        END IF;
    END LOOP;
END $$;"
    );
}

/// `ALTER TABLE parent ATTACH PARTITION t FOR VALUES …` where `to` is a
/// partition and `from` is not that one.
fn attach(out: &mut String, from: &Table, to: &Table) {
    if let Some((parent, bound)) = attrs::partition_of(to) {
        if attrs::partition_of(to) != attrs::partition_of(from) {
            not_null_names_of_parent(out, &to.name, parent);
            let _ = writeln!(
                out,
                "ALTER TABLE {} ATTACH PARTITION {} {bound};",
                qn(parent),
                qn(&to.name)
            );
        }
    }
}

/// A primary or unique key's ` INCLUDE (…)` and ` WITH (…)` (PostgreSQL's
/// `index_parameters`), each where it has it.
fn index_parameters(a: &Attrs<ConstraintAttr>) -> String {
    format!(
        "{}{}",
        attrs::key_include(a, &cols),
        attrs::with_clause(attrs::key_storage(a).into_iter())
    )
}

/// `ALTER kind name RESET (…)` and `SET (…)` taking storage parameters
/// from `from` to `to` (nothing where they are the same).
fn set_storage(out: &mut String, kind: &str, name: &str, from: &[&Storage], to: &[&Storage]) {
    let (set, reset) = attrs::storage_changes(from, to);
    if !reset.is_empty() {
        let _ = writeln!(out, "ALTER {kind} {name} RESET ({});", reset.join(", "));
    }
    if !set.is_empty() {
        let _ = writeln!(out, "ALTER {kind} {name} SET ({});", set.join(", "));
    }
}

/// The `NOT VALID` foreign keys and checks of a table just created, added
/// by `ALTER TABLE`: PostgreSQL takes `NOT VALID` there only.
fn added_later(out: &mut String, t: &Table) {
    for fk in t.foreign_keys.iter().filter(|k| attrs::not_valid(&k.attrs)) {
        add_foreign_key(out, t, fk);
    }
    for c in t.checks.iter().filter(|c| attrs::not_valid(&c.attrs)) {
        add_check(out, t, c);
    }
}

/// ` NOT VALID` for a constraint that is, or nothing.
fn not_valid(a: &Attrs<ConstraintAttr>) -> &'static str {
    if attrs::not_valid(a) {
        " NOT VALID"
    } else {
        ""
    }
}

fn add_foreign_key(out: &mut String, t: &Table, fk: &ForeignKey) {
    let _ = writeln!(
        out,
        "ALTER TABLE {} ADD {}FOREIGN KEY ({}) {}{};",
        qn(&t.name),
        named(&fk.name),
        cols(&fk.columns),
        references(fk),
        not_valid(&fk.attrs)
    );
}

fn add_check(out: &mut String, t: &Table, c: &Check) {
    let _ = writeln!(
        out,
        "ALTER TABLE {} ADD {}CHECK ({}){};",
        qn(&t.name),
        named(&c.name),
        c.expr,
        not_valid(&c.attrs)
    );
}

/// Whether `new` is `old` made valid (`ALTER TABLE … VALIDATE CONSTRAINT`,
/// which keeps the constraint, rather than a drop and an add): `old` is
/// `NOT VALID` and has a name to validate it by.
fn becomes_valid<T: PartialEq + Clone>(
    old: &T,
    new: &T,
    attrs_of: fn(&mut T) -> &mut Attrs<ConstraintAttr>,
    name: &Name,
) -> bool {
    let mut valid = old.clone();
    let a = attrs_of(&mut valid);
    if !attrs::not_valid(a) || name.value.is_empty() {
        return false;
    }
    *a = attrs::validated(a);
    valid == *new
}

pub(super) fn create_index(table: &str, i: &Index) -> String {
    let clauses = attrs::index_clauses(i, &|list| cols(list));
    fragments::create_index(table, i, q, qn, &index_element, &clauses)
}

/// One key part of `CREATE INDEX`, in parentheses unless it is a column or
/// a function call, each optionally followed by `COLLATE`, an operator
/// class, `ASC`/`DESC` and `NULLS FIRST`/`LAST`: PostgreSQL's grammar
/// takes any other expression only in parentheses, and introspection
/// (`normalise_expr`) strips them from a part such as `((j ->> 'ref'))`.
fn index_element(part: &str) -> String {
    let words = top_level_words(part);
    let Some((head, rest)) = words.split_first() else {
        return part.to_string();
    };
    let bare = (is_identifier(head) || is_call(head) || is_wrapped(head)) && is_suffix(rest);
    if bare {
        part.to_string()
    } else {
        format!("({part})")
    }
}

/// `s` split at whitespace outside quotes and parentheses.
fn top_level_words(s: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, None);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(open), _) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, _) if c.is_whitespace() && depth == 0 => {
                if let Some(from) = start.take() {
                    words.push(&s[from..i]);
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(from) = start {
        words.push(&s[from..]);
    }
    words
}

/// A column name: a plain identifier or a quoted one.
fn is_identifier(w: &str) -> bool {
    if let Some(inner) = w.strip_prefix('"') {
        return inner.ends_with('"') && inner.len() > 1;
    }
    // `NOT a` is an expression, not a column with an operator class.
    !w.eq_ignore_ascii_case("NOT")
        && w.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && w.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// `f(…)` or `schema.f(…)`, the call's parentheses closing at the end.
fn is_call(w: &str) -> bool {
    let Some(open) = w.find('(') else {
        return false;
    };
    w[..open].split('.').all(is_identifier) && is_wrapped(&w[open..])
}

/// `(…)`, the first parenthesis closing at the end.
fn is_wrapped(w: &str) -> bool {
    w.starts_with('(') && closes_at_end(w)
}

/// True if the parenthesis opening `w` is the one that closes it.
fn closes_at_end(w: &str) -> bool {
    let (mut depth, mut quote) = (0i32, None);
    for (i, c) in w.char_indices() {
        match (quote, c) {
            (Some(open), _) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return i == w.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// `[COLLATE name] [opclass] [ASC | DESC] [NULLS FIRST | LAST]`.
fn is_suffix(words: &[&str]) -> bool {
    let mut rest = words;
    let is = |w: Option<&&str>, word: &str| w.is_some_and(|w| w.eq_ignore_ascii_case(word));
    if is(rest.first(), "COLLATE") {
        if rest.len() < 2 {
            return false;
        }
        rest = &rest[2..];
    }
    let keyword = |w: &str| {
        ["ASC", "DESC", "NULLS", "COLLATE"]
            .iter()
            .any(|k| w.eq_ignore_ascii_case(k))
    };
    if let Some(class) = rest.first().filter(|w| !keyword(w)) {
        if !(class.split('.').all(is_identifier) || is_call(class)) {
            return false;
        }
        rest = &rest[1..];
        // Operator class parameters, as pg_get_indexdef spaces them:
        // `gist_trgm_ops (siglen='32')`.
        if rest.first().is_some_and(|w| is_wrapped(w)) {
            rest = &rest[1..];
        }
    }
    if is(rest.first(), "ASC") || is(rest.first(), "DESC") {
        rest = &rest[1..];
    }
    if is(rest.first(), "NULLS") && (is(rest.get(1), "FIRST") || is(rest.get(1), "LAST")) {
        rest = &rest[2..];
    }
    rest.is_empty()
}

/// `ALTER TABLE t DROP CONSTRAINT name`, or a comment when the database
/// keeps no name for it (a schema read without a database).
fn drop_constraint(out: &mut String, t: &Table, name: &Name, what: &str) {
    if name.value.is_empty() {
        let _ = writeln!(
            out,
            "-- TODO: drop {what} on {} (its name is not known)",
            t.name
        );
    } else {
        let _ = writeln!(
            out,
            "ALTER TABLE {} DROP CONSTRAINT {};",
            qn(&t.name),
            q(&name.value)
        );
    }
}

/// Renders `changes` as PostgreSQL statements.
pub(crate) fn render(changes: &[Change]) -> String {
    let handover = Handover::of(changes);
    let dropped: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DropTable { table } => Some(table.name.as_str()),
            _ => None,
        })
        .collect();
    let mut out = String::new();
    // Extensions are dropped in one statement: one may require another
    // (`earthdistance` needs `cube`), and PostgreSQL drops a set together.
    let mut extension_drops: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DropExtension { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    for change in changes {
        if let Some(w) = change.warning() {
            let _ = writeln!(out, "-- WARNING: {w}");
        }
        // Another database's trigger or routine is its SQL: not this one's.
        if change
            .code_dialect()
            .is_some_and(|d| d != crate::Dialect::Postgres)
        {
            out.push_str(&fragments::not_on_this_dialect(&change.describe()));
            continue;
        }
        match change {
            Change::CreateTable { table } => {
                for c in &table.columns {
                    create_serial_sequence(&mut out, c);
                }
                let _ = writeln!(out, "{};", create_table(table));
                for c in &table.columns {
                    own_serial_sequence(&mut out, table, c);
                }
                added_later(&mut out, table);
                for index in table.indexes.values() {
                    let _ = writeln!(out, "{};", create_index(&table.name, index));
                }
                if table.comment.is_some() {
                    table_comment(&mut out, table);
                }
                for c in table.columns.iter().filter(|c| c.comment.is_some()) {
                    column_comment(&mut out, table, c);
                }
                for action in attrs::row_security(table) {
                    let _ = writeln!(out, "ALTER TABLE {} {action};", qn(&table.name));
                }
            }
            Change::DropTable { table } => {
                // Out of its parent first, where the parent stays:
                // PostgreSQL refuses to drop a partition a foreign key to
                // its parent references (the key's row for the partition
                // depends on it); detaching checks no row references it,
                // then takes that row away. A key to a parent that goes
                // is dropped before any table (autogen/diff.rs).
                if let Some((parent, _)) =
                    attrs::partition_of(table).filter(|(p, _)| !dropped.contains(p))
                {
                    let _ = writeln!(
                        out,
                        "ALTER TABLE {} DETACH PARTITION {};",
                        qn(parent),
                        qn(&table.name)
                    );
                }
                let _ = writeln!(out, "DROP TABLE {};", qn(&table.name));
            }
            Change::ModifyTable(m) => alter(&mut out, m, &handover),
            Change::CreateIndex { table, index } => {
                let _ = writeln!(out, "{};", create_index(table, index));
            }
            Change::DropIndex { table, index } => {
                let _ = writeln!(out, "DROP INDEX {};", qn_beside(table, &index.name));
            }
            Change::AlterIndex { table, from, to } => set_storage(
                &mut out,
                "INDEX",
                &qn_beside(table, &to.name),
                &attrs::index_storage(&from.attrs),
                &attrs::index_storage(&to.attrs),
            ),
            Change::RenameIndex { table, index, to } => {
                let old = qn_beside(table, &index.name);
                let _ = writeln!(out, "ALTER INDEX {old} RENAME TO {};", q(to));
            }
            Change::CreateView { view } => create_view(&mut out, view),
            Change::DropView { view } => {
                let kind = if view.materialized.is_some() {
                    "MATERIALIZED VIEW"
                } else {
                    "VIEW"
                };
                let _ = writeln!(out, "DROP {kind} {};", qn(&view.name));
            }
            Change::AlterView { from, to } => {
                let (set, reset) = attrs::view_option_changes(&from.attrs, &to.attrs);
                let name = qn(&to.name);
                let kind = if to.materialized.is_some() {
                    "MATERIALIZED VIEW"
                } else {
                    "VIEW"
                };
                if !reset.is_empty() {
                    let _ = writeln!(out, "ALTER {kind} {name} RESET ({});", reset.join(", "));
                }
                if !set.is_empty() {
                    let _ = writeln!(out, "ALTER {kind} {name} SET ({});", set.join(", "));
                }
            }
            Change::CreateTrigger { trigger } => {
                let _ = writeln!(out, "{};", trigger.sql);
                if !trigger.attrs.is_empty() {
                    trigger_firing(&mut out, trigger);
                }
            }
            Change::AlterTrigger { to, .. } => trigger_firing(&mut out, to),
            Change::DropTrigger { trigger } => {
                let _ = writeln!(
                    out,
                    "DROP TRIGGER {} ON {};",
                    q(&trigger.name),
                    qn(&trigger.table)
                );
            }
            Change::CreateRoutine { routine } => {
                let _ = writeln!(out, "{};", routine.definition);
            }
            Change::ReplaceRoutine { from, to } => {
                // CREATE OR REPLACE keeps what depends on it, but cannot
                // change a function's result or turn it into a procedure.
                if !from.replaceable_by(to) {
                    drop_routine(&mut out, from);
                }
                let _ = writeln!(out, "{};", to.definition);
            }
            Change::DropRoutine { routine } => drop_routine(&mut out, routine),
            other @ (Change::CreateVirtualTable { .. } | Change::DropVirtualTable { .. }) => {
                out.push_str(&fragments::not_on_this_dialect(&other.describe()));
            }
            Change::CreateEnum { ty } => {
                let _ = writeln!(out, "{};", create_enum(ty, &ty.name));
            }
            Change::DropEnum { ty } => {
                let _ = writeln!(out, "DROP TYPE {};", qn(&ty.name));
            }
            Change::AlterEnum { from, to, columns } => recreate_enum(&mut out, from, to, columns),
            Change::CreateType { ty } => {
                let _ = writeln!(out, "{};", types::create(ty));
            }
            Change::DropType { ty } => {
                let _ = writeln!(out, "{};", types::drop(ty));
            }
            Change::AlterType { from, to } => types::alter(&mut out, from, to),
            // `autogen::generate` refuses one in use: the drop would fail.
            Change::ReplaceType { from, to, .. } => {
                let _ = writeln!(out, "{};\n{};", types::drop(from), types::create(to));
            }
            Change::CreateSequence { seq } if handover.released.contains(&seq.name) => {
                let _ = writeln!(
                    out,
                    "ALTER SEQUENCE {}{};",
                    qn(&seq.name),
                    sequence_options(seq)
                );
            }
            Change::DropSequence { seq } if handover.adopted.contains(&seq.name) => {}
            Change::CreateSequence { seq } => {
                let _ = writeln!(
                    out,
                    "CREATE SEQUENCE {}{};",
                    qn(&seq.name),
                    sequence_options(seq)
                );
            }
            Change::DropSequence { seq } => {
                let _ = writeln!(out, "DROP SEQUENCE {};", qn(&seq.name));
            }
            Change::AlterSequence { to, .. } => {
                let _ = writeln!(
                    out,
                    "ALTER SEQUENCE {}{};",
                    qn(&to.name),
                    sequence_options(to)
                );
            }
            // `IF NOT EXISTS`/`IF EXISTS`: another schema of the same
            // database (or a superuser beforehand) may already have created
            // it, since an extension belongs to the whole database.
            // `CASCADE` creates what it requires first, whatever the order
            // of their names (the model keeps no requirements).
            Change::CreateExtension { name, schema } => {
                let _ = writeln!(
                    out,
                    "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {} CASCADE;",
                    q(name),
                    q(schema)
                );
            }
            Change::MoveExtension { name, to, .. } => {
                let _ = writeln!(out, "ALTER EXTENSION {} SET SCHEMA {};", q(name), q(to));
            }
            Change::DropExtension { .. } if extension_drops.is_empty() => {}
            Change::DropExtension { .. } => {
                let names: Vec<String> = extension_drops.drain(..).map(q).collect();
                let _ = writeln!(out, "DROP EXTENSION IF EXISTS {};", names.join(", "));
            }
            Change::CreatePolicy { policy } => objects::create_policy(&mut out, policy),
            Change::DropPolicy { policy } => objects::drop_policy(&mut out, policy),
            Change::AlterPolicy { to, .. } => objects::alter_policy(&mut out, to),
            Change::SetComment { object, to, .. } => {
                objects::comment_on(&mut out, object, to.as_deref());
            }
            Change::Grant { grant } => privileges::grant(&mut out, grant),
            Change::Revoke { grant } => privileges::revoke(&mut out, grant),
            Change::CreateNamespace { name } => {
                let _ = writeln!(out, "CREATE SCHEMA {};", q(name));
            }
            Change::DropNamespace { name } => {
                let _ = writeln!(out, "DROP SCHEMA {};", q(name));
            }
        }
    }
    if out.is_empty() {
        out.push_str("-- no changes\n");
    }
    out
}

/// `ALTER TABLE t DISABLE TRIGGER x` (or `ENABLE [REPLICA | ALWAYS]`).
fn trigger_firing(out: &mut String, t: &Trigger) {
    let _ = writeln!(
        out,
        "ALTER TABLE {} {} TRIGGER {};",
        qn(&t.table),
        attrs::trigger_firing(&t.attrs),
        q(&t.name)
    );
}

/// `DROP FUNCTION name(args)` (or `PROCEDURE`, `AGGREGATE`).
fn drop_routine(out: &mut String, r: &Routine) {
    let name = qn(&r.name);
    let _ = writeln!(
        out,
        "DROP {} {};",
        r.kind.keyword(),
        signature(&name, &r.args, r.kind)
    );
}

/// `CREATE VIEW` with its options (`WITH (security_barrier=true)`), or
/// `CREATE MATERIALIZED VIEW … WITH (…) … WITH [NO] DATA` (its storage
/// parameters) followed by its indexes.
fn create_view(out: &mut String, v: &View) {
    let options = attrs::view_options(&v.attrs);
    let sql = fragments::create_view(v, q, qn);
    let sql = if options.is_empty() {
        sql
    } else {
        // `CREATE VIEW name WITH (…) AS …`: the options go before `AS`.
        let head = format!("CREATE VIEW {}", qn(&v.name));
        sql.replacen(&head, &format!("{head} WITH ({})", options.join(", ")), 1)
    };
    let Some(m) = &v.materialized else {
        let _ = writeln!(out, "{sql};");
        return;
    };
    let data = if m.populated {
        "WITH DATA"
    } else {
        "WITH NO DATA"
    };
    let sql = sql.replacen("CREATE VIEW", "CREATE MATERIALIZED VIEW", 1);
    let _ = writeln!(out, "{sql} {data};");
    for index in m.indexes.values() {
        let _ = writeln!(out, "{};", create_index(&v.name, index));
    }
}

fn create_enum(ty: &EnumType, name: &str) -> String {
    let labels: Vec<String> = ty.labels.iter().map(|l| lit(Some(l))).collect();
    format!("CREATE TYPE {} AS ENUM ({})", qn(name), labels.join(", "))
}

/// Renames the old type away, creates the new one, converts each column
/// through text (dropping and restoring its default, which is typed), and
/// drops the old type.
fn recreate_enum(
    out: &mut String,
    from: &EnumType,
    to: &EnumType,
    columns: &[(String, String, Option<String>)],
) {
    let old = format!("{}__old", split_qualified(&to.name).1);
    let _ = writeln!(
        out,
        "-- Recreate enum type {}: PostgreSQL cannot remove or reorder labels, and a label added by ADD VALUE cannot be used before commit.",
        to.name
    );
    let _ = writeln!(out, "ALTER TYPE {} RENAME TO {};", qn(&from.name), q(&old));
    let _ = writeln!(out, "{};", create_enum(to, &to.name));
    for (table, column, default) in columns {
        let (t, c, ty) = (qn(table), q(column), qn(&to.name));
        if default.is_some() {
            let _ = writeln!(out, "ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT;");
        }
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ALTER COLUMN {c} TYPE {ty} USING {c}::text::{ty};"
        );
        if let Some(d) = default {
            let _ = writeln!(out, "ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {d};");
        }
    }
    let _ = writeln!(out, "DROP TYPE {};", qn_beside(&to.name, &old));
}

fn sequence_options(s: &Sequence) -> String {
    format!(
        " AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}",
        s.data_type,
        s.increment,
        s.min,
        s.max,
        s.start,
        s.cache,
        if s.cycle { "CYCLE" } else { "NO CYCLE" }
    )
}

fn table_comment(out: &mut String, t: &Table) {
    let _ = writeln!(
        out,
        "COMMENT ON TABLE {} IS {};",
        qn(&t.name),
        lit(t.comment.as_deref())
    );
}

fn column_comment(out: &mut String, t: &Table, c: &Column) {
    let _ = writeln!(
        out,
        "COMMENT ON COLUMN {}.{} IS {};",
        qn(&t.name),
        q(&c.name),
        lit(c.comment.as_deref())
    );
}

fn alter(out: &mut String, m: &ModifyTable, handover: &Handover) {
    let (from, to) = (&m.from, &m.to);
    let t = qn(&to.name);
    let pk = m.primary_key_change();
    // Checks and foreign keys that only become valid: validated in step 3,
    // neither dropped nor added.
    let valid_keys: Vec<(&ForeignKey, &ForeignKey)> = m
        .dropped_foreign_keys()
        .flat_map(|old| m.added_foreign_keys().map(move |new| (old, new)))
        .filter(|(old, new)| becomes_valid(*old, *new, |k| &mut k.attrs, &old.name))
        .collect();
    let valid_checks: Vec<(&Check, &Check)> = m
        .dropped_checks()
        .flat_map(|old| m.added_checks().map(move |new| (old, new)))
        .filter(|(old, new)| becomes_valid(*old, *new, |c| &mut c.attrs, &old.name))
        .collect();
    // 0. Out of its parent first (autogen/diff.rs writes a detach or an
    // attach as a change of its own, the table's other changes apart).
    detach(out, from, to);
    // Keys that change only in their index's storage parameters: ALTER
    // INDEX, which keeps the key (and the foreign keys referencing it).
    let pk_storage = pk.is_some_and(|(old, new)| {
        !old.is_empty()
            && old == new
            && from.primary_key_name == to.primary_key_name
            && attrs::but_storage(&from.primary_key_attrs)
                == attrs::but_storage(&to.primary_key_attrs)
    });
    let pk = pk.filter(|_| !pk_storage);
    let unique_storage: Vec<(&Unique, &Unique)> = m
        .dropped_uniques()
        .flat_map(|old| m.added_uniques().map(move |new| (old, new)))
        .filter(|(old, new)| {
            old.columns == new.columns
                && old.name == new.name
                && attrs::but_storage(&old.attrs) == attrs::but_storage(&new.attrs)
        })
        .collect();
    // 1. Constraints that go.
    if pk.is_some_and(|(old, _)| !old.is_empty()) {
        drop_constraint(out, from, &from.primary_key_name, "the primary key");
    }
    for u in m
        .dropped_uniques()
        .filter(|u| !unique_storage.iter().any(|(old, _)| old == u))
    {
        drop_constraint(out, from, &u.name, "a unique constraint");
    }
    // A key on a column that goes goes with it (DROP COLUMN drops the
    // table's constraints involving the column).
    let dropped: Vec<&str> = m.dropped_columns().map(|c| c.name.as_str()).collect();
    for fk in m
        .dropped_foreign_keys()
        .filter(|fk| !fk.columns.iter().any(|c| dropped.contains(&c.as_str())))
        .filter(|fk| !valid_keys.iter().any(|(old, _)| old == fk))
    {
        drop_constraint(out, from, &fk.name, "a foreign key");
    }
    for c in m
        .dropped_checks()
        .filter(|c| !valid_checks.iter().any(|(old, _)| old == c))
    {
        drop_constraint(out, from, &c.name, "a check constraint");
    }
    let (excl_gone, excl_renamed, excl_come) = attrs::exclusion_changes(&from.attrs, &to.attrs);
    for x in excl_gone {
        let _ = writeln!(out, "ALTER TABLE {t} DROP CONSTRAINT {};", q(&x.name));
    }
    for (old, new) in excl_renamed {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} RENAME CONSTRAINT {} TO {};",
            q(&old.name),
            q(&new.name)
        );
    }
    // Renamed in place: PostgreSQL renames a key's index with it.
    for (_, old, new) in m.renamed_constraints() {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} RENAME CONSTRAINT {} TO {};",
            q(&old.value),
            q(&new.value)
        );
    }
    // 2. Columns that go, come, or change.
    for c in m.dropped_columns() {
        let _ = writeln!(out, "ALTER TABLE {t} DROP COLUMN {};", q(&c.name));
    }
    let added: Vec<&Column> = m
        .new_or_modified_columns()
        .filter(|(old, c)| old.is_none() || m.is_regenerated(&c.name))
        .map(|(_, c)| c)
        .collect();
    for c in &added {
        create_serial_sequence(out, c);
    }
    fragments::add_columns(out, m, q, qn, &column_def);
    for c in &added {
        own_serial_sequence(out, to, c);
    }
    if m.comment_changes() {
        table_comment(out, to);
    }
    for action in attrs::row_security_actions(&from.attrs, &to.attrs) {
        let _ = writeln!(out, "ALTER TABLE {t} {action};");
    }
    set_storage(
        out,
        "TABLE",
        &t,
        &attrs::table_storage(&from.attrs),
        &attrs::table_storage(&to.attrs),
    );
    match (attrs::unlogged(&from.attrs), attrs::unlogged(&to.attrs)) {
        (true, false) => {
            let _ = writeln!(
                out,
                "-- SET LOGGED writes the whole table to the WAL under an ACCESS EXCLUSIVE lock.\n\
                 ALTER TABLE {t} SET LOGGED;"
            );
        }
        (false, true) => {
            let _ = writeln!(
                out,
                "-- SET UNLOGGED rewrites the table under an ACCESS EXCLUSIVE lock.\n\
                 ALTER TABLE {t} SET UNLOGGED;"
            );
        }
        _ => {}
    }
    if pk_storage {
        let index = qn_beside(&to.name, &to.primary_key_name.value);
        set_storage(
            out,
            "INDEX",
            &index,
            &attrs::key_storage(&from.primary_key_attrs),
            &attrs::key_storage(&to.primary_key_attrs),
        );
    }
    for (old, new) in &unique_storage {
        let index = qn_beside(&to.name, &new.name.value);
        set_storage(
            out,
            "INDEX",
            &index,
            &attrs::key_storage(&old.attrs),
            &attrs::key_storage(&new.attrs),
        );
    }
    attach(out, from, to);
    for (old, new) in m.new_or_modified_columns() {
        if old.map(|o| &o.comment) != Some(&new.comment) && (old.is_some() || new.comment.is_some())
        {
            column_comment(out, to, new);
        }
        let Some(old) = old else {
            continue;
        };
        if m.is_regenerated(&new.name) {
            continue;
        }
        let c = q(&new.name);
        let collation = attrs::collation(new);
        if old.ty != new.ty {
            let ty = type_sql(&new.ty);
            let with = type_with_collation(new);
            let _ = writeln!(
                out,
                "ALTER TABLE {t} ALTER COLUMN {c} TYPE {with} USING {c}::{ty};"
            );
        } else if attrs::collation(old) != collation {
            // Back to the type's own collation: "default" names it.
            let with = match collation {
                Some(_) => type_with_collation(new),
                None => format!("{} COLLATE pg_catalog.\"default\"", type_sql(&new.ty)),
            };
            let _ = writeln!(out, "ALTER TABLE {t} ALTER COLUMN {c} TYPE {with};");
        }
        change_numbering(out, to, old, new, handover);
        // A serial column's default is its sequence's nextval, set above.
        if old.default != new.default && !(new.default.is_none() && attrs::serial(new).is_some()) {
            match &new.default {
                Some(d) => {
                    let _ = writeln!(out, "ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {d};");
                }
                None => {
                    let _ = writeln!(out, "ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT;");
                }
            }
        }
        if old.nullable != new.nullable {
            if !new.nullable {
                // Rows holding NULL would make SET NOT NULL fail: give them the default.
                if let Some(d) = &new.default {
                    let _ = writeln!(out, "UPDATE {t} SET {c} = {d} WHERE {c} IS NULL;");
                }
            }
            let what = if new.nullable {
                "DROP NOT NULL"
            } else {
                "SET NOT NULL"
            };
            let _ = writeln!(out, "ALTER TABLE {t} ALTER COLUMN {c} {what};");
        }
        // PostgreSQL 18 names a NOT NULL (SET NOT NULL gives it the name
        // it chooses): one named otherwise is renamed. Before 18 a column
        // has no such name and the model none to rename to.
        if !new.nullable {
            let now = if old.nullable {
                default_not_null_name(to, new)
            } else {
                not_null_constraint(from, old)
            };
            let wanted = not_null_constraint(to, new);
            if now != wanted {
                let _ = writeln!(
                    out,
                    "-- No query names a NOT NULL constraint (ON CONFLICT cannot).\n\
                     -- stillhead allow SH008\n\
                     ALTER TABLE {t} RENAME CONSTRAINT {} TO {};",
                    q(&now),
                    q(&wanted)
                );
            }
        }
    }
    // 3. Constraints that come.
    if let Some((_, new_pk)) = pk.filter(|(_, new)| !new.is_empty()) {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ADD {}PRIMARY KEY ({}){}{};",
            named(&to.primary_key_name),
            cols(new_pk),
            index_parameters(&to.primary_key_attrs),
            attrs::deferrable(&to.primary_key_attrs)
        );
    }
    for u in m
        .added_uniques()
        .filter(|u| !unique_storage.iter().any(|(_, new)| new == u))
    {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ADD {}UNIQUE{} ({}){}{};",
            named(&u.name),
            attrs::nulls_not_distinct(&u.attrs),
            cols(&u.columns),
            index_parameters(&u.attrs),
            attrs::deferrable(&u.attrs)
        );
    }
    for fk in m.added_foreign_keys() {
        match valid_keys.iter().find(|(_, new)| *new == fk) {
            Some((old, _)) => validate(out, to, &old.name),
            None => add_foreign_key(out, to, fk),
        }
    }
    for c in m.added_checks() {
        match valid_checks.iter().find(|(_, new)| *new == c) {
            Some((old, _)) => validate(out, to, &old.name),
            None => add_check(out, to, c),
        }
    }
    // Online-safe autogenerate (online.rs) has no other form to offer:
    // PostgreSQL takes neither NOT VALID nor a prebuilt index for one.
    for x in excl_come {
        let _ = writeln!(
            out,
            "-- An exclusion constraint cannot be added NOT VALID, nor USING INDEX:\n\
             -- this builds its index and checks every row under an ACCESS EXCLUSIVE lock.\n\
             ALTER TABLE {t} ADD {}{};",
            x.named(&q),
            x.def
        );
    }
}

fn validate(out: &mut String, t: &Table, name: &Name) {
    let _ = writeln!(
        out,
        "ALTER TABLE {} VALIDATE CONSTRAINT {};",
        qn(&t.name),
        q(&name.value)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_elements_other_than_columns_and_calls_are_parenthesised() {
        for (part, written) in [
            ("a", "a"),
            (
                "\"Mixed Case\" DESC NULLS LAST",
                "\"Mixed Case\" DESC NULLS LAST",
            ),
            (
                "a COLLATE \"C\" text_pattern_ops DESC",
                "a COLLATE \"C\" text_pattern_ops DESC",
            ),
            ("lower((j ->> 'name'::text))", "lower((j ->> 'name'::text))"),
            ("public.f(a, b) DESC", "public.f(a, b) DESC"),
            (
                "b gist_trgm_ops (siglen='32')",
                "b gist_trgm_ops (siglen='32')",
            ),
            ("((j ->> 'ref'::text)) DESC", "((j ->> 'ref'::text)) DESC"),
            ("j ->> 'ref'::text", "(j ->> 'ref'::text)"),
            ("a + b", "(a + b)"),
            ("a::text", "(a::text)"),
            ("NOT a", "(NOT a)"),
            ("a IS NULL", "(a IS NULL)"),
            ("(a) + (b)", "((a) + (b))"),
            ("f(a) || 'x y'", "(f(a) || 'x y')"),
            ("CASE WHEN a THEN 1 END", "(CASE WHEN a THEN 1 END)"),
        ] {
            assert_eq!(index_element(part), written, "{part}");
        }
    }
}

//! SQL fragments every renderer writes the same way, up to identifier
//! quoting: column lists, `REFERENCES` clauses, `CREATE INDEX`, `CREATE VIEW`.

use std::fmt::Write as _;

use super::ModifyTable;
use crate::schema::{Column, ForeignKey, Index, Name, View};

/// A dialect's identifier quoting. Where a fragment takes two, the first
/// quotes a column's or constraint's name and the second an object's key,
/// which on PostgreSQL may name its schema (`billing.invoices`, see
/// `Schema::namespaces`).
pub(crate) type Quote = fn(&str) -> String;

/// `a, b, c`, each quoted.
pub(crate) fn cols(list: &[String], q: Quote) -> String {
    list.iter().map(|c| q(c)).collect::<Vec<_>>().join(", ")
}

/// `CONSTRAINT name ` before a constraint whose name the schema wrote;
/// empty where the database chooses it ([`Name::to_write`]).
pub(crate) fn named(name: &Name, q: Quote) -> String {
    name.to_write()
        .map(|n| format!("CONSTRAINT {} ", q(n)))
        .unwrap_or_default()
}

/// `REFERENCES t (a, b) [match] ON DELETE … ON UPDATE …`; `match` is what
/// the dialect keeps of its own there (PostgreSQL's ` MATCH FULL`), or
/// nothing.
pub(crate) fn references(fk: &ForeignKey, q: Quote, object: Quote, r#match: &str) -> String {
    let mut s = format!("REFERENCES {}", object(&fk.ref_table));
    if !fk.ref_columns.is_empty() {
        s.push_str(&format!(" ({})", cols(&fk.ref_columns, q)));
    }
    s.push_str(r#match);
    if let Some(a) = &fk.on_delete {
        s.push_str(&format!(" ON DELETE {a}"));
    }
    if let Some(a) = &fk.on_update {
        s.push_str(&format!(" ON UPDATE {a}"));
    }
    s
}

/// `CREATE [UNIQUE] INDEX name ON table [USING method] (parts) [attrs]
/// [WHERE predicate]`; `part` writes one key part (expressions are kept as
/// they are), `attrs` what the dialect keeps of its own (PostgreSQL's
/// `INCLUDE`), or nothing. The method is PostgreSQL's spelling: MariaDB
/// writes its index kinds itself, SQLite has none.
pub(crate) fn create_index(
    table: &str,
    i: &Index,
    q: Quote,
    object: Quote,
    part: &dyn Fn(&str) -> String,
    attrs: &str,
) -> String {
    let using = i
        .method
        .as_ref()
        .map(|m| format!(" USING {m}"))
        .unwrap_or_default();
    let mut s = format!(
        "CREATE {}INDEX {} ON {}{using} ({})",
        if i.unique { "UNIQUE " } else { "" },
        q(&i.name),
        object(table),
        index_parts(i, part)
    );
    s.push_str(attrs);
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

/// An index's key parts, each written by `part`, comma-separated.
pub(crate) fn index_parts(i: &Index, part: &dyn Fn(&str) -> String) -> String {
    i.columns
        .iter()
        .map(|p| part(p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `CREATE VIEW v [(a, b)] AS …`.
pub(crate) fn create_view(v: &View, q: Quote, object: Quote) -> String {
    let columns = if v.columns.is_empty() {
        String::new()
    } else {
        format!(" ({})", cols(&v.columns, q))
    };
    format!(
        "CREATE VIEW {}{columns} AS {}",
        object(&v.name),
        v.definition
    )
}

/// A comment for a change this dialect has no such object for (enum types
/// and sequences outside PostgreSQL, triggers and virtual tables outside
/// SQLite): introspection there does not produce one.
pub(crate) fn not_on_this_dialect(what: &str) -> String {
    format!("-- not supported on this database: {what}\n")
}

/// `ALTER TABLE … ADD COLUMN` for the columns a table change adds, each
/// regenerated column (see [`ModifyTable::regenerated_columns`]) dropped
/// first and added again.
pub(crate) fn add_columns(
    out: &mut String,
    m: &ModifyTable,
    q: Quote,
    object: Quote,
    column_def: &dyn Fn(&Column) -> String,
) {
    let t = object(&m.to.name);
    for c in m.regenerated_columns() {
        let _ = writeln!(out, "ALTER TABLE {t} DROP COLUMN {};", q(&c.name));
    }
    for (old, c) in m.new_or_modified_columns() {
        if old.is_none() || m.is_regenerated(&c.name) {
            let _ = writeln!(out, "ALTER TABLE {t} ADD COLUMN {};", column_def(c));
        }
    }
}

//! SQL fragments every renderer writes the same way, up to identifier
//! quoting: column lists, `REFERENCES` clauses, `CREATE INDEX`, `CREATE VIEW`.

use std::fmt::Write as _;

use crate::schema::{Column, ForeignKey, Index, Table, View};

/// A dialect's identifier quoting.
pub(crate) type Quote = fn(&str) -> String;

/// `a, b, c`, each quoted.
pub(crate) fn cols(list: &[String], q: Quote) -> String {
    list.iter().map(|c| q(c)).collect::<Vec<_>>().join(", ")
}

/// `REFERENCES t (a, b) ON DELETE … ON UPDATE …`.
pub(crate) fn references(fk: &ForeignKey, q: Quote) -> String {
    let mut s = format!("REFERENCES {}", q(&fk.ref_table));
    if !fk.ref_columns.is_empty() {
        s.push_str(&format!(" ({})", cols(&fk.ref_columns, q)));
    }
    if let Some(a) = &fk.on_delete {
        s.push_str(&format!(" ON DELETE {a}"));
    }
    if let Some(a) = &fk.on_update {
        s.push_str(&format!(" ON UPDATE {a}"));
    }
    s
}

/// `CREATE [UNIQUE] INDEX name ON table (parts) [WHERE predicate]`; `part`
/// writes one key part (expressions are kept as they are).
pub(crate) fn create_index(
    table: &str,
    i: &Index,
    q: Quote,
    part: &dyn Fn(&str) -> String,
) -> String {
    let mut s = format!(
        "CREATE {}INDEX {} ON {} ({})",
        if i.unique { "UNIQUE " } else { "" },
        q(&i.name),
        q(table),
        i.columns
            .iter()
            .map(|p| part(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

/// `CREATE VIEW v [(a, b)] AS …`.
pub(crate) fn create_view(v: &View, q: Quote) -> String {
    let columns = if v.columns.is_empty() {
        String::new()
    } else {
        format!(" ({})", cols(&v.columns, q))
    };
    format!("CREATE VIEW {}{columns} AS {}", q(&v.name), v.definition)
}

/// A comment for a change this dialect has no such object for (enum types
/// and sequences outside PostgreSQL, triggers outside SQLite): introspection
/// there does not produce one.
pub(crate) fn not_on_this_dialect(what: &str) -> String {
    format!("-- not supported on this database: {what}\n")
}

/// Whether `c` is a generated column whose expression or kind changes from
/// `from`: no database here alters that in place, so it is dropped and
/// added again (nothing is lost, its values are computed).
pub(crate) fn regenerated(from: &Table, c: &Column) -> bool {
    from.column(&c.name)
        .is_some_and(|o| o.generated != c.generated)
}

/// `ALTER TABLE … ADD COLUMN` for the columns `to` adds, each regenerated
/// column dropped first.
pub(crate) fn add_columns(
    out: &mut String,
    from: &Table,
    to: &Table,
    q: Quote,
    column_def: &dyn Fn(&Column) -> String,
) {
    let t = q(&to.name);
    for c in to.columns.iter().filter(|c| regenerated(from, c)) {
        let _ = writeln!(out, "ALTER TABLE {t} DROP COLUMN {};", q(&c.name));
    }
    for c in to
        .columns
        .iter()
        .filter(|c| from.column(&c.name).is_none() || regenerated(from, c))
    {
        let _ = writeln!(out, "ALTER TABLE {t} ADD COLUMN {};", column_def(c));
    }
}

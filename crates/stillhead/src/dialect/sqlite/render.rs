//! Changes rendered as SQLite SQL. What `ALTER TABLE` cannot do (change a
//! column, a key, a foreign key or a check; add a UNIQUE or NOT NULL column
//! without a constant default; drop a keyed column) becomes a table rebuild
//! in the order SQLite documents: new table, copy, drop, rename, indexes;
//! the diff drops the views and triggers in the way before and creates them
//! again after.
//! stillhead runs migrations with foreign keys off and checks them before
//! commit, so no PRAGMA is written here.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::attrs::{self, Clause};
use super::SQL;
use crate::autogen::{mentions, sql as fragments, Change, ModifyTable};
use crate::dialect::sql::SqlText;
use crate::schema::parse::part_column;
use crate::schema::{Column, ForeignKey, Index, Name, Schema, Table};

/// Renders `changes`, whose result is `target`.
pub(crate) fn render(changes: &[Change], target: &Schema) -> String {
    let mut out = String::new();
    let mut rebuilt = BTreeSet::new();
    for change in changes {
        if let Some(w) = change.warning() {
            let _ = writeln!(out, "-- WARNING: {w}");
        }
        // Another database's trigger or routine is its SQL: not this one's.
        if change
            .code_dialect()
            .is_some_and(|d| d != crate::Dialect::Sqlite)
        {
            out.push_str(&fragments::not_on_this_dialect(&change.describe()));
            continue;
        }
        match change {
            Change::CreateTable { table } => {
                let _ = writeln!(out, "{};", create_table(table, &table.name));
                for index in table.indexes.values() {
                    let _ = writeln!(out, "{};", create_index(&table.name, Some(table), index));
                }
            }
            Change::DropTable { table } => {
                let _ = writeln!(out, "DROP TABLE {};", q(&table.name));
            }
            Change::ModifyTable(m) if in_place(m, target) => {
                let t = q(&m.to.name);
                for c in m.dropped_columns() {
                    let _ = writeln!(out, "ALTER TABLE {t} DROP COLUMN {};", q(&c.name));
                }
                for c in m.added_columns() {
                    let mut def = column_def(&m.to, c);
                    if let Some(fk) = m
                        .added_foreign_keys()
                        .find(|fk| fk.columns == [c.name.clone()])
                    {
                        def.push_str(&format!(
                            " {}{}",
                            named_constraint(&fk.name),
                            references(fk)
                        ));
                    }
                    let _ = writeln!(out, "ALTER TABLE {t} ADD COLUMN {def};");
                }
            }
            Change::ModifyTable(m) => {
                rebuild(&mut out, &m.from, &m.to, &m.describe());
                rebuilt.insert(m.to.name.clone());
            }
            Change::CreateIndex { table, index } => {
                if !rebuilt.contains(table) {
                    let t = target.tables.get(table);
                    let _ = writeln!(out, "{};", create_index(table, t, index));
                }
            }
            Change::DropIndex { index, .. } => {
                let _ = writeln!(out, "DROP INDEX {};", q(&index.name));
            }
            // SQLite renames no index: dropped and created again, unless
            // its table was rebuilt with it under the new name.
            Change::RenameIndex { table, index, to } => {
                if !rebuilt.contains(table) {
                    let _ = writeln!(out, "DROP INDEX {};", q(&index.name));
                    let renamed = Index {
                        name: to.clone(),
                        ..index.clone()
                    };
                    let t = target.tables.get(table);
                    let _ = writeln!(out, "{};", create_index(table, t, &renamed));
                }
            }
            // A materialized view or a view's options are PostgreSQL's
            // alone: refused loudly should one ever reach this renderer.
            Change::CreateView { view } | Change::DropView { view }
                if view.materialized.is_some() || !view.attrs.is_empty() =>
            {
                out.push_str(&fragments::not_on_this_dialect(&change.describe()));
            }
            Change::CreateView { view } => {
                let _ = writeln!(out, "{};", fragments::create_view(view, q, q));
            }
            Change::DropView { view } => {
                let _ = writeln!(out, "DROP VIEW {};", q(&view.name));
            }
            Change::CreateTrigger { trigger } => {
                let _ = writeln!(out, "{};", trigger.sql);
            }
            Change::DropTrigger { trigger } => {
                let _ = writeln!(out, "DROP TRIGGER {};", q(&trigger.name));
            }
            // SQLite keeps the statement as written; it is the model too.
            Change::CreateVirtualTable { table } => {
                let _ = writeln!(out, "{};", table.sql);
            }
            // Dropping a virtual table drops its shadow tables with it.
            Change::DropVirtualTable { table } => {
                let _ = writeln!(out, "DROP TABLE {};", q(&table.name));
            }
            other @ (Change::CreateEnum { .. }
            | Change::DropEnum { .. }
            | Change::AlterEnum { .. }
            | Change::CreateType { .. }
            | Change::DropType { .. }
            | Change::AlterType { .. }
            | Change::ReplaceType { .. }
            | Change::CreateSequence { .. }
            | Change::DropSequence { .. }
            | Change::AlterSequence { .. }
            | Change::CreateExtension { .. }
            | Change::MoveExtension { .. }
            | Change::DropExtension { .. }
            | Change::CreateNamespace { .. }
            | Change::DropNamespace { .. }
            | Change::AlterView { .. }
            | Change::AlterIndex { .. }
            | Change::AlterTrigger { .. }
            | Change::CreateRoutine { .. }
            | Change::ReplaceRoutine { .. }
            | Change::DropRoutine { .. }
            | Change::CreatePolicy { .. }
            | Change::DropPolicy { .. }
            | Change::AlterPolicy { .. }
            | Change::SetComment { .. }
            | Change::Grant { .. }
            | Change::Revoke { .. }) => {
                out.push_str(&fragments::not_on_this_dialect(&other.describe()));
            }
        }
    }
    if out.is_empty() {
        out.push_str("-- no changes\n");
    }
    out
}

/// Quotes an identifier only when it needs it.
fn q(name: &str) -> String {
    SQL.ident(name)
}

/// A default as SQLite accepts it: literals and keywords bare, expressions in parentheses.
fn default_sql(d: &str) -> String {
    let literal = d.starts_with('\'')
        || d.parse::<f64>().is_ok()
        || matches!(
            d.to_ascii_uppercase().as_str(),
            "NULL" | "TRUE" | "FALSE" | "CURRENT_TIMESTAMP" | "CURRENT_DATE" | "CURRENT_TIME"
        );
    if literal {
        d.to_string()
    } else {
        format!("({d})")
    }
}

fn column_def(table: &Table, c: &Column) -> String {
    let mut s = format!("{} {}", q(&c.name), c.ty);
    let named = |clause| clause_named(c, clause);
    let collation = attrs::collation(c);
    // A named `COLLATE BINARY` is written back: the name is in the text.
    if collation.is_some() || attrs::clause_name(c, Clause::Collate).is_some() {
        let collation = q(collation.unwrap_or("BINARY"));
        s.push_str(&format!(" {}COLLATE {collation}", named(Clause::Collate)));
    }
    if let Some(g) = &c.generated {
        let how = if g.stored { "STORED" } else { "VIRTUAL" };
        let expr = &g.expr;
        let generated = named(Clause::Generated);
        s.push_str(&format!(" {generated}GENERATED ALWAYS AS ({expr}) {how}"));
        s.push_str(&nullability(c));
        return s;
    }
    if let Some(desc) = key_on_column(table, c) {
        let conflict = attrs::key_conflict(&table.primary_key_attrs);
        let name = named_constraint(&table.primary_key_name);
        s.push_str(&format!(" {name}PRIMARY KEY{desc}{conflict}"));
        if c.autoincrement {
            s.push_str(" AUTOINCREMENT");
        }
    }
    // A key does not imply NOT NULL on SQLite (schema/parse.rs): written as declared.
    s.push_str(&nullability(c));
    if let Some(d) = &c.default {
        let default = default_sql(d);
        s.push_str(&format!(" {}DEFAULT {default}", named(Clause::Default)));
    }
    s
}

/// `CONSTRAINT name ` before the column's `clause`, where one was written.
fn clause_named(c: &Column, clause: Clause) -> String {
    attrs::clause_name(c, clause)
        .map(|n| format!("CONSTRAINT {} ", q(n)))
        .unwrap_or_default()
}

/// ` NOT NULL` for a column that is, and a `NULL` the schema wrote with a
/// name or a conflict clause, each with its own.
fn nullability(c: &Column) -> String {
    let clause = |clause| {
        let conflict = attrs::clause_conflict(c, clause)
            .map(|k| format!(" ON CONFLICT {k}"))
            .unwrap_or_default();
        format!(" {}{clause}{conflict}", clause_named(c, clause))
    };
    let null_written = attrs::clause_name(c, Clause::Null).is_some()
        || attrs::clause_conflict(c, Clause::Null).is_some();
    let mut s = String::new();
    if null_written {
        s.push_str(&clause(Clause::Null));
    }
    if !c.nullable {
        s.push_str(&clause(Clause::NotNull));
    }
    s
}

/// The order written after `PRIMARY KEY` on column `c` (`""`, or `" DESC"`
/// where the key is `DescNotRowid`), or `None` when the key is not
/// written on `c`. A key of one plain part is; any other is the table's
/// `PRIMARY KEY (…)`, where `id DESC` on an `INTEGER` column stays the
/// rowid as it was read.
fn key_on_column(t: &Table, c: &Column) -> Option<&'static str> {
    match t.primary_key.as_slice() {
        [k] if *k == c.name => Some(""),
        [k] if attrs::desc_not_rowid(t) && *k == format!("{} DESC", c.name) => Some(" DESC"),
        _ => None,
    }
}

/// A key or index part as SQLite reads it: a column of `t` (whose names
/// SQLite matches without regard to case) quoted where it needs it, with
/// its collation and order; an expression as it is.
fn part(t: Option<&Table>, p: &str) -> String {
    let column = part_column(p);
    let is_column = t.is_some_and(|t| {
        t.columns
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(column))
    });
    if !is_column {
        return p.to_string();
    }
    let desc = if p.ends_with(" DESC") { " DESC" } else { "" };
    let body = p.strip_suffix(" DESC").unwrap_or(p);
    let collate = body
        .split_once(" COLLATE ")
        .map(|(_, k)| format!(" COLLATE {}", q(k)))
        .unwrap_or_default();
    format!("{}{collate}{desc}", q(column))
}

/// A key's parts, comma-separated.
fn parts(t: &Table, list: &[String]) -> String {
    let written: Vec<String> = list.iter().map(|p| part(Some(t), p)).collect();
    written.join(", ")
}

/// Whether one of `list`'s parts is on column `name`.
fn keyed_by(list: &[String], name: &str) -> bool {
    list.iter().any(|p| part_column(p) == name)
}

/// `CONSTRAINT name ` where the schema wrote one: SQLite keeps it only in
/// the table's text.
fn named_constraint(name: &Name) -> String {
    fragments::named(name, q)
}

/// `REFERENCES …`, with its `MATCH`, deferred to commit where the key is.
fn references(fk: &ForeignKey) -> String {
    // As read: SQLite takes any name there (FULL, a keyword, too).
    let r#match = attrs::match_name(fk)
        .map(|m| format!(" MATCH {m}"))
        .unwrap_or_default();
    let mut s = fragments::references(fk, q, q, &r#match);
    if attrs::deferred(fk) {
        s.push_str(" DEFERRABLE INITIALLY DEFERRED");
    }
    s
}

fn cols(list: &[String]) -> String {
    fragments::cols(list, q)
}

fn create_table(t: &Table, name: &str) -> String {
    let mut lines: Vec<String> = t.columns.iter().map(|c| column_def(t, c)).collect();
    let on_a_column = t.columns.iter().any(|c| key_on_column(t, c).is_some());
    if !t.primary_key.is_empty() && !on_a_column {
        lines.push(format!(
            "{}PRIMARY KEY ({}){}",
            named_constraint(&t.primary_key_name),
            parts(t, &t.primary_key),
            attrs::key_conflict(&t.primary_key_attrs)
        ));
    }
    for u in &t.uniques {
        lines.push(format!(
            "{}UNIQUE ({}){}",
            named_constraint(&u.name),
            parts(t, &u.columns),
            attrs::key_conflict(&u.attrs)
        ));
    }
    for fk in &t.foreign_keys {
        lines.push(format!(
            "{}FOREIGN KEY ({}) {}",
            named_constraint(&fk.name),
            cols(&fk.columns),
            references(fk)
        ));
    }
    for c in &t.checks {
        lines.push(format!("{}CHECK ({})", named_constraint(&c.name), c.expr));
    }
    let options = attrs::table_options(t);
    let options = if options.is_empty() {
        options
    } else {
        format!(" {options}")
    };
    format!(
        "CREATE TABLE {} (\n    {}\n){options}",
        q(name),
        lines.join(",\n    ")
    )
}

/// `CREATE INDEX` on `table`, whose columns `t` has (where it is known).
fn create_index(table: &str, t: Option<&Table>, i: &Index) -> String {
    fragments::create_index(table, i, q, q, &|p| part(t, p), "")
}

/// Whether SQLite can make a table change with `ALTER TABLE … ADD COLUMN`
/// and `DROP COLUMN` alone: only columns come and go, each one it can add
/// or drop in place, a new foreign key written in its new column.
fn in_place(m: &ModifyTable, target: &Schema) -> bool {
    m.only_adds_and_drops_columns()
        && m.dropped_columns().all(|c| can_drop(&m.from, c, target))
        && m.added_columns().all(|c| can_add(&m.to, c))
        && m.added_foreign_keys()
            .all(|fk| fk.columns.len() == 1 && m.added_columns().any(|c| c.name == fk.columns[0]))
}

fn can_add(t: &Table, c: &Column) -> bool {
    let in_key = keyed_by(&t.primary_key, &c.name)
        || t.uniques.iter().any(|u| keyed_by(&u.columns, &c.name));
    let default_ok = match &c.default {
        None => c.nullable,
        Some(d) => {
            let upper = d.to_ascii_uppercase();
            !upper.starts_with("CURRENT_") && default_sql(d) == *d
        }
    };
    let fk_ok = !t.foreign_keys.iter().any(|fk| fk.columns.contains(&c.name))
        || c.default
            .as_deref()
            .is_none_or(|d| d.eq_ignore_ascii_case("NULL"));
    let check_ok = !t.checks.iter().any(|ck| mentions(&ck.expr, &c.name));
    // SQLite adds VIRTUAL generated columns in place, never STORED ones.
    let generated_ok = c.generated.as_ref().is_none_or(|g| !g.stored);
    !in_key && default_ok && fk_ok && check_ok && generated_ok
}

fn can_drop(t: &Table, c: &Column, target: &Schema) -> bool {
    let keyed = keyed_by(&t.primary_key, &c.name)
        || t.uniques.iter().any(|u| keyed_by(&u.columns, &c.name))
        || t.foreign_keys.iter().any(|fk| fk.columns.contains(&c.name))
        || t.checks.iter().any(|ck| mentions(&ck.expr, &c.name));
    let referenced = target.tables.values().any(|other| {
        other
            .foreign_keys
            .iter()
            .any(|fk| fk.ref_table == t.name && fk.ref_columns.contains(&c.name))
    });
    !keyed && !referenced
}

fn rebuild(out: &mut String, from: &Table, to: &Table, why: &str) {
    let temp = format!("_stillhead_new_{}", to.name);
    // Generated columns are computed by the new table, never copied.
    let kept: Vec<&Column> = to
        .columns
        .iter()
        .filter(|c| c.generated.is_none())
        .filter(|c| from.column(&c.name).is_some_and(|o| o.generated.is_none()))
        .collect();
    let common: Vec<String> = kept.iter().map(|c| q(&c.name)).collect();
    // A column that becomes NOT NULL takes its default where rows hold NULL.
    let select: Vec<String> = kept
        .iter()
        .map(|c| match (&c.default, from.column(&c.name)) {
            (Some(d), Some(old)) if !c.nullable && old.nullable => {
                format!("coalesce({}, {})", q(&c.name), default_sql(d))
            }
            _ => q(&c.name),
        })
        .collect();
    let _ = writeln!(
        out,
        "-- Rebuild {}: SQLite cannot ALTER this in place ({why}).",
        to.name
    );
    for c in &to.columns {
        if from.column(&c.name).is_none() && !c.nullable && c.default.is_none() {
            let _ = writeln!(out, "-- WARNING: new column {}.{} is NOT NULL without a default: existing rows need a value in the INSERT below", to.name, c.name);
        }
    }
    let _ = writeln!(out, "{};", create_table(to, &temp));
    let _ = writeln!(
        out,
        "INSERT INTO {} ({}) SELECT {} FROM {};",
        q(&temp),
        common.join(", "),
        select.join(", "),
        q(&from.name)
    );
    let _ = writeln!(out, "DROP TABLE {};", q(&from.name));
    let _ = writeln!(out, "ALTER TABLE {} RENAME TO {};", q(&temp), q(&to.name));
    for index in to.indexes.values() {
        let _ = writeln!(out, "{};", create_index(&to.name, Some(to), index));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::parse::parse_schema;
    use crate::script::Dialect;

    /// Each table as a rebuild writes it, with its indexes.
    fn written(schema: &Schema) -> String {
        let mut out = String::new();
        for t in schema.tables.values() {
            let _ = writeln!(out, "{};", create_table(t, &t.name));
            for i in t.indexes.values() {
                let _ = writeln!(out, "{};", create_index(&t.name, Some(t), i));
            }
        }
        out
    }

    #[test]
    fn what_the_model_keeps_of_a_table_is_written_back() {
        let sql = "CREATE TABLE a (id INTEGER CONSTRAINT a_pk PRIMARY KEY DESC ON CONFLICT FAIL, \
             email TEXT CONSTRAINT a_coll COLLATE NOCASE CONSTRAINT a_nn NOT NULL ON CONFLICT IGNORE \
             UNIQUE ON CONFLICT REPLACE, note TEXT CONSTRAINT a_null NULL ON CONFLICT ROLLBACK \
             CONSTRAINT a_d DEFAULT 'x', plain TEXT CONSTRAINT a_bin COLLATE BINARY, \
             g INTEGER CONSTRAINT a_g AS (id + 1) NOT NULL, boss INTEGER REFERENCES a (id) MATCH FULL);
             CREATE TABLE b (\"my col\" TEXT, kind TEXT, n INTEGER, \
             CONSTRAINT b_pk PRIMARY KEY (\"my col\" COLLATE nocase DESC, kind) ON CONFLICT ABORT, \
             UNIQUE (kind COLLATE RTRIM, n DESC) ON CONFLICT IGNORE, \
             CONSTRAINT b_fk FOREIGN KEY (n) REFERENCES a (id) MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED);
             CREATE INDEX b_i ON b (\"my col\" DESC, kind COLLATE NOCASE, lower(kind));
             CREATE INDEX b_j ON b (\"MY COL\");
             CREATE TABLE c (id INTEGER, PRIMARY KEY (id DESC));";
        let schema = parse_schema(sql, Dialect::Sqlite, "s.sql").unwrap();
        let text = written(&schema);
        assert_eq!(
            parse_schema(&text, Dialect::Sqlite, "written").unwrap(),
            schema,
            "{text}"
        );
        // SQLite's quirk kept: DESC on an INTEGER column is not the rowid,
        // `PRIMARY KEY (id DESC)` is.
        for clause in [
            "id INTEGER CONSTRAINT a_pk PRIMARY KEY DESC ON CONFLICT FAIL",
            "PRIMARY KEY (id DESC)",
            "CONSTRAINT b_pk PRIMARY KEY (\"my col\" COLLATE NOCASE DESC, kind) ON CONFLICT ABORT",
            "UNIQUE (email) ON CONFLICT REPLACE",
            "REFERENCES a (id) MATCH FULL",
            "ON b (\"my col\" DESC, kind COLLATE NOCASE, lower(kind))",
            // SQLite matches a column's name without regard to case.
            "ON b (\"MY COL\")",
            "note TEXT CONSTRAINT a_null NULL ON CONFLICT ROLLBACK CONSTRAINT a_d DEFAULT 'x'",
        ] {
            assert!(text.contains(clause), "{clause} in {text}");
        }
    }
}

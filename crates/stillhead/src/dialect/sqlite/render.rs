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

use super::{attrs, SQL};
use crate::autogen::{mentions, sql as fragments, Change, ModifyTable};
use crate::dialect::sql::SqlText;
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
                    let _ = writeln!(out, "{};", create_index(&table.name, index));
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
                        def.push_str(&format!(" {}{}", named(&fk.name), references(fk)));
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
                    let _ = writeln!(out, "{};", create_index(table, index));
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
                    let _ = writeln!(out, "{};", create_index(table, &renamed));
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
    if let Some(collation) = attrs::collation(c) {
        s.push_str(&format!(" COLLATE {}", q(collation)));
    }
    if let Some(g) = &c.generated {
        let how = if g.stored { "STORED" } else { "VIRTUAL" };
        s.push_str(&format!(" GENERATED ALWAYS AS ({}) {how}", g.expr));
        if !c.nullable {
            s.push_str(" NOT NULL");
        }
        return s;
    }
    let single_pk = table.primary_key.len() == 1 && table.primary_key[0] == c.name;
    if single_pk {
        s.push_str(&format!(" {}PRIMARY KEY", named(&table.primary_key_name)));
        if c.autoincrement {
            s.push_str(" AUTOINCREMENT");
        }
    }
    // A key does not imply NOT NULL on SQLite (schema/parse.rs): written as declared.
    if !c.nullable {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {}", default_sql(d)));
    }
    s
}

/// `CONSTRAINT name ` where the schema wrote one: SQLite keeps it only in
/// the table's text.
fn named(name: &Name) -> String {
    fragments::named(name, q)
}

/// `REFERENCES …`, deferred to commit where the key is.
fn references(fk: &ForeignKey) -> String {
    let mut s = fragments::references(fk, q, q, "");
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
    if t.primary_key.len() > 1 {
        lines.push(format!(
            "{}PRIMARY KEY ({})",
            named(&t.primary_key_name),
            cols(&t.primary_key)
        ));
    }
    for u in &t.uniques {
        lines.push(format!("{}UNIQUE ({})", named(&u.name), cols(&u.columns)));
    }
    for fk in &t.foreign_keys {
        lines.push(format!(
            "{}FOREIGN KEY ({}) {}",
            named(&fk.name),
            cols(&fk.columns),
            references(fk)
        ));
    }
    for c in &t.checks {
        lines.push(format!("{}CHECK ({})", named(&c.name), c.expr));
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

fn create_index(table: &str, i: &Index) -> String {
    fragments::create_index(table, i, q, q, &|p| p.to_string(), "")
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
    let in_key =
        t.primary_key.contains(&c.name) || t.uniques.iter().any(|u| u.columns.contains(&c.name));
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
    let keyed = t.primary_key.contains(&c.name)
        || t.uniques.iter().any(|u| u.columns.contains(&c.name))
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
        let _ = writeln!(out, "{};", create_index(&to.name, index));
    }
}

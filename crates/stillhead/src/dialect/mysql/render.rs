//! Changes rendered as MariaDB/MySQL SQL. DDL commits implicitly there, so
//! each statement stands alone; constraints are dropped by their catalog
//! names (`DROP FOREIGN KEY`, `DROP CONSTRAINT`, `DROP INDEX`).

use std::fmt::Write as _;

use super::SQL;
use crate::autogen::{sql as fragments, Change, ModifyTable};
use crate::dialect::sql::SqlText;
use crate::schema::{constraint_key, type_sql, Column, ForeignKey, Index, Table};

/// A string literal.
fn lit(value: &str) -> String {
    SQL.literal(value)
}

fn q(name: &str) -> String {
    SQL.ident(name)
}

fn cols(list: &[String]) -> String {
    fragments::cols(list, q)
}

fn column_def(c: &Column) -> String {
    let mut s = format!("{} {}", q(&c.name), type_sql(&c.ty));
    if let Some(g) = &c.generated {
        // A generated column takes neither NULL nor a default.
        let how = if g.stored { "STORED" } else { "VIRTUAL" };
        s.push_str(&format!(" GENERATED ALWAYS AS ({}) {how}", g.expr));
    } else {
        s.push_str(if c.nullable { " NULL" } else { " NOT NULL" });
        if let Some(d) = &c.default {
            s.push_str(&format!(" DEFAULT {d}"));
        }
        if let Some(u) = &c.on_update {
            s.push_str(&format!(" ON UPDATE {u}"));
        }
        if c.autoincrement {
            s.push_str(" AUTO_INCREMENT");
        }
    }
    if let Some(comment) = &c.comment {
        s.push_str(&format!(" COMMENT {}", lit(comment)));
    }
    s
}

fn references(fk: &ForeignKey) -> String {
    fragments::references(fk, q)
}

/// Index parts as MariaDB writes them: `col`, `col(10)`, `col DESC`.
fn part(p: &str) -> String {
    let (body, desc) = match p.strip_suffix(" DESC") {
        Some(b) => (b, " DESC"),
        None => (p, ""),
    };
    match body.split_once('(') {
        Some((name, len)) if len.ends_with(')') && len[..len.len() - 1].parse::<u32>().is_ok() => {
            format!("{}({len}{desc}", q(name))
        }
        _ => format!("{}{desc}", q(body)),
    }
}

/// `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON table (parts) [USING
/// HASH]`; a predicate is kept as written (MariaDB has no partial indexes,
/// so introspection never produces one).
fn create_index(table: &str, i: &Index) -> String {
    let mut s = format!(
        "CREATE {}INDEX {} ON {} ({}){}",
        index_kind(i),
        q(&i.name),
        q(table),
        fragments::index_parts(i, &part),
        index_using(i)
    );
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

/// The `KEY` line of an index inside `CREATE TABLE`.
fn key_def(i: &Index) -> String {
    format!(
        "{}KEY {} ({}){}",
        index_kind(i),
        q(&i.name),
        fragments::index_parts(i, &part),
        index_using(i)
    )
}

/// The word before `INDEX`/`KEY`: FULLTEXT and SPATIAL are kinds of index
/// of their own there, not a `USING` method (and are never unique).
fn index_kind(i: &Index) -> &'static str {
    match i.method.as_deref() {
        Some("FULLTEXT") => "FULLTEXT ",
        Some("SPATIAL") => "SPATIAL ",
        _ if i.unique => "UNIQUE ",
        _ => "",
    }
}

/// ` USING HASH` (or another method) after the key parts; empty for the
/// B-tree default and for the kinds [`index_kind`] writes.
fn index_using(i: &Index) -> String {
    match i.method.as_deref() {
        None | Some("FULLTEXT" | "SPATIAL") => String::new(),
        Some(m) => format!(" USING {m}"),
    }
}

fn create_table(t: &Table) -> String {
    let mut lines: Vec<String> = t.columns.iter().map(column_def).collect();
    if !t.primary_key.is_empty() {
        lines.push(format!("PRIMARY KEY ({})", cols(&t.primary_key)));
    }
    for u in &t.uniques {
        lines.push(format!(
            "{}UNIQUE ({})",
            constraint_name(t, "unique", &u.join(",")),
            cols(u)
        ));
    }
    for index in t.indexes.values() {
        lines.push(key_def(index));
    }
    for fk in &t.foreign_keys {
        lines.push(format!(
            "{}FOREIGN KEY ({}) {}",
            constraint_name(t, "fk", &fk.to_string()),
            cols(&fk.columns),
            references(fk)
        ));
    }
    for c in &t.checks {
        lines.push(format!("{}CHECK ({c})", constraint_name(t, "check", c)));
    }
    let comment = t
        .comment
        .as_deref()
        .map(|c| format!(" COMMENT={}", lit(c)))
        .unwrap_or_default();
    format!(
        "CREATE TABLE {} (\n    {}\n) ENGINE=InnoDB{comment}",
        q(&t.name),
        lines.join(",\n    ")
    )
}

/// Drops a foreign key and the index InnoDB created for it (which outlives
/// the key), unless the target schema keeps an index of that name.
fn drop_fk(out: &mut String, from: &Table, to: Option<&Table>, fk: &ForeignKey) {
    let key = constraint_key("fk", &fk.to_string());
    named(out, from, &key, "a foreign key", "DROP FOREIGN KEY");
    let mut candidates: Vec<&String> = from.constraint_names.get(&key).into_iter().collect();
    candidates.extend(fk.columns.first());
    for name in candidates {
        let kept = to.is_some_and(|t| t.indexes.contains_key(name));
        if !kept && !from.indexes.contains_key(name) {
            let _ = writeln!(
                out,
                "ALTER TABLE {} DROP INDEX IF EXISTS {};",
                q(&from.name),
                q(name)
            );
        }
    }
}

/// `CONSTRAINT name ` with the name the declared schema gave a constraint,
/// so that a later downgrade can drop it by that name; empty if unknown.
fn constraint_name(t: &Table, kind: &str, body: &str) -> String {
    t.constraint_names
        .get(&constraint_key(kind, body))
        .map(|n| format!("CONSTRAINT {} ", q(n.strip_prefix("column:").unwrap_or(n))))
        .unwrap_or_default()
}

fn named(out: &mut String, t: &Table, key: &str, what: &str, stmt: &str) {
    match t.constraint_names.get(key) {
        Some(name) => {
            let _ = writeln!(out, "ALTER TABLE {} {stmt} {};", q(&t.name), q(name));
        }
        None => {
            let _ = writeln!(
                out,
                "-- TODO: drop {what} on {} (its name is not known)",
                t.name
            );
        }
    }
}

/// Renders `changes` as MariaDB/MySQL statements.
pub(crate) fn render(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        if let Some(w) = change.warning() {
            let _ = writeln!(out, "-- WARNING: {w}");
        }
        match change {
            Change::CreateTable { table } => {
                let _ = writeln!(out, "{};", create_table(table));
            }
            Change::DropTable { table } => {
                let _ = writeln!(out, "DROP TABLE {};", q(&table.name));
            }
            Change::AddColumn { table, column } => {
                let _ = writeln!(
                    out,
                    "ALTER TABLE {} ADD COLUMN {};",
                    q(&table.name),
                    column_def(column)
                );
                for fk in table
                    .foreign_keys
                    .iter()
                    .filter(|fk| fk.columns == [column.name.clone()])
                {
                    let _ = writeln!(
                        out,
                        "ALTER TABLE {} ADD {}FOREIGN KEY ({}) {};",
                        q(&table.name),
                        constraint_name(table, "fk", &fk.to_string()),
                        cols(&fk.columns),
                        references(fk)
                    );
                }
            }
            Change::DropColumn { table, column } => {
                for fk in table
                    .foreign_keys
                    .iter()
                    .filter(|fk| fk.columns.contains(&column.name))
                {
                    named(
                        &mut out,
                        table,
                        &constraint_key("fk", &fk.to_string()),
                        "a foreign key",
                        "DROP FOREIGN KEY",
                    );
                }
                let _ = writeln!(
                    out,
                    "ALTER TABLE {} DROP COLUMN {};",
                    q(&table.name),
                    q(&column.name)
                );
            }
            Change::ModifyTable(m) => alter(&mut out, m),
            Change::CreateIndex { table, index } => {
                let _ = writeln!(out, "{};", create_index(table, index));
            }
            Change::DropIndex { table, index } => {
                let _ = writeln!(out, "DROP INDEX {} ON {};", q(&index.name), q(table));
            }
            Change::CreateView { view } => {
                let _ = writeln!(out, "{};", fragments::create_view(view, q));
            }
            Change::DropView { view } => {
                let _ = writeln!(out, "DROP VIEW {};", q(&view.name));
            }
            other @ (Change::CreateTrigger { .. }
            | Change::DropTrigger { .. }
            | Change::CreateVirtualTable { .. }
            | Change::DropVirtualTable { .. }
            | Change::CreateEnum { .. }
            | Change::DropEnum { .. }
            | Change::AlterEnum { .. }
            | Change::CreateSequence { .. }
            | Change::DropSequence { .. }
            | Change::AlterSequence { .. }
            | Change::CreateExtension { .. }
            | Change::DropExtension { .. }) => {
                out.push_str(&fragments::not_on_this_dialect(&other.describe()));
            }
        }
    }
    if out.is_empty() {
        out.push_str("-- no changes\n");
    }
    out
}

fn alter(out: &mut String, m: &ModifyTable) {
    let (from, to) = (&m.from, &m.to);
    let t = q(&to.name);
    let pk = m.primary_key_change();
    for fk in m.dropped_foreign_keys() {
        drop_fk(out, from, Some(to), fk);
    }
    for c in m.dropped_checks() {
        let key = constraint_key("check", c);
        match from
            .constraint_names
            .get(&key)
            .and_then(|n| n.strip_prefix("column:"))
        {
            // A column-level check goes by re-declaring its column without
            // it; one this tool added is table-level under the same name.
            Some(col) => {
                let _ = writeln!(out, "ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {};", q(col));
                if let Some(column) = to.column(col) {
                    let _ = writeln!(out, "ALTER TABLE {t} MODIFY COLUMN {};", column_def(column));
                }
            }
            None => named(out, from, &key, "a check constraint", "DROP CONSTRAINT"),
        }
    }
    for u in m.dropped_uniques() {
        named(
            out,
            from,
            &constraint_key("unique", &u.join(",")),
            "a unique key",
            "DROP INDEX",
        );
    }
    if pk.is_some_and(|(old, _)| !old.is_empty()) {
        let _ = writeln!(out, "ALTER TABLE {t} DROP PRIMARY KEY;");
    }
    for c in m.dropped_columns() {
        let _ = writeln!(out, "ALTER TABLE {t} DROP COLUMN {};", q(&c.name));
    }
    fragments::add_columns(out, m, q, &column_def);
    if m.comment_changes() {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} COMMENT = {};",
            lit(to.comment.as_deref().unwrap_or(""))
        );
    }
    for (old, new) in m.modified_columns() {
        if m.is_regenerated(&new.name) {
            continue;
        }
        if !new.nullable && old.nullable {
            if let Some(d) = &new.default {
                let _ = writeln!(
                    out,
                    "UPDATE {t} SET {} = {d} WHERE {} IS NULL;",
                    q(&new.name),
                    q(&new.name)
                );
            }
        }
        let _ = writeln!(out, "ALTER TABLE {t} MODIFY COLUMN {};", column_def(new));
    }
    if let Some((_, new_pk)) = pk.filter(|(_, new)| !new.is_empty()) {
        let _ = writeln!(out, "ALTER TABLE {t} ADD PRIMARY KEY ({});", cols(new_pk));
    }
    for u in m.added_uniques() {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ADD {}UNIQUE ({});",
            constraint_name(to, "unique", &u.join(",")),
            cols(u)
        );
    }
    for fk in m.added_foreign_keys() {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ADD {}FOREIGN KEY ({}) {};",
            constraint_name(to, "fk", &fk.to_string()),
            cols(&fk.columns),
            references(fk)
        );
    }
    for c in m.added_checks() {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ADD {}CHECK ({c});",
            constraint_name(to, "check", c)
        );
    }
}

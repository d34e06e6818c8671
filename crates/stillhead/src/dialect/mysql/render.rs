//! Changes rendered as MariaDB/MySQL SQL. DDL commits implicitly there, so
//! each statement stands alone; constraints are dropped by their catalog
//! names (`DROP FOREIGN KEY`, `DROP CONSTRAINT`, `DROP INDEX`).

use std::fmt::Write as _;

use super::{attrs, key_index, SQL};
use crate::autogen::{sql as fragments, Change, ModifyTable};
use crate::dialect::sql::SqlText;
use crate::schema::{
    type_sql, Check, Column, ConstraintKind, ForeignKey, Index, Name, Schema, Table,
};

/// A string literal.
fn lit(value: &str) -> String {
    SQL.literal(value)
}

/// An identifier, always in backticks.
pub(super) fn q(name: &str) -> String {
    SQL.ident(name)
}

fn cols(list: &[String]) -> String {
    fragments::cols(list, q)
}

fn column_def(c: &Column) -> String {
    let mut s = format!("{} {}", q(&c.name), type_sql(&c.ty));
    if attrs::compressed(c) {
        s.push_str(" COMPRESSED");
    }
    if let Some(collation) = attrs::collation(c) {
        let charset = attrs::charset_of(collation);
        s.push_str(&format!(" CHARACTER SET {charset} COLLATE {collation}"));
    }
    if let Some(g) = &c.generated {
        // A generated column takes neither NULL nor a default.
        let how = if g.stored { "STORED" } else { "VIRTUAL" };
        s.push_str(&format!(" GENERATED ALWAYS AS ({}) {how}", g.expr));
    } else {
        s.push_str(if c.nullable { " NULL" } else { " NOT NULL" });
        if let Some(d) = &c.default {
            s.push_str(&format!(" DEFAULT {d}"));
        }
        if let Some(u) = attrs::on_update(c) {
            s.push_str(&format!(" ON UPDATE {u}"));
        }
        if c.autoincrement {
            s.push_str(" AUTO_INCREMENT");
        }
    }
    if attrs::invisible(c) {
        s.push_str(" INVISIBLE");
    }
    if attrs::without_versioning(c) {
        s.push_str(" WITHOUT SYSTEM VERSIONING");
    }
    if let Some(comment) = &c.comment {
        s.push_str(&format!(" COMMENT {}", lit(comment)));
    }
    s
}

/// ` CHECK (…)` for each column-level check of `c` in `t`
/// ([`attrs::ConstraintAttr::OnColumn`]): MariaDB keeps those in the column's definition,
/// a `MODIFY COLUMN` without them drops them, and one written as a table
/// constraint would be another constraint (ARCHITECTURE.md "Declared
/// schemas").
fn column_checks(t: &Table, c: &Column) -> String {
    t.checks
        .iter()
        .filter(|k| attrs::on_column(k) && k.name.value == c.name)
        .map(|k| format!(" CHECK ({})", k.expr))
        .collect()
}

/// `CONSTRAINT name ` for every name known, the ones MariaDB made up too:
/// it numbers those (`t_ibfk_1`) in creation order, so a migration that
/// let it choose again could give two keys each other's names, and a
/// later drop by name would take the wrong one.
fn named(name: &Name) -> String {
    if name.value.is_empty() {
        String::new()
    } else {
        format!("CONSTRAINT {} ", q(&name.value))
    }
}

/// ` FIRST` or ` AFTER prev`: where `c` stands in `t`, so an added column
/// (a downgrade's, a restored one) takes its place again rather than the
/// end of the table; column order is what `SELECT *` and an `INSERT`
/// without a column list see.
fn position(t: &Table, c: &Column) -> String {
    match t.columns.iter().position(|x| x.name == c.name) {
        Some(0) => " FIRST".into(),
        Some(i) => format!(" AFTER {}", q(&t.columns[i - 1].name)),
        None => String::new(),
    }
}

/// Foreign keys kept in both tables whose index may be the unique or
/// primary key that changes: InnoDB refuses to drop a key a foreign key uses, and keeps the
/// index it made for a key that had none after a unique key comes; so such
/// a foreign key is dropped before and added again after (InnoDB then
/// makes its index only where no key serves it, as for a new table).
fn keys_over_changed_uniques(m: &ModifyTable) -> Vec<&ForeignKey> {
    let mut changed: Vec<&[String]> = m
        .dropped_uniques()
        .chain(m.added_uniques())
        .map(|u| u.columns.as_slice())
        .collect();
    // The primary key serves a foreign key on its first columns as well.
    if let Some((old, new)) = m.primary_key_change() {
        changed.extend([old, new]);
    }
    m.to.foreign_keys
        .iter()
        .filter(|fk| m.from.foreign_keys.contains(fk))
        .filter(|fk| !m.dropped_foreign_keys().any(|d| d == *fk))
        .filter(|fk| changed.iter().any(|u| u.starts_with(&fk.columns)))
        .collect()
}

fn references(fk: &ForeignKey) -> String {
    fragments::references(fk, q, q, "")
}

/// `FOREIGN KEY (cols) REFERENCES …`, after `ADD [CONSTRAINT name]`.
pub(super) fn foreign_key_clause(fk: &ForeignKey) -> String {
    format!("FOREIGN KEY ({}) {}", cols(&fk.columns), references(fk))
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
pub(super) fn create_index(table: &str, i: &Index) -> String {
    let mut s = format!(
        "CREATE {}INDEX {} ON {} ({}){}{}",
        index_kind(i),
        q(&i.name),
        q(table),
        fragments::index_parts(i, &part),
        index_using(i),
        attrs::index_options(&i.attrs)
    );
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

/// The `KEY` line of an index inside `CREATE TABLE` (and after `ADD`).
pub(super) fn key_def(i: &Index) -> String {
    format!(
        "{}KEY {} ({}){}{}",
        index_kind(i),
        q(&i.name),
        fragments::index_parts(i, &part),
        index_using(i),
        attrs::index_options(&i.attrs)
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
    let mut lines: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("{}{}", column_def(c), column_checks(t, c)))
        .collect();
    if !t.primary_key.is_empty() {
        lines.push(format!("PRIMARY KEY ({})", cols(&t.primary_key)));
    }
    for u in &t.uniques {
        lines.push(format!("{}UNIQUE ({})", named(&u.name), cols(&u.columns)));
    }
    for index in t.indexes.values() {
        lines.push(key_def(index));
    }
    for fk in &t.foreign_keys {
        lines.push(format!(
            "{}FOREIGN KEY ({}) {}",
            named(&fk.name),
            cols(&fk.columns),
            references(fk)
        ));
    }
    for c in t.checks.iter().filter(|c| !attrs::on_column(c)) {
        lines.push(format!("{}CHECK ({})", named(&c.name), c.expr));
    }
    let comment = t
        .comment
        .as_deref()
        .map(|c| format!(" COMMENT={}", lit(c)))
        .unwrap_or_default();
    let start = attrs::auto_increment_start(t)
        .map(|n| format!(" AUTO_INCREMENT={n}"))
        .unwrap_or_default();
    let versioning = if attrs::system_versioned(t) {
        " WITH SYSTEM VERSIONING"
    } else {
        ""
    };
    format!(
        "CREATE TABLE {} (\n    {}\n) ENGINE={}{}{}{start}{comment}{versioning}{}",
        q(&t.name),
        lines.join(",\n    "),
        attrs::engine(t),
        table_collation(t),
        attrs::table_options(t)
            .iter()
            .map(|(name, value)| format!(" {name}={value}"))
            .collect::<String>(),
        super::partitions::create_suffix(t)
    )
}

/// ` START WITH … MINVALUE … MAXVALUE … INCREMENT BY … CACHE … [NO]CYCLE`
/// of a MariaDB sequence (its type is always `bigint` on 10.11).
fn sequence_options(s: &crate::schema::Sequence) -> String {
    let cycle = if s.cycle { "CYCLE" } else { "NOCYCLE" };
    format!(
        " START WITH {} MINVALUE {} MAXVALUE {} INCREMENT BY {} CACHE {} {cycle}",
        s.start, s.min, s.max, s.increment, s.cache
    )
}

/// `CREATE` or `ALTER` (`verb`) of a view, with its columns and attributes.
fn view_statement(verb: &str, view: &crate::schema::View) -> String {
    let columns = if view.columns.is_empty() {
        String::new()
    } else {
        format!(" ({})", cols(&view.columns))
    };
    attrs::view_statement(verb, view, &q(&view.name), &columns)
}

/// ` DEFAULT CHARSET=cs COLLATE=name` of a table read from the database,
/// nothing for one built without it (the database's default applies).
fn table_collation(t: &Table) -> String {
    attrs::table_collation(t)
        .map(|c| format!(" DEFAULT CHARSET={} COLLATE={c}", attrs::charset_of(c)))
        .unwrap_or_default()
}

/// A table whose default collation changes: `CONVERT TO` gives it and its
/// character columns the new one (a column declared without a collation
/// follows its table's), then each character column is written again as
/// `to` has it, since the conversion also gives the new collation to a
/// column with one of its own and may widen a `TEXT` to hold the same
/// bytes.
fn convert_table<'a>(out: &mut String, m: &'a ModifyTable, rewritten: &mut Vec<&'a str>) {
    let (from, to) = (
        attrs::table_collation(&m.from),
        attrs::table_collation(&m.to),
    );
    let Some(collation) = to.filter(|_| from != to) else {
        return;
    };
    let _ = writeln!(
        out,
        "ALTER TABLE {} CONVERT TO CHARACTER SET {} COLLATE {collation};",
        q(&m.to.name),
        attrs::charset_of(collation)
    );
    for c in &m.to.columns {
        let ty = c.ty.to_ascii_lowercase();
        let textual = ["char", "text", "enum", "set("]
            .iter()
            .any(|t| ty.contains(t));
        if textual && m.from.column(&c.name).is_some() {
            rewrite_column(out, &m.to, c, rewritten);
        }
    }
}

/// Drops a foreign key and the index InnoDB created for it (which outlives
/// the key). An index of that name the target schema holds is created
/// again by its own change: kept, it would be there twice (error 1061).
fn drop_fk(out: &mut String, from: &Table, fk: &ForeignKey) {
    drop_named(out, from, &fk.name, "a foreign key", "DROP FOREIGN KEY");
    for name in key_index::own_index_names(fk) {
        if !from.indexes.contains_key(name) {
            let _ = writeln!(
                out,
                "ALTER TABLE {} DROP INDEX IF EXISTS {};",
                q(&from.name),
                q(name)
            );
        }
    }
}

/// `ALTER TABLE t {stmt} name`, or a comment where the database keeps no
/// name for the constraint (a schema read without a database).
fn drop_named(out: &mut String, t: &Table, name: &Name, what: &str, stmt: &str) {
    if name.value.is_empty() {
        let _ = writeln!(
            out,
            "-- TODO: drop {what} on {} (its name is not known)",
            t.name
        );
    } else {
        let _ = writeln!(out, "ALTER TABLE {} {stmt} {};", q(&t.name), q(&name.value));
    }
}

/// Renders `changes`, which lead to `target`, as MariaDB/MySQL statements.
pub(crate) fn render(changes: &[Change], target: &Schema) -> String {
    // Indexes created ahead of a drop that would leave a foreign key
    // without one (`key_index::drop_index`).
    let mut early: Vec<(String, String)> = Vec::new();
    let mut out = String::new();
    for change in changes {
        if let Some(w) = change.warning() {
            let _ = writeln!(out, "-- WARNING: {w}");
        }
        // Another database's trigger or routine is its SQL: not this one's.
        if change
            .code_dialect()
            .is_some_and(|d| d != crate::Dialect::Mysql)
        {
            out.push_str(&fragments::not_on_this_dialect(&change.describe()));
            continue;
        }
        match change {
            Change::CreateTable { table } => {
                let _ = writeln!(out, "{};", create_table(table));
            }
            Change::DropTable { table } => {
                let _ = writeln!(out, "DROP TABLE {};", q(&table.name));
            }
            Change::ModifyTable(m) => alter(&mut out, m),
            Change::CreateIndex { table, index } => {
                if !early.iter().any(|(t, n)| t == table && *n == index.name) {
                    key_index::create(&mut out, changes, target, table, index);
                }
            }
            Change::DropIndex { table, index } => {
                key_index::drop_index(&mut out, changes, target, table, index, &mut early)
            }
            // In place: a drop would be refused for an index a foreign key
            // needs (error 1553).
            Change::RenameIndex { table, index, to } => {
                let _ = writeln!(
                    out,
                    "ALTER TABLE {} RENAME INDEX {} TO {};",
                    q(table),
                    q(&index.name),
                    q(to)
                );
            }
            // A materialized view is PostgreSQL's alone: refused loudly
            // should one ever reach this renderer.
            Change::CreateView { view } | Change::DropView { view }
                if view.materialized.is_some() =>
            {
                out.push_str(&fragments::not_on_this_dialect(&change.describe()));
            }
            Change::CreateView { view } => {
                let _ = writeln!(out, "{};", view_statement("CREATE", view));
            }
            // Its algorithm, security or check option: MariaDB's ALTER VIEW
            // takes the whole definition again.
            Change::AlterView { to, .. } => {
                let _ = writeln!(out, "{};", view_statement("ALTER", to));
            }
            // MariaDB's sequences (10.3+), with every option said.
            Change::CreateSequence { seq } => {
                let _ = writeln!(
                    out,
                    "CREATE SEQUENCE {}{};",
                    q(&seq.name),
                    sequence_options(seq)
                );
            }
            Change::AlterSequence { to, .. } => {
                let _ = writeln!(
                    out,
                    "ALTER SEQUENCE {}{};",
                    q(&to.name),
                    sequence_options(to)
                );
            }
            Change::DropSequence { seq } => {
                let _ = writeln!(out, "DROP SEQUENCE {};", q(&seq.name));
            }
            Change::DropView { view } => {
                let _ = writeln!(out, "DROP VIEW {};", q(&view.name));
            }
            Change::CreateTrigger { trigger } => {
                in_context(&mut out, attrs::trigger_context(trigger), &trigger.sql);
            }
            Change::DropTrigger { trigger } => {
                let _ = writeln!(out, "DROP TRIGGER {};", q(&trigger.name));
            }
            Change::CreateRoutine { routine } => {
                in_context(
                    &mut out,
                    attrs::routine_context(routine),
                    &routine.definition,
                );
            }
            // MariaDB replaces any routine or event in place, its result too.
            Change::ReplaceRoutine { to, .. } => {
                in_context(
                    &mut out,
                    attrs::routine_context(to),
                    &or_replace(&to.definition),
                );
            }
            Change::DropRoutine { routine } => {
                let _ = writeln!(out, "DROP {} {};", routine.kind.keyword(), q(&routine.name));
            }
            // Only `IGNORED` changes in place (`IndexAttr::in_place`).
            Change::AlterIndex { table, to, .. } => {
                let ignored = to.attrs.iter().any(|a| {
                    *a == crate::schema::attrs::IndexAttr::Mysql(attrs::IndexAttr::Ignored)
                });
                let _ = writeln!(
                    out,
                    "ALTER TABLE {} ALTER INDEX {} {};",
                    q(table),
                    q(&to.name),
                    if ignored { "IGNORED" } else { "NOT IGNORED" }
                );
            }
            other @ (Change::AlterTrigger { .. }
            | Change::CreateVirtualTable { .. }
            | Change::DropVirtualTable { .. }
            | Change::CreateEnum { .. }
            | Change::DropEnum { .. }
            | Change::AlterEnum { .. }
            | Change::CreateType { .. }
            | Change::DropType { .. }
            | Change::AlterType { .. }
            | Change::ReplaceType { .. }
            | Change::CreateExtension { .. }
            | Change::MoveExtension { .. }
            | Change::DropExtension { .. }
            | Change::CreateNamespace { .. }
            | Change::DropNamespace { .. }
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

/// `statement;`, made in `context` where it has one (the session context a
/// routine, trigger or event keeps, `attrs::CodeAttr`): each variable
/// saved, set, and set back after it in the same session; with its
/// `DEFINER` where the context names one.
fn in_context(out: &mut String, context: Vec<&attrs::CodeAttr>, statement: &str) {
    let definer = context.iter().find_map(|a| match a {
        attrs::CodeAttr::Definer(user) => Some(user.as_str()),
        _ => None,
    });
    let statement = match definer {
        Some(user) => with_definer(statement, user),
        None => statement.to_string(),
    };
    let statement = statement.as_str();
    let context: Vec<(&str, &str)> = context.iter().filter_map(|a| a.variable()).collect();
    if context.is_empty() {
        let _ = writeln!(out, "{statement};");
        return;
    }
    let saved = |name: &str| format!("@stillhead_saved_{name}");
    let mut set = Vec::new();
    let mut back = Vec::new();
    for (name, _) in &context {
        set.push(format!("{} = @@{name}", saved(name)));
        back.push(format!("{name} = {}", saved(name)));
    }
    set.extend(
        context
            .iter()
            .map(|(name, value)| format!("{name} = {}", lit(value))),
    );
    let _ = writeln!(out, "SET {};", set.join(", "));
    let _ = writeln!(out, "{statement};");
    let _ = writeln!(out, "SET {};", back.join(", "));
}

/// `CREATE [OR REPLACE] FUNCTION …` → `CREATE [OR REPLACE] DEFINER=… FUNCTION …`.
fn with_definer(statement: &str, user: &str) -> String {
    let head = if statement.starts_with("CREATE OR REPLACE ") {
        "CREATE OR REPLACE "
    } else {
        "CREATE "
    };
    match statement.strip_prefix(head) {
        Some(rest) => format!("{head}{} {rest}", attrs::definer_clause(user)),
        None => statement.to_string(),
    }
}

/// `CREATE [DEFINER=…] FUNCTION …` → `CREATE OR REPLACE …`: one statement,
/// so no session sees the routine missing.
fn or_replace(definition: &str) -> String {
    match definition.strip_prefix("CREATE ") {
        Some(rest) => format!("CREATE OR REPLACE {rest}"),
        None => definition.to_string(),
    }
}

/// A table's changes, with its partitioning (`partitions.rs`: removed
/// first, made last) and its system versioning: dropped first (the
/// changes then need no leave to alter a versioned table; its history goes,
/// and a warning says so), added first too (a column's `WITHOUT SYSTEM
/// VERSIONING` needs it), and on a versioned table the changes made with
/// `system_versioning_alter_history = KEEP` (MariaDB refuses a column
/// change of a versioned table otherwise; past rows are kept as they
/// were).
fn alter(out: &mut String, m: &ModifyTable) {
    let (before, after) = (
        attrs::system_versioned(&m.from),
        attrs::system_versioned(&m.to),
    );
    let t = q(&m.to.name);
    if before && !after {
        let _ = writeln!(out, "-- WARNING: drops the history rows of {}", m.to.name);
        let _ = writeln!(out, "ALTER TABLE {t} DROP SYSTEM VERSIONING;");
    }
    if after && !before {
        let _ = writeln!(out, "ALTER TABLE {t} ADD SYSTEM VERSIONING;");
    }
    let (unpartition, partition) = super::partitions::changes(&m.from, &m.to);
    let mut changes = unpartition;
    alter_table(&mut changes, m);
    changes.push_str(&partition);
    if after && !changes.is_empty() {
        let _ = writeln!(
            out,
            "SET @stillhead_saved_versioning_alter_history = @@system_versioning_alter_history, system_versioning_alter_history = KEEP;"
        );
        out.push_str(&changes);
        let _ = writeln!(
            out,
            "SET system_versioning_alter_history = @stillhead_saved_versioning_alter_history;"
        );
    } else {
        out.push_str(&changes);
    }
}

fn alter_table(out: &mut String, m: &ModifyTable) {
    let (from, to) = (&m.from, &m.to);
    let t = q(&to.name);
    let pk = m.primary_key_change();
    // Columns already written with their column-level checks.
    let mut rewritten: Vec<&str> = Vec::new();
    let rebuilt = keys_over_changed_uniques(m);
    let renamed = Renamed::of(m);
    for fk in m
        .dropped_foreign_keys()
        .chain(rebuilt.iter().copied())
        .chain(renamed.keys.iter().map(|(old, _)| *old))
    {
        drop_fk(out, from, fk);
    }
    for (old, new) in &renamed.uniques {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} RENAME INDEX {} TO {};",
            q(&old.value),
            q(&new.value)
        );
    }
    for c in m
        .dropped_checks()
        .chain(renamed.checks.iter().map(|(old, _)| *old))
    {
        match attrs::on_column(c).then_some(c.name.value.as_str()) {
            // A column-level check goes by re-declaring its column without
            // it; one this tool added is table-level under the same name.
            Some(col) => {
                let _ = writeln!(out, "ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {};", q(col));
                if let Some(column) = to.column(col) {
                    rewrite_column(out, to, column, &mut rewritten);
                }
            }
            None => drop_named(out, from, &c.name, "a check constraint", "DROP CONSTRAINT"),
        }
    }
    for u in m.dropped_uniques() {
        drop_named(out, from, &u.name, "a unique key", "DROP INDEX");
    }
    if pk.is_some_and(|(old, _)| !old.is_empty()) {
        let _ = writeln!(out, "ALTER TABLE {t} DROP PRIMARY KEY;");
    }
    for c in m.dropped_columns() {
        let _ = writeln!(out, "ALTER TABLE {t} DROP COLUMN {};", q(&c.name));
    }
    if attrs::engine(from) != attrs::engine(to) {
        let _ = writeln!(out, "ALTER TABLE {t} ENGINE={};", attrs::engine(to));
    }
    let options = attrs::option_changes(from, to);
    if !options.is_empty() {
        let _ = writeln!(out, "ALTER TABLE {t} {};", options.join(", "));
    }
    convert_table(out, m, &mut rewritten);
    fragments::add_columns(out, m, q, q, &|c| {
        format!("{}{}", column_def(c), position(to, c))
    });
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
        rewrite_column(out, to, new, &mut rewritten);
    }
    if let Some((_, new_pk)) = pk.filter(|(_, new)| !new.is_empty()) {
        let _ = writeln!(out, "ALTER TABLE {t} ADD PRIMARY KEY ({});", cols(new_pk));
    }
    for u in m.added_uniques() {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ADD {}UNIQUE ({});",
            named(&u.name),
            cols(&u.columns)
        );
    }
    for fk in m
        .added_foreign_keys()
        .chain(rebuilt.iter().copied())
        .chain(renamed.keys.iter().map(|(_, new)| *new))
    {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ADD {}FOREIGN KEY ({}) {};",
            named(&fk.name),
            cols(&fk.columns),
            references(fk)
        );
    }
    for c in m
        .added_checks()
        .chain(renamed.checks.iter().map(|(_, new)| *new))
    {
        if attrs::on_column(c) {
            if let Some(column) = to.column(&c.name.value) {
                rewrite_column(out, to, column, &mut rewritten);
            }
            continue;
        }
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ADD {}CHECK ({});",
            named(&c.name),
            c.expr
        );
    }
}

/// `MODIFY COLUMN` with the column's definition and its column-level
/// checks as `to` has them, once per column (`rewritten`: the columns
/// already written so in this table change).
fn rewrite_column<'a>(
    out: &mut String,
    to: &Table,
    column: &'a Column,
    rewritten: &mut Vec<&'a str>,
) {
    if rewritten.contains(&column.name.as_str()) {
        return;
    }
    let _ = writeln!(
        out,
        "ALTER TABLE {} MODIFY COLUMN {}{};",
        q(&to.name),
        column_def(column),
        column_checks(to, column)
    );
    rewritten.push(&column.name);
}

/// The constraints of a table change that only change their names, as
/// (before, after). MariaDB renames a unique key in place (`RENAME
/// INDEX`); a foreign key or check it cannot rename is dropped and added
/// again; its primary key is always `PRIMARY`.
struct Renamed<'a> {
    keys: Vec<(&'a ForeignKey, &'a ForeignKey)>,
    uniques: Vec<(&'a Name, &'a Name)>,
    checks: Vec<(&'a Check, &'a Check)>,
}

impl<'a> Renamed<'a> {
    fn of(m: &'a ModifyTable) -> Renamed<'a> {
        let mut out = Renamed {
            keys: Vec::new(),
            uniques: Vec::new(),
            checks: Vec::new(),
        };
        let by_name =
            |list: &'a [ForeignKey], n: &Name| list.iter().find(|k| k.name.value == n.value);
        let check = |list: &'a [Check], n: &Name| list.iter().find(|k| k.name.value == n.value);
        for (kind, old, new) in m.renamed_constraints() {
            match kind {
                ConstraintKind::ForeignKey => {
                    if let (Some(a), Some(b)) = (
                        by_name(&m.from.foreign_keys, old),
                        by_name(&m.to.foreign_keys, new),
                    ) {
                        out.keys.push((a, b));
                    }
                }
                ConstraintKind::Unique => out.uniques.push((old, new)),
                ConstraintKind::Check => {
                    if let (Some(a), Some(b)) =
                        (check(&m.from.checks, old), check(&m.to.checks, new))
                    {
                        out.checks.push((a, b));
                    }
                }
                ConstraintKind::PrimaryKey => {}
            }
        }
        out
    }
}

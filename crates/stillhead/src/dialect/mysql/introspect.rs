//! MariaDB/MySQL `information_schema` to the schema model, for the
//! connection's current database.

use std::collections::BTreeMap;

use super::attrs::{self, ColumnAttr, ConstraintAttr, TableAttr};
use super::key_index;
use crate::dialect::{Connection, Tables, Value};
use crate::error::DbError;
use crate::schema::{
    normalise_expr, normalise_type, Check, Column, ForeignKey, Generated, Index, Name, Schema,
    Table, Unique, View,
};

fn text(v: &Value) -> String {
    v.to_text()
}

fn q(conn: &mut dyn Connection, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, DbError> {
    conn.query(sql, params)
}

/// MariaDB reports "no default" as NULL and spells functions in lower case.
fn default_expr(v: &Value) -> Option<String> {
    let d = match v {
        Value::Null => return None,
        other => text(other),
    };
    if d.eq_ignore_ascii_case("NULL") {
        return None;
    }
    let e = normalise_expr(&d);
    if e.eq_ignore_ascii_case("current_timestamp()") || e.eq_ignore_ascii_case("current_timestamp")
    {
        return Some("CURRENT_TIMESTAMP".into());
    }
    Some(e)
}

/// RESTRICT and NO ACTION mean the same in InnoDB; both are the default.
fn action(rule: &str) -> Option<String> {
    match rule {
        "CASCADE" | "SET NULL" | "SET DEFAULT" => Some(rule.to_string()),
        _ => None,
    }
}

/// A constraint's name as the model keeps it: implied where MariaDB made
/// it up for a constraint written without one (`TABLE_ibfk_N` for a
/// foreign key, `CONSTRAINT_N` for a check); a schema that leaves the name
/// to the server does not ask for one.
fn constraint_name(table: &str, name: &str) -> Name {
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if numbered(&format!("{table}_ibfk_")) || numbered("CONSTRAINT_") {
        Name::implied(name)
    } else {
        Name::written(name)
    }
}

/// A unique key's name as the model keeps it: implied where MariaDB named
/// a key written without a name after its first column (`email`, or
/// `email_2` where that was taken).
fn unique_name(columns: &[String], name: &str) -> Name {
    let first = columns.first().map(String::as_str).unwrap_or_default();
    let numbered = name
        .strip_prefix(first)
        .and_then(|rest| rest.strip_prefix('_'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if name == first || numbered {
        Name::implied(name)
    } else {
        Name::written(name)
    }
}

/// Reads every table and view of the current database except stillhead's
/// own tables: one query per kind of object for the whole database, so the
/// cost does not grow with a round trip per table.
pub(crate) fn introspect(conn: &mut dyn Connection, own: &Tables) -> Result<Schema, DbError> {
    let mut schema = Schema::default();
    for row in q(
        conn,
        "SELECT CAST(table_name AS CHAR), CAST(table_comment AS CHAR), CAST(table_collation AS CHAR),
                CAST(engine AS CHAR), CAST(create_options AS CHAR), table_type = 'SYSTEM VERSIONED'
           FROM information_schema.tables
          WHERE table_schema = DATABASE() AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED')
            AND table_name NOT IN (?, ?, ?, ?)",
        &own.own().map(Value::from),
    )? {
        let table = Table {
            name: text(&row[0]),
            comment: non_empty(&row[1]),
            attrs: non_empty(&row[2])
                .map(TableAttr::Collation)
                .into_iter()
                .chain(
                    non_empty(&row[3])
                        .filter(|e| !e.eq_ignore_ascii_case("InnoDB"))
                        .map(TableAttr::Engine),
                )
                .chain(
                    attrs::create_options(&text(&row[4]))
                        .iter()
                        .filter_map(|o| attrs::kept_option(o)),
                )
                .chain(matches!(row[5], Value::Integer(1)).then_some(TableAttr::SystemVersioned))
                .map(Into::into)
                .collect(),
            ..Table::default()
        };
        schema.tables.insert(table.name.clone(), table);
    }
    read_sequences(conn, &mut schema)?;
    super::partitions::read(conn, &mut schema)?;
    read_columns(conn, &mut schema)?;
    // Every index's parts, read once: the keys need to know which unique
    // ones are on a prefix or descending, the indexes are made of them.
    let statistics = q(
        conn,
        "SELECT CAST(table_name AS CHAR), CAST(index_name AS CHAR), non_unique, CAST(column_name AS CHAR), sub_part, CAST(collation AS CHAR),
                CAST(index_type AS CHAR), CAST(index_comment AS CHAR), CAST(ignored AS CHAR)
           FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name <> 'PRIMARY'
          ORDER BY table_name, index_name, seq_in_index",
        &[],
    )?;
    let unique_index_names = read_keys(conn, &mut schema, &statistics)?;
    read_checks(conn, &mut schema)?;
    read_indexes(&mut schema, &statistics, &unique_index_names);
    for t in schema.tables.values_mut() {
        without_hidden_period_columns(t);
    }
    for t in schema.tables.values_mut() {
        t.normalise();
    }
    // Definitions name the database (`db`.`t`); the scratch database that
    // holds the declared schema has another name, so it is taken out.
    for v in q(
        conn,
        "SELECT CAST(table_name AS CHAR), CAST(REPLACE(view_definition, CONCAT('`', DATABASE(), '`.'), '') AS CHAR),
                CAST(security_type AS CHAR), CAST(check_option AS CHAR), CAST(algorithm AS CHAR)
           FROM information_schema.views WHERE table_schema = DATABASE()",
        &[],
    )? {
        let view = View {
            name: text(&v[0]),
            columns: Vec::new(),
            definition: normalise_expr(&text(&v[1])),
            reads: None,
            attrs: attrs::view_attrs(&text(&v[2]), &text(&v[3]), &text(&v[4])),
            ..View::default()
        };
        schema.views.insert(view.name.clone(), view);
    }
    super::code::read_code(conn, own, &mut schema)?;
    Ok(schema)
}

/// MariaDB's sequences (a table of their own kind), each read from itself:
/// 10.11's information schema lists them without their options.
fn read_sequences(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    let names: Vec<String> = q(
        conn,
        "SELECT CAST(table_name AS CHAR) FROM information_schema.tables
          WHERE table_schema = DATABASE() AND table_type = 'SEQUENCE' ORDER BY table_name",
        &[],
    )?
    .iter()
    .map(|r| text(&r[0]))
    .collect();
    for name in names {
        let rows = q(
            conn,
            &format!(
                "SELECT minimum_value, maximum_value, start_value, increment, cache_size, cycle_option FROM {}",
                crate::dialect::sql::SqlText::ident(&super::SQL, &name)
            ),
            &[],
        )?;
        let Some(r) = rows.first() else {
            continue;
        };
        let n = |i: usize| match &r[i] {
            Value::Integer(v) => *v,
            other => text(other).parse().unwrap_or_default(),
        };
        let seq = crate::schema::Sequence {
            name: name.clone(),
            data_type: "bigint".into(),
            min: n(0),
            max: n(1),
            start: n(2),
            increment: n(3),
            cache: n(4),
            cycle: n(5) != 0,
        };
        schema.sequences.insert(name, seq);
    }
    Ok(())
}

/// Where each table of a scratch database holding `schema.sql` starts its
/// `AUTO_INCREMENT` numbers, where not at 1: what `AUTO_INCREMENT=N`
/// declared (the tables are empty there).
pub(super) fn read_auto_increment_starts(
    conn: &mut dyn Connection,
    schema: &mut Schema,
) -> Result<(), DbError> {
    for r in q(
        conn,
        "SELECT CAST(table_name AS CHAR), auto_increment FROM information_schema.tables
          WHERE table_schema = DATABASE() AND auto_increment > 1",
        &[],
    )? {
        let start = match &r[1] {
            Value::Integer(n) => u64::try_from(*n).ok(),
            other => text(other).parse().ok(),
        };
        if let (Some(t), Some(n)) = (schema.tables.get_mut(&text(&r[0])), start) {
            t.attrs.insert(TableAttr::AutoIncrementStart(n).into());
        }
    }
    Ok(())
}

/// A system-versioned table's keys without its hidden `row_end` (and
/// `row_start`), which MariaDB adds to each unique key of such a table and
/// its columns do not list: `WITH SYSTEM VERSIONING` makes them again.
fn without_hidden_period_columns(t: &mut Table) {
    if !attrs::system_versioned(t) {
        return;
    }
    let listed: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    let shown = |c: &String| listed.contains(c) || !matches!(c.as_str(), "row_start" | "row_end");
    t.primary_key.retain(shown);
    for u in &mut t.uniques {
        u.columns.retain(shown);
    }
    for i in t.indexes.values_mut() {
        i.columns.retain(shown);
    }
}

fn non_empty(v: &Value) -> Option<String> {
    Some(text(v)).filter(|s| !s.is_empty())
}

/// The `ON UPDATE` expression in a column's `extra` (`on update
/// current_timestamp()`, MySQL's `DEFAULT_GENERATED on update
/// CURRENT_TIMESTAMP(3)`), normalised as defaults are.
fn on_update(extra: &str) -> Option<String> {
    let at = extra.to_ascii_lowercase().find("on update ")?;
    let expr = extra[at + "on update ".len()..].trim();
    (!expr.is_empty()).then(|| default_expr(&Value::Text(expr.to_string())).unwrap_or_default())
}

/// A column's type, or `json` where it is MariaDB's `JSON`: an alias that
/// the catalog shows as `longtext` in `utf8mb4_bin` with a column check
/// `json_valid(col)` named after the column. Writing `json` gives all three
/// back; `longtext` and the check alone would give the table's collation
/// (ARCHITECTURE.md "Declared schemas", **Never silent**). MySQL's own
/// `json` type is `json` already.
pub(super) const JSON_OR_TYPE: &str =
    "CASE WHEN c.data_type = 'longtext' AND c.collation_name = 'utf8mb4_bin'
     AND EXISTS (SELECT 1 FROM information_schema.check_constraints k
                  WHERE k.constraint_schema = DATABASE() AND k.table_name = c.table_name
                    AND k.constraint_name = c.column_name AND k.level = 'Column'
                    AND k.check_clause = CONCAT('json_valid(`', c.column_name, '`)'))
     THEN 'json' ELSE c.column_type END";

/// Whether a check is the one MariaDB's `JSON` type adds to its column
/// (see [`JSON_OR_TYPE`]), which comes and goes with the type.
fn is_json_check(table: &Table, level: &str, name: &str, clause: &str) -> bool {
    level == "Column"
        && clause == format!("json_valid(`{name}`)")
        && table.column(name).is_some_and(|c| c.ty == "JSON")
}

fn read_columns(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    for c in q(
        conn,
        &format!(
            "SELECT CAST(table_name AS CHAR), CAST(column_name AS CHAR), CAST({JSON_OR_TYPE} AS CHAR), CAST(is_nullable AS CHAR),
                -- A default naming the database's own objects (a sequence's
                -- nextval) names them without it, as views do.
                REPLACE(column_default, CONCAT('`', DATABASE(), '`.'), ''), CAST(extra AS CHAR), CAST(generation_expression AS CHAR), CAST(column_comment AS CHAR),
                CAST(collation_name AS CHAR)
           FROM information_schema.columns c WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position"
        ),
        &[],
    )? {
        let Some(table) = schema.tables.get_mut(&text(&c[0])) else {
            continue;
        };
        let extra = text(&c[5]);
        // `blob /*M!100301 COMPRESSED*/`: the attribute, not the type (an
        // enum's label 'COMPRESSED' is quoted, with no comment after it).
        let column_type = text(&c[2]);
        let (column_type, compressed) = match column_type.split_once(" /*M!100301 COMPRESSED*/") {
            Some((ty, rest)) => (format!("{ty}{rest}"), true),
            None => (column_type, false),
        };
        let ty = normalise_type(&column_type);
        // A collation other than the table's default; JSON's is its type's.
        let collation = non_empty(&c[8])
            .filter(|c| Some(c.as_str()) != attrs::table_collation(table) && ty != "JSON");
        let generated = non_empty(&c[6]).map(|e| Generated {
            expr: normalise_expr(&e),
            stored: extra.contains("STORED"),
        });
        table.columns.push(Column {
            name: text(&c[1]),
            ty,
            // A generated column's nullability follows its expression.
            nullable: generated.is_some() || text(&c[3]) == "YES",
            default: if generated.is_some() {
                None
            } else {
                default_expr(&c[4])
            },
            autoincrement: extra.contains("auto_increment"),
            generated,
            comment: non_empty(&c[7]),
            attrs: on_update(&extra)
                .map(ColumnAttr::OnUpdate)
                .into_iter()
                .chain(collation.map(ColumnAttr::Collation))
                .chain(
                    extra
                        .split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("INVISIBLE"))
                        .then_some(ColumnAttr::Invisible),
                )
                .chain(
                    extra
                        .contains("WITHOUT SYSTEM VERSIONING")
                        .then_some(ColumnAttr::WithoutVersioning),
                )
                .chain(compressed.then_some(ColumnAttr::Compressed))
                .map(Into::into)
                .collect(),
        });
    }
    Ok(())
}

/// PRIMARY KEY, UNIQUE and FOREIGN KEY constraints with their columns in
/// order. Returns the names of the indexes behind UNIQUE constraints.
/// `statistics`: the rows [`read_indexes`] is made of.
fn read_keys(
    conn: &mut dyn Connection,
    schema: &mut Schema,
    statistics: &[Vec<Value>],
) -> Result<Vec<(String, String)>, DbError> {
    type Key = (String, Vec<String>, String, Vec<String>);
    let mut keys: BTreeMap<(String, String), Key> = BTreeMap::new();
    for k in q(
        conn,
        "SELECT CAST(tc.table_name AS CHAR), CAST(tc.constraint_name AS CHAR), CAST(tc.constraint_type AS CHAR), CAST(k.column_name AS CHAR),
                CAST(k.referenced_table_name AS CHAR), CAST(k.referenced_column_name AS CHAR)
           FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage k
             ON k.constraint_schema = tc.constraint_schema AND k.table_name = tc.table_name AND k.constraint_name = tc.constraint_name
          WHERE tc.table_schema = DATABASE() AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
            -- Said again for k: MariaDB does not carry the schema through the
            -- join, and reads every database's keys without it (0.6 s, not
            -- 0.09 s, for 500 tables here).
            AND k.table_schema = DATABASE() AND k.constraint_schema = DATABASE()
          ORDER BY tc.table_name, tc.constraint_name, k.ordinal_position",
        &[],
    )? {
        let entry = keys
            .entry((text(&k[0]), text(&k[1])))
            .or_insert_with(|| (text(&k[2]), Vec::new(), text(&k[4]), Vec::new()));
        entry.1.push(text(&k[3]));
        if !matches!(k[5], Value::Null) {
            entry.3.push(text(&k[5]));
        }
    }
    let rules: BTreeMap<(String, String), (String, String)> = q(
        conn,
        "SELECT CAST(table_name AS CHAR), CAST(constraint_name AS CHAR), CAST(delete_rule AS CHAR), CAST(update_rule AS CHAR)
           FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()",
        &[],
    )?
    .into_iter()
    .map(|r| ((text(&r[0]), text(&r[1])), (text(&r[2]), text(&r[3]))))
    .collect();
    // A unique key on a column prefix (`col(255)`) or in descending order
    // is read as the unique index it is (`read_indexes`), which keeps its
    // parts as written: a constraint's columns would lose them (and
    // MariaDB would make a `USING HASH` key of one written without).
    let partial: Vec<(String, String)> = statistics
        .iter()
        .filter(|r| {
            matches!(r[2], Value::Integer(0))
                && (!matches!(r[4], Value::Null) || text(&r[5]) == "D")
        })
        .map(|r| (text(&r[0]), text(&r[1])))
        .collect();
    let mut unique_index_names = Vec::new();
    for ((tname, kname), (kind, columns, ref_table, ref_columns)) in keys {
        let Some(table) = schema.tables.get_mut(&tname) else {
            continue;
        };
        if kind == "UNIQUE" && partial.contains(&(tname.clone(), kname.clone())) {
            continue;
        }
        match kind.as_str() {
            "PRIMARY KEY" => {
                table.primary_key = columns;
                table.primary_key_name = Name::implied(kname);
            }
            "UNIQUE" => {
                let name = unique_name(&columns, &kname);
                unique_index_names.push((tname, kname));
                table.uniques.push(Unique {
                    columns,
                    name,
                    attrs: Default::default(),
                });
            }
            _ => {
                let (del, upd) = rules
                    .get(&(tname.clone(), kname.clone()))
                    .cloned()
                    .unwrap_or_default();
                table.foreign_keys.push(ForeignKey {
                    columns,
                    ref_table,
                    ref_columns,
                    on_delete: action(&del),
                    on_update: action(&upd),
                    name: constraint_name(&tname, &kname),
                    attrs: Default::default(),
                });
            }
        }
    }
    Ok(unique_index_names)
}

fn read_checks(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    for c in q(
        conn,
        "SELECT CAST(table_name AS CHAR), CAST(constraint_name AS CHAR), CAST(check_clause AS CHAR), CAST(level AS CHAR)
           FROM information_schema.check_constraints WHERE constraint_schema = DATABASE()",
        &[],
    )? {
        let Some(table) = schema.tables.get_mut(&text(&c[0])) else {
            continue;
        };
        if is_json_check(table, &text(&c[3]), &text(&c[1]), &text(&c[2])) {
            continue;
        }
        // A column-level check is named after its column and cannot be
        // dropped by name: remember the level.
        let on_column = text(&c[3]) == "Column";
        let name = if on_column {
            Name::implied(text(&c[1]))
        } else {
            constraint_name(&table.name, &text(&c[1]))
        };
        table.checks.push(Check {
            expr: normalise_expr(&text(&c[2])),
            name,
            attrs: on_column
                .then(|| ConstraintAttr::OnColumn.into())
                .into_iter()
                .collect(),
        });
    }
    Ok(())
}

/// An `INDEX_TYPE` as the model keeps it, upper-cased: `None` for BTREE,
/// the default that a plain `KEY` makes.
fn index_method(index_type: &str) -> Option<String> {
    let method = index_type.to_ascii_uppercase();
    (method != "BTREE" && !method.is_empty()).then_some(method)
}

fn read_indexes(
    schema: &mut Schema,
    statistics: &[Vec<Value>],
    unique_index_names: &[(String, String)],
) {
    let mut indexes: BTreeMap<(String, String), Index> = BTreeMap::new();
    for i in statistics {
        let key = (text(&i[0]), text(&i[1]));
        if unique_index_names.contains(&key) {
            continue;
        }
        let method = index_method(&text(&i[6]));
        let mut part = text(&i[3]);
        // A SPATIAL key reports a prefix (32) that it refuses when written.
        if !matches!(i[4], Value::Null) && method.as_deref() != Some("SPATIAL") {
            part = format!("{part}({})", text(&i[4]));
        }
        if text(&i[5]) == "D" {
            part.push_str(" DESC");
        }
        let unique = matches!(i[2], Value::Integer(0));
        indexes
            .entry(key.clone())
            .or_insert_with(|| Index {
                name: key.1,
                columns: Vec::new(),
                unique,
                predicate: None,
                method,
                // A unique index's are named by `coverage.rs`.
                attrs: non_empty(&i[7])
                    .map(attrs::IndexAttr::Comment)
                    .into_iter()
                    .chain((text(&i[8]) == "YES").then_some(attrs::IndexAttr::Ignored))
                    .filter(|_| !unique)
                    .map(Into::into)
                    .collect(),
            })
            .columns
            .push(part);
    }
    let all = indexes.clone();
    for ((tname, iname), index) in indexes {
        let Some(table) = schema.tables.get_mut(&tname) else {
            continue;
        };
        // InnoDB creates an index for a foreign key that has none, named
        // after the constraint or its first column; it comes and goes with
        // the key, so it is not part of the declared schema. The catalog
        // shows one a user wrote under that name alike; but InnoDB drops
        // its own when another index serves the key, so one beside such an
        // index was written (`key_index`).
        let served_elsewhere = |fk: &ForeignKey| {
            table.primary_key.starts_with(&fk.columns)
                || table
                    .uniques
                    .iter()
                    .any(|u| u.columns.starts_with(&fk.columns))
                || all.iter().any(|((t, n), i)| {
                    *t == tname
                        && *n != iname
                        && key_index::serves(&i.columns, i.method.as_deref(), &fk.columns)
                })
        };
        let backs_fk = table
            .foreign_keys
            .iter()
            .any(|fk| key_index::is_own_index(fk, &index) && !served_elsewhere(fk));
        if !backs_fk {
            table.indexes.insert(iname, index);
        }
    }
}

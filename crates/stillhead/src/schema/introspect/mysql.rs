//! MariaDB/MySQL `information_schema` to the schema model, for the
//! connection's current database.

use std::collections::BTreeMap;

use crate::dialect::{Connection, Tables, Value};
use crate::schema::{
    constraint_key, normalise_expr, normalise_type, Column, ForeignKey, Index, Schema, Table,
};

fn text(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    }
}

fn q(conn: &mut dyn Connection, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, String> {
    conn.query(sql, params).map_err(|e| e.message)
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

/// Reads every table of the current database except stillhead's own.
pub fn introspect(conn: &mut dyn Connection, own: &Tables) -> Result<Schema, String> {
    let mut schema = Schema::default();
    let names = q(
        conn,
        "SELECT CAST(table_name AS CHAR) FROM information_schema.tables
          WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name NOT IN (?, ?) ORDER BY 1",
        &[own.state.as_str().into(), own.log.as_str().into()],
    )?;
    for row in names {
        let name = text(&row[0]);
        let mut table = Table {
            name: name.clone(),
            ..Table::default()
        };
        let this = [Value::Text(name.clone())];
        for c in q(
            conn,
            "SELECT CAST(column_name AS CHAR), CAST(column_type AS CHAR), CAST(is_nullable AS CHAR), column_default, CAST(extra AS CHAR)
               FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position",
            &this,
        )? {
            table.columns.push(Column {
                name: text(&c[0]),
                ty: normalise_type(&text(&c[1])),
                nullable: text(&c[2]) == "YES",
                default: default_expr(&c[3]),
                autoincrement: text(&c[4]).contains("auto_increment"),
            });
        }
        // Keys: PRIMARY KEY, UNIQUE and FOREIGN KEY, with their columns in order.
        let mut keys: BTreeMap<String, (String, Vec<String>, String, Vec<String>)> =
            BTreeMap::new();
        for k in q(
            conn,
            "SELECT CAST(tc.constraint_name AS CHAR), CAST(tc.constraint_type AS CHAR), CAST(k.column_name AS CHAR),
                    CAST(k.referenced_table_name AS CHAR), CAST(k.referenced_column_name AS CHAR)
               FROM information_schema.table_constraints tc
               JOIN information_schema.key_column_usage k
                 ON k.constraint_schema = tc.constraint_schema AND k.table_name = tc.table_name AND k.constraint_name = tc.constraint_name
              WHERE tc.table_schema = DATABASE() AND tc.table_name = ? AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
              ORDER BY tc.constraint_name, k.ordinal_position",
            &this,
        )? {
            let entry = keys.entry(text(&k[0])).or_insert_with(|| (text(&k[1]), Vec::new(), text(&k[3]), Vec::new()));
            entry.1.push(text(&k[2]));
            if !matches!(k[4], Value::Null) {
                entry.3.push(text(&k[4]));
            }
        }
        let rules: BTreeMap<String, (String, String)> = q(
            conn,
            "SELECT CAST(constraint_name AS CHAR), CAST(delete_rule AS CHAR), CAST(update_rule AS CHAR)
               FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() AND table_name = ?",
            &this,
        )?
        .into_iter()
        .map(|r| (text(&r[0]), (text(&r[1]), text(&r[2]))))
        .collect();
        let mut unique_index_names = Vec::new();
        for (kname, (kind, columns, ref_table, ref_columns)) in keys {
            match kind.as_str() {
                "PRIMARY KEY" => table.primary_key = columns,
                "UNIQUE" => {
                    table
                        .constraint_names
                        .insert(constraint_key("unique", &columns.join(",")), kname.clone());
                    unique_index_names.push(kname);
                    table.uniques.push(columns);
                }
                _ => {
                    let (del, upd) = rules.get(&kname).cloned().unwrap_or_default();
                    let fk = ForeignKey {
                        columns,
                        ref_table,
                        ref_columns,
                        on_delete: action(&del),
                        on_update: action(&upd),
                    };
                    table
                        .constraint_names
                        .insert(constraint_key("fk", &fk.to_string()), kname);
                    table.foreign_keys.push(fk);
                }
            }
        }
        for c in q(
            conn,
            "SELECT CAST(constraint_name AS CHAR), CAST(check_clause AS CHAR), CAST(level AS CHAR)
               FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() AND table_name = ?",
            &this,
        )? {
            let expr = normalise_expr(&text(&c[1]));
            // Column-level checks cannot be dropped by name: remember the level.
            let name = match text(&c[2]).as_str() {
                "Column" => format!("column:{}", text(&c[0])),
                _ => text(&c[0]),
            };
            table.constraint_names.insert(constraint_key("check", &expr), name);
            table.checks.push(expr);
        }
        let mut indexes: BTreeMap<String, Index> = BTreeMap::new();
        for i in q(
            conn,
            "SELECT CAST(index_name AS CHAR), non_unique, CAST(column_name AS CHAR), sub_part, CAST(collation AS CHAR)
               FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name <> 'PRIMARY'
              ORDER BY index_name, seq_in_index",
            &this,
        )? {
            let iname = text(&i[0]);
            if unique_index_names.contains(&iname) {
                continue;
            }
            let mut part = text(&i[2]);
            if !matches!(i[3], Value::Null) {
                part = format!("{part}({})", text(&i[3]));
            }
            if text(&i[4]) == "D" {
                part.push_str(" DESC");
            }
            let unique = matches!(i[1], Value::Integer(0));
            indexes
                .entry(iname.clone())
                .or_insert_with(|| Index {
                    name: iname,
                    columns: Vec::new(),
                    unique,
                    predicate: None,
                })
                .columns
                .push(part);
        }
        // InnoDB creates an index for a foreign key that has none, named
        // after the constraint or its first column; it comes and goes with
        // the key, so it is not part of the declared schema.
        indexes.retain(|iname, index| {
            !table.foreign_keys.iter().any(|fk| {
                let backing = !index.unique && index.columns == fk.columns;
                let named = table
                    .constraint_names
                    .get(&constraint_key("fk", &fk.to_string()))
                    .is_some_and(|n| n == iname)
                    || fk.columns.first() == Some(iname);
                backing && named
            })
        });
        table.indexes = indexes;
        table.normalise();
        schema.tables.insert(name, table);
    }
    Ok(schema)
}

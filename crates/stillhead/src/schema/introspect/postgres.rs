//! PostgreSQL catalogs (pg_class, pg_attribute, pg_constraint, pg_index) to
//! the schema model, for the schema on the connection's search path.

use crate::dialect::{Connection, Tables, Value};
use crate::schema::{constraint_key, normalise_expr, Column, ForeignKey, Index, Schema, Table};

fn text(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        _ => String::new(),
    }
}

fn opt(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        other => Some(text(other)),
    }
}

fn list(v: &Value) -> Vec<String> {
    opt(v)
        .map(|s| {
            s.split(',')
                .map(String::from)
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn action(code: &str) -> Option<String> {
    match code {
        "r" => Some("RESTRICT".into()),
        "c" => Some("CASCADE".into()),
        "n" => Some("SET NULL".into()),
        "d" => Some("SET DEFAULT".into()),
        _ => None, // "a": NO ACTION, the default
    }
}

/// Normalises what the catalog says about a default: `now()` is
/// `CURRENT_TIMESTAMP`, `'x'::text` is `'x'`.
fn default_expr(expr: &str) -> String {
    let e = normalise_expr(expr);
    if e.eq_ignore_ascii_case("now()") {
        return "CURRENT_TIMESTAMP".into();
    }
    if e.starts_with('\'') {
        if let Some(pos) = e.rfind("'::") {
            return e[..=pos].to_string();
        }
    }
    e
}

fn q(conn: &mut dyn Connection, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, String> {
    conn.query(sql, params).map_err(|e| e.message)
}

/// Reads every table of the current schema except stillhead's own.
pub fn introspect(conn: &mut dyn Connection, own: &Tables) -> Result<Schema, String> {
    let mut schema = Schema::default();
    let tables = q(
        conn,
        "SELECT c.oid::bigint, c.relname::text FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
             AND c.relname NOT IN ($1, $2) ORDER BY c.relname",
        &[own.state.as_str().into(), own.log.as_str().into()],
    )?;
    for row in tables {
        let oid = row[0].clone();
        let mut table = Table {
            name: text(&row[1]),
            ..Table::default()
        };
        for c in q(
            conn,
            "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                    pg_get_expr(d.adbin, d.adrelid), a.attidentity::text
               FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE a.attrelid = $1::bigint::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            std::slice::from_ref(&oid),
        )? {
            let default = opt(&c[3]);
            let serial = default.as_deref().is_some_and(|d| d.starts_with("nextval("));
            table.columns.push(Column {
                name: text(&c[0]),
                ty: crate::schema::normalise_type(&text(&c[1])),
                nullable: !matches!(c[2], Value::Integer(1)),
                default: if serial { None } else { default.as_deref().map(default_expr) },
                autoincrement: serial || !text(&c[4]).is_empty(),
            });
        }
        for k in q(
            conn,
            "SELECT con.conname::text, con.contype::text, pg_get_constraintdef(con.oid),
                    (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY k(num, n)
                       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num),
                    (SELECT relname::text FROM pg_class WHERE oid = con.confrelid),
                    (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.confkey) WITH ORDINALITY k(num, n)
                       JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num),
                    con.confdeltype::text, con.confupdtype::text
               FROM pg_constraint con WHERE con.conrelid = $1::bigint::oid ORDER BY con.conname",
            std::slice::from_ref(&oid),
        )? {
            let name = text(&k[0]);
            let columns = list(&k[3]);
            match text(&k[1]).as_str() {
                "p" => {
                    table.constraint_names.insert(constraint_key("pk", ""), name);
                    table.primary_key = columns;
                }
                "u" => {
                    table.constraint_names.insert(constraint_key("unique", &columns.join(",")), name);
                    table.uniques.push(columns);
                }
                "f" => {
                    let fk = ForeignKey {
                        columns,
                        ref_table: text(&k[4]),
                        ref_columns: list(&k[5]),
                        on_delete: action(&text(&k[6])),
                        on_update: action(&text(&k[7])),
                    };
                    table.constraint_names.insert(constraint_key("fk", &fk.to_string()), name);
                    table.foreign_keys.push(fk);
                }
                "c" => {
                    let def = text(&k[2]);
                    let expr = normalise_expr(def.trim_start_matches("CHECK").trim());
                    table.constraint_names.insert(constraint_key("check", &expr), name);
                    table.checks.push(expr);
                }
                _ => {}
            }
        }
        for i in q(
            conn,
            "SELECT ic.relname::text, ix.indisunique, pg_get_indexdef(ix.indexrelid), pg_get_expr(ix.indpred, ix.indrelid)
               FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid
              WHERE ix.indrelid = $1::bigint::oid
                AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid)
              ORDER BY ic.relname",
            std::slice::from_ref(&oid),
        )? {
            let def = text(&i[2]);
            table.indexes.insert(
                text(&i[0]),
                Index {
                    name: text(&i[0]),
                    columns: index_columns(&def),
                    unique: matches!(i[1], Value::Integer(1)),
                    predicate: opt(&i[3]).map(|p| normalise_expr(&p)),
                },
            );
        }
        table.normalise();
        schema.tables.insert(table.name.clone(), table);
    }
    Ok(schema)
}

/// The key parts of `CREATE INDEX … USING btree (a, lower(b) DESC) WHERE …`.
fn index_columns(def: &str) -> Vec<String> {
    let Some(start) = def
        .find(" USING ")
        .and_then(|u| def[u..].find('(').map(|p| u + p + 1))
    else {
        return Vec::new();
    };
    let mut depth = 0;
    let mut parts = Vec::new();
    let mut current = String::new();
    for c in def[start..].chars() {
        match c {
            '(' => {
                depth += 1;
                current.push(c);
            }
            ')' if depth == 0 => break,
            ')' => {
                depth -= 1;
                current.push(c);
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts.iter().map(|p| normalise_expr(p.trim())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_definitions_and_defaults() {
        assert_eq!(
            index_columns(
                "CREATE INDEX i ON public.t USING btree (a, lower(b) DESC) WHERE (c IS NOT NULL)"
            ),
            ["a", "lower(b) DESC"]
        );
        assert_eq!(default_expr("'active'::text"), "'active'");
        assert_eq!(default_expr("now()"), "CURRENT_TIMESTAMP");
        assert_eq!(default_expr("0"), "0");
    }
}

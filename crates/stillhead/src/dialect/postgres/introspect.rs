//! PostgreSQL catalogs (pg_class, pg_attribute, pg_constraint, pg_index) to
//! the schema model, for the schema on the connection's search path.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::attrs::{ColumnAttr, ConstraintAttr, Exclusion, IdentityOptions, IndexAttr, TableAttr};
use super::namespaces;
use crate::dialect::{Connection, Tables, Value};
use crate::error::DbError;
use crate::schema::{
    normalise_expr, Check, Column, EnumType, ForeignKey, Generated, Index, Materialized, Name,
    Routine, RoutineKind, Schema, Sequence, Table, Trigger, Unique, View,
};

/// A value as text (the catalog queries' columns).
pub(super) fn text(v: &Value) -> String {
    v.to_text()
}

/// A value as text, or `None` for NULL.
pub(super) fn opt(v: &Value) -> Option<String> {
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

/// The storage parameters in a `reloptions` array read as lines.
fn storage(v: &Value) -> impl Iterator<Item = super::attrs::Storage> {
    opt(v)
        .unwrap_or_default()
        .lines()
        .filter_map(super::attrs::Storage::from_reloption)
        .collect::<Vec<_>>()
        .into_iter()
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

/// Normalises what the catalog says about a default: `'x'::text` is `'x'`.
/// `now()` stays `now()`, as the server keeps it (`CURRENT_TIMESTAMP` is
/// kept as `CURRENT_TIMESTAMP`): a migration writes it back as it was, so
/// the dump is the same; `schema/align.rs` treats the two as one when a
/// declared schema is compared with a live one.
fn default_expr(expr: &str) -> String {
    let e = normalise_expr(expr);
    if e.starts_with('\'') {
        if let Some(pos) = e.rfind("'::") {
            return e[..=pos].to_string();
        }
    }
    e
}

fn q(conn: &mut dyn Connection, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, DbError> {
    conn.query(sql, params)
}

/// Restricts a catalog query to relations of the compared schemas.
static IN_SCHEMA: LazyLock<String> = LazyLock::new(|| namespaces::compared("c.relnamespace"));

/// A relation's key (`c`), bare or `schema.name` (`namespaces.rs`).
static REL: LazyLock<String> = LazyLock::new(|| namespaces::key("c.relnamespace", "c.relname"));

/// Reads every table, view, enum type and free-standing sequence of the
/// compared schemas (the current one, and the others `namespaces.rs`
/// chooses) except stillhead's own tables. One query per kind of object
/// for the whole schema, not one per table: the cost stays flat as the
/// schema grows.
pub(crate) fn introspect(conn: &mut dyn Connection, own: &Tables) -> Result<Schema, DbError> {
    let (in_schema, rel) = (&*IN_SCHEMA, &*REL);
    let mut schema = Schema::default();
    for n in q(conn, &namespaces::others(), &[])? {
        schema.namespaces.insert(text(&n[0]));
    }
    let tables = q(
        conn,
        &format!(
            "SELECT {rel}, obj_description(c.oid, 'pg_class'), array_to_string(c.reloptions, chr(10)),
                    c.relpersistence = 'u',
                    CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                    (SELECT {parent} FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                      WHERE i.inhrelid = c.oid AND c.relispartition),
                    CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END
               FROM pg_class c
              WHERE {in_schema} AND c.relkind IN ('r', 'p')
                AND NOT (c.relnamespace = current_schema()::regnamespace AND c.relname IN ($1, $2, $3, $4))",
            parent = namespaces::key("p.relnamespace", "p.relname"),
        ),
        &own.own().map(Value::from),
    )?;
    for row in tables {
        let partition_of = opt(&row[5])
            .zip(opt(&row[6]))
            .map(|(parent, bound)| TableAttr::PartitionOf { parent, bound });
        let table = Table {
            name: text(&row[0]),
            comment: opt(&row[1]),
            attrs: storage(&row[2])
                .map(TableAttr::Storage)
                .chain(matches!(row[3], Value::Integer(1)).then_some(TableAttr::Unlogged))
                .chain(opt(&row[4]).map(TableAttr::PartitionBy))
                .chain(partition_of)
                .map(Into::into)
                .collect(),
            ..Table::default()
        };
        schema.tables.insert(table.name.clone(), table);
    }
    read_columns(conn, &mut schema)?;
    read_constraints(conn, &mut schema)?;
    let matview_indexes = read_indexes(conn, &mut schema)?;
    for t in schema.tables.values_mut() {
        t.normalise();
    }
    read_views_enums_sequences(conn, &mut schema, matview_indexes)?;
    super::types::read(conn, &mut schema)?;
    read_routines_and_triggers(conn, &mut schema)?;
    super::aggregates::read(conn, &mut schema)?;
    super::objects::read(conn, &mut schema)?;
    read_extensions(conn, &mut schema)?;
    Ok(schema)
}

/// The database's extensions and the schemas they live in, whatever the
/// current schema: an extension belongs to the whole database, and a table
/// of the current schema may use one that lives elsewhere. `plpgsql` is in
/// every database and never created by a migration.
fn read_extensions(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    for row in q(
        conn,
        "SELECT e.extname::text, n.nspname::text FROM pg_extension e
           JOIN pg_namespace n ON n.oid = e.extnamespace
          WHERE e.extname <> 'plpgsql'",
        &[],
    )? {
        schema.extensions.insert(text(&row[0]), text(&row[1]));
    }
    Ok(())
}

fn read_columns(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    let (in_schema, rel) = (&*IN_SCHEMA, &*REL);
    // A sequence the column owns (serial, identity) is the column's own
    // business: the column is auto-incrementing and its nextval() default
    // is not part of the declared schema.
    for c in q(
        conn,
        &format!(
            "SELECT {rel}, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                    pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text,
                    col_description(a.attrelid, a.attnum),
                    EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
                             WHERE dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype IN ('a', 'i')),
                    (SELECT CASE WHEN co.collnamespace <> 'pg_catalog'::regnamespace
                                 THEN co.collnamespace::regnamespace::text || '.' ELSE '' END
                            || quote_ident(co.collname)
                       FROM pg_collation co JOIN pg_type t ON t.oid = a.atttypid
                      WHERE co.oid = a.attcollation AND a.attcollation <> t.typcollation),
                    serial.key, serial.data_type,
                    ident.key, c.relname::text, ident.data_type, ident.seqincrement, ident.seqmin,
                    ident.seqmax, ident.seqstart, ident.seqcache, ident.seqcycle,
                    -- PostgreSQL 18 keeps NOT NULL as a named constraint
                    -- (none before: the subquery finds nothing).
                    (SELECT con.conname::text FROM pg_constraint con
                      WHERE con.conrelid = a.attrelid AND con.contype = 'n' AND con.conkey[1] = a.attnum
                      LIMIT 1)
               FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
               -- An identity column's sequence: its name and options.
               LEFT JOIN LATERAL (
                   SELECT {seq_key} AS key, format_type(sq.seqtypid, NULL) AS data_type, sq.seqincrement,
                          sq.seqmin, sq.seqmax, sq.seqstart, sq.seqcache, sq.seqcycle
                     FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
                     JOIN pg_sequence sq ON sq.seqrelid = s.oid
                    WHERE dep.classid = 'pg_class'::regclass AND dep.refobjid = a.attrelid
                      AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
                    LIMIT 1) ident ON true
               LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
               -- A serial column: it owns a sequence and its default is that
               -- sequence's nextval (one owned with another default is
               -- named by coverage.rs).
               LEFT JOIN LATERAL (
                   SELECT {seq_key} AS key, format_type(sq.seqtypid, NULL) AS data_type
                     FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
                     JOIN pg_sequence sq ON sq.seqrelid = s.oid
                    WHERE dep.classid = 'pg_class'::regclass AND dep.refobjid = a.attrelid
                      AND dep.refobjsubid = a.attnum AND dep.deptype = 'a'
                      AND pg_get_expr(d.adbin, d.adrelid) = 'nextval(' || quote_literal(s.oid::regclass::text) || '::regclass)'
                    LIMIT 1) serial ON true
              WHERE {in_schema} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                -- A partition's columns are its parent's (`coverage.rs`
                -- names one that differs from the parent's).
                AND NOT c.relispartition
              ORDER BY c.relname, a.attnum",
            seq_key = namespaces::key("s.relnamespace", "s.relname"),
        ),
        &[],
    )? {
        let Some(table) = schema.tables.get_mut(&text(&c[0])) else {
            continue;
        };
        let expr = opt(&c[4]);
        // `s` STORED, `v` VIRTUAL (PostgreSQL 18).
        let generation = text(&c[6]);
        let generated = !generation.is_empty();
        let owns_sequence = matches!(c[8], Value::Integer(1));
        table.columns.push(Column {
            name: text(&c[1]),
            ty: crate::schema::normalise_type(&text(&c[2])),
            nullable: !matches!(c[3], Value::Integer(1)),
            default: if generated || owns_sequence {
                None
            } else {
                expr.as_deref().map(default_expr)
            },
            autoincrement: owns_sequence || !text(&c[5]).is_empty(),
            generated: if generated {
                expr.map(|e| Generated {
                    expr: normalise_expr(&e),
                    stored: generation == "s",
                })
            } else {
                None
            },
            comment: opt(&c[7]),
            attrs: [
                (text(&c[5]) == "a").then_some(ColumnAttr::IdentityAlways),
                opt(&c[9]).map(ColumnAttr::Collation),
                opt(&c[12])
                    .filter(|seq| !is_identity_default(&text(&c[0]), &text(&c[13]), &text(&c[1]), seq))
                    .map(ColumnAttr::IdentitySequence),
                opt(&c[14])
                    .and_then(|seq_type| {
                        let n = |i: usize| match &c[i] {
                            Value::Integer(v) => *v,
                            other => text(other).parse().unwrap_or_default(),
                        };
                        IdentityOptions::of(
                            &seq_type,
                            [n(15), n(16), n(17), n(18), n(19)],
                            matches!(c[20], Value::Integer(1)),
                        )
                    })
                    .map(ColumnAttr::IdentityOptions),
                opt(&c[21])
                    .filter(|name| {
                        let column = [text(&c[1])];
                        !super::names::is_default_name(name, &text(&c[13]), "n", &column)
                    })
                    .map(ColumnAttr::NotNullName),
                opt(&c[10]).map(|sequence| ColumnAttr::Serial {
                    sequence,
                    data_type: text(&c[11]),
                }),
            ]
            .into_iter()
            .flatten()
            .map(Into::into)
            .collect(),
        });
    }
    Ok(())
}

/// Whether an identity column's sequence `seq` (a key) is the one
/// PostgreSQL makes for column `column` of table `table` (its key, and its
/// bare name `bare`): `table_column_seq`, cut to 63 bytes, in the table's
/// namespace. One with a number after it (the name was taken) is kept as
/// the column's attribute, to be written as it is.
fn is_identity_default(table: &str, bare: &str, column: &str, seq: &str) -> bool {
    let (table_ns, _) = crate::schema::split_qualified(table);
    let (seq_ns, seq_name) = crate::schema::split_qualified(seq);
    table_ns == seq_ns && seq_name == super::names::make_object_name(bare, Some(column), "seq")
}

/// A constraint's name as the model keeps it: implied where it is the one
/// PostgreSQL gives a constraint written without a name, when that name
/// was free. One numbered because it was taken (`t_a_check1`) is kept as
/// written: which of two gets the number depends on the order they were
/// made in, and a migration that let PostgreSQL choose again could swap them.
fn constraint_name(name: String, table: &str, contype: &str, columns: &[String]) -> Name {
    if name == super::names::default_name(table, contype, columns, "") {
        Name::implied(name)
    } else {
        Name::written(name)
    }
}

fn read_constraints(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    let (in_schema, rel) = (&*IN_SCHEMA, &*REL);
    let ref_rel = namespaces::key("r.relnamespace", "r.relname");
    for k in q(
        conn,
        &format!(
            "SELECT {rel}, con.conname::text, con.contype::text, pg_get_constraintdef(con.oid),
                    (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY k(num, n)
                       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num),
                    (SELECT {ref_rel} FROM pg_class r WHERE r.oid = con.confrelid),
                    (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.confkey) WITH ORDINALITY k(num, n)
                       JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num),
                    con.confdeltype::text, con.confupdtype::text, con.condeferrable, con.condeferred,
                    -- PostgreSQL 15+; read through to_jsonb so older servers still answer.
                    (SELECT coalesce((to_jsonb(ix) ->> 'indnullsnotdistinct')::boolean, false)
                       FROM pg_index ix WHERE ix.indexrelid = con.conindid AND con.contype = 'u'),
                    con.confmatchtype::text, con.convalidated,
                    -- An exclusion constraint's index columns, INCLUDE ones
                    -- too, what PostgreSQL names one written without a name
                    -- after (names.rs): an expression by the function it
                    -- calls (FigureIndexColname), else `expr`.
                    (SELECT string_agg(coalesce(a.attname::text,
                                substring(pg_get_indexdef(ix.indexrelid, k.n::int, false)
                                          FROM '^(?:[A-Za-z_][A-Za-z0-9_$]*\\.)?([A-Za-z_][A-Za-z0-9_$]*)\\('),
                                'expr'), ',' ORDER BY k.n)
                       FROM pg_index ix CROSS JOIN unnest(ix.indkey::int2[]) WITH ORDINALITY k(num, n)
                       LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num AND k.num <> 0
                      WHERE ix.indexrelid = con.conindid AND con.contype = 'x'),
                    -- A primary or unique key's INCLUDE columns and its
                    -- index's storage parameters.
                    (SELECT string_agg(a.attname, ',' ORDER BY k.n)
                       FROM pg_index ix CROSS JOIN unnest(ix.indkey::int2[]) WITH ORDINALITY k(num, n)
                       JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num
                      WHERE ix.indexrelid = con.conindid AND con.contype IN ('p', 'u') AND k.n > ix.indnkeyatts),
                    (SELECT array_to_string(ic.reloptions, chr(10)) FROM pg_class ic
                      WHERE ic.oid = con.conindid AND con.contype IN ('p', 'u'))
               FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
              WHERE {in_schema}
                -- What PostgreSQL cloned from a partitioned table's
                -- constraint (into a partition, or the referencing side's
                -- rows for each partition a foreign key references) is
                -- that constraint's; a partition's inherited check too.
                AND con.conparentid = 0 AND (con.conislocal OR NOT c.relispartition)
              ORDER BY c.relname, con.conname"
        ),
        &[],
    )? {
        let Some(table) = schema.tables.get_mut(&text(&k[0])) else {
            continue;
        };
        let contype = text(&k[2]);
        let bare = crate::schema::split_qualified(&table.name).1;
        if contype == "x" {
            let columns = super::names::index_column_names(&list(&k[14]));
            let name = constraint_name(text(&k[1]), bare, &contype, &columns);
            table.attrs.insert(
                TableAttr::Exclusion(Exclusion {
                    name: name.value,
                    implied: name.implied,
                    def: text(&k[3]),
                })
                .into(),
            );
            continue;
        }
        let columns = list(&k[4]);
        // PostgreSQL names a unique key after its INCLUDE columns too
        // (`t_a_b_c_key` for UNIQUE (a) INCLUDE (b, c)).
        let include = list(&k[15]);
        let named_after = [columns.clone(), include.clone()].concat();
        let name = constraint_name(text(&k[1]), bare, &contype, &named_after);
        // DEFERRABLE is carried on primary, unique and foreign keys (an
        // exclusion constraint's definition holds its own).
        let attrs = [
            matches!(k[9], Value::Integer(1)).then_some(ConstraintAttr::Deferrable {
                initially_deferred: matches!(k[10], Value::Integer(1)),
            }),
            matches!(k[11], Value::Integer(1)).then_some(ConstraintAttr::NullsNotDistinct),
            // MATCH PARTIAL ('p') is not implemented by PostgreSQL; were a
            // server to keep it, `coverage.rs` names it.
            (text(&k[12]) == "f").then_some(ConstraintAttr::MatchFull),
            // Only checks and foreign keys can be NOT VALID.
            matches!(k[13], Value::Integer(0)).then_some(ConstraintAttr::NotValid),
            Some(include)
                .filter(|l| !l.is_empty())
                .map(ConstraintAttr::Include),
        ]
        .into_iter()
        .flatten()
        .chain(storage(&k[16]).map(ConstraintAttr::Storage))
        .map(Into::into)
        .collect();
        match contype.as_str() {
            "p" => {
                table.primary_key_name = name;
                table.primary_key = columns;
                table.primary_key_attrs = attrs;
            }
            "u" => table.uniques.push(Unique {
                columns,
                name,
                attrs,
            }),
            "f" => table.foreign_keys.push(ForeignKey {
                columns,
                ref_table: text(&k[5]),
                ref_columns: list(&k[6]),
                on_delete: action(&text(&k[7])),
                on_update: action(&text(&k[8])),
                name,
                attrs,
            }),
            "c" => {
                let def = text(&k[3]);
                let def = def.strip_suffix(" NOT VALID").unwrap_or(&def);
                table.checks.push(Check {
                    expr: normalise_expr(def.trim_start_matches("CHECK").trim()),
                    name,
                    attrs,
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Indexes other than those behind a primary key, unique or exclusion
/// constraint of their own table (the constraint stands for them). A
/// foreign key's `conindid` names the unique index it references on the
/// other table: that index is still the schema's own.
/// The indexes of the tables, into them; those of other relations (a
/// materialized view's) returned by the relation's key, for the view.
fn read_indexes(
    conn: &mut dyn Connection,
    schema: &mut Schema,
) -> Result<BTreeMap<String, BTreeMap<String, Index>>, DbError> {
    let mut others: BTreeMap<String, BTreeMap<String, Index>> = BTreeMap::new();
    let (in_schema, rel) = (&*IN_SCHEMA, &*REL);
    for i in q(
        conn,
        &format!(
            "SELECT {rel}, ic.relname::text, ix.indisunique, pg_get_indexdef(ix.indexrelid),
                    pg_get_expr(ix.indpred, ix.indrelid), am.amname::text,
                    (SELECT string_agg(a.attname, ',' ORDER BY k.n)
                       FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(num, n)
                       JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num
                      WHERE k.n > ix.indnkeyatts),
                    -- PostgreSQL 15+; read through to_jsonb so older servers still answer.
                    coalesce((to_jsonb(ix) ->> 'indnullsnotdistinct')::boolean, false),
                    array_to_string(ic.reloptions, chr(10))
               FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid
               JOIN pg_am am ON am.oid = ic.relam
              WHERE {in_schema}
                AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                                 WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid
                                   AND con.contype IN ('p', 'u', 'x'))
                -- A partition of a partitioned table's index is that index's.
                AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = ix.indexrelid)
              ORDER BY c.relname, ic.relname"
        ),
        &[],
    )? {
        let relation = text(&i[0]);
        let indexes = match schema.tables.get_mut(&relation) {
            Some(table) => &mut table.indexes,
            None => others.entry(relation).or_default(),
        };
        let name = text(&i[1]);
        indexes.insert(
            name.clone(),
            Index {
                name,
                columns: index_columns(&text(&i[3])),
                unique: matches!(i[2], Value::Integer(1)),
                predicate: opt(&i[4]).map(|p| normalise_expr(&p)),
                method: index_method(&text(&i[5])),
                attrs: [
                    Some(list(&i[6]))
                        .filter(|l| !l.is_empty())
                        .map(IndexAttr::Include),
                    matches!(i[7], Value::Integer(1)).then_some(IndexAttr::NullsNotDistinct),
                ]
                .into_iter()
                .flatten()
                .chain(storage(&i[8]).map(IndexAttr::Storage))
                .map(Into::into)
                .collect(),
            },
        );
    }
    Ok(others)
}

/// Views (materialized ones with their indexes, `matview_indexes` by the
/// view's key), enum types and free-standing sequences.
fn read_views_enums_sequences(
    conn: &mut dyn Connection,
    schema: &mut Schema,
    mut matview_indexes: BTreeMap<String, BTreeMap<String, Index>>,
) -> Result<(), DbError> {
    let (in_schema, rel) = (&*IN_SCHEMA, &*REL);
    let read = namespaces::key("d.relnamespace", "d.relname");
    for v in q(
        conn,
        &format!(
            "SELECT {rel}, pg_get_viewdef(c.oid, true), c.relkind = 'm', c.relispopulated,
                    array_to_string(c.reloptions, chr(10))
               FROM pg_class c
              WHERE {in_schema} AND c.relkind IN ('v', 'm') ORDER BY c.relname"
        ),
        &[],
    )? {
        let name = text(&v[0]);
        // A materialized view's options are storage parameters; a view's
        // are its own (`attrs.rs`).
        let read_option = if matches!(v[2], Value::Integer(1)) {
            super::attrs::ViewAttr::storage
        } else {
            super::attrs::ViewAttr::from_reloption
        };
        let attrs = opt(&v[4])
            .unwrap_or_default()
            .lines()
            .filter_map(read_option)
            .map(Into::into)
            .collect();
        let view = View {
            columns: Vec::new(),
            definition: view_definition(&text(&v[1])),
            reads: Some(Vec::new()),
            materialized: matches!(v[2], Value::Integer(1)).then(|| Materialized {
                populated: matches!(v[3], Value::Integer(1)),
                indexes: matview_indexes.remove(&name).unwrap_or_default(),
            }),
            attrs,
            name,
        };
        schema.views.insert(view.name.clone(), view);
    }
    // What each view reads, exactly: its rewrite rule's dependencies on
    // relations (ARCHITECTURE.md "Dialect homes": the diff orders views by
    // them; names in the text may be columns or aliases).
    for d in q(
        conn,
        &format!(
            "SELECT DISTINCT {rel}, {read} FROM pg_class c
               JOIN pg_rewrite r ON r.ev_class = c.oid
               JOIN pg_depend dep ON dep.classid = 'pg_rewrite'::regclass AND dep.objid = r.oid
                AND dep.refclassid = 'pg_class'::regclass
               JOIN pg_class d ON d.oid = dep.refobjid
              WHERE {in_schema} AND c.relkind IN ('v', 'm') AND d.oid <> c.oid ORDER BY 1, 2"
        ),
        &[],
    )? {
        if let Some(reads) = schema
            .views
            .get_mut(&text(&d[0]))
            .and_then(|v| v.reads.as_mut())
        {
            reads.push(text(&d[1]));
        }
    }
    for e in q(
        conn,
        &format!(
            "SELECT {ty}, e.enumlabel::text FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
              WHERE {enum_in_schema} ORDER BY 1, e.enumsortorder",
            ty = namespaces::key("t.typnamespace", "t.typname"),
            enum_in_schema = namespaces::compared("t.typnamespace"),
        ),
        &[],
    )? {
        let name = text(&e[0]);
        schema
            .enums
            .entry(name.clone())
            .or_insert_with(|| EnumType {
                name,
                labels: Vec::new(),
            })
            .labels
            .push(text(&e[1]));
    }
    for s in q(
        conn,
        &format!(
            "SELECT {rel}, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle, s.seqcache
               FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
              WHERE {in_schema}
                AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = c.oid AND dep.deptype IN ('a', 'i') AND dep.refobjsubid > 0)
              ORDER BY c.relname"
        ),
        &[],
    )? {
        let int = |v: &Value| match v {
            Value::Integer(i) => *i,
            other => text(other).parse().unwrap_or_default(),
        };
        let seq = Sequence {
            name: text(&s[0]),
            data_type: text(&s[1]),
            start: int(&s[2]),
            increment: int(&s[3]),
            min: int(&s[4]),
            max: int(&s[5]),
            cycle: matches!(s[6], Value::Integer(1)),
            cache: int(&s[7]),
        };
        schema.sequences.insert(seq.name.clone(), seq);
    }
    Ok(())
}

/// Functions and procedures (aggregates, which `pg_get_functiondef`
/// cannot print, are `aggregates.rs`'s), and the triggers on the
/// compared tables, each by the definition PostgreSQL prints. An
/// extension's own functions are the extension's.
fn read_routines_and_triggers(
    conn: &mut dyn Connection,
    schema: &mut Schema,
) -> Result<(), DbError> {
    let (in_schema, rel) = (&*IN_SCHEMA, &*REL);
    for r in q(
        conn,
        &format!(
            "SELECT {name}, pg_get_function_identity_arguments(p.oid), p.prokind = 'p',
                    coalesce(pg_get_function_result(p.oid), ''), pg_get_functiondef(p.oid)
               FROM pg_proc p
              WHERE {compared} AND p.prokind IN ('f', 'p')
                -- An extension's functions are its own; a range type's
                -- constructors (deptype 'i') are the type's.
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                   AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
              ORDER BY 1, 2",
            name = namespaces::key("p.pronamespace", "p.proname"),
            compared = namespaces::compared("p.pronamespace"),
        ),
        &[],
    )? {
        let routine = Routine {
            name: text(&r[0]),
            args: text(&r[1]),
            kind: if matches!(r[2], Value::Integer(1)) {
                RoutineKind::Procedure
            } else {
                RoutineKind::Function
            },
            returns: text(&r[3]),
            definition: text(&r[4]).trim_end().to_string(),
            dialect: crate::Dialect::Postgres,
            attrs: Default::default(),
        };
        schema.routines.insert(routine.key(), routine);
    }
    for t in q(
        conn,
        &format!(
            "SELECT t.tgname::text, {rel}, pg_get_triggerdef(t.oid), t.tgenabled::text
               FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
              WHERE {in_schema} AND NOT t.tgisinternal
                -- A partition's clone of its parent's trigger is the parent's.
                AND t.tgparentid = 0
              ORDER BY 2, 1"
        ),
        &[],
    )? {
        let trigger = Trigger {
            name: text(&t[0]),
            table: text(&t[1]),
            sql: text(&t[2]),
            dialect: crate::Dialect::Postgres,
            attrs: super::attrs::TriggerAttr::from_tgenabled(&text(&t[3]))
                .map(Into::into)
                .into_iter()
                .collect(),
        };
        schema
            .triggers
            .insert(format!("{} on {}", trigger.name, trigger.table), trigger);
    }
    Ok(())
}

/// `pg_get_viewdef` text without layout or the final `;`.
fn view_definition(def: &str) -> String {
    normalise_expr(def.trim().trim_end_matches(';'))
}

/// An access method as the model keeps it: `None` for btree, the default
/// that `CREATE INDEX` without `USING` makes.
fn index_method(amname: &str) -> Option<String> {
    let method = amname.to_ascii_lowercase();
    (method != "btree").then_some(method)
}

/// The key parts of `CREATE INDEX … USING btree (a, lower(b) DESC) WHERE …`;
/// the `INCLUDE (…)` list after them is read from `pg_index` instead.
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
        assert_eq!(
            index_columns(
                "CREATE INDEX i ON public.t USING btree (a DESC NULLS LAST) INCLUDE (b, c)"
            ),
            ["a DESC NULLS LAST"]
        );
        assert_eq!(index_method("btree"), None);
        assert_eq!(index_method("gin").as_deref(), Some("gin"));
        assert_eq!(default_expr("'active'::text"), "'active'");
        assert_eq!(default_expr("now()"), "now()", "the server's spelling");
        assert_eq!(default_expr("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
        assert_eq!(default_expr("0"), "0");
    }
}

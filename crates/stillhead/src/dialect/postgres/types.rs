//! PostgreSQL domains, composite and range types (ARCHITECTURE.md "Schema
//! model"): read from the catalogs in the server's own spelling
//! (`format_type`, `pg_get_expr`, `pg_get_constraintdef`), and written back
//! as `CREATE DOMAIN` / `CREATE TYPE`, `ALTER DOMAIN` / `ALTER TYPE` and
//! `DROP`. Enums stay in `introspect.rs` and `render.rs`. What the model
//! leaves out of these types (a `NOT VALID` domain check, a range's
//! canonical function, comments) is named by `coverage.rs`.

use std::fmt::Write as _;

use super::introspect::opt;
use super::namespaces;
use super::render::{q, qn};
use crate::dialect::{Connection, Value};
use crate::error::DbError;
use crate::schema::{Domain, DomainCheck, RangeType, Schema, TypeAttribute, TypeDef, UserType};

/// `COLLATE` name of the collation `coll` (an oid column) when it is not
/// `default` (an oid column): qualified outside `pg_catalog`.
fn collation(coll: &str, default: &str) -> String {
    format!(
        "(SELECT CASE WHEN co.collnamespace <> 'pg_catalog'::regnamespace
                      THEN co.collnamespace::regnamespace::text || '.' ELSE '' END
                 || quote_ident(co.collname)
            FROM pg_collation co WHERE co.oid = {coll} AND {coll} <> {default})"
    )
}

/// Types of the compared schemas, not an extension's.
fn compared(t: &str) -> String {
    format!(
        "{} AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                              AND d.objid = {t}.oid AND d.deptype = 'e')",
        namespaces::compared(&format!("{t}.typnamespace"))
    )
}

/// Reads every domain, composite type (not a table's row type) and range
/// type of the compared schemas into `schema.types`: one query per kind.
pub(super) fn read(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    let key = namespaces::key("t.typnamespace", "t.typname");
    let where_t = compared("t");
    let text = |v: &Value| v.to_text();
    for r in conn.query(
        &format!(
            "SELECT {key}, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
                    pg_get_expr(t.typdefaultbin, 0),
                    {coll}
               FROM pg_type t JOIN pg_type b ON b.oid = t.typbasetype
              WHERE t.typtype = 'd' AND {where_t} ORDER BY 1",
            coll = collation("t.typcollation", "b.typcollation"),
        ),
        &[],
    )? {
        let ty = UserType {
            name: text(&r[0]),
            def: TypeDef::Domain(Domain {
                base: text(&r[1]),
                not_null: matches!(r[2], Value::Integer(1)),
                default: opt(&r[3]),
                collation: opt(&r[4]),
                checks: Vec::new(),
            }),
        };
        schema.types.insert(ty.name.clone(), ty);
    }
    // Validated checks only: a NOT VALID one is named by coverage.rs.
    for r in conn.query(
        &format!(
            "SELECT {key}, con.conname::text, pg_get_constraintdef(con.oid)
               FROM pg_constraint con JOIN pg_type t ON t.oid = con.contypid
              WHERE con.contype = 'c' AND con.convalidated AND {where_t} ORDER BY 1, 2"
        ),
        &[],
    )? {
        if let Some(TypeDef::Domain(d)) = schema.types.get_mut(&text(&r[0])).map(|t| &mut t.def) {
            d.checks.push(DomainCheck {
                name: text(&r[1]),
                def: text(&r[2]),
            });
        }
    }
    for r in conn.query(
        &format!(
            "SELECT {key}, a.attname::text, format_type(a.atttypid, a.atttypmod),
                    {coll}
               FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
               LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               LEFT JOIN pg_type at ON at.oid = a.atttypid
              WHERE t.typtype = 'c' AND {where_t} ORDER BY 1, a.attnum",
            coll = collation("a.attcollation", "at.typcollation"),
        ),
        &[],
    )? {
        let name = text(&r[0]);
        let ty = schema
            .types
            .entry(name.clone())
            .or_insert_with(|| UserType {
                name,
                def: TypeDef::Composite {
                    attributes: Vec::new(),
                },
            });
        if let (TypeDef::Composite { attributes }, Some(attr)) = (&mut ty.def, opt(&r[1])) {
            attributes.push(TypeAttribute {
                name: attr,
                ty: text(&r[2]),
                collation: opt(&r[3]),
            });
        }
    }
    for r in conn.query(
        &format!(
            "SELECT {key}, format_type(r.rngsubtype, NULL),
                    CASE WHEN NOT opc.opcdefault THEN
                         CASE WHEN opc.opcnamespace <> 'pg_catalog'::regnamespace
                              THEN opc.opcnamespace::regnamespace::text || '.' ELSE '' END
                         || quote_ident(opc.opcname) END,
                    {coll},
                    (SELECT p.oid::regproc::text FROM pg_proc p
                      WHERE p.oid = r.rngsubdiff AND p.pronamespace = 'pg_catalog'::regnamespace)
               FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid
               JOIN pg_type st ON st.oid = r.rngsubtype JOIN pg_opclass opc ON opc.oid = r.rngsubopc
              WHERE {where_t} ORDER BY 1",
            coll = collation("r.rngcollation", "st.typcollation"),
        ),
        &[],
    )? {
        let ty = UserType {
            name: text(&r[0]),
            def: TypeDef::Range(RangeType {
                subtype: text(&r[1]),
                opclass: opt(&r[2]),
                collation: opt(&r[3]),
                subtype_diff: opt(&r[4]),
            }),
        };
        schema.types.insert(ty.name.clone(), ty);
    }
    Ok(())
}

fn collate(c: &Option<String>) -> String {
    c.as_deref()
        .map(|c| format!(" COLLATE {c}"))
        .unwrap_or_default()
}

fn attribute(a: &TypeAttribute) -> String {
    format!("{} {}{}", q(&a.name), a.ty, collate(&a.collation))
}

/// `CREATE DOMAIN …` or `CREATE TYPE …`, without the final `;`.
pub(super) fn create(ty: &UserType) -> String {
    let name = qn(&ty.name);
    match &ty.def {
        TypeDef::Domain(d) => {
            let mut s = format!(
                "CREATE DOMAIN {name} AS {}{}",
                d.base,
                collate(&d.collation)
            );
            if let Some(default) = &d.default {
                let _ = write!(s, " DEFAULT {default}");
            }
            if d.not_null {
                s.push_str(" NOT NULL");
            }
            for c in &d.checks {
                let _ = write!(s, " CONSTRAINT {} {}", q(&c.name), c.def);
            }
            s
        }
        TypeDef::Composite { attributes } => {
            let attrs: Vec<String> = attributes.iter().map(attribute).collect();
            format!("CREATE TYPE {name} AS ({})", attrs.join(", "))
        }
        TypeDef::Range(r) => {
            let mut options = vec![format!("SUBTYPE = {}", r.subtype)];
            if let Some(o) = &r.opclass {
                options.push(format!("SUBTYPE_OPCLASS = {o}"));
            }
            if let Some(c) = &r.collation {
                options.push(format!("COLLATION = {c}"));
            }
            if let Some(f) = &r.subtype_diff {
                options.push(format!("SUBTYPE_DIFF = {f}"));
            }
            format!("CREATE TYPE {name} AS RANGE ({})", options.join(", "))
        }
    }
}

/// `DROP DOMAIN …` or `DROP TYPE …`, without the final `;`.
pub(super) fn drop(ty: &UserType) -> String {
    match ty.def {
        TypeDef::Domain(_) => format!("DROP DOMAIN {}", qn(&ty.name)),
        _ => format!("DROP TYPE {}", qn(&ty.name)),
    }
}

/// The statements that change `from` into `to` in place, each ending in
/// `;` and a new line: `ALTER DOMAIN` for a domain's default, `NOT NULL`
/// and checks (a changed check is dropped and added again), `ALTER TYPE`
/// for a composite type's attributes (dropped, retyped, added at the end).
/// The diff sends here only what PostgreSQL can alter so
/// (`autogen`'s `ReplaceType` for the rest).
pub(super) fn alter(out: &mut String, from: &UserType, to: &UserType) {
    let name = qn(&to.name);
    match (&from.def, &to.def) {
        (TypeDef::Domain(a), TypeDef::Domain(b)) => {
            for c in a.checks.iter().filter(|c| !b.checks.contains(c)) {
                let _ = writeln!(out, "ALTER DOMAIN {name} DROP CONSTRAINT {};", q(&c.name));
            }
            if a.default != b.default {
                match &b.default {
                    Some(d) => {
                        let _ = writeln!(out, "ALTER DOMAIN {name} SET DEFAULT {d};");
                    }
                    None => {
                        let _ = writeln!(out, "ALTER DOMAIN {name} DROP DEFAULT;");
                    }
                }
            }
            if a.not_null != b.not_null {
                let verb = if b.not_null { "SET" } else { "DROP" };
                let _ = writeln!(out, "ALTER DOMAIN {name} {verb} NOT NULL;");
            }
            for c in b.checks.iter().filter(|c| !a.checks.contains(c)) {
                let _ = writeln!(
                    out,
                    "ALTER DOMAIN {name} ADD CONSTRAINT {} {};",
                    q(&c.name),
                    c.def
                );
            }
        }
        (TypeDef::Composite { attributes: a }, TypeDef::Composite { attributes: b }) => {
            for old in a.iter().filter(|o| !b.iter().any(|n| n.name == o.name)) {
                let _ = writeln!(out, "ALTER TYPE {name} DROP ATTRIBUTE {};", q(&old.name));
            }
            for new in b {
                match a.iter().find(|o| o.name == new.name) {
                    Some(old) if old != new => {
                        let _ = writeln!(
                            out,
                            "ALTER TYPE {name} ALTER ATTRIBUTE {} TYPE {}{};",
                            q(&new.name),
                            new.ty,
                            collate(&new.collation)
                        );
                    }
                    Some(_) => {}
                    None => {
                        let _ =
                            writeln!(out, "ALTER TYPE {name} ADD ATTRIBUTE {};", attribute(new));
                    }
                }
            }
        }
        // Never sent here (see above): written as a drop and a create.
        _ => {
            let _ = writeln!(out, "{};\n{};", drop(from), create(to));
        }
    }
}

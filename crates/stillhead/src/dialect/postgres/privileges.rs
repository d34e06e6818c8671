//! Privileges (`[autogenerate] privileges`, ARCHITECTURE.md "Schema
//! model"): what each role other than an object's owner may do with the
//! schemas, tables, views, sequences and routines the model holds, read
//! from their ACLs (`aclexplode`, a missing ACL as PostgreSQL's default for
//! the kind, `acldefault`: `EXECUTE` to `PUBLIC` on a routine) into
//! [`Grant`]s, and written as `GRANT` and `REVOKE`. The owner's own
//! privileges are left out: a scratch database's objects have another
//! owner than the live ones. Column privileges, and those on types and on
//! the configured schema itself, are not read.

use std::fmt::Write as _;

use super::introspect::text;
use super::namespaces;
use super::render::{q, qn};
use crate::dialect::{Connection, Value};
use crate::error::DbError;
use crate::schema::{Grant, Schema};

/// (kind, key, grantee, privilege, grantable, owning table of a sequence).
const QUERY: &str = "
SELECT x.kind, x.object,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
       a.privilege_type, a.is_grantable, x.owned_by
  FROM (
    SELECT 'SCHEMA' AS kind, n.nspname::text AS object, n.nspacl AS acl, n.nspowner AS owner,
           'n'::\"char\" AS t, NULL::text AS owned_by
      FROM pg_namespace n
     WHERE {ns_compared} AND n.oid <> current_schema()::regnamespace
    UNION ALL
    SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, {rel}, c.relacl, c.relowner,
           CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\",
           (SELECT {owner_rel} FROM pg_depend d JOIN pg_class o ON o.oid = d.refobjid
             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refobjsubid > 0
               AND d.deptype IN ('a', 'i') LIMIT 1)
      FROM pg_class c
     WHERE {rel_compared} AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    UNION ALL
    SELECT CASE WHEN p.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
           {proc} || '(' || pg_get_function_identity_arguments(p.oid) || ')', p.proacl, p.proowner,
           'f'::\"char\", NULL
      FROM pg_proc p
     WHERE {proc_compared}
  ) x
 CROSS JOIN LATERAL aclexplode(coalesce(x.acl, acldefault(x.t, x.owner))) a
 WHERE a.grantee <> x.owner";

/// Adds the privileges on `schema`'s objects (those it holds: stillhead's
/// own tables, an extension's objects are not in it) to `schema.grants`.
pub(super) fn read(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    schema.privileges_read = true;
    let sql = QUERY
        .replace("{ns_compared}", &namespaces::compared("n.oid"))
        .replace("{rel_compared}", &namespaces::compared("c.relnamespace"))
        .replace("{rel}", &namespaces::key("c.relnamespace", "c.relname"))
        .replace(
            "{owner_rel}",
            &namespaces::key("o.relnamespace", "o.relname"),
        )
        .replace("{proc_compared}", &namespaces::compared("p.pronamespace"))
        .replace("{proc}", &namespaces::key("p.pronamespace", "p.proname"));
    for row in conn.query(&sql, &[])? {
        let grant = Grant {
            kind: text(&row[0]),
            object: text(&row[1]),
            grantee: text(&row[2]),
            privilege: text(&row[3]),
            grantable: matches!(row[4], Value::Integer(1)),
        };
        let owned_by = match &row[5] {
            Value::Null => None,
            v => Some(text(v)),
        };
        if holds(schema, &grant, owned_by.as_deref()) {
            schema.grants.insert(grant);
        }
    }
    Ok(())
}

/// Whether the object a grant is on is one the model holds (a sequence a
/// column owns goes with its table).
fn holds(schema: &Schema, g: &Grant, owned_by: Option<&str>) -> bool {
    match g.kind.as_str() {
        "SCHEMA" => schema.namespaces.contains(&g.object),
        "TABLE" => schema.tables.contains_key(&g.object) || schema.views.contains_key(&g.object),
        "SEQUENCE" => match owned_by {
            Some(table) => schema.tables.contains_key(table),
            None => schema.sequences.contains_key(&g.object),
        },
        _ => schema.routines.contains_key(&g.object),
    }
}

/// `GRANT … ON kind object TO grantee [WITH GRANT OPTION];`
pub(super) fn grant(out: &mut String, g: &Grant) {
    let option = if g.grantable {
        " WITH GRANT OPTION"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "GRANT {} ON {} TO {}{option};",
        g.privilege,
        object(g),
        g.grantee
    );
}

/// `REVOKE … ON kind object FROM grantee;` (its grant option with it).
pub(super) fn revoke(out: &mut String, g: &Grant) {
    let _ = writeln!(
        out,
        "REVOKE {} ON {} FROM {};",
        g.privilege,
        object(g),
        g.grantee
    );
}

/// `TABLE billing.invoices`, `SCHEMA billing`, `FUNCTION f(integer)`.
fn object(g: &Grant) -> String {
    let name = match g.kind.as_str() {
        "SCHEMA" => q(&g.object),
        "FUNCTION" | "PROCEDURE" => match g.object.split_once('(') {
            Some((name, args)) => format!("{}({args}", qn(name)),
            None => qn(&g.object),
        },
        _ => qn(&g.object),
    };
    format!("{} {name}", g.kind)
}

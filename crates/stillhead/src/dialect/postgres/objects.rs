//! Row-level security and the comments on objects other than tables and
//! columns (`schema::objects`), both ways: read from the catalogs
//! (`pg_policy`, `pg_class.relrowsecurity`, `pg_description`) into the
//! model, and written as `CREATE POLICY`, `ALTER POLICY` and `COMMENT ON`.
//! `introspect.rs` and `render.rs` call it; `coverage.rs` no longer names
//! what it reads.

use std::fmt::Write as _;

use super::attrs::TableAttr;
use super::introspect::{opt, text};
use super::namespaces;
use super::render::{q, qn};
use super::SQL;
use crate::dialect::sql::text as literal;
use crate::dialect::{Connection, Value};
use crate::error::DbError;
use crate::schema::{signature, Commented, Policy, RoutineKind, Schema};

/// Relations of the compared schemas.
fn in_schema() -> String {
    namespaces::compared("c.relnamespace")
}

/// A relation's key.
fn rel() -> String {
    namespaces::key("c.relnamespace", "c.relname")
}

/// Reads the tables' row-level security flags, the policies on the
/// compared tables and the comments on views, free-standing sequences,
/// enum types, routines, triggers and policies.
pub(super) fn read(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    let (in_schema, rel) = (in_schema(), rel());
    for row in conn.query(
        &format!(
            "SELECT {rel}, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
              WHERE {in_schema} AND c.relkind IN ('r', 'p')
                AND (c.relrowsecurity OR c.relforcerowsecurity)"
        ),
        &[],
    )? {
        if let Some(t) = schema.tables.get_mut(&text(&row[0])) {
            if matches!(row[1], Value::Integer(1)) {
                t.attrs.insert(TableAttr::RowSecurity.into());
            }
            if matches!(row[2], Value::Integer(1)) {
                t.attrs.insert(TableAttr::ForceRowSecurity.into());
            }
        }
    }
    // Roles by name, sorted: the scratch database shares the server's.
    for row in conn.query(
        &format!(
            "SELECT pol.polname::text, {rel}, pol.polpermissive,
                    CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                    WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                    (SELECT string_agg(x, E'\\n' ORDER BY x)
                       FROM (SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END AS x
                               FROM unnest(pol.polroles) r) roles),
                    pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid)
               FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
              WHERE {in_schema} ORDER BY 2, 1"
        ),
        &[],
    )? {
        let policy = Policy {
            name: text(&row[0]),
            table: text(&row[1]),
            permissive: matches!(row[2], Value::Integer(1)),
            command: text(&row[3]),
            roles: text(&row[4]).split('\n').map(String::from).collect(),
            using: opt(&row[5]),
            with_check: opt(&row[6]),
        };
        // A policy on one of stillhead's own tables is not the schema's.
        if schema.tables.contains_key(&policy.table) {
            schema.policies.insert(policy.key(), policy);
        }
    }
    for row in conn.query(&comments_query(), &[])? {
        let (name, other) = (text(&row[1]), text(&row[2]));
        let object = match text(&row[0]).as_str() {
            "schema" => Commented::Namespace(name),
            "view" => Commented::View(name),
            "materialized view" => Commented::MaterializedView(name),
            "sequence" => Commented::Sequence(name),
            "type" => Commented::Enum(name),
            kind @ ("function" | "procedure" | "aggregate") => Commented::Routine {
                name,
                args: other,
                kind: match kind {
                    "procedure" => RoutineKind::Procedure,
                    "aggregate" => RoutineKind::Aggregate,
                    _ => RoutineKind::Function,
                },
            },
            "trigger" => Commented::Trigger { name, table: other },
            _ => Commented::Policy { name, table: other },
        };
        schema.comments.insert(object, text(&row[3]));
    }
    Ok(())
}

/// (kind, name's key, arguments or table, comment) of each commented
/// object the model holds, restricted as `introspect.rs` reads them.
fn comments_query() -> String {
    let (in_schema, rel) = (in_schema(), rel());
    format!(
        "SELECT * FROM (
         SELECT 'schema' AS kind, n.nspname::text AS name, '' AS other,
                obj_description(n.oid, 'pg_namespace') AS comment
           FROM pg_namespace n
          WHERE {ns_compared} AND n.oid <> current_schema()::regnamespace
         UNION ALL
         SELECT CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END, {rel},
                '', obj_description(c.oid, 'pg_class')
           FROM pg_class c WHERE {in_schema} AND c.relkind IN ('v', 'm')
         UNION ALL
         SELECT 'sequence', {rel}, '', obj_description(c.oid, 'pg_class')
           FROM pg_class c WHERE {in_schema} AND c.relkind = 'S'
            AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = c.oid AND dep.deptype IN ('a', 'i') AND dep.refobjsubid > 0)
         UNION ALL
         SELECT 'type', {ty}, '', obj_description(t.oid, 'pg_type')
           FROM pg_type t WHERE {ty_compared} AND t.typtype = 'e'
         UNION ALL
         SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END, {proc},
                pg_get_function_identity_arguments(p.oid), obj_description(p.oid, 'pg_proc')
           FROM pg_proc p WHERE {proc_compared} AND p.prokind IN ('f', 'p', 'a')
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                               AND d.objid = p.oid AND d.deptype = 'e')
         UNION ALL
         SELECT 'trigger', t.tgname::text, {rel}, obj_description(t.oid, 'pg_trigger')
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE {in_schema} AND NOT t.tgisinternal AND t.tgparentid = 0
         UNION ALL
         SELECT 'policy', pol.polname::text, {rel}, obj_description(pol.oid, 'pg_policy')
           FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid WHERE {in_schema}
         ) x WHERE comment IS NOT NULL",
        ns_compared = namespaces::compared("n.oid"),
        ty = namespaces::key("t.typnamespace", "t.typname"),
        ty_compared = namespaces::compared("t.typnamespace"),
        proc = namespaces::key("p.pronamespace", "p.proname"),
        proc_compared = namespaces::compared("p.pronamespace"),
    )
}

/// `CREATE POLICY …;`, every clause written (the defaults too: what the
/// catalog keeps, read back the same).
pub(super) fn create_policy(out: &mut String, p: &Policy) {
    let kind = if p.permissive {
        "PERMISSIVE"
    } else {
        "RESTRICTIVE"
    };
    let _ = write!(
        out,
        "CREATE POLICY {} ON {} AS {kind} FOR {} TO {}",
        q(&p.name),
        qn(&p.table),
        p.command,
        p.roles.join(", ")
    );
    expressions(out, p);
    out.push_str(";\n");
}

/// ` USING (…) WITH CHECK (…)`, each where the policy has it.
fn expressions(out: &mut String, p: &Policy) {
    if let Some(e) = &p.using {
        let _ = write!(out, " USING ({e})");
    }
    if let Some(e) = &p.with_check {
        let _ = write!(out, " WITH CHECK ({e})");
    }
}

/// `DROP POLICY …;`.
pub(super) fn drop_policy(out: &mut String, p: &Policy) {
    let _ = writeln!(out, "DROP POLICY {} ON {};", q(&p.name), qn(&p.table));
}

/// `ALTER POLICY …;` setting the roles and expressions of `to` (which
/// [`Policy::alters_to`] says it can).
pub(super) fn alter_policy(out: &mut String, to: &Policy) {
    let _ = write!(
        out,
        "ALTER POLICY {} ON {} TO {}",
        q(&to.name),
        qn(&to.table),
        to.roles.join(", ")
    );
    expressions(out, to);
    out.push_str(";\n");
}

/// `COMMENT ON … IS …;` (`NULL` takes it away).
pub(super) fn comment_on(out: &mut String, object: &Commented, comment: Option<&str>) {
    let what = match object {
        Commented::Namespace(name) => format!("SCHEMA {}", q(name)),
        Commented::View(k) => format!("VIEW {}", qn(k)),
        Commented::MaterializedView(k) => format!("MATERIALIZED VIEW {}", qn(k)),
        Commented::Sequence(k) => format!("SEQUENCE {}", qn(k)),
        Commented::Enum(k) => format!("TYPE {}", qn(k)),
        Commented::Routine { name, args, kind } => {
            format!("{} {}", kind.keyword(), signature(&qn(name), args, *kind))
        }
        Commented::Trigger { name, table } => format!("TRIGGER {} ON {}", q(name), qn(table)),
        Commented::Policy { name, table } => format!("POLICY {} ON {}", q(name), qn(table)),
    };
    let _ = writeln!(out, "COMMENT ON {what} IS {};", literal(&SQL, comment));
}

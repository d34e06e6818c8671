//! PostgreSQL schemas (namespaces) in the model (ARCHITECTURE.md "Schema
//! model"): the catalog fragments that choose which schemas are compared
//! and give each object its key. An object of the current schema (the
//! configured one, first on the search path) is keyed by its bare name,
//! as SQL written for that schema names it; an object of another compared
//! schema by `schema.name`, as `schema.sql` qualifies it. A name holding a
//! dot would make that key ambiguous: `coverage.rs` names such an object
//! as not compared.

/// The oids of the schemas compared: the current one, and every other but
/// the system's (`pg_*`, `information_schema`), those an extension owns
/// (`postgis_topology`'s `topology`), and a `public` that holds nothing but
/// what extensions own (every database has one). A schema the schema.sql
/// made for extensions (`CREATE SCHEMA ext; CREATE EXTENSION cube WITH
/// SCHEMA ext`) is compared: a migration creates it before them; the
/// extensions' objects in it are theirs, left out object by object.
pub(super) const COMPARED: &str = "SELECT n.oid FROM pg_namespace n
   WHERE n.oid = current_schema()::regnamespace
      OR (n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass
                             AND d.objid = n.oid AND d.deptype = 'e')
          AND (n.nspname <> 'public'
               OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND NOT EXISTS
                            (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'))
               OR EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = n.oid AND NOT EXISTS
                            (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'))
               OR EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace = n.oid AND NOT EXISTS
                            (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
                            -- A table's row type and an array type go with what they are of.
                            AND t.typrelid = 0 AND t.typelem = 0)))";

/// A condition: the schema `ns` (an oid column) is compared.
pub(super) fn compared(ns: &str) -> String {
    format!("{ns} IN ({COMPARED})")
}

/// The model's key of the object named `name` in schema `ns` (an oid
/// column): bare in the current schema, `schema.name` in another.
pub(super) fn key(ns: &str, name: &str) -> String {
    format!(
        "CASE WHEN {ns} = current_schema()::regnamespace THEN {name}::text
              ELSE (SELECT nspname::text FROM pg_namespace WHERE oid = {ns}) || '.' || {name}::text END"
    )
}

/// The compared schemas other than the current one, by name.
pub(super) fn others() -> String {
    format!(
        "SELECT n.nspname::text FROM pg_namespace n
          WHERE n.oid IN ({COMPARED}) AND n.oid <> current_schema()::regnamespace ORDER BY 1"
    )
}

//! What a PostgreSQL database keeps that the schema model does not describe
//! (ARCHITECTURE.md, "Never silent"): object kinds other than tables,
//! views (materialized ones too), enums, domains, composite and range
//! types, free-standing sequences, extensions, routines (aggregates too), triggers and
//! policies (with their comments, `objects.rs`), and the attributes
//! of those that the model has no field for (`introspect.rs` reads what it
//! has; `render.rs` writes only that). An attribute is reported only when
//! it differs from what the model assumes (a collation other than the
//! type's, a constraint's comment),
//! so a schema written with described things alone is never reported.
//!
//! One query, every probe a branch of a `UNION ALL`: it runs on every
//! `check` and autogenerate, on both sides, and its cost must not grow with
//! round trips per table.

use crate::dialect::{Connection, Value};
use crate::error::DbError;
use crate::schema::coverage::NotCompared;

use super::names::{default_name, is_default_name};
use super::namespaces;

/// Relations of the compared schemas (`namespaces.rs`), less the tables
/// to skip (in the current schema) and what an extension owns. `{skip}` is
/// the list of parameters the names to skip are bound to; `relname` is the
/// model's key (`schema.name` outside the current schema), `bare` the
/// name alone.
const REL: &str = "rel AS (
    SELECT c.oid, {key} AS relname, c.relname::text AS bare, c.relkind, c.relpersistence, c.reloptions, c.relam,
           c.reltablespace, c.relispartition, c.relrowsecurity, c.relforcerowsecurity,
           c.relreplident, c.reloftype, c.relpartbound, c.reltoastrelid
      FROM pg_class c
     WHERE c.relnamespace IN ({compared})
       AND NOT (c.relnamespace = current_schema()::regnamespace AND c.relname IN ({skip}))
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e'))";

/// Whole objects of kinds the model does not describe: in the current
/// schema, or (event triggers, publications, casts…) in the whole
/// database. Subscriptions are replication, not schema, as `schema.sql`
/// loading takes them (`schema/declared/dump.rs`), and so are privileges.
const OBJECTS: &str = "
-- A trigger is described by pg_get_triggerdef and its firing state
-- (attrs.rs: TriggerAttr, from tgenabled); an aggregate by aggregates.rs.
SELECT 'type', ty.oid::regtype::text, '', NULL, NULL, NULL
  FROM pg_type ty
 WHERE ty.typnamespace IN ({compared})
   -- Domains, composite and range types are described (types.rs); a
   -- shell type or a base type of the schema's own is not.
   AND (ty.typtype = 'p' OR (ty.typtype = 'b' AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = ty.oid)))
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = ty.oid AND d.deptype = 'e')
UNION ALL
SELECT CASE ty.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'composite type' END,
       ty.oid::regtype::text, x.what, NULL, NULL, NULL
  FROM pg_type ty LEFT JOIN pg_range r ON r.rngtypid = ty.oid
 CROSS JOIN LATERAL (VALUES
    (CASE WHEN obj_description(ty.oid, 'pg_type') IS NOT NULL THEN 'COMMENT' END),
    (CASE WHEN r.rngcanonical <> 0 THEN 'CANONICAL = ' || r.rngcanonical::regproc::text END),
    -- A SUBTYPE_DIFF of PostgreSQL's own is described; one of the
    -- schema's would have to be created before the type.
    ((SELECT 'SUBTYPE_DIFF = ' || p.oid::regproc::text FROM pg_proc p
       WHERE p.oid = r.rngsubdiff AND p.pronamespace <> 'pg_catalog'::regnamespace)),
    -- PostgreSQL 14+: a multirange type named otherwise than
    -- makeMultirangeTypeName would (read through to_jsonb for 13).
    ((SELECT 'MULTIRANGE_TYPE_NAME = ' || m.oid::regtype::text FROM pg_type m
       WHERE m.oid = (to_jsonb(r) ->> 'rngmultitypid')::oid
         AND (m.typnamespace <> ty.typnamespace OR m.typname::text <> CASE WHEN strpos(ty.typname::text, 'range') > 0
              THEN regexp_replace(ty.typname::text, 'range', 'multirange') ELSE ty.typname::text || '_multirange' END)))
 ) x(what)
 WHERE ty.typnamespace IN ({compared}) AND ty.typtype IN ('d', 'r', 'c') AND x.what IS NOT NULL
   AND (ty.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = ty.typrelid AND c.relkind = 'c'))
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = ty.oid AND d.deptype = 'e')
UNION ALL
SELECT 'domain', ty.oid::regtype::text, x.what, NULL, NULL, NULL
  FROM pg_constraint con JOIN pg_type ty ON ty.oid = con.contypid
 CROSS JOIN LATERAL (VALUES
    (CASE WHEN NOT con.convalidated THEN 'constraint ' || con.conname || ' NOT VALID' END),
    (CASE WHEN obj_description(con.oid, 'pg_constraint') IS NOT NULL THEN 'constraint ' || con.conname || ' COMMENT' END),
    -- PostgreSQL 17+ keeps a domain's NOT NULL as a constraint: the model
    -- keeps NOT NULL, not a name other than the one PostgreSQL gives.
    (CASE WHEN con.contype = 'n' AND con.conname::text <> ty.typname::text || '_not_null'
          THEN 'constraint ' || con.conname || ' NOT NULL (a name of its own)' END)
 ) x(what)
 WHERE ty.typnamespace IN ({compared}) AND x.what IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = ty.oid AND d.deptype = 'e')
UNION ALL
SELECT 'composite type', ty.oid::regtype::text, 'attribute ' || a.attname || ' COMMENT', NULL, NULL, NULL
  FROM pg_type ty JOIN pg_class c ON c.oid = ty.typrelid AND c.relkind = 'c'
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE ty.typnamespace IN ({compared}) AND col_description(c.oid, a.attnum) IS NOT NULL
UNION ALL
SELECT 'foreign table', c.relname, '', NULL, NULL, NULL
  FROM rel c WHERE c.relkind = 'f'
UNION ALL
SELECT 'rule', r.rulename || ' on ' || c.relname, '', NULL, NULL, NULL
  FROM pg_rewrite r JOIN rel c ON c.oid = r.ev_class
 WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT kind, name, '', NULL, NULL, NULL FROM (
    SELECT 'statistics' AS kind, s.stxname::text AS name, s.oid, 'pg_statistic_ext'::regclass AS cat
      FROM pg_statistic_ext s WHERE s.stxnamespace IN ({compared})
    UNION ALL
    SELECT 'operator', o.oid::regoperator::text, o.oid, 'pg_operator'::regclass
      FROM pg_operator o WHERE o.oprnamespace IN ({compared})
    UNION ALL
    SELECT 'operator class', oc.opcname::text, oc.oid, 'pg_opclass'::regclass
      FROM pg_opclass oc WHERE oc.opcnamespace IN ({compared})
    UNION ALL
    SELECT 'operator family', f.opfname::text, f.oid, 'pg_opfamily'::regclass
      FROM pg_opfamily f WHERE f.opfnamespace IN ({compared})
    UNION ALL
    SELECT 'collation', co.collname::text, co.oid, 'pg_collation'::regclass
      FROM pg_collation co WHERE co.collnamespace IN ({compared})
    UNION ALL
    SELECT 'conversion', cv.conname::text, cv.oid, 'pg_conversion'::regclass
      FROM pg_conversion cv WHERE cv.connamespace IN ({compared})
    UNION ALL
    SELECT 'text search configuration', x.cfgname::text, x.oid, 'pg_ts_config'::regclass
      FROM pg_ts_config x WHERE x.cfgnamespace IN ({compared})
    UNION ALL
    SELECT 'text search dictionary', x.dictname::text, x.oid, 'pg_ts_dict'::regclass
      FROM pg_ts_dict x WHERE x.dictnamespace IN ({compared})
    UNION ALL
    SELECT 'text search parser', x.prsname::text, x.oid, 'pg_ts_parser'::regclass
      FROM pg_ts_parser x WHERE x.prsnamespace IN ({compared})
    UNION ALL
    SELECT 'text search template', x.tmplname::text, x.oid, 'pg_ts_template'::regclass
      FROM pg_ts_template x WHERE x.tmplnamespace IN ({compared})
    UNION ALL
    SELECT 'event trigger', x.evtname::text, x.oid, 'pg_event_trigger'::regclass FROM pg_event_trigger x
    UNION ALL
    -- A subscription (pg_subscription, which only a superuser may read)
    -- is never loaded from schema.sql: it would connect to its publisher.
    SELECT 'publication', x.pubname::text, x.oid, 'pg_publication'::regclass FROM pg_publication x

    UNION ALL
    SELECT 'foreign data wrapper', x.fdwname::text, x.oid, 'pg_foreign_data_wrapper'::regclass FROM pg_foreign_data_wrapper x
    UNION ALL
    SELECT 'server', x.srvname::text, x.oid, 'pg_foreign_server'::regclass FROM pg_foreign_server x
    UNION ALL
    SELECT 'cast', format('(%s AS %s)', x.castsource::regtype, x.casttarget::regtype), x.oid, 'pg_cast'::regclass
      FROM pg_cast x WHERE x.oid >= 16384
    UNION ALL
    SELECT 'language', x.lanname::text, x.oid, 'pg_language'::regclass FROM pg_language x WHERE x.oid >= 16384
    UNION ALL
    SELECT 'transform', format('FOR %s LANGUAGE %s', x.trftype::regtype, l.lanname), x.oid, 'pg_transform'::regclass
      FROM pg_transform x JOIN pg_language l ON l.oid = x.trflang
    UNION ALL
    SELECT 'access method', x.amname::text, x.oid, 'pg_am'::regclass FROM pg_am x WHERE x.oid >= 16384
) o
-- What an extension brings is its own; what a type brings with it (a
-- range type's cast to its multirange, deptype 'i') is the type's.
 WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = o.cat AND d.objid = o.oid AND d.deptype IN ('e', 'i'))
UNION ALL
-- The configured schema's comment is not in the model, but for `public`'s
-- own (`standard public schema`, PostgreSQL's); another's is compared.
SELECT 'schema', n.nspname::text, 'COMMENT', NULL, NULL, NULL
  FROM pg_namespace n
 WHERE n.oid = current_schema()::regnamespace
   AND obj_description(n.oid, 'pg_namespace') IS DISTINCT FROM 'standard public schema'
   AND obj_description(n.oid, 'pg_namespace') IS NOT NULL
UNION ALL
SELECT 'schema', n.nspname::text, 'a name holding a dot', NULL, NULL, NULL
  FROM pg_namespace n WHERE n.oid IN ({compared}) AND n.nspname LIKE '%.%'
UNION ALL
SELECT 'relation', c.relname, 'a name holding a dot', NULL, NULL, NULL
  FROM rel c WHERE c.bare LIKE '%.%'
UNION ALL
SELECT 'type', ty.typname::text, 'a name holding a dot', NULL, NULL, NULL
  FROM pg_type ty WHERE ty.typnamespace IN ({compared}) AND ty.typname LIKE '%.%'";

/// Attributes of tables, views, sequences and enums the model has no field for.
const RELATIONS: &str = "
UNION ALL
SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'table' END,
       c.relname, a.what, NULL, NULL, NULL
  FROM rel c
  LEFT JOIN pg_am am ON am.oid = c.relam
  LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
 CROSS JOIN LATERAL (VALUES
    -- PARTITION BY and PARTITION OF are described (attrs.rs: TableAttr).
    (CASE WHEN NOT c.relispartition THEN
          (SELECT 'INHERITS (' || string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) || ')'
             FROM pg_inherits i WHERE i.inhrelid = c.oid) END),
    -- A table's UNLOGGED is described (attrs.rs: TableAttr::Unlogged); a
    -- sequence's (PostgreSQL 15+) is not.
    (CASE WHEN c.relpersistence = 'u' AND c.relkind <> 'r' THEN 'UNLOGGED' END),
    -- A view's security_barrier, security_invoker and check_option are
    -- described (attrs.rs: ViewAttr), and so are the storage parameters
    -- of tables and materialized views (attrs.rs: Storage); those of
    -- their TOAST table (WITH (toast.…)) are not.
    ((SELECT 'WITH (' || string_agg(o, ', ') || ')' FROM unnest(c.reloptions) o
       WHERE c.relkind = 'v' AND o !~ '^(security_barrier|security_invoker|check_option)=')),
    ((SELECT 'WITH (' || string_agg('toast.' || o, ', ') || ')' FROM pg_class t CROSS JOIN unnest(t.reloptions) o
       WHERE t.oid = c.reltoastrelid)),
    (CASE WHEN c.relkind IN ('r', 'p', 'm') AND am.amname <> 'heap' THEN 'USING ' || am.amname END),
    ('TABLESPACE ' || ts.spcname),
    (CASE WHEN c.relkind IN ('r', 'p') THEN CASE c.relreplident WHEN 'f' THEN 'REPLICA IDENTITY FULL'
          WHEN 'n' THEN 'REPLICA IDENTITY NOTHING' WHEN 'i' THEN 'REPLICA IDENTITY USING INDEX' END END),
    (CASE WHEN c.reloftype <> 0 THEN 'OF ' || c.reloftype::regtype::text END)
 ) a(what)
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND a.what IS NOT NULL
   -- A sequence a column owns (serial, identity) is reported with the column.
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0)";

/// What a partition holds that the model, which keeps a partition's
/// columns and clones as its parent's (`introspect.rs`), would pass over:
/// a column that differs from its parent's (a `NOT NULL`, default,
/// identity or comment of its own), and a clone of the parent's index,
/// key or foreign key under a name other than the one PostgreSQL chooses
/// when it clones one (a row with a table name, for [`item`]; a foreign
/// key's clone is named as its parent is, or as a new one would be).
const PARTITIONS: &str = "
UNION ALL
SELECT 'column', c.relname || '.' || a.attname, x.what, NULL, NULL, NULL
  FROM rel c JOIN pg_inherits i ON i.inhrelid = c.oid
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  LEFT JOIN pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
 CROSS JOIN LATERAL (VALUES
    (CASE WHEN a.attnotnull AND NOT pa.attnotnull THEN 'NOT NULL (its parent''s column is nullable)' END),
    (CASE WHEN pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM pg_get_expr(pd.adbin, pd.adrelid)
          THEN coalesce('DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), 'no DEFAULT') || ' (its parent''s differs)' END),
    (CASE WHEN a.attidentity <> pa.attidentity OR a.attgenerated <> pa.attgenerated
          THEN 'identity or generation other than its parent''s' END),
    (CASE WHEN col_description(c.oid, a.attnum) IS NOT NULL THEN 'COMMENT' END)
 ) x(what)
 WHERE c.relispartition AND x.what IS NOT NULL
UNION ALL
SELECT 'index', {prefix} || ic.relname, NULL, c.bare,
       coalesce((SELECT con.contype::text FROM pg_constraint con
                  WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u')), 'i'),
       (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = ic.oid)
  FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN rel c ON c.oid = ix.indrelid
 WHERE EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = ix.indexrelid)
UNION ALL
SELECT 'constraint', {prefix} || con.conname, NULL, c.bare, 'f',
       (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY k(num, n)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num)
  FROM pg_constraint con JOIN rel c ON c.oid = con.conrelid
  JOIN pg_constraint pc ON pc.oid = con.conparentid
 WHERE con.contype = 'f' AND c.relispartition AND con.conname <> pc.conname
   AND pc.conrelid = (SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = c.oid)";

/// Attributes of columns (of tables, and of views where a view column can
/// hold one) the model has no field for.
const COLUMNS: &str = "
UNION ALL
SELECT 'column', c.relname || '.' || a.attname, x.what, NULL, NULL, NULL
  FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_depend dep ON dep.refobjid = c.oid AND dep.refobjsubid = a.attnum
        AND dep.classid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
        AND EXISTS (SELECT 1 FROM pg_class sc WHERE sc.oid = dep.objid AND sc.relkind = 'S')
  LEFT JOIN pg_sequence s ON s.seqrelid = dep.objid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
 CROSS JOIN LATERAL (SELECT CASE s.seqtypid WHEN 'int2'::regtype THEN 32767::bigint
                                            WHEN 'int4'::regtype THEN 2147483647::bigint
                                            ELSE 9223372036854775807 END AS hi,
                            CASE s.seqtypid WHEN 'int2'::regtype THEN -32768::bigint
                                            WHEN 'int4'::regtype THEN -2147483648::bigint
                                            ELSE -9223372036854775808 END AS lo) lim
 CROSS JOIN LATERAL (VALUES
    -- A serial column is described (attrs.rs) when its default is its
    -- sequence's nextval; the sequence's options other than its type are not.
    (CASE WHEN dep.deptype = 'a' AND coalesce(pg_get_expr(ad.adbin, ad.adrelid), '')
                  <> 'nextval(' || quote_literal(dep.objid::regclass::text) || '::regclass)'
          THEN 'owns sequence ' || dep.objid::regclass::text || ' without taking its nextval as default' END),
    -- An identity column's sequence options are described (attrs.rs:
    -- IdentityOptions) but for a type other than the column's, which
    -- CREATE TABLE refuses to write.
    (CASE WHEN dep.deptype = 'i' AND s.seqtypid <> a.atttypid
          THEN 'identity (AS ' || s.seqtypid::regtype::text || ')' END),
    -- The options of the sequence a serial column owns, where they are not
    -- the defaults (its type is its attribute's).
    (CASE WHEN dep.deptype = 'a' THEN 'serial sequence ' || dep.objid::regclass::text || ' (' END
        || nullif(concat_ws(' ',
        CASE WHEN s.seqincrement <> 1 THEN 'INCREMENT BY ' || s.seqincrement END,
        CASE WHEN s.seqmin <> CASE WHEN s.seqincrement > 0 THEN 1 ELSE lim.lo END THEN 'MINVALUE ' || s.seqmin END,
        CASE WHEN s.seqmax <> CASE WHEN s.seqincrement > 0 THEN lim.hi ELSE -1 END THEN 'MAXVALUE ' || s.seqmax END,
        CASE WHEN s.seqstart <> CASE WHEN s.seqincrement > 0 THEN s.seqmin ELSE s.seqmax END THEN 'START WITH ' || s.seqstart END,
        CASE WHEN s.seqcache <> 1 THEN 'CACHE ' || s.seqcache END,
        CASE WHEN s.seqcycle THEN 'CYCLE' END), '') || ')'),
    (CASE WHEN a.attstorage <> t.typstorage THEN 'STORAGE ' || CASE a.attstorage WHEN 'p' THEN 'PLAIN'
          WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END END),
    (CASE coalesce(to_jsonb(a) ->> 'attcompression', '') WHEN '' THEN NULL WHEN 'p' THEN 'COMPRESSION pglz'
          WHEN 'l' THEN 'COMPRESSION lz4' ELSE 'COMPRESSION ' || (to_jsonb(a) ->> 'attcompression') END),
    (CASE WHEN coalesce(a.attstattarget, -1) >= 0 THEN 'STATISTICS ' || a.attstattarget END),
    -- The options ALTER COLUMN … SET takes; a server may keep others of its own there.
    ((SELECT 'SET (' || string_agg(o, ', ') || ')' FROM unnest(a.attoptions) o WHERE o LIKE 'n\\_distinct%')),
    (CASE WHEN c.relkind IN ('v', 'm') AND col_description(c.oid, a.attnum) IS NOT NULL THEN 'COMMENT' END),
    (CASE WHEN c.relkind = 'v' AND a.atthasdef THEN 'DEFAULT' END)
 ) x(what)
 WHERE x.what IS NOT NULL
   -- A view column's other attributes follow from its definition; a
   -- materialized view's column keeps its storage, compression and
   -- statistics target as a table's does.
   AND (c.relkind IN ('r', 'p') OR (c.relkind = 'v' AND x.what IN ('COMMENT', 'DEFAULT'))
        OR (c.relkind = 'm' AND x.what !~ '^(DEFAULT|GENERATED|identity|serial|owns)'))";

/// Attributes of constraints, and of the indexes behind them, the model
/// has no field for; and the name, columns and type of each `NOT NULL`
/// constraint of a partition (PostgreSQL 18 keeps them), for
/// [`default_name`]: the model keeps a table's (attrs.rs:
/// `ColumnAttr::NotNullName`), not a partition's, whose columns are its
/// parent's.
const CONSTRAINTS: &str = "
UNION ALL
SELECT 'constraint', {prefix} || con.conname, x.what, NULL, NULL, NULL
  FROM pg_constraint con JOIN rel c ON c.oid = con.conrelid
  LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype IN ('p', 'u', 'x')
  LEFT JOIN pg_class ic ON ic.oid = ix.indexrelid
  LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
 CROSS JOIN LATERAL (VALUES
    -- An exclusion constraint is described by pg_get_constraintdef
    -- (attrs.rs: TableAttr::Exclusion), its DEFERRABLE, INCLUDE, WITH
    -- and WHERE with it; its index's tablespace is not, nor a key's.
    (CASE WHEN con.condeferrable AND con.contype NOT IN ('p', 'u', 'f', 't', 'x') THEN 'DEFERRABLE' || CASE WHEN con.condeferred THEN ' INITIALLY DEFERRED' ELSE '' END END),
    (CASE WHEN NOT con.convalidated AND con.contype NOT IN ('c', 'f') THEN 'NOT VALID' END),
    (CASE con.confmatchtype WHEN 'p' THEN 'MATCH PARTIAL' END),
    (CASE WHEN con.connoinherit AND con.contype IN ('c', 'n') THEN 'NO INHERIT' END),
    (CASE WHEN to_jsonb(con) ->> 'confdelsetcols' IS NOT NULL
          THEN substring(pg_get_constraintdef(con.oid) FROM 'ON DELETE SET [A-Z]+ \\([^)]*\\)') END),
    -- A key's INCLUDE and WITH are described (attrs.rs: ConstraintAttr).
    ('USING INDEX TABLESPACE ' || ts.spcname),
    (CASE WHEN obj_description(con.oid, 'pg_constraint') IS NOT NULL THEN 'COMMENT' END)
 ) x(what)
 WHERE x.what IS NOT NULL
UNION ALL
SELECT 'constraint', {prefix} || con.conname, NULL, c.bare, con.contype::text,
       (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY k(num, n)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num)
  FROM pg_constraint con JOIN rel c ON c.oid = con.conrelid
 WHERE con.contype = 'n' AND c.relkind IN ('r', 'p') AND c.relispartition
   -- A partition's NOT NULL under its parent's name is the parent's.
   AND NOT (EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_constraint pc
                 ON pc.conrelid = i.inhparent AND pc.contype = 'n' AND pc.conname = con.conname
              WHERE i.inhrelid = c.oid))";

/// Attributes of indexes (not behind a constraint) the model has no field
/// for: it keeps their parts (with operator classes, collations and
/// order), uniqueness, predicate, method, `INCLUDE` list, `NULLS NOT
/// DISTINCT` and storage parameters.
const INDEXES: &str = "
UNION ALL
SELECT 'index', {prefix} || ic.relname, x.what, NULL, NULL, NULL
  FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN rel c ON c.oid = ix.indrelid
  LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
 CROSS JOIN LATERAL (VALUES
    ('TABLESPACE ' || ts.spcname),
    (CASE WHEN ix.indisclustered THEN 'CLUSTER ON' END),
    (CASE WHEN ix.indisreplident THEN 'REPLICA IDENTITY USING INDEX' END),
    (CASE WHEN obj_description(ic.oid, 'pg_class') IS NOT NULL THEN 'COMMENT' END)
 ) x(what)
 WHERE x.what IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid
                      AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))";

/// Everything the database behind `conn` keeps in its current schema (and
/// database-wide) that the schema model does not describe, the tables in
/// `skip` (never empty: stillhead's own are always there) left out, in one
/// round trip.
pub(crate) fn not_compared(
    conn: &mut dyn Connection,
    skip: &[&str],
) -> Result<Vec<NotCompared>, DbError> {
    let params: Vec<String> = (1..=skip.len()).map(|i| format!("${i}")).collect();
    let rel = REL.replace("{skip}", &params.join(", "));
    let sql = format!(
        "WITH {rel}\n{OBJECTS}{RELATIONS}{PARTITIONS}{COLUMNS}{CONSTRAINTS}{INDEXES}\nORDER BY 1, 2, 3"
    )
    .replace("{compared}", namespaces::COMPARED)
    .replace("{key}", &namespaces::key("c.relnamespace", "c.relname"))
    // A constraint's or index's name is its table's schema's: `billing.`
    // before it outside the current schema, as the table's key has.
    .replace("{prefix}", "regexp_replace(c.relname, '[^.]*$', '')");
    let values: Vec<Value> = skip.iter().map(|t| Value::from(*t)).collect();
    let rows = conn.query(&sql, &values)?;
    let mut out: Vec<NotCompared> = rows.iter().map(Vec::as_slice).filter_map(item).collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// One row of the probe as an item: rows with a table name are a
/// `NOT NULL` constraint's name, or a partition's clone of its parent's
/// index, key or foreign key, reported only when it is not PostgreSQL's
/// own choice.
fn item(row: &[Value]) -> Option<NotCompared> {
    let text = |i: usize| match &row[i] {
        Value::Null => None,
        v => Some(v.to_text()),
    };
    let (kind, name) = (text(0)?, text(1)?);
    let Some(table) = text(3) else {
        return Some(NotCompared::attribute(
            kind,
            name,
            text(2).unwrap_or_default(),
        ));
    };
    let contype = text(4).unwrap_or_default();
    let columns: Vec<String> = text(5)
        .map(|c| c.split(',').map(String::from).collect())
        .unwrap_or_default();
    // Outside the current schema the name carries its table's schema
    // (`billing.invoices_id_not_null`, see `{prefix}`): PostgreSQL chose
    // the part after it. Only 18 keeps NOT NULL constraints to name.
    let is_default = |n: &str| is_default_name(n, &table, &contype, &columns);
    if is_default(&name)
        || name
            .char_indices()
            .any(|(i, c)| c == '.' && is_default(&name[i + 1..]))
    {
        return None;
    }
    let default = default_name(&table, &contype, &columns, "");
    Some(NotCompared::attribute(
        kind,
        name,
        format!("a name of its own (PostgreSQL's would be {default})"),
    ))
}

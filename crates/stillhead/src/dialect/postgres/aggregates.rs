//! Aggregates (`CREATE AGGREGATE`) as [`Routine`]s: `pg_get_functiondef`
//! cannot print one, so their definition is written here from
//! `pg_aggregate`, option by option as pg_dump writes it (an option at its
//! default left out), and compared as text like a function's. Every column
//! of `pg_aggregate` (PostgreSQL 13–18) has its option below: a new one
//! belongs here, or in `coverage.rs` as not compared.

use super::introspect::text;
use super::namespaces;
use super::render::qn;
use crate::dialect::Connection;
use crate::error::DbError;
use crate::schema::{signature, Routine, RoutineKind, Schema};

/// Per aggregate: its key, identity arguments, result, arguments as
/// `CREATE` takes them (`ORDER BY` for an ordered-set one), and its options
/// one a line. `FINALFUNC_MODIFY` defaults to `READ_ONLY` for a plain
/// aggregate and `READ_WRITE` for an ordered-set one.
const QUERY: &str = "
SELECT {name}, pg_get_function_identity_arguments(p.oid), coalesce(pg_get_function_result(p.oid), ''),
       pg_get_function_arguments(p.oid),
       concat_ws(E',\\n    ',
         'SFUNC = ' || a.aggtransfn::regproc::text,
         'STYPE = ' || format_type(a.aggtranstype, NULL),
         CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
         CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::regproc::text END,
         CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
         CASE WHEN a.aggfinalmodify <> m.default_modify THEN 'FINALFUNC_MODIFY = '
              || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
         CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::regproc::text END,
         CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::regproc::text END,
         CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || a.aggdeserialfn::regproc::text END,
         CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END,
         CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || a.aggmtransfn::regproc::text END,
         CASE WHEN a.aggminvtransfn <> 0 THEN 'MINVFUNC = ' || a.aggminvtransfn::regproc::text END,
         CASE WHEN a.aggmtransfn <> 0 THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
         CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END,
         CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || a.aggmfinalfn::regproc::text END,
         CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
         CASE WHEN a.aggmtransfn <> 0 AND a.aggmfinalmodify <> m.default_modify THEN 'MFINALFUNC_MODIFY = '
              || CASE a.aggmfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
         CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(a.aggminitval) END,
         (SELECT 'SORTOP = OPERATOR(' || quote_ident(n.nspname) || '.' || o.oprname || ')'
            FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE o.oid = a.aggsortop),
         CASE WHEN a.aggkind = 'h' THEN 'HYPOTHETICAL' END,
         CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END)
  FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
 CROSS JOIN LATERAL (SELECT CASE a.aggkind WHEN 'n' THEN 'r' ELSE 'w' END::\"char\" AS default_modify) m
 WHERE {compared} AND p.prokind = 'a'
   -- An extension's aggregates are its own.
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                      AND d.objid = p.oid AND d.deptype = 'e')
 ORDER BY 1, 2";

/// Adds the aggregates of the compared namespaces to `schema.routines`.
pub(super) fn read(conn: &mut dyn Connection, schema: &mut Schema) -> Result<(), DbError> {
    let sql = QUERY
        .replace("{name}", &namespaces::key("p.pronamespace", "p.proname"))
        .replace("{compared}", &namespaces::compared("p.pronamespace"));
    for row in conn.query(&sql, &[])? {
        let (name, create_args) = (text(&row[0]), text(&row[3]));
        let header = signature(&qn(&name), &create_args, RoutineKind::Aggregate);
        let routine = Routine {
            name,
            args: text(&row[1]),
            kind: RoutineKind::Aggregate,
            returns: text(&row[2]),
            definition: format!(
                "CREATE OR REPLACE AGGREGATE {header} (\n    {}\n)",
                text(&row[4])
            ),
            dialect: crate::Dialect::Postgres,
            attrs: Default::default(),
        };
        schema.routines.insert(routine.key(), routine);
    }
    Ok(())
}

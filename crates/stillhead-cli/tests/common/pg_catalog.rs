//! The dump oracle's stand-in for `pg_dump` on PostgreSQL 17 and later,
//! which no registry package ships a `pg_dump` for: a catalog fingerprint,
//! one sorted line per fact, built from PostgreSQL's own catalogs and its
//! `pg_get_*def` functions (there is no `pg_get_tabledef`: a table is its
//! columns from `pg_attribute`, `format_type` and `pg_get_expr`, plus its
//! constraints and indexes). Written apart from stillhead's introspection
//! (`dialect/postgres/introspect.rs`), so that the oracle does not check
//! stillhead's reading of the catalog with itself. Like `pg_dump -s
//! --no-owner --no-privileges`, it leaves out owners and grants; it keeps
//! what the schema means, in every non-system schema: schemas,
//! extensions, types, tables (kind, persistence, options, row security,
//! partitioning, inheritance), columns in their order, constraints,
//! indexes, views, sequences, triggers, functions, rules, policies,
//! extended statistics and comments. Objects an extension owns are its own.

/// The relations of non-system schemas that no extension owns (`$rel` in
/// the queries below, each of which yields one text column, a fact a row).
const RELATIONS: &str = "
    SELECT c.oid, c.relname, c.relkind, n.nspname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.deptype = 'e')";

/// A schema-qualified, quoted name of a relation of `RELATIONS` (alias r).
const QNAME: &str = "quote_ident(r.nspname) || '.' || quote_ident(r.relname)";

fn queries() -> Vec<String> {
    let rel = |body: &str| body.replace("$rel", RELATIONS).replace("$q", QNAME);
    vec![
        // Schemas and their comments.
        "SELECT 'schema ' || quote_ident(nspname) || coalesce(' comment ' || quote_literal(obj_description(oid, 'pg_namespace')), '')
         FROM pg_namespace
         WHERE nspname NOT IN ('pg_catalog', 'information_schema')
           AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'"
            .to_string(),
        "SELECT 'extension ' || quote_ident(e.extname) || ' schema ' || quote_ident(n.nspname)
         FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname <> 'plpgsql'"
            .to_string(),
        // Enums with their labels in order, domains, composite types.
        "SELECT 'enum ' || quote_ident(n.nspname) || '.' || quote_ident(t.typname) || ' ('
                || (SELECT string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder)
                    FROM pg_enum WHERE enumtypid = t.oid) || ')'
                || coalesce(' comment ' || quote_literal(obj_description(t.oid, 'pg_type')), '')
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE t.typtype = 'e' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                           AND d.objid = t.oid AND d.deptype = 'e')"
            .to_string(),
        "SELECT 'domain ' || quote_ident(n.nspname) || '.' || quote_ident(t.typname) || ' '
                || format_type(t.typbasetype, t.typtypmod)
                || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END
                || coalesce(' default ' || t.typdefault, '')
                || coalesce(' collate ' || (SELECT quote_ident(collname) FROM pg_collation
                                            WHERE oid = t.typcollation AND t.typcollation <> 100), '')
                || coalesce(' ' || (SELECT string_agg(quote_ident(conname) || ' ' || pg_get_constraintdef(oid), ', ' ORDER BY conname)
                                    FROM pg_constraint WHERE contypid = t.oid), '')
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE t.typtype = 'd' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                           AND d.objid = t.oid AND d.deptype = 'e')"
            .to_string(),
        // Relations: kind, persistence, options, row security, replica
        // identity, partition key and bound, parents, comment.
        rel("SELECT 'relation ' || $q || ' kind ' || c.relkind::text || ' persistence ' || c.relpersistence::text
                || coalesce(' options ' || array_to_string(c.reloptions, ','), '')
                || CASE WHEN c.relrowsecurity THEN ' row security' ELSE '' END
                || CASE WHEN c.relforcerowsecurity THEN ' forced' ELSE '' END
                || ' replica identity ' || c.relreplident::text
                || coalesce(' partition by ' || pg_get_partkeydef(c.oid), '')
                || coalesce(' partition ' || pg_get_expr(c.relpartbound, c.oid), '')
                || coalesce(' inherits ' || (SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno)
                                             FROM pg_inherits i WHERE i.inhrelid = c.oid), '')
                || coalesce(' access method ' || (SELECT amname FROM pg_am WHERE oid = c.relam AND c.relkind IN ('r', 'm')), '')
                || coalesce(' comment ' || quote_literal(obj_description(c.oid, 'pg_class')), '')
            FROM ($rel) r JOIN pg_class c ON c.oid = r.oid
            WHERE r.relkind <> 'i' AND r.relkind <> 'I' AND r.relkind <> 'S'"),
        // Columns, numbered in their order (dropped ones skipped): type,
        // NOT NULL, default or generation expression, identity, collation
        // other than the type's, storage other than the type's, compression
        // (a column of to_jsonb: 14 added it), statistics target, options,
        // comment. A `pg_attver` option is not the schema's: this
        // machine's server writes one on every column, with a counter.
        rel("SELECT 'column ' || $q || ' #' || row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)
                || ' ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                || CASE a.attgenerated WHEN 's' THEN ' generated stored ' WHEN 'v' THEN ' generated virtual ' ELSE '' END
                || coalesce(CASE WHEN a.attgenerated = '' THEN ' default ' ELSE '' END || pg_get_expr(ad.adbin, ad.adrelid), '')
                || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
                || coalesce(' collate ' || (SELECT quote_ident(co.collname) FROM pg_collation co
                                            WHERE co.oid = a.attcollation AND a.attcollation <> t.typcollation), '')
                || CASE WHEN a.attstorage <> t.typstorage THEN ' storage ' || a.attstorage::text ELSE '' END
                || coalesce(' compression ' || nullif(to_jsonb(a) ->> 'attcompression', ''), '')
                || coalesce(' statistics ' || nullif(nullif(to_jsonb(a) ->> 'attstattarget', '-1'), ''), '')
                || coalesce(' options ' || nullif(array_to_string(ARRAY(
                       SELECT o FROM unnest(a.attoptions) o WHERE o NOT LIKE 'pg\\_attver=%'), ','), ''), '')
                || coalesce(' comment ' || quote_literal(col_description(a.attrelid, a.attnum)), '')
            FROM ($rel) r JOIN pg_attribute a ON a.attrelid = r.oid
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            WHERE a.attnum > 0 AND NOT a.attisdropped AND r.relkind NOT IN ('i', 'I', 'S')"),
        // Constraints (18 keeps NOT NULL ones, named, in pg_constraint),
        // as PostgreSQL writes them, with whether they are inherited.
        rel("SELECT 'constraint ' || $q || ' ' || quote_ident(co.conname) || ' ' || pg_get_constraintdef(co.oid)
                || CASE WHEN NOT co.conislocal THEN ' inherited' ELSE '' END
                || coalesce(' comment ' || quote_literal(obj_description(co.oid, 'pg_constraint')), '')
            FROM ($rel) r JOIN pg_constraint co ON co.conrelid = r.oid
            -- A foreign key to a partitioned table has a row of its own
            -- per partition on the referencing table (numbered by the
            -- order partitions came in), which PostgreSQL makes from the
            -- key and pg_dump never writes.
            WHERE NOT EXISTS (SELECT 1 FROM pg_constraint p
                               WHERE p.oid = co.conparentid AND p.conrelid = co.conrelid)"),
        // Indexes, as PostgreSQL writes them, with clustering and comment.
        rel("SELECT 'index ' || $q || ' ' || pg_get_indexdef(i.indexrelid)
                || CASE WHEN i.indisclustered THEN ' clustered' ELSE '' END
                || CASE WHEN i.indisreplident THEN ' replica identity' ELSE '' END
                || coalesce(' comment ' || quote_literal(obj_description(i.indexrelid, 'pg_class')), '')
            FROM ($rel) r JOIN pg_index i ON i.indrelid = r.oid"),
        // Views and materialized views: their query as PostgreSQL keeps it.
        rel("SELECT 'view ' || $q || ' ' || pg_get_viewdef(r.oid)
            FROM ($rel) r WHERE r.relkind IN ('v', 'm')"),
        // Sequences, with the column owning one (serial, identity).
        rel("SELECT 'sequence ' || $q || ' ' || format_type(s.seqtypid, NULL)
                || ' start ' || s.seqstart || ' increment ' || s.seqincrement
                || ' min ' || s.seqmin || ' max ' || s.seqmax || ' cache ' || s.seqcache
                || CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END
                || coalesce(' owned by ' || (SELECT d.refobjid::regclass::text || '.' || quote_ident(a.attname) || ' ' || d.deptype::text
                                             FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                                             WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid
                                               AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                                             LIMIT 1), '')
                || coalesce(' comment ' || quote_literal(obj_description(r.oid, 'pg_class')), '')
            FROM ($rel) r JOIN pg_sequence s ON s.seqrelid = r.oid"),
        rel("SELECT 'trigger ' || $q || ' ' || pg_get_triggerdef(tg.oid)
                || CASE tg.tgenabled WHEN 'O' THEN '' ELSE ' enabled ' || tg.tgenabled::text END
                || coalesce(' comment ' || quote_literal(obj_description(tg.oid, 'pg_trigger')), '')
            FROM ($rel) r JOIN pg_trigger tg ON tg.tgrelid = r.oid WHERE NOT tg.tgisinternal"),
        rel("SELECT 'rule ' || $q || ' ' || pg_get_ruledef(ru.oid)
            FROM ($rel) r JOIN pg_rewrite ru ON ru.ev_class = r.oid WHERE ru.rulename <> '_RETURN'"),
        rel("SELECT 'policy ' || $q || ' ' || quote_ident(p.polname) || ' ' || p.polcmd::text
                || CASE WHEN p.polpermissive THEN ' permissive' ELSE ' restrictive' END
                || coalesce(' using ' || pg_get_expr(p.polqual, p.polrelid), '')
                || coalesce(' check ' || pg_get_expr(p.polwithcheck, p.polrelid), '')
                || ' to ' || (SELECT string_agg(CASE WHEN ro = 0 THEN 'public' ELSE quote_ident(pg_get_userbyid(ro)) END, ', '
                                                ORDER BY CASE WHEN ro = 0 THEN 'public' ELSE pg_get_userbyid(ro)::text END)
                              FROM unnest(p.polroles) ro)
                || coalesce(' comment ' || quote_literal(obj_description(p.oid, 'pg_policy')), '')
            FROM ($rel) r JOIN pg_policy p ON p.polrelid = r.oid"),
        "SELECT 'statistics ' || pg_get_statisticsobjdef(s.oid)
         FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
            .to_string(),
        // Functions and procedures no extension owns.
        "SELECT 'function ' || pg_get_functiondef(p.oid)
                || coalesce(' comment ' || quote_literal(obj_description(p.oid, 'pg_proc')), '')
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.prokind IN ('f', 'p')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                           AND d.objid = p.oid AND d.deptype = 'e')"
            .to_string(),
    ]
}

/// The fingerprint of the database at `url`: one line per fact, sorted,
/// stillhead's own tables (and their columns, keys and sequences) left out.
pub fn fingerprint(url: &str) -> Vec<String> {
    let mut c = postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("{url} does not answer: {e}"));
    let mut out: Vec<String> = queries()
        .iter()
        .flat_map(|q| {
            c.query(q.as_str(), &[]).unwrap_or_else(|e| {
                let why = e
                    .as_db_error()
                    .map_or(e.to_string(), |d| d.message().to_string());
                panic!("catalog fingerprint query failed: {why}\n{q}")
            })
        })
        .map(|row| row.get::<_, String>(0))
        .filter(|line| !line.contains("stillhead_version"))
        .collect();
    out.sort();
    out
}

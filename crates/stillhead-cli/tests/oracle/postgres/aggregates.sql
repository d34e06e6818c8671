-- Aggregates (issue 25, "Code"): `pg_get_functiondef` cannot print one,
-- so stillhead writes each from pg_aggregate as pg_dump does
-- (dialect/postgres/aggregates.rs). A plain one with a final function and
-- an initial state, one of no arguments, a parallel one with a combine
-- function, a moving-aggregate one, one with a sort operator, an
-- ordered-set and a hypothetical-set one, one in another schema, a comment
-- on one, and a view that calls one (created after it).

CREATE SCHEMA stats;

CREATE TABLE readings (
    id bigint PRIMARY KEY,
    site text NOT NULL,
    value integer NOT NULL
);

CREATE FUNCTION sum_step(bigint, integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT $1 + $2 $$;

CREATE FUNCTION sum_unstep(bigint, integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT $1 - $2 $$;

CREATE FUNCTION avg_step(numeric[], integer) RETURNS numeric[]
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT ARRAY[$1[1] + $2, $1[2] + 1] $$;

CREATE FUNCTION avg_final(numeric[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN $1[2] = 0 THEN NULL ELSE $1[1] / $1[2] END $$;

CREATE FUNCTION count_step(bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT $1 + 1 $$;

CREATE FUNCTION join_step(text[], text) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT $1 || $2 $$;

CREATE FUNCTION join_final(text[], text, text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT array_to_string($1, $2) $$;

CREATE FUNCTION rank_step(integer[], integer) RETURNS integer[]
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT $1 || $2 $$;

CREATE FUNCTION rank_final(integer[], integer, integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 1 + count(*) FROM unnest($1) v WHERE v < $2 $$;

CREATE FUNCTION stats.product_step(double precision, double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT $1 * $2 $$;

CREATE AGGREGATE average(integer) (
    SFUNC = avg_step,
    STYPE = numeric[],
    SSPACE = 64,
    FINALFUNC = avg_final,
    FINALFUNC_MODIFY = SHAREABLE,
    INITCOND = '{0,0}'
);

CREATE AGGREGATE tally(*) (
    SFUNC = count_step,
    STYPE = bigint,
    INITCOND = '0'
);

CREATE AGGREGATE parallel_sum(integer) (
    SFUNC = sum_step,
    STYPE = bigint,
    COMBINEFUNC = int8pl,
    INITCOND = '0',
    PARALLEL = SAFE
);

CREATE AGGREGATE moving_sum(integer) (
    SFUNC = sum_step,
    STYPE = bigint,
    INITCOND = '0',
    MSFUNC = sum_step,
    MINVFUNC = sum_unstep,
    MSTYPE = bigint,
    MINITCOND = '0'
);

CREATE AGGREGATE largest(integer) (
    SFUNC = int4larger,
    STYPE = integer,
    SORTOP = >
);

CREATE AGGREGATE joined(separator text ORDER BY value text) (
    SFUNC = join_step,
    STYPE = text[],
    FINALFUNC = join_final,
    FINALFUNC_EXTRA,
    INITCOND = '{}'
);

CREATE AGGREGATE rank_of(integer ORDER BY integer) (
    SFUNC = rank_step,
    STYPE = integer[],
    FINALFUNC = rank_final,
    FINALFUNC_EXTRA,
    INITCOND = '{}',
    HYPOTHETICAL
);

CREATE AGGREGATE stats.product(double precision) (
    SFUNC = stats.product_step,
    STYPE = double precision,
    INITCOND = '1'
);

COMMENT ON AGGREGATE average(integer) IS 'the mean, as numeric';
COMMENT ON AGGREGATE tally(*) IS 'rows counted';

CREATE VIEW site_summary AS
    SELECT site, average(value) AS mean, tally(*) AS readings, largest(value) AS top,
           joined(', ') WITHIN GROUP (ORDER BY value::text) AS values
      FROM readings GROUP BY site;

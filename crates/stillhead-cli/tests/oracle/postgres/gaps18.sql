-- gaps2.sql's kind, for what PostgreSQL 18 added: a VIRTUAL generated
-- column (computed when read) and a NOT NULL constraint with a name of its
-- own (18 keeps NOT NULL as a named constraint). check and autogenerate
-- must fail (exit 3) naming each one.
-- oracle: since-postgres 18
-- oracle: not-compared column gauges.doubled: GENERATED ALWAYS AS ((reading * 2)) VIRTUAL
-- oracle: not-compared constraint reading_present: a name of its own

CREATE TABLE gauges (
    id integer PRIMARY KEY,
    reading integer,
    doubled integer GENERATED ALWAYS AS (reading * 2) VIRTUAL,
    CONSTRAINT reading_present NOT NULL reading
);

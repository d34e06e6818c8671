-- gaps2.sql's kind, for what PostgreSQL 18 added and stillhead does not
-- carry: a NOT NULL constraint added NOT VALID (its rows not checked yet).
-- check and autogenerate must fail (exit 3) naming it.
-- oracle: since-postgres 18
-- oracle: not-compared constraint reading_present: not valid

CREATE TABLE gauges (
    id integer PRIMARY KEY,
    reading integer
);

ALTER TABLE gauges ADD CONSTRAINT reading_present NOT NULL reading NOT VALID;

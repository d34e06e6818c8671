-- attrs.sql's kind, for what only PostgreSQL 15 and later read: keys and
-- unique indexes whose NULLs do not count as distinct (NULLS NOT DISTINCT),
-- carried as typed attributes (dialect/postgres/attrs.rs).
-- oracle: since-postgres 15

-- Every column but the table's last is in a key, so a mutation dropping
-- one does not load (as in attrs.sql).

CREATE TABLE tokens (
    serial text,
    model text,
    id bigint PRIMARY KEY,
    CONSTRAINT tokens_serial_key UNIQUE NULLS NOT DISTINCT (serial)
);

CREATE UNIQUE INDEX tokens_model_idx ON tokens (model) NULLS NOT DISTINCT;

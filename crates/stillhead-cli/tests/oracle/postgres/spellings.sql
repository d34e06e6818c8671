-- Spellings PostgreSQL keeps as written: stillhead must write them back
-- the same way.
-- oracle: known-failure a DEFAULT now() is written back as DEFAULT CURRENT_TIMESTAMP (same value, another spelling in pg_dump)

CREATE TABLE stamps (
    id integer PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now()
);

-- The rows of issue 24's table that stillhead's model cannot say yet on
-- PostgreSQL: each must make check and autogenerate fail (exit 3) naming
-- it, never pass silently.
-- oracle: not-compared partition
-- oracle: not-compared column account_totals.n: comment
-- oracle: not-compared domain

CREATE DOMAIN year AS integer CHECK (VALUE BETWEEN 1900 AND 2200);
-- The domain is compared (types.sql); a comment on it is not.
COMMENT ON DOMAIN year IS 'a calendar year';

CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    note text COLLATE "C",
    born year,
    qty integer NOT NULL,
    CONSTRAINT qty_pos CHECK (qty > 0)
);

CREATE TABLE payments (
    id bigint NOT NULL,
    account_id bigint REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE events (
    id bigint NOT NULL,
    created date NOT NULL
) PARTITION BY RANGE (created);

CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

-- A materialized view is described (views.sql); its storage parameters
-- and its columns' comments are not.
CREATE MATERIALIZED VIEW account_totals WITH (fillfactor=60) AS SELECT count(*) AS n FROM accounts;
COMMENT ON COLUMN account_totals.n IS 'how many';

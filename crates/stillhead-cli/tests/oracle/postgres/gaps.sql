-- The rows of issue 24's table that stillhead's model cannot say yet on
-- PostgreSQL: each must make check and autogenerate fail (exit 3) naming
-- it, never pass silently.
-- oracle: not-compared column events_2026.kind: default 'x'::text (its parent's differs)
-- oracle: not-compared index events_2026_by_created: a name of its own (postgresql's would be events_2026_created_idx)
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

-- Partitions are described (partitions.sql), as holding their parent's
-- columns and clones of its indexes under the names PostgreSQL gives
-- them: a column default of a partition's own, and an index attached
-- under a name of its own, are not.
CREATE TABLE events (
    id bigint NOT NULL,
    created date NOT NULL,
    kind text
) PARTITION BY RANGE (created);
CREATE INDEX events_created ON events (created);

CREATE TABLE events_2026 (id bigint NOT NULL, created date NOT NULL, kind text DEFAULT 'x');
CREATE INDEX events_2026_by_created ON events_2026 (created);
ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

-- A materialized view is described (views.sql); its storage parameters
-- and its columns' comments are not.
CREATE MATERIALIZED VIEW account_totals WITH (fillfactor=60) AS SELECT count(*) AS n FROM accounts;
COMMENT ON COLUMN account_totals.n IS 'how many';

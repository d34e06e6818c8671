-- Declarative partitioning (issue 25, "Partitioning"): a RANGE-partitioned
-- events table by month with a DEFAULT partition, its primary key (which
-- holds the partition key), an index and a unique constraint on it that
-- every partition gets a clone of; a LIST-partitioned table with a check
-- and a partition of its own index; a HASH-partitioned one (modulus and
-- remainder) whose key is an expression with an operator class; a
-- sub-partitioned table (a partition that is itself partitioned); a
-- partition in another schema; a foreign key from a partitioned table and
-- one to it (PostgreSQL 12+), an expression index with INCLUDE columns
-- on a hash-partitioned table. What PostgreSQL clones into a partition is
-- the parent's, not the partition's own: written once, on the parent.

CREATE SCHEMA archive;

CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    region text NOT NULL
);

CREATE TABLE events (
    id bigint NOT NULL,
    account_id bigint NOT NULL REFERENCES accounts (id),
    created date NOT NULL,
    kind text NOT NULL DEFAULT 'click',
    payload jsonb,
    PRIMARY KEY (id, created),
    CONSTRAINT events_kind_check CHECK (kind <> '')
) PARTITION BY RANGE (created);

CREATE INDEX events_account ON events (account_id, created DESC);
CREATE UNIQUE INDEX events_kind_id ON events (kind, id, created);

CREATE TABLE events_2026_01 PARTITION OF events
    FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
CREATE TABLE events_2026_02 PARTITION OF events
    FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
CREATE TABLE archive.events_2025 PARTITION OF events
    FOR VALUES FROM (MINVALUE) TO ('2026-01-01');
CREATE TABLE events_other PARTITION OF events DEFAULT;

-- A partition's own index, beside the clones of its parent's.
CREATE INDEX events_2026_01_payload ON events_2026_01 USING gin (payload);

CREATE TABLE customers (
    id bigint NOT NULL,
    country text NOT NULL,
    name text NOT NULL,
    PRIMARY KEY (id, country),
    UNIQUE (name, country)
) PARTITION BY LIST (country);

CREATE TABLE customers_eu PARTITION OF customers FOR VALUES IN ('de', 'fr', 'nl');
CREATE TABLE customers_us PARTITION OF customers FOR VALUES IN ('us');
CREATE TABLE customers_rest PARTITION OF customers DEFAULT;

-- A foreign key to a partitioned table (PostgreSQL 12+).
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    country text NOT NULL,
    FOREIGN KEY (customer_id, country) REFERENCES customers (id, country) ON DELETE CASCADE
);

CREATE TABLE sessions (
    token text NOT NULL,
    started timestamptz NOT NULL
) PARTITION BY HASH (lower(token) text_pattern_ops);

-- An index on an expression with an INCLUDE list: each partition's clone
-- is named by the index's own column names (sessions_0_lower_started_token_idx).
CREATE INDEX sessions_lower ON sessions (lower(token), started DESC) INCLUDE (token);

CREATE TABLE sessions_0 PARTITION OF sessions FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE sessions_1 PARTITION OF sessions FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE sessions_2 PARTITION OF sessions FOR VALUES WITH (MODULUS 3, REMAINDER 2);

-- A sub-partitioned table: each year's partition is partitioned by region.
CREATE TABLE readings (
    sensor integer NOT NULL,
    taken date NOT NULL,
    region text NOT NULL,
    value numeric CHECK (value >= 0)
) PARTITION BY RANGE (taken);

CREATE TABLE readings_2026 PARTITION OF readings
    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')
    PARTITION BY LIST (region);
CREATE TABLE readings_2026_north PARTITION OF readings_2026 FOR VALUES IN ('north');
CREATE TABLE readings_2026_south PARTITION OF readings_2026 FOR VALUES IN ('south');

CREATE INDEX readings_sensor ON readings (sensor, taken);

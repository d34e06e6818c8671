-- upgrade
CREATE TABLE events (
    id bigint NOT NULL,
    created date NOT NULL,
    region text,
    PRIMARY KEY (id, created)
) PARTITION BY RANGE (created);
CREATE INDEX events_region ON events (region, created DESC);
CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01') PARTITION BY LIST (region);
CREATE TABLE events_2026_02_north PARTITION OF events_2026_02 FOR VALUES IN ('north');
CREATE TABLE events_other PARTITION OF events (
    CONSTRAINT events_other_not_moon CHECK ((region <> 'moon'))
) DEFAULT;
-- downgrade
-- WARNING: drops table events_other and all its rows
DROP TABLE events_other;
-- WARNING: drops table events_2026_02_north and all its rows
DROP TABLE events_2026_02_north;
-- WARNING: drops table events_2026_02 and all its rows
DROP TABLE events_2026_02;
-- WARNING: drops table events_2026_01 and all its rows
DROP TABLE events_2026_01;
-- WARNING: drops table events and all its rows
DROP TABLE events;
-- warnings


-- upgrade
ALTER TABLE events DETACH PARTITION events_2026_01;
DROP INDEX events_2026_01_region_created_idx;
CREATE INDEX events_2025_region_created_idx ON events_2025 (region, created DESC);
ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- downgrade
ALTER TABLE events DETACH PARTITION events_2025;
DROP INDEX events_2025_region_created_idx;
CREATE INDEX events_2026_01_region_created_idx ON events_2026_01 (region, created DESC);
ALTER TABLE events ATTACH PARTITION events_2026_01 FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
-- warnings


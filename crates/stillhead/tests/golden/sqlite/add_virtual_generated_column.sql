-- upgrade
ALTER TABLE t ADD COLUMN total INTEGER GENERATED ALWAYS AS (a * b) VIRTUAL;
-- downgrade
-- WARNING: drops column t.total and its data
ALTER TABLE t DROP COLUMN total;
-- warnings


-- upgrade
ALTER TABLE t ADD COLUMN total INTEGER GENERATED ALWAYS AS (a * b) VIRTUAL;
-- downgrade
-- WARNING: drops column(s) total of t
ALTER TABLE t DROP COLUMN total;
-- warnings


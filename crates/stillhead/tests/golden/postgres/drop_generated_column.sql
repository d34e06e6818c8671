-- upgrade
-- WARNING: drops column(s) total of t
ALTER TABLE t DROP COLUMN total;
-- downgrade
ALTER TABLE t ADD COLUMN total integer GENERATED ALWAYS AS (a * 2) STORED;
-- warnings
drops column(s) total of t

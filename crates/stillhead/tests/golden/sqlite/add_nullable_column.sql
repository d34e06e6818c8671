-- upgrade
ALTER TABLE t ADD COLUMN v VARCHAR(50);
-- downgrade
-- WARNING: drops column(s) v of t
ALTER TABLE t DROP COLUMN v;
-- warnings


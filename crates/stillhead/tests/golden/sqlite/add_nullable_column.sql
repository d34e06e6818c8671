-- upgrade
ALTER TABLE t ADD COLUMN v VARCHAR(50);
-- downgrade
-- WARNING: drops column t.v and its data
ALTER TABLE t DROP COLUMN v;
-- warnings


-- upgrade
DROP INDEX t_w;
-- WARNING: drops column t.w and its data
ALTER TABLE t DROP COLUMN w;
-- downgrade
ALTER TABLE t ADD COLUMN w VARCHAR(50);
CREATE INDEX t_w ON t (w);
-- warnings
drops column t.w and its data

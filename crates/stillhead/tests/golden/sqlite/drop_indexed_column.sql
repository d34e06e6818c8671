-- upgrade
DROP INDEX t_w;
-- WARNING: drops column(s) w of t
ALTER TABLE t DROP COLUMN w;
-- downgrade
ALTER TABLE t ADD COLUMN w VARCHAR(50);
CREATE INDEX t_w ON t (w);
-- warnings
drops column(s) w of t

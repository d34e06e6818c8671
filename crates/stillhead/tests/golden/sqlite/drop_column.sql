-- upgrade
-- WARNING: drops column(s) w of t
ALTER TABLE t DROP COLUMN w;
-- downgrade
ALTER TABLE t ADD COLUMN w VARCHAR(50);
-- warnings
drops column(s) w of t

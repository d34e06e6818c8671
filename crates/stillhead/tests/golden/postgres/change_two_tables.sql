-- upgrade
ALTER TABLE t ADD COLUMN x integer;
ALTER TABLE u ADD COLUMN y varchar(50);
-- downgrade
-- WARNING: drops column(s) x of t
ALTER TABLE t DROP COLUMN x;
-- WARNING: drops column(s) y of u
ALTER TABLE u DROP COLUMN y;
-- warnings


-- upgrade
ALTER TABLE t ADD COLUMN n INTEGER NOT NULL DEFAULT 0;
-- downgrade
-- WARNING: drops column(s) n of t
ALTER TABLE t DROP COLUMN n;
-- warnings


-- upgrade
ALTER TABLE t ADD COLUMN at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP;
-- downgrade
-- WARNING: drops column(s) at of t
ALTER TABLE t DROP COLUMN at;
-- warnings


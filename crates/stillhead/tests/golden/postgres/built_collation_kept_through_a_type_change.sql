-- upgrade
ALTER TABLE t ALTER COLUMN code TYPE varchar(20) COLLATE "C" USING code::varchar(20);
-- downgrade
-- WARNING: changes t.code from VARCHAR(20) to VARCHAR(10): a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE t ALTER COLUMN code TYPE varchar(10) COLLATE "C" USING code::varchar(10);
-- warnings


-- upgrade
-- WARNING: changes t.v from VARCHAR(200) to VARCHAR(20): a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE t ALTER COLUMN v TYPE varchar(20) USING v::varchar(20);
-- downgrade
ALTER TABLE t ALTER COLUMN v TYPE varchar(200) USING v::varchar(200);
-- warnings
changes t.v from VARCHAR(200) to VARCHAR(20): a narrower type: values that do not fit are truncated or make the migration fail

-- upgrade
-- WARNING: changes t.v from BIGINT to SMALLINT: a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE t ALTER COLUMN v TYPE smallint USING v::smallint;
-- downgrade
ALTER TABLE t ALTER COLUMN v TYPE bigint USING v::bigint;
-- warnings
changes t.v from BIGINT to SMALLINT: a narrower type: values that do not fit are truncated or make the migration fail

-- upgrade
ALTER TABLE t ALTER COLUMN q TYPE bigint USING q::bigint;
-- downgrade
-- WARNING: changes t.q from BIGINT to INTEGER: a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE t ALTER COLUMN q TYPE integer USING q::integer;
-- warnings


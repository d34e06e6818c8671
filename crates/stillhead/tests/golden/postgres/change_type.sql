-- upgrade
-- WARNING: changes t.v from VARCHAR(50) to INTEGER: values that do not convert make the migration fail (or are lost)
ALTER TABLE t ALTER COLUMN v TYPE integer USING v::integer;
-- downgrade
-- WARNING: changes t.v from INTEGER to VARCHAR(50): values that do not convert make the migration fail (or are lost)
ALTER TABLE t ALTER COLUMN v TYPE varchar(50) USING v::varchar(50);
-- warnings
changes t.v from VARCHAR(50) to INTEGER: values that do not convert make the migration fail (or are lost)

-- upgrade
ALTER TABLE "order" ALTER COLUMN "group" TYPE bigint USING "group"::bigint;
-- downgrade
-- WARNING: changes order.group from BIGINT to INTEGER: a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE "order" ALTER COLUMN "group" TYPE integer USING "group"::integer;
-- warnings


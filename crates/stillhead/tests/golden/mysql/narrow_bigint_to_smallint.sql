-- upgrade
-- WARNING: changes t.v from BIGINT to SMALLINT: a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE `t` MODIFY COLUMN `v` smallint NULL;
-- downgrade
ALTER TABLE `t` MODIFY COLUMN `v` bigint NULL;
-- warnings
changes t.v from BIGINT to SMALLINT: a narrower type: values that do not fit are truncated or make the migration fail

-- upgrade
ALTER TABLE `t` MODIFY COLUMN `q` bigint NULL CHECK (`q` > 0);
-- downgrade
-- WARNING: changes t.q from BIGINT to INTEGER: a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE `t` MODIFY COLUMN `q` integer NULL CHECK (`q` > 0);
-- warnings


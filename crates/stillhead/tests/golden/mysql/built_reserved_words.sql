-- upgrade
ALTER TABLE `order` MODIFY COLUMN `group` bigint NULL;
-- downgrade
-- WARNING: changes order.group from BIGINT to INTEGER: a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE `order` MODIFY COLUMN `group` integer NULL;
-- warnings


-- upgrade
ALTER TABLE `t` MODIFY COLUMN `n` integer NULL DEFAULT 7;
-- downgrade
ALTER TABLE `t` MODIFY COLUMN `n` integer NULL;
-- warnings


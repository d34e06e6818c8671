-- upgrade
ALTER TABLE `t` MODIFY COLUMN `n` integer NULL;
-- downgrade
ALTER TABLE `t` MODIFY COLUMN `n` integer NULL DEFAULT 7;
-- warnings


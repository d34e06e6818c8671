-- upgrade
ALTER TABLE `t` DROP CONSTRAINT IF EXISTS `q`;
ALTER TABLE `t` MODIFY COLUMN `q` integer NULL;
ALTER TABLE `t` ADD CONSTRAINT `q_positive` CHECK (`q` > 0);
-- downgrade
ALTER TABLE `t` DROP CONSTRAINT `q_positive`;
ALTER TABLE `t` MODIFY COLUMN `q` integer NULL CHECK (`q` > 0);
-- warnings


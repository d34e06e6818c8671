-- upgrade
DROP INDEX `t_w` ON `t`;
-- WARNING: drops column(s) w of t
ALTER TABLE `t` DROP COLUMN `w`;
-- downgrade
ALTER TABLE `t` ADD COLUMN `w` varchar(50) NULL AFTER `v`;
CREATE INDEX `t_w` ON `t` (`w`);
-- warnings
drops column(s) w of t

-- upgrade
-- WARNING: drops column(s) w of t
ALTER TABLE `t` DROP COLUMN `w`;
-- downgrade
ALTER TABLE `t` ADD COLUMN `w` varchar(50) NULL AFTER `v`;
-- warnings
drops column(s) w of t

-- upgrade
-- WARNING: drops column t.w and its data
ALTER TABLE `t` DROP COLUMN `w`;
-- downgrade
ALTER TABLE `t` ADD COLUMN `w` varchar(50) NULL AFTER `v`;
-- warnings
drops column t.w and its data

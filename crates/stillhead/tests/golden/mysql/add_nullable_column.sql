-- upgrade
ALTER TABLE `t` ADD COLUMN `v` varchar(50) NULL AFTER `id`;
-- downgrade
-- WARNING: drops column t.v and its data
ALTER TABLE `t` DROP COLUMN `v`;
-- warnings


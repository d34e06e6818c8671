-- upgrade
ALTER TABLE `t` ADD COLUMN `x` integer NULL AFTER `id`;
ALTER TABLE `u` ADD COLUMN `y` varchar(50) NULL AFTER `id`;
-- downgrade
-- WARNING: drops column t.x and its data
ALTER TABLE `t` DROP COLUMN `x`;
-- WARNING: drops column u.y and its data
ALTER TABLE `u` DROP COLUMN `y`;
-- warnings


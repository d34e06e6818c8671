-- upgrade
ALTER TABLE `t` ADD COLUMN `x` integer NULL AFTER `id`;
ALTER TABLE `u` ADD COLUMN `y` varchar(50) NULL AFTER `id`;
-- downgrade
-- WARNING: drops column(s) x of t
ALTER TABLE `t` DROP COLUMN `x`;
-- WARNING: drops column(s) y of u
ALTER TABLE `u` DROP COLUMN `y`;
-- warnings


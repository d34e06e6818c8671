-- upgrade
ALTER TABLE `t` ADD COLUMN `parent_id` integer NULL AFTER `id`;
ALTER TABLE `t` ADD FOREIGN KEY (`parent_id`) REFERENCES `parent` (`id`) ON DELETE SET NULL;
-- downgrade
-- WARNING: drops column(s) parent_id of t
-- TODO: drop a foreign key on t (its name is not known)
ALTER TABLE `t` DROP INDEX IF EXISTS `parent_id`;
ALTER TABLE `t` DROP COLUMN `parent_id`;
-- warnings


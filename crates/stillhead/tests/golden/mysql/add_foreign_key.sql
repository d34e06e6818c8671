-- upgrade
ALTER TABLE `t` ADD FOREIGN KEY (`parent_id`) REFERENCES `parent` (`id`);
-- downgrade
-- TODO: drop a foreign key on t (its name is not known)
ALTER TABLE `t` DROP INDEX IF EXISTS `parent_id`;
-- warnings


-- upgrade
ALTER TABLE `t` ADD FOREIGN KEY (`parent_id`) REFERENCES `parent` (`id`);
CREATE INDEX `t_parent` ON `t` (`parent_id`);
-- downgrade
DROP INDEX `t_parent` ON `t`;
-- TODO: drop a foreign key on t (its name is not known)
ALTER TABLE `t` DROP INDEX IF EXISTS `parent_id`;
-- warnings


-- upgrade
CREATE INDEX `t_parent` ON `t` (`parent_id`, `id`);
ALTER TABLE `t` DROP INDEX IF EXISTS `parent_id`;
-- downgrade
DROP INDEX `t_parent` ON `t`;
-- warnings


-- upgrade
DROP INDEX `t_v` ON `t`;
-- downgrade
CREATE INDEX `t_v` ON `t` (`v`);
-- warnings


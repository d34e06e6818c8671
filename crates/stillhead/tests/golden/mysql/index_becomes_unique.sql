-- upgrade
DROP INDEX `t_v` ON `t`;
CREATE UNIQUE INDEX `t_v` ON `t` (`v`);
-- downgrade
DROP INDEX `t_v` ON `t`;
CREATE INDEX `t_v` ON `t` (`v`);
-- warnings


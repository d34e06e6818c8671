-- upgrade
DROP INDEX `t_i` ON `t`;
CREATE INDEX `t_i` ON `t` (`a`, `b`);
-- downgrade
DROP INDEX `t_i` ON `t`;
CREATE INDEX `t_i` ON `t` (`a`);
-- warnings


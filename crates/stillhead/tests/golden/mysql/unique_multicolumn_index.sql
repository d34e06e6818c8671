-- upgrade
CREATE UNIQUE INDEX `t_ab` ON `t` (`a`, `b` DESC);
-- downgrade
DROP INDEX `t_ab` ON `t`;
-- warnings


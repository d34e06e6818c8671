-- upgrade
-- WARNING: makes t.v NOT NULL: fails if rows hold NULL
ALTER TABLE `t` DROP CONSTRAINT `t_v_check`;
ALTER TABLE `t` DROP INDEX `t_v_key`;
ALTER TABLE `t` DROP PRIMARY KEY;
ALTER TABLE `t` MODIFY COLUMN `v` integer NOT NULL;
ALTER TABLE `t` ADD PRIMARY KEY (`id`, `v`);
-- downgrade
ALTER TABLE `t` DROP PRIMARY KEY;
ALTER TABLE `t` MODIFY COLUMN `v` integer NULL;
ALTER TABLE `t` ADD PRIMARY KEY (`id`);
ALTER TABLE `t` ADD CONSTRAINT `t_v_key` UNIQUE (`v`);
ALTER TABLE `t` ADD CONSTRAINT `t_v_check` CHECK (v > 0);
-- warnings
makes t.v NOT NULL: fails if rows hold NULL

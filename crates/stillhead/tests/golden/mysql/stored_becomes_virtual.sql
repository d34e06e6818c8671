-- upgrade
ALTER TABLE `t` DROP COLUMN `total`;
ALTER TABLE `t` ADD COLUMN `total` integer GENERATED ALWAYS AS (a + 1) VIRTUAL AFTER `a`;
-- downgrade
ALTER TABLE `t` DROP COLUMN `total`;
ALTER TABLE `t` ADD COLUMN `total` integer GENERATED ALWAYS AS (a + 1) STORED AFTER `a`;
-- warnings


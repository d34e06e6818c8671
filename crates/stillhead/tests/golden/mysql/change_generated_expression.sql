-- upgrade
ALTER TABLE `t` DROP COLUMN `total`;
ALTER TABLE `t` ADD COLUMN `total` integer GENERATED ALWAYS AS (a * 3) STORED AFTER `a`;
-- downgrade
ALTER TABLE `t` DROP COLUMN `total`;
ALTER TABLE `t` ADD COLUMN `total` integer GENERATED ALWAYS AS (a * 2) STORED AFTER `a`;
-- warnings


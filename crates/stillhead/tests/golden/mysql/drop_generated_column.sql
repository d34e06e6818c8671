-- upgrade
-- WARNING: drops column t.total and its data
ALTER TABLE `t` DROP COLUMN `total`;
-- downgrade
ALTER TABLE `t` ADD COLUMN `total` integer GENERATED ALWAYS AS (a * 2) STORED AFTER `a`;
-- warnings
drops column t.total and its data

-- upgrade
ALTER TABLE `t` ADD COLUMN `total` integer GENERATED ALWAYS AS (a * b) VIRTUAL AFTER `b`;
-- downgrade
-- WARNING: drops column t.total and its data
ALTER TABLE `t` DROP COLUMN `total`;
-- warnings


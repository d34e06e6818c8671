-- upgrade
ALTER TABLE `t` ADD COLUMN `total` integer GENERATED ALWAYS AS (a * b) VIRTUAL AFTER `b`;
-- downgrade
-- WARNING: drops column(s) total of t
ALTER TABLE `t` DROP COLUMN `total`;
-- warnings


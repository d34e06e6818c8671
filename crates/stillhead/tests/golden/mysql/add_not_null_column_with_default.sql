-- upgrade
ALTER TABLE `t` ADD COLUMN `n` integer NOT NULL DEFAULT 0 AFTER `id`;
-- downgrade
-- WARNING: drops column(s) n of t
ALTER TABLE `t` DROP COLUMN `n`;
-- warnings


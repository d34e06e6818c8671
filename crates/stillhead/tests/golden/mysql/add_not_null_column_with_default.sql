-- upgrade
ALTER TABLE `t` ADD COLUMN `n` integer NOT NULL DEFAULT 0 AFTER `id`;
-- downgrade
-- WARNING: drops column t.n and its data
ALTER TABLE `t` DROP COLUMN `n`;
-- warnings


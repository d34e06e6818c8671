-- upgrade
ALTER TABLE `t` ADD COLUMN `code` varchar(50) NULL AFTER `id`;
ALTER TABLE `t` ADD UNIQUE (`code`);
-- downgrade
-- WARNING: drops column(s) code of t
-- TODO: drop a unique key on t (its name is not known)
ALTER TABLE `t` DROP COLUMN `code`;
-- warnings


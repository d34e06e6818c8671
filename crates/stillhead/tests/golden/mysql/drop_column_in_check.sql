-- upgrade
-- WARNING: drops column(s) v of t
-- TODO: drop a check constraint on t (its name is not known)
ALTER TABLE `t` DROP COLUMN `v`;
-- downgrade
ALTER TABLE `t` ADD COLUMN `v` integer NULL AFTER `id`;
ALTER TABLE `t` ADD CHECK (v > 0);
-- warnings
drops column(s) v of t

-- upgrade
ALTER TABLE `t` ADD COLUMN `price` decimal(10,2) NULL AFTER `id`;
ALTER TABLE `t` ADD COLUMN `born` date NULL AFTER `price`;
ALTER TABLE `t` ADD COLUMN `ratio` real NULL AFTER `born`;
-- downgrade
-- WARNING: drops column t.price and its data
ALTER TABLE `t` DROP COLUMN `price`;
-- WARNING: drops column t.born and its data
ALTER TABLE `t` DROP COLUMN `born`;
-- WARNING: drops column t.ratio and its data
ALTER TABLE `t` DROP COLUMN `ratio`;
-- warnings


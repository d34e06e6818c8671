-- upgrade
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NULL;
-- downgrade
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NULL COMMENT 'old';
-- warnings


-- upgrade
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NULL COMMENT 'the thing''s value';
-- downgrade
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NULL;
-- warnings


-- upgrade
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NULL DEFAULT 'b';
-- downgrade
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NULL DEFAULT 'a';
-- warnings


-- upgrade
-- WARNING: makes t.v NOT NULL: fails if rows hold NULL
UPDATE `t` SET `v` = 'x' WHERE `v` IS NULL;
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NOT NULL DEFAULT 'x';
-- downgrade
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NULL;
-- warnings
makes t.v NOT NULL: fails if rows hold NULL

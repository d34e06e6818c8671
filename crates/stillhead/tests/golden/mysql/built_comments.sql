-- upgrade
ALTER TABLE `t` COMMENT = 'things it''s about';
ALTER TABLE `t` MODIFY COLUMN `v` integer NULL COMMENT 'the value';
-- downgrade
ALTER TABLE `t` COMMENT = '';
ALTER TABLE `t` MODIFY COLUMN `v` integer NULL;
-- warnings


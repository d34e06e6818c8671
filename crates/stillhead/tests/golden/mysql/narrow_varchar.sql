-- upgrade
-- WARNING: changes t.v from VARCHAR(200) to VARCHAR(20): a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE `t` MODIFY COLUMN `v` varchar(20) NULL;
-- downgrade
ALTER TABLE `t` MODIFY COLUMN `v` varchar(200) NULL;
-- warnings
changes t.v from VARCHAR(200) to VARCHAR(20): a narrower type: values that do not fit are truncated or make the migration fail

-- upgrade
-- WARNING: changes t.v from VARCHAR(50) to INTEGER: values that do not convert make the migration fail (or are lost)
ALTER TABLE `t` MODIFY COLUMN `v` integer NULL;
-- downgrade
-- WARNING: changes t.v from INTEGER to VARCHAR(50): values that do not convert make the migration fail (or are lost)
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NULL;
-- warnings
changes t.v from VARCHAR(50) to INTEGER: values that do not convert make the migration fail (or are lost)

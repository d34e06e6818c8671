-- upgrade
DROP VIEW `tv2`;
DROP VIEW `tv`;
ALTER TABLE `t` MODIFY COLUMN `v` varchar(100) NULL;
CREATE VIEW `tv` AS SELECT id, v FROM t;
CREATE VIEW `tv2` AS SELECT v FROM tv;
-- downgrade
DROP VIEW `tv2`;
DROP VIEW `tv`;
-- WARNING: changes t.v from VARCHAR(100) to VARCHAR(50): a narrower type: values that do not fit are truncated or make the migration fail
ALTER TABLE `t` MODIFY COLUMN `v` varchar(50) NULL;
CREATE VIEW `tv` AS SELECT id, v FROM t;
CREATE VIEW `tv2` AS SELECT v FROM tv;
-- warnings


-- upgrade
DROP VIEW `tv`;
-- downgrade
CREATE VIEW `tv` AS SELECT id, v FROM t WHERE v IS NOT NULL;
-- warnings


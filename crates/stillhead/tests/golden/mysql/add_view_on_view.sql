-- upgrade
CREATE VIEW `tv2` AS SELECT id FROM tv WHERE id > 1;
-- downgrade
DROP VIEW `tv2`;
-- warnings


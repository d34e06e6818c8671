-- upgrade
DROP VIEW tv;
CREATE VIEW tv AS SELECT id FROM t WHERE v IS NULL;
-- downgrade
DROP VIEW tv;
CREATE VIEW tv AS SELECT id, v FROM t WHERE v IS NOT NULL;
-- warnings


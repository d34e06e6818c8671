-- upgrade
CREATE VIEW tv AS SELECT id, v FROM t WHERE v IS NOT NULL;
-- downgrade
DROP VIEW tv;
-- warnings


-- upgrade
CREATE INDEX t_v ON t (v) WHERE v IS NOT NULL;
-- downgrade
DROP INDEX t_v;
-- warnings


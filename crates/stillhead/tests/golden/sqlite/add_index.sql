-- upgrade
CREATE INDEX t_v ON t (v);
-- downgrade
DROP INDEX t_v;
-- warnings


-- upgrade
DROP INDEX t_v;
-- downgrade
CREATE INDEX t_v ON t (v);
-- warnings


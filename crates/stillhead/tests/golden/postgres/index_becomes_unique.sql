-- upgrade
DROP INDEX t_v;
CREATE UNIQUE INDEX t_v ON t (v);
-- downgrade
DROP INDEX t_v;
CREATE INDEX t_v ON t (v);
-- warnings


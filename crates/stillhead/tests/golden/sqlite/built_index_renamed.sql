-- upgrade
DROP INDEX t_a_idx;
CREATE INDEX t_a_x ON t (a);
-- downgrade
DROP INDEX t_a_x;
CREATE INDEX t_a_idx ON t (a);
-- warnings


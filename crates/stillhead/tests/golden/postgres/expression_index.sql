-- upgrade
CREATE INDEX t_lv ON t (lower(v));
-- downgrade
DROP INDEX t_lv;
-- warnings


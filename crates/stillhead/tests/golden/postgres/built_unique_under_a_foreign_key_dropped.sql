-- upgrade
ALTER TABLE t DROP CONSTRAINT t_a_b_key;
-- downgrade
ALTER TABLE t ADD CONSTRAINT t_a_b_key UNIQUE (a, b);
-- warnings


-- upgrade
ALTER TABLE t RENAME CONSTRAINT q_positive TO q_positive_x;
-- downgrade
ALTER TABLE t RENAME CONSTRAINT q_positive_x TO q_positive;
-- warnings


-- upgrade
ALTER TABLE t DROP CONSTRAINT q_positive;
ALTER TABLE t ADD CHECK (`q` > 0);
-- downgrade
ALTER TABLE t DROP CONSTRAINT q_positive_x;
ALTER TABLE t ADD CHECK (`q` > 0);
-- warnings


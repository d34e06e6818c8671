-- upgrade
ALTER TABLE t DROP CONSTRAINT q;
ALTER TABLE t ADD CONSTRAINT q_positive CHECK (`q` > 0);
-- downgrade
ALTER TABLE t DROP CONSTRAINT q_positive;
ALTER TABLE t ADD CHECK (`q` > 0);
-- warnings


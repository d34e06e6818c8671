-- upgrade
ALTER TABLE t DROP CONSTRAINT "column:q";
ALTER TABLE t ADD CHECK (`q` > 0);
-- downgrade
ALTER TABLE t DROP CONSTRAINT q_positive;
ALTER TABLE t ADD CHECK (`q` > 0);
-- warnings


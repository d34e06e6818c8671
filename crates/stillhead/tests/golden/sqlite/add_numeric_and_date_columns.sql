-- upgrade
ALTER TABLE t ADD COLUMN price DECIMAL(10,2);
ALTER TABLE t ADD COLUMN born DATE;
ALTER TABLE t ADD COLUMN ratio REAL;
-- downgrade
-- WARNING: drops column(s) price, born, ratio of t
ALTER TABLE t DROP COLUMN price;
ALTER TABLE t DROP COLUMN born;
ALTER TABLE t DROP COLUMN ratio;
-- warnings


-- upgrade
ALTER TABLE t ADD COLUMN price decimal(10,2);
ALTER TABLE t ADD COLUMN born date;
ALTER TABLE t ADD COLUMN ratio real;
-- downgrade
-- WARNING: drops column(s) price, born, ratio of t
ALTER TABLE t DROP COLUMN price;
ALTER TABLE t DROP COLUMN born;
ALTER TABLE t DROP COLUMN ratio;
-- warnings


-- upgrade
ALTER TABLE t ALTER COLUMN v DROP NOT NULL;
-- downgrade
-- WARNING: makes t.v NOT NULL: fails if rows hold NULL
UPDATE t SET v = 'x' WHERE v IS NULL;
ALTER TABLE t ALTER COLUMN v SET NOT NULL;
-- warnings


-- upgrade
-- WARNING: makes t.v NOT NULL: fails if rows hold NULL
ALTER TABLE t ALTER COLUMN v SET DEFAULT 'x';
UPDATE t SET v = 'x' WHERE v IS NULL;
ALTER TABLE t ALTER COLUMN v SET NOT NULL;
-- downgrade
ALTER TABLE t ALTER COLUMN v DROP DEFAULT;
ALTER TABLE t ALTER COLUMN v DROP NOT NULL;
-- warnings
makes t.v NOT NULL: fails if rows hold NULL

-- upgrade
ALTER TABLE t ALTER COLUMN v SET DEFAULT 'b';
-- downgrade
ALTER TABLE t ALTER COLUMN v SET DEFAULT 'a';
-- warnings


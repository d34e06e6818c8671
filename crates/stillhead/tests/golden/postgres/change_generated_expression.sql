-- upgrade
ALTER TABLE t DROP COLUMN total;
ALTER TABLE t ADD COLUMN total integer GENERATED ALWAYS AS (a * 3) STORED;
-- downgrade
ALTER TABLE t DROP COLUMN total;
ALTER TABLE t ADD COLUMN total integer GENERATED ALWAYS AS (a * 2) STORED;
-- warnings


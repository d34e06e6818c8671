-- upgrade
ALTER TABLE t ADD COLUMN parent_id integer REFERENCES parent (id) ON DELETE SET NULL;
-- downgrade
-- WARNING: drops column t.parent_id and its data
ALTER TABLE t DROP COLUMN parent_id;
-- warnings


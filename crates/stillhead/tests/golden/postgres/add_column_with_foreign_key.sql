-- upgrade
ALTER TABLE t ADD COLUMN parent_id integer;
ALTER TABLE t ADD FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE SET NULL;
-- downgrade
-- WARNING: drops column(s) parent_id of t
ALTER TABLE t DROP COLUMN parent_id;
-- warnings


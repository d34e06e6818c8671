-- upgrade
ALTER TABLE t ADD COLUMN parent_id INTEGER REFERENCES parent (id) ON DELETE SET NULL;
-- downgrade
-- WARNING: drops column t.parent_id and its data
-- Rebuild t: SQLite cannot ALTER this in place (the column is part of a key, a foreign key or a check).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


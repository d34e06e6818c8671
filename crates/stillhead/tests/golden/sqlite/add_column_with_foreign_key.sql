-- upgrade
ALTER TABLE t ADD COLUMN parent_id INTEGER REFERENCES parent (id) ON DELETE SET NULL;
-- downgrade
-- WARNING: drops column(s) parent_id of t
-- Rebuild t: SQLite cannot ALTER this in place (drop column parent_id; drop foreign key (parent_id) -> parent(id) ON DELETE SET NULL).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


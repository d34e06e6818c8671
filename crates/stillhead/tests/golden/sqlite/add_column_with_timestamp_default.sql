-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (the new column needs a key, a constant default or NOT NULL with a default).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- WARNING: drops column t.at and its data
ALTER TABLE t DROP COLUMN at;
-- warnings


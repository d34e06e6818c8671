-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (the new column needs a key, a constant default or NOT NULL with a default).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a INTEGER,
    b INTEGER,
    total INTEGER GENERATED ALWAYS AS (a * b) STORED
);
INSERT INTO _stillhead_new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- WARNING: drops column t.total and its data
ALTER TABLE t DROP COLUMN total;
-- warnings


-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (add column total).
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
-- WARNING: drops column(s) total of t
ALTER TABLE t DROP COLUMN total;
-- warnings


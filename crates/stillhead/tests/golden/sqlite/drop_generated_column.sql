-- upgrade
-- WARNING: drops column(s) total of t
ALTER TABLE t DROP COLUMN total;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (add column total).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a INTEGER,
    total INTEGER GENERATED ALWAYS AS (a * 2) STORED
);
INSERT INTO _stillhead_new_t (id, a) SELECT id, a FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings
drops column(s) total of t

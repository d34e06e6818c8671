-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (column total changes (INTEGER AS (a * 2) STORED -> INTEGER AS (a * 3) STORED)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a INTEGER,
    total INTEGER GENERATED ALWAYS AS (a * 3) STORED
);
INSERT INTO _stillhead_new_t (id, a) SELECT id, a FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column total changes (INTEGER AS (a * 3) STORED -> INTEGER AS (a * 2) STORED)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a INTEGER,
    total INTEGER GENERATED ALWAYS AS (a * 2) STORED
);
INSERT INTO _stillhead_new_t (id, a) SELECT id, a FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


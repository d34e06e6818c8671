-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (column n changes (INTEGER -> INTEGER DEFAULT 7)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    n INTEGER DEFAULT 7
);
INSERT INTO _stillhead_new_t (id, n) SELECT id, n FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column n changes (INTEGER DEFAULT 7 -> INTEGER)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    n INTEGER
);
INSERT INTO _stillhead_new_t (id, n) SELECT id, n FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


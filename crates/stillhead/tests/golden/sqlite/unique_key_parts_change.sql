-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop unique (a, b); add unique (a COLLATE NOCASE, b DESC)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a TEXT,
    b TEXT,
    UNIQUE (a COLLATE NOCASE, b DESC)
);
INSERT INTO _stillhead_new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop unique (a COLLATE NOCASE, b DESC); add unique (a, b)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a TEXT,
    b TEXT,
    UNIQUE (a, b)
);
INSERT INTO _stillhead_new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (add unique (a, b)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a VARCHAR(50),
    b VARCHAR(50),
    UNIQUE (a, b)
);
INSERT INTO _stillhead_new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop unique (a, b)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a VARCHAR(50),
    b VARCHAR(50)
);
INSERT INTO _stillhead_new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


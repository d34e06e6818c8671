-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop unique (a)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a VARCHAR(50)
);
INSERT INTO _stillhead_new_t (id, a) SELECT id, a FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (add unique (a)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    a VARCHAR(50),
    UNIQUE (a)
);
INSERT INTO _stillhead_new_t (id, a) SELECT id, a FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


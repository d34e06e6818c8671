-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (table attributes (none -> STRICT)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v TEXT
) STRICT;
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (table attributes (STRICT -> none)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v TEXT
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop check (v > 0)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v INTEGER
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (add check (v > 0)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v INTEGER,
    CHECK (v > 0)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (add column code; add unique (code)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    code VARCHAR(50),
    UNIQUE (code)
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- WARNING: drops column(s) code of t
-- Rebuild t: SQLite cannot ALTER this in place (drop column code; drop unique (code)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


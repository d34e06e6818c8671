-- upgrade
-- WARNING: drops column(s) v of t
-- Rebuild t: SQLite cannot ALTER this in place (drop column v; drop check (v > 0)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (add column v; add check (v > 0)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v INTEGER,
    CHECK (v > 0)
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings
drops column(s) v of t

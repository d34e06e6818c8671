-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (TEXT COLLATE RTRIM -> TEXT COLLATE NOCASE)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v TEXT COLLATE NOCASE
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
CREATE INDEX t_v ON t (v);
-- downgrade
DROP INDEX t_v;
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (TEXT COLLATE NOCASE -> TEXT COLLATE RTRIM)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v TEXT COLLATE RTRIM
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


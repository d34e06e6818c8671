-- upgrade
-- WARNING: makes t.v NOT NULL: fails if rows hold NULL
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(50) -> VARCHAR(50) NOT NULL DEFAULT '')).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50) NOT NULL DEFAULT ''
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, coalesce(v, '') FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
CREATE INDEX t_v ON t (v);
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(50) NOT NULL DEFAULT '' -> VARCHAR(50))).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
CREATE INDEX t_v ON t (v);
-- warnings
makes t.v NOT NULL: fails if rows hold NULL

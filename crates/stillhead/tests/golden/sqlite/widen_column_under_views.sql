-- upgrade
DROP VIEW tv2;
DROP VIEW tv;
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(50) -> VARCHAR(100))).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(100)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
CREATE VIEW tv AS SELECT id, v FROM t;
CREATE VIEW tv2 AS SELECT v FROM tv;
-- downgrade
DROP VIEW tv2;
DROP VIEW tv;
-- WARNING: changes t.v from VARCHAR(100) to VARCHAR(50): a narrower type: values that do not fit are truncated or make the migration fail
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(100) -> VARCHAR(50))).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
CREATE VIEW tv AS SELECT id, v FROM t;
CREATE VIEW tv2 AS SELECT v FROM tv;
-- warnings


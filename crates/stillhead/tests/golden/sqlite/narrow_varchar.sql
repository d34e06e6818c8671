-- upgrade
-- WARNING: changes t.v from VARCHAR(200) to VARCHAR(20): a narrower type: values that do not fit are truncated or make the migration fail
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(200) -> VARCHAR(20))).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(20)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(20) -> VARCHAR(200))).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(200)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings
changes t.v from VARCHAR(200) to VARCHAR(20): a narrower type: values that do not fit are truncated or make the migration fail

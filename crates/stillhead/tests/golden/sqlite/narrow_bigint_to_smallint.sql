-- upgrade
-- WARNING: changes t.v from BIGINT to SMALLINT: a narrower type: values that do not fit are truncated or make the migration fail
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (BIGINT -> SMALLINT)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v SMALLINT
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (SMALLINT -> BIGINT)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v BIGINT
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings
changes t.v from BIGINT to SMALLINT: a narrower type: values that do not fit are truncated or make the migration fail

-- upgrade
-- WARNING: changes t.v from VARCHAR(50) to INTEGER: values that do not convert make the migration fail (or are lost)
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(50) -> INTEGER)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v INTEGER
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- WARNING: changes t.v from INTEGER to VARCHAR(50): values that do not convert make the migration fail (or are lost)
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (INTEGER -> VARCHAR(50))).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings
changes t.v from VARCHAR(50) to INTEGER: values that do not convert make the migration fail (or are lost)

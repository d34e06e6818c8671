-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (column q changes (INTEGER -> BIGINT)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    q BIGINT,
    CHECK (`q` > 0)
);
INSERT INTO _stillhead_new_t (id, q) SELECT id, q FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- WARNING: changes t.q from BIGINT to INTEGER: a narrower type: values that do not fit are truncated or make the migration fail
-- Rebuild t: SQLite cannot ALTER this in place (column q changes (BIGINT -> INTEGER)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    q INTEGER,
    CHECK (`q` > 0)
);
INSERT INTO _stillhead_new_t (id, q) SELECT id, q FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


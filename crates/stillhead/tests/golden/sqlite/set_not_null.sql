-- upgrade
-- WARNING: makes t.v NOT NULL: fails if rows hold NULL
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(50) -> VARCHAR(50) NOT NULL DEFAULT 'x')).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50) NOT NULL DEFAULT 'x'
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, coalesce(v, 'x') FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(50) NOT NULL DEFAULT 'x' -> VARCHAR(50))).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings
makes t.v NOT NULL: fails if rows hold NULL

-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (column w changes (TEXT NOT NULL DEFAULT 'x' -> TEXT NOT NULL DEFAULT 'x' NOT NULL ON CONFLICT FAIL); primary key (id) -> (id) ON CONFLICT IGNORE; drop unique (v) ON CONFLICT REPLACE; add unique (v) ON CONFLICT ROLLBACK).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY ON CONFLICT IGNORE,
    v TEXT,
    w TEXT NOT NULL ON CONFLICT FAIL DEFAULT 'x',
    UNIQUE (v) ON CONFLICT ROLLBACK
);
INSERT INTO _stillhead_new_t (id, v, w) SELECT id, v, w FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column w changes (TEXT NOT NULL DEFAULT 'x' NOT NULL ON CONFLICT FAIL -> TEXT NOT NULL DEFAULT 'x'); primary key (id) ON CONFLICT IGNORE -> (id); drop unique (v) ON CONFLICT ROLLBACK; add unique (v) ON CONFLICT REPLACE).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v TEXT,
    w TEXT NOT NULL DEFAULT 'x',
    UNIQUE (v) ON CONFLICT REPLACE
);
INSERT INTO _stillhead_new_t (id, v, w) SELECT id, v, w FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


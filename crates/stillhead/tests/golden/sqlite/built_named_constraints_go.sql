-- upgrade
-- WARNING: makes t.v NOT NULL: fails if rows hold NULL
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (INTEGER -> INTEGER NOT NULL); primary key (id) -> (id, v); drop unique (v); drop check (v > 0)).
CREATE TABLE _stillhead_new_t (
    id INTEGER NOT NULL,
    v INTEGER NOT NULL,
    PRIMARY KEY (id, v)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (INTEGER NOT NULL -> INTEGER); primary key (id, v) -> (id); add unique (v); add check (v > 0)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    v INTEGER,
    UNIQUE (v),
    CHECK (v > 0)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings
makes t.v NOT NULL: fails if rows hold NULL

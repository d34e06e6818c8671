-- upgrade
-- Rebuild c: SQLite cannot ALTER this in place (primary key (a, b) -> (a DESC, b COLLATE NOCASE) ON CONFLICT REPLACE).
CREATE TABLE _stillhead_new_c (
    a INTEGER,
    b TEXT,
    PRIMARY KEY (a DESC, b COLLATE NOCASE) ON CONFLICT REPLACE
);
INSERT INTO _stillhead_new_c (a, b) SELECT a, b FROM c;
DROP TABLE c;
ALTER TABLE _stillhead_new_c RENAME TO c;
-- Rebuild t: SQLite cannot ALTER this in place (primary key (id) -> (id DESC) PRIMARY KEY DESC on its column).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY DESC,
    v TEXT
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild c: SQLite cannot ALTER this in place (primary key (a DESC, b COLLATE NOCASE) ON CONFLICT REPLACE -> (a, b)).
CREATE TABLE _stillhead_new_c (
    a INTEGER,
    b TEXT,
    PRIMARY KEY (a, b)
);
INSERT INTO _stillhead_new_c (a, b) SELECT a, b FROM c;
DROP TABLE c;
ALTER TABLE _stillhead_new_c RENAME TO c;
-- Rebuild t: SQLite cannot ALTER this in place (primary key (id DESC) PRIMARY KEY DESC on its column -> (id)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v TEXT
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(50) DEFAULT 'a' -> VARCHAR(50) DEFAULT 'b')).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50) DEFAULT 'b'
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(50) DEFAULT 'b' -> VARCHAR(50) DEFAULT 'a')).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50) DEFAULT 'a'
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (INTEGER -> INTEGER COMMENT 'the value'); table comment changes).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    v INTEGER
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (INTEGER COMMENT 'the value' -> INTEGER); table comment changes).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    v INTEGER
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


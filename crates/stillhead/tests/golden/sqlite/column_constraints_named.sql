-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE -> TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE CONSTRAINT v_nn NOT NULL CONSTRAINT v_d DEFAULT CONSTRAINT v_c COLLATE)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v TEXT CONSTRAINT v_c COLLATE NOCASE CONSTRAINT v_nn NOT NULL CONSTRAINT v_d DEFAULT 'x'
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE CONSTRAINT v_nn NOT NULL CONSTRAINT v_d DEFAULT CONSTRAINT v_c COLLATE -> TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v TEXT COLLATE NOCASE NOT NULL DEFAULT 'x'
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


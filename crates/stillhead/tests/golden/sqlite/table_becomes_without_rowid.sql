-- upgrade
-- Rebuild c: SQLite cannot ALTER this in place (table attributes (none -> STRICT WITHOUT ROWID)).
CREATE TABLE _stillhead_new_c (
    code TEXT PRIMARY KEY,
    v TEXT
) STRICT, WITHOUT ROWID;
INSERT INTO _stillhead_new_c (code, v) SELECT code, v FROM c;
DROP TABLE c;
ALTER TABLE _stillhead_new_c RENAME TO c;
-- downgrade
-- Rebuild c: SQLite cannot ALTER this in place (table attributes (STRICT WITHOUT ROWID -> none)).
CREATE TABLE _stillhead_new_c (
    code TEXT PRIMARY KEY,
    v TEXT
);
INSERT INTO _stillhead_new_c (code, v) SELECT code, v FROM c;
DROP TABLE c;
ALTER TABLE _stillhead_new_c RENAME TO c;
-- warnings


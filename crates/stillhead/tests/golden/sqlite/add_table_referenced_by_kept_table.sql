-- upgrade
CREATE TABLE n (
    id INTEGER PRIMARY KEY
);
ALTER TABLE t ADD COLUMN n_id INTEGER REFERENCES n (id);
-- downgrade
-- WARNING: drops column t.n_id and its data
-- Rebuild t: SQLite cannot ALTER this in place (the column is part of a key, a foreign key or a check).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- WARNING: drops table n and all its rows
DROP TABLE n;
-- warnings


-- upgrade
CREATE TABLE n (
    id INTEGER PRIMARY KEY
);
ALTER TABLE t ADD COLUMN n_id INTEGER REFERENCES n (id);
-- downgrade
-- WARNING: drops column(s) n_id of t
-- Rebuild t: SQLite cannot ALTER this in place (drop column n_id; drop foreign key (n_id) -> n(id)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- WARNING: drops table n and all its rows
DROP TABLE n;
-- warnings


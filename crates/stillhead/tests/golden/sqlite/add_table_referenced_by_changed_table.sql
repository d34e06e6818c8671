-- upgrade
CREATE TABLE n (
    id INTEGER PRIMARY KEY
);
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(5) -> VARCHAR(9)); add foreign key (n_id) -> n(id)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    n_id INTEGER,
    v VARCHAR(9),
    FOREIGN KEY (n_id) REFERENCES n (id)
);
INSERT INTO _stillhead_new_t (id, n_id, v) SELECT id, n_id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- WARNING: changes t.v from VARCHAR(9) to VARCHAR(5): a narrower type: values that do not fit are truncated or make the migration fail
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(9) -> VARCHAR(5)); drop foreign key (n_id) -> n(id)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    n_id INTEGER,
    v VARCHAR(5)
);
INSERT INTO _stillhead_new_t (id, n_id, v) SELECT id, n_id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- WARNING: drops table n and all its rows
DROP TABLE n;
-- warnings


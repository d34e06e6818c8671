-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop check (`q` > 0); add check q_positive (`q` > 0)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    q INTEGER,
    CONSTRAINT q_positive CHECK (`q` > 0)
);
INSERT INTO _stillhead_new_t (id, q) SELECT id, q FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop check q_positive (`q` > 0); add check (`q` > 0)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    q INTEGER,
    CHECK (`q` > 0)
);
INSERT INTO _stillhead_new_t (id, q) SELECT id, q FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


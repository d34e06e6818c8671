-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (rename check q_positive to q_positive_x).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    q INTEGER,
    CONSTRAINT q_positive_x CHECK (`q` > 0)
);
INSERT INTO _stillhead_new_t (id, q) SELECT id, q FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (rename check q_positive_x to q_positive).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    q INTEGER,
    CONSTRAINT q_positive CHECK (`q` > 0)
);
INSERT INTO _stillhead_new_t (id, q) SELECT id, q FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop unique t_a_b_key (a, b)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES p (id)
);
INSERT INTO _stillhead_new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (add unique t_a_b_key (a, b)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY NOT NULL,
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    CONSTRAINT t_a_b_key UNIQUE (a, b),
    CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES p (id)
);
INSERT INTO _stillhead_new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (primary key (a, b) -> ()).
CREATE TABLE _stillhead_new_t (
    id INTEGER NOT NULL,
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES p (id)
);
INSERT INTO _stillhead_new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (primary key () -> (a, b)).
CREATE TABLE _stillhead_new_t (
    id INTEGER NOT NULL,
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES p (id)
);
INSERT INTO _stillhead_new_t (id, a, b) SELECT id, a, b FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings


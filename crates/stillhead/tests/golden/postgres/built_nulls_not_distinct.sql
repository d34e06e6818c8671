-- upgrade
DROP INDEX t_b_idx;
ALTER TABLE t DROP CONSTRAINT t_a_key;
ALTER TABLE t ADD UNIQUE NULLS NOT DISTINCT (a);
CREATE UNIQUE INDEX t_b_idx ON t (b) NULLS NOT DISTINCT;
CREATE TABLE u (
    id integer NOT NULL,
    a text,
    b text,
    PRIMARY KEY (id),
    UNIQUE NULLS NOT DISTINCT (a)
);
-- downgrade
-- WARNING: drops table u and all its rows
DROP TABLE u;
DROP INDEX t_b_idx;
ALTER TABLE t DROP CONSTRAINT t_a_key;
ALTER TABLE t ADD UNIQUE (a);
CREATE UNIQUE INDEX t_b_idx ON t (b);
-- warnings


-- upgrade
CREATE TABLE t (
    id integer NOT NULL,
    ka integer,
    kb integer,
    PRIMARY KEY (id),
    FOREIGN KEY (ka, kb) REFERENCES k (a, b)
);
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- warnings


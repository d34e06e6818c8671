-- upgrade
CREATE TABLE t (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    PRIMARY KEY (a, b)
);
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- warnings


-- upgrade
CREATE TABLE t (
    a integer NOT NULL,
    b integer NOT NULL,
    PRIMARY KEY (a, b)
);
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- warnings


-- upgrade
CREATE TABLE t (
    id integer NOT NULL,
    v varchar(50),
    PRIMARY KEY (id)
);
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- warnings

